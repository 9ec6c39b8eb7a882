// The parameter tables: every float of LayerParams and PathParams by its Axon path, with
// kind, inclusive range and unit.
//
// Each list below names every field exactly once (a test checks that the offsets cover
// the whole struct). R = real, I = integer (Axon stores these as int32), B = on/off flag
// stored as 0/1. Ranges keep the model numerically sane and contain Axon's defaults and the
// values of the built-in and reference models (ra25, the golden test net, deepfsa, bench):
//  - time constants that are used as x += (target - x) / Tau have Tau >= 1, so a step never
//    overshoots; capacitances and other divisors are >= 1 (or a small positive minimum);
//  - fractions, probabilities, thresholds on 0..1 signals and learning rates are in [0, 1];
//  - potentials (thresholds, reversal potentials, offsets) are in [-200, 100] mV;
//  - Gbar conductances are in [0, 1000] nS; dimensionless gains (x Gbar) in [0, 100].
#include "theta/param_table.h"

#include <cmath>
#include <cstddef>
#include <iterator>
#include <type_traits>

namespace theta {
namespace {

#define THETA_FFFB_PARAMS(REAL, INT, FLAG, PREFIX)                                      \
    FLAG(PREFIX.On)                                                                     \
    REAL(PREFIX.Gi, 0, 100, "")                                                         \
    REAL(PREFIX.FB, 0, 100, "")                                                         \
    REAL(PREFIX.FSTau, 1, 1000, "cycles")                                               \
    REAL(PREFIX.SS, 0, 1000, "")                                                        \
    REAL(PREFIX.SSfTau, 1, 1000, "cycles")                                              \
    REAL(PREFIX.SSiTau, 1, 1000, "cycles")                                              \
    REAL(PREFIX.FS0, 0, 100, "")                                                        \
    REAL(PREFIX.FFAvgTau, 1, 100000, "cycles")                                          \
    REAL(PREFIX.FFPrv, 0, 100, "")                                                      \
    REAL(PREFIX.ClampExtMin, 0, 100, "")

#define THETA_NMDA_PARAMS(REAL, INT, FLAG, PREFIX)                                      \
    REAL(PREFIX.Ge, 0, 100, "")                                                         \
    REAL(PREFIX.Tau, 1, 10000, "ms")                                                    \
    REAL(PREFIX.ITau, 1, 10000, "ms")                                                   \
    REAL(PREFIX.MgC, 0, 10, "mM")                                                       \
    REAL(PREFIX.Voff, -200, 100, "mV")

#define THETA_KNA_PARAMS(REAL, INT, FLAG, PREFIX)                                       \
    FLAG(PREFIX.On)                                                                     \
    REAL(PREFIX.Gk, 0, 100, "")                                                         \
    REAL(PREFIX.Rise, 1, 100000, "ms")                                                  \
    REAL(PREFIX.Decay, 1, 100000, "ms")

#define THETA_CADT_PARAMS(REAL, INT, FLAG, PREFIX)                                      \
    REAL(PREFIX.Dt.MTau, 1, 10000, "cycles")                                            \
    REAL(PREFIX.Dt.PTau, 1, 10000, "cycles")                                            \
    REAL(PREFIX.Dt.DTau, 1, 10000, "cycles")

#define THETA_LAYER_PARAMS(REAL, INT, FLAG)                                             \
    REAL(Acts.Spikes.Thr, -200, 100, "mV")                                              \
    REAL(Acts.Spikes.VmR, -200, 100, "mV")                                              \
    INT(Acts.Spikes.Tr, 0, 1000, "cycles")                                              \
    REAL(Acts.Spikes.RTau, 1, 1000, "ms")                                               \
    FLAG(Acts.Spikes.Exp)                                                               \
    REAL(Acts.Spikes.ExpSlope, 0.1, 100, "mV")                                          \
    REAL(Acts.Spikes.ExpThr, -200, 100, "mV")                                           \
    REAL(Acts.Spikes.MaxHz, 1, 10000, "Hz")                                             \
    REAL(Acts.Spikes.ISITau, 1, 1000, "spikes")                                         \
    REAL(Acts.Dend.GExp, 0, 1, "")                                                      \
    REAL(Acts.Dend.GR, 0, 100, "")                                                      \
    REAL(Acts.Dend.SSGi, 0, 100, "")                                                    \
    REAL(Acts.Init.Vm, -200, 100, "mV")                                                 \
    REAL(Acts.Init.Act, 0, 1, "")                                                       \
    REAL(Acts.Init.GeBase, 0, 100, "")                                                  \
    REAL(Acts.Init.GiBase, 0, 100, "")                                                  \
    REAL(Acts.Decay.Act, 0, 1, "")                                                      \
    REAL(Acts.Decay.Glong, 0, 1, "")                                                    \
    REAL(Acts.Decay.AHP, 0, 1, "")                                                      \
    REAL(Acts.Decay.LearnCa, 0, 1, "")                                                  \
    FLAG(Acts.Decay.GBuffs)                                                             \
    REAL(Acts.Dt.VmC, 1, 100000, "pF")                                                  \
    REAL(Acts.Dt.VmDendC, 1, 100000, "pF")                                              \
    INT(Acts.Dt.VmSteps, 1, 8, "")                                                      \
    REAL(Acts.Dt.GeTau, 1, 1000, "ms")                                                  \
    REAL(Acts.Dt.GiTau, 1, 1000, "ms")                                                  \
    REAL(Acts.Dt.IntTau, 1, 10000, "cycles")                                            \
    REAL(Acts.Dt.LongAvgTau, 1, 100000, "trials")                                       \
    INT(Acts.Dt.MaxCycStart, 0, 10000, "cycles")                                        \
    REAL(Acts.Gbar.E, 0, 1000, "nS")                                                    \
    REAL(Acts.Gbar.L, 0, 1000, "nS")                                                    \
    REAL(Acts.Gbar.I, 0, 1000, "nS")                                                    \
    REAL(Acts.Gbar.K, 0, 1000, "nS")                                                    \
    REAL(Acts.Erev.E, -200, 100, "mV")                                                  \
    REAL(Acts.Erev.L, -200, 100, "mV")                                                  \
    REAL(Acts.Erev.I, -200, 100, "mV")                                                  \
    REAL(Acts.Erev.K, -200, 100, "mV")                                                  \
    REAL(Acts.Clamp.Ge, 0, 100, "")                                                     \
    FLAG(Acts.Clamp.Add)                                                                \
    REAL(Acts.Clamp.ErrThr, 0, 1, "")                                                   \
    REAL(Acts.VmRange.Min, -200, 100, "mV")                                             \
    REAL(Acts.VmRange.Max, -200, 100, "mV")                                             \
    REAL(Acts.Mahp.Gk, 0, 100, "")                                                      \
    REAL(Acts.Mahp.Off, -200, 100, "mV")                                                \
    REAL(Acts.Mahp.Slope, 0.1, 100, "mV")                                               \
    REAL(Acts.Mahp.TauMax, 1, 100000, "ms")                                             \
    REAL(Acts.Sahp.Gk, 0, 100, "")                                                      \
    REAL(Acts.Sahp.CaTau, 1, 1000, "trials")                                            \
    REAL(Acts.Sahp.Off, 0, 10, "")                                                      \
    REAL(Acts.Sahp.Slope, 0.001, 10, "")                                                \
    REAL(Acts.Sahp.TauMax, 0.1, 100000, "trials")                                       \
    FLAG(Acts.KNa.On)                                                                   \
    THETA_KNA_PARAMS(REAL, INT, FLAG, Acts.KNa.Med)                                     \
    THETA_KNA_PARAMS(REAL, INT, FLAG, Acts.KNa.Slow)                                    \
    THETA_NMDA_PARAMS(REAL, INT, FLAG, Acts.NMDA)                                       \
    REAL(Acts.GabaB.Gk, 0, 100, "")                                                     \
    REAL(Acts.GabaB.Rise, 1, 10000, "ms")                                               \
    REAL(Acts.GabaB.Decay, 1, 10000, "ms")                                              \
    REAL(Acts.GabaB.Gbase, 0, 100, "")                                                  \
    REAL(Acts.GabaB.GiSpike, 0, 1000, "")                                               \
    REAL(Acts.VGCC.Ge, 0, 100, "")                                                      \
    REAL(Acts.VGCC.Ca, 0, 1000, "")                                                     \
    REAL(Acts.AK.Gk, 0, 100, "")                                                        \
    REAL(Acts.AK.Hf, 0, 100, "")                                                        \
    REAL(Acts.AK.Mf, 0, 100, "")                                                        \
    REAL(Acts.AK.Voff, -200, 100, "mV")                                                 \
    REAL(Acts.AK.Vmax, -200, 100, "mV")                                                 \
    FLAG(Acts.Noise.On)                                                                 \
    REAL(Acts.Noise.GeHz, 0, 1000, "Hz")                                                \
    REAL(Acts.Noise.Ge, 0, 10, "")                                                      \
    REAL(Acts.Noise.GiHz, 0, 1000, "Hz")                                                \
    REAL(Acts.Noise.Gi, 0, 10, "")                                                      \
    THETA_NMDA_PARAMS(REAL, INT, FLAG, Acts.MaintNMDA)                                  \
    REAL(Inhib.ActAvg.Nominal, 0.001, 1, "")                                            \
    THETA_FFFB_PARAMS(REAL, INT, FLAG, Inhib.Layer)                                     \
    THETA_FFFB_PARAMS(REAL, INT, FLAG, Inhib.Pool)                                      \
    REAL(Learn.CaLearn.Norm, 1, 100000, "")                                             \
    FLAG(Learn.CaLearn.SpikeVGCC)                                                       \
    REAL(Learn.CaLearn.SpikeVgccCa, 0, 1000, "")                                        \
    REAL(Learn.CaLearn.VgccTau, 1, 1000, "cycles")                                      \
    REAL(Learn.CaLearn.PosBias, 0, 10, "")                                              \
    THETA_CADT_PARAMS(REAL, INT, FLAG, Learn.CaLearn)                                   \
    REAL(Learn.CaLearn.ETraceTau, 1, 1000, "trials")                                    \
    REAL(Learn.CaLearn.ETraceScale, 0, 10, "")                                          \
    REAL(Learn.CaSpike.SpikeCaM, 0, 1000, "")                                           \
    REAL(Learn.CaSpike.SpikeCaSyn, 0, 1000, "")                                         \
    REAL(Learn.CaSpike.CaSynTau, 1, 1000, "cycles")                                     \
    THETA_CADT_PARAMS(REAL, INT, FLAG, Learn.CaSpike)                                   \
    INT(Learn.Timing.SynCaCycles, 10, 600, "cycles")                                    \
    REAL(Learn.Timing.LearnThr, 0, 10, "")                                              \
    THETA_NMDA_PARAMS(REAL, INT, FLAG, Learn.LearnNMDA)                                 \
    FLAG(Learn.TrgAvgAct.RescaleOn)                                                     \
    REAL(Learn.TrgAvgAct.ErrLRate, 0, 1, "")                                            \
    REAL(Learn.TrgAvgAct.SynScaleRate, 0, 1, "")                                        \
    REAL(Learn.TrgAvgAct.SubMean, 0, 1, "")                                             \
    FLAG(Learn.TrgAvgAct.Permute)                                                       \
    FLAG(Learn.TrgAvgAct.Pool)                                                          \
    REAL(Learn.TrgAvgAct.TrgRange.Min, 0, 100, "")                                      \
    REAL(Learn.TrgAvgAct.TrgRange.Max, 0, 100, "")                                      \
    FLAG(Learn.RLRate.On)                                                               \
    REAL(Learn.RLRate.SigmoidMin, 0, 1, "")                                             \
    FLAG(Learn.RLRate.Diff)                                                             \
    REAL(Learn.RLRate.SpikeThr, 0, 10, "")                                              \
    REAL(Learn.RLRate.DiffThr, 0, 10, "")                                               \
    REAL(Learn.RLRate.Min, 0, 1, "")                                                    \
    REAL(Bursts.ThrRel, 0, 1, "")                                                       \
    REAL(Bursts.ThrAbs, 0, 10, "")                                                      \
    REAL(CT.GeGain, 0, 100, "")                                                         \
    REAL(CT.DecayTau, 0, 10000, "cycles")                                               \
    REAL(Pulvinar.DriveScale, 0, 100, "")                                               \
    REAL(Pulvinar.FullDriveAct, 0.001, 10, "")

#define THETA_PATH_PARAMS(REAL, INT, FLAG)                                              \
    INT(Com.Delay, 0, 16, "cycles")                                                     \
    REAL(PathScale.Rel, 0, 100, "")                                                     \
    REAL(PathScale.Abs, 0, 100, "")                                                     \
    REAL(SWts.Init.SPct, 0, 1, "")                                                      \
    REAL(SWts.Init.Mean, 0, 1, "")                                                      \
    REAL(SWts.Init.Var, 0, 1, "")                                                       \
    FLAG(SWts.Init.Sym)                                                                 \
    FLAG(SWts.Adapt.On)                                                                 \
    REAL(SWts.Adapt.LRate, 0, 1, "")                                                    \
    REAL(SWts.Adapt.SubMean, 0, 1, "")                                                  \
    REAL(SWts.Adapt.HiMeanDecay, 0, 1, "")                                              \
    REAL(SWts.Adapt.HiMeanThr, 0, 1, "")                                                \
    INT(SWts.Adapt.SigGain, 1, 100, "")                                              \
    REAL(SWts.Limit.Min, 0, 1, "")                                                      \
    REAL(SWts.Limit.Max, 0, 1, "")                                                      \
    FLAG(Learn.Learn)                                                                   \
    REAL(Learn.LRate.Base, 0, 1, "")                                                    \
    REAL(Learn.DWt.SubMean, 0, 1, "")                                                   \
    REAL(Learn.DWt.LearnThr, 0, 10, "")                                                 \
    REAL(Learn.DWt.CaPScale, 0, 10, "")

// Expansions of the lists. THETA_PARAMS_OF names the struct being described.
#define THETA_INFO_R(path, lo, hi, unit)                                                \
    {#path, offsetof(THETA_PARAMS_OF, path), ParamKind::Real, lo, hi, unit},
#define THETA_INFO_I(path, lo, hi, unit)                                                \
    {#path, offsetof(THETA_PARAMS_OF, path), ParamKind::Integer, lo, hi, unit},
#define THETA_INFO_B(path) {#path, offsetof(THETA_PARAMS_OF, path), ParamKind::Bool, 0, 1, ""},

// Range messages are built by the preprocessor so they are static strings.
#define THETA_MSG_R(path, lo, hi, unit) "must be in [" #lo ", " #hi "]",
#define THETA_MSG_I(path, lo, hi, unit) "must be an integer in [" #lo ", " #hi "]",
#define THETA_MSG_B(path) "must be 0 or 1",

#define THETA_IS_FLOAT(path)                                                            \
    static_assert(std::is_same<decltype(THETA_PARAMS_OF{}.path), float>::value, \
                  #path " must be a float");
#define THETA_FLOAT_R(path, lo, hi, unit) THETA_IS_FLOAT(path)
#define THETA_FLOAT_B(path) THETA_IS_FLOAT(path)

#define THETA_PARAMS_OF LayerParams
THETA_LAYER_PARAMS(THETA_FLOAT_R, THETA_FLOAT_R, THETA_FLOAT_B)
constexpr ParamInfo kLayerParams[] = {THETA_LAYER_PARAMS(THETA_INFO_R, THETA_INFO_I, THETA_INFO_B)};
#undef THETA_PARAMS_OF

#define THETA_PARAMS_OF PathParams
THETA_PATH_PARAMS(THETA_FLOAT_R, THETA_FLOAT_R, THETA_FLOAT_B)
constexpr ParamInfo kPathParams[] = {THETA_PATH_PARAMS(THETA_INFO_R, THETA_INFO_I, THETA_INFO_B)};
#undef THETA_PARAMS_OF

constexpr const char* kLayerMessages[] = {THETA_LAYER_PARAMS(THETA_MSG_R, THETA_MSG_I, THETA_MSG_B)};
constexpr const char* kPathMessages[] = {THETA_PATH_PARAMS(THETA_MSG_R, THETA_MSG_I, THETA_MSG_B)};

template <std::size_t N>
const ParamInfo* findIn(const ParamInfo (&table)[N], std::string_view name) {
    for (const ParamInfo& info : table)
        if (name == info.name) return &info;
    return nullptr;
}

template <std::size_t N>
const char* messageIn(const ParamInfo (&table)[N], const char* const (&messages)[N],
                      const ParamInfo& info) {
    for (std::size_t i = 0; i < N; ++i)
        if (&table[i] == &info) return messages[i];
    return nullptr;
}

/// Parameters Axon has that this engine does not model. Only Axon's default is accepted, so
/// a file or a link that sets one is refused instead of being silently ignored. Matched by
/// the end of the name: "NMDA.ITau" covers Acts.NMDA, Acts.MaintNMDA and Learn.LearnNMDA.
struct Unmodelled {
    std::string_view suffix;
    float only;
    const char* message;
};
constexpr Unmodelled kUnmodelled[] = {
    {"NMDA.ITau", 1, "is not modelled (NMDA channel inhibition, Urakubo et al. 2008): only 1, Axon's default, which has no effect"},
    {"NMDA.Voff", 0, "is not modelled (an offset of Vm in the NMDA Mg2+ block): only 0, Axon's default"},
    {"Dt.MaxCycStart", 10, "is not modelled (CaPMax tracking): only 10, Axon's default"},
};

const Unmodelled* unmodelled(std::string_view name) {
    for (const Unmodelled& u : kUnmodelled)
        if (name.size() >= u.suffix.size() && name.substr(name.size() - u.suffix.size()) == u.suffix) return &u;
    return nullptr;
}

bool inRange(const ParamInfo& info, double value) {
    if (!std::isfinite(value)) return false;
    if (info.kind != ParamKind::Real && std::floor(value) != value) return false;
    // Compare as the float the engine will store, so that e.g. 0.001 is inside [0.001, 1].
    if (std::fabs(value) > 1e30) return false;  // also keeps the float conversion defined
    const float f = static_cast<float>(value);
    return f >= info.min && f <= info.max;
}

}  // namespace

const ParamInfo* layerParamTable(std::size_t& count) {
    count = std::size(kLayerParams);
    return kLayerParams;
}

const ParamInfo* pathParamTable(std::size_t& count) {
    count = std::size(kPathParams);
    return kPathParams;
}

const ParamInfo* findLayerParam(std::string_view name) { return findIn(kLayerParams, name); }
const ParamInfo* findPathParam(std::string_view name) { return findIn(kPathParams, name); }

const char* checkParamValue(const ParamInfo& info, double value) {
    if (const Unmodelled* u = unmodelled(info.name)) return value == u->only ? nullptr : u->message;
    if (inRange(info, value)) return nullptr;
    if (const char* m = messageIn(kLayerParams, kLayerMessages, info)) return m;
    if (const char* m = messageIn(kPathParams, kPathMessages, info)) return m;
    return "is outside its valid range";  // an entry built by the caller, not from the tables
}

}  // namespace theta
