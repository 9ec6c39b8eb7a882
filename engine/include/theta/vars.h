// Neuron variables by Axon's names. State is stored var-major: one contiguous,
// padded float array per variable (see engine/src/network.h).
#pragma once

namespace theta {

#define THETA_NEURON_VARS(X)                                                             \
    X(Act) X(Spike) X(Spiked) X(Vm) X(VmDend) X(Ge) X(Gi) X(Gk) X(Inet)                 \
    X(GeRaw) X(GeSyn) X(GiRaw) X(GiSyn) X(GeExt) X(Ext) X(Target) X(HasExt)              \
    X(ISI) X(ISIAvg) X(ActInt) X(ActM) X(ActP) X(GeInt) X(GiInt)                          \
    X(CaM) X(CaP) X(CaD) X(CaDPrev) X(CaSyn)                                              \
    X(LearnCa) X(LearnCaM) X(LearnCaP) X(LearnCaD) X(CaDiff) X(RLRate) X(LearnNow)        \
    X(NmdaCa) X(VgccCaInt) X(GnmdaSyn) X(Gnmda) X(GnmdaLrn) X(GgabaB) X(GababM) X(GababX) \
    X(Gvgcc) X(VgccM) X(VgccH) X(Gak) X(MahpN) X(Gmahp) X(SahpCa) X(SahpN) X(Gsahp)       \
    X(GknaMed) X(GknaSlow) X(SSGiDend) X(PoolGi) X(PoolSSGi)                            \
    X(ActAvg) X(TrgAvg) X(DTrgAvg) X(AvgPct) X(ETrace) X(ETrLearn)                      \
    X(Burst) X(BurstPrv) X(CtxtGe) X(CtxtGeRaw) X(CtxtGeOrig) X(GMaintRaw) X(GMaintSyn) X(GnmdaMaint)  \
    X(GeNoiseP) X(GeNoise) X(GiNoiseP) X(GiNoise)

enum class NeuronVar : int {
#define THETA_ENUM_ITEM(name) name,
    THETA_NEURON_VARS(THETA_ENUM_ITEM)
#undef THETA_ENUM_ITEM
    Count
};

constexpr int kNeuronVarCount = static_cast<int>(NeuronVar::Count);

/// "Act", "Vm", ...; nullptr when out of range.
const char* neuronVarName(NeuronVar v);
/// NeuronVar::Count when unknown.
NeuronVar neuronVarFromName(const char* name);

/// A pool's FS-FFFB inhibition (docs/model.md, Inhibition), by Axon's names: its
/// feedforward (FFs: the units' GeRaw) and feedback (FBs: their spikes) inputs, the
/// fast-spiking PV-like inhibition (FSi, and its conductance FSGi), the slow SST-like
/// facilitation and integration (SSf, SSi, and SSGi), and TotalGi, the pool's Gi.
#define THETA_POOL_VARS(X) X(FFs) X(FBs) X(GeExts) X(FSi) X(SSi) X(SSf) X(FSGi) X(SSGi) X(TotalGi)

enum class PoolVar : int {
#define THETA_ENUM_ITEM(name) name,
    THETA_POOL_VARS(THETA_ENUM_ITEM)
#undef THETA_ENUM_ITEM
    Count
};

constexpr int kPoolVarCount = static_cast<int>(PoolVar::Count);

/// "FFs", "FSGi", ...; nullptr when out of range.
const char* poolVarName(PoolVar v);

}  // namespace theta
