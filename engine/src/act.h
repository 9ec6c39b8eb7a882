// One cycle of one neuron, written once for F = float (the scalar twin) and F = simd::Batch,
// as the steps Axon names (act.go, layerparams.go; docs/model.md, The neuron): GFromRawSyn ->
// GkFromVm -> GiInteg -> VmFromG -> SpikeFromVm -> CaFromSpike -> PostSpike. Every step reads
// the state as it was at the start of the cycle and leaves its results in NeuronCycle; one
// final step stores them. Branches on per-neuron values are selects; branches on uniforms
// happen outside.
#pragma once
#include <cstddef>

#include "chans.h"
#include "layer_consts.h"
#include "simd.h"
#include "theta/params.h"
#include "theta/vars.h"

namespace theta {

/// Per-layer uniforms for cycleNeuron: the layer's derived constants and what depends on the
/// phase and the cycle (set once per cycle by cycle.cpp).
struct NeuronKernelArgs {
    LayerConsts k;
    float* v[kNeuronVarCount];   ///< each var's array at the layer's first neuron
    float* bin;                  ///< current CaSyn bin at the layer's first neuron
    const LayerParams* p;
    float giMult = 1;
    float ssgiFactor = 0;        ///< Dend.SSGi for hidden layers, 0 for input/target layers
    bool ssgiByExt = false;      ///< Pulvinar: SSGiDend also scales with Ext (its non-driver share)
    bool keepGeExt = false;      ///< CT / Pulvinar: GeExt was set by specialPreGs this cycle
    bool hasMaint = false;       ///< receives a Maint path: run the MaintNMDA channel
    bool noise = false;          ///< Acts.Noise.On: add GeNoise and GiNoise (noise.cpp) to Ge and Gi
    float binKeep = 1;           ///< 0 on the first cycle of a bin (restart the mean), else 1
    float binMean = 0.1f;        ///< 1 / kCaBinCycles: each cycle's share of its bin's mean
    float actIntDt = 1.0f / 40;  ///< ActInt rate: 3x faster in the plus phase
    float maxCaD = 0;            ///< layer max CaD of the previous cycle (RLRate)
};

namespace detail {

// Fixed constants of Axon's channels and spiking (not parameters there either).
constexpr float kVgccMDt = 1.0f / 3.6f;   ///< VGCC activation gate: tau 3.6 ms
constexpr float kVgccHDt = 1.0f / 29.0f;  ///< VGCC inactivation gate: tau 29 ms
constexpr float kIsiFast = 0.8f;          ///< an ISI below 0.8 x ISIAvg replaces the average
constexpr float kIsiSlow = 1.2f;          ///< a silence beyond 1.2 x ISIAvg pulls the average up
constexpr float kIsiMax = 200.0f;         ///< ISI counts up to this many cycles, then is unknown (-1)
constexpr float kSpikedCycles = 10.0f;    ///< Spiked: a spike within this many cycles
constexpr float kActRateOfVmDt = 100.0f;  ///< Act relaxes to its ISI target at 100 x the Vm rate

template <class F> inline F avgFromISI(F avg, F isi, float isiDt) {
    using simd::select;
    F upd = select(isi < F(kIsiFast) * avg, isi, avg + (isi - avg) * F(isiDt));
    return select(avg <= F(0.0f), isi, upd);
}

/// n_inf and tau of the mAHP / sAHP gating (EFun rate form).
template <class F> inline void ninfTau(F x, float off, float slope, float tauMax, F& ninf, F& tau) {
    F z = (x - F(off)) / F(slope);
    F a = chans::efun(-z) * F(slope / tauMax);
    F b = chans::efun(z) * F(slope / tauMax);
    tau = F(1.0f) / (a + b);
    ninf = a * tau;
}

/// What the steps of one neuron's cycle hand each other: the state read at the start and
/// every new value, stored together by storeNeuron.
template <class F> struct NeuronCycle {
    F vm, vmDend, spikePrev, ext;  // read at the start, used by several steps
    // GFromRawSyn
    F mgExp, gnmdaSyn, gnmda, gnmdaLrn, nmdaCa, vgccM, vgccH, gvgcc, gMaintSyn, gnmdaMaint, ge, geExt;
    // GkFromVm, GiInteg
    F mahpN, gmahp, knaMed, knaSlow, gak, gk, giSyn, gi, ssgiDend, gababM, gababX, ggabab;
    // VmFromG
    F vmNew, inet, vmDendNew;
    // SpikeFromVm
    F spike, spiked, isi, isiAvg, act;
    // CaFromSpike
    F caM, caP, caD, caSyn, vgccCaInt, learnCa, lcM, lcP, lcD, caDiff;
    // PostSpike
    F geInt, giInt, actInt, rlRate, learnNow;
};

template <class F> THETA_FORCE_INLINE F loadVar(const NeuronKernelArgs& a, NeuronVar x, std::size_t i, F tag) {
    return simd::load(a.v[static_cast<int>(x)] + i, tag);
}

/// Excitatory conductance (Axon GFromRawSyn): NMDA from this cycle's raw input, the learning
/// NMDA and VGCC channels (which feed calcium), maintenance NMDA, and the clamp of input layers.
template <class F> THETA_FORCE_INLINE void GFromRawSyn(F tag, std::size_t i, const NeuronKernelArgs& a, NeuronCycle<F>& n) {
    using namespace simd;
    const ActParams& ac = a.p->Acts;
    const LearnNeuronParams& ln = a.p->Learn;
    const LayerConsts& k = a.k;
    const F zero(0.0f);
    const F geRawPos = vmax(loadVar(a, NeuronVar::GeRaw, i, tag), zero);
    n.gnmdaSyn = loadVar(a, NeuronVar::GnmdaSyn, i, tag);
    n.gnmdaSyn = n.gnmdaSyn + geRawPos - n.gnmdaSyn * F(k.nmdaDt);
    // one exp and one Ca factor serve the activation NMDA, the learning NMDA and VGCC
    n.mgExp = expF(F(chans::kMgExpPerMV) * n.vmDend);
    const F caFactor = chans::caV(n.vmDend);
    n.gnmda = F(ac.NMDA.Ge) * chans::mgGFromExp(n.vmDend, n.mgExp, ac.NMDA.MgC) * n.gnmdaSyn;
    n.gnmdaLrn = loadVar(a, NeuronVar::GnmdaLrn, i, tag);
    n.gnmdaLrn = n.gnmdaLrn + geRawPos - n.gnmdaLrn * F(k.lrnNmdaDt);
    n.nmdaCa = F(ln.LearnNMDA.Ge) * chans::mgGFromExp(n.vmDend, n.mgExp, ln.LearnNMDA.MgC) * n.gnmdaLrn * caFactor;

    // VGCC (off in ra25: then its gates are left alone, saving two exps)
    n.vgccM = loadVar(a, NeuronVar::VgccM, i, tag);
    n.vgccH = loadVar(a, NeuronVar::VgccH, i, tag);
    n.gvgcc = zero;
    if (ac.VGCC.Ge > 0) {
        n.gvgcc = F(ac.VGCC.Ge) * caFactor * n.vgccM * n.vgccM * n.vgccM * n.vgccH;
        const F vClip = vmin(n.vmDend, zero);
        n.vgccM = n.vgccM + (chans::vgccMInf(vClip) - n.vgccM) * F(kVgccMDt);
        n.vgccH = n.vgccH + (chans::vgccHInf(vClip) - n.vgccH) * F(kVgccHDt);
    }

    const F clamped = loadVar(a, NeuronVar::HasExt, i, tag);
    const F geClamp = n.ext * F(ac.Clamp.Ge);
    // maintenance NMDA (CT self-maintenance), driven only by Maint paths
    n.gMaintSyn = zero;
    n.gnmdaMaint = zero;
    if (a.hasMaint) {
        const F gMaintRaw = loadVar(a, NeuronVar::GMaintRaw, i, tag);
        n.gMaintSyn = loadVar(a, NeuronVar::GMaintSyn, i, tag);
        n.gMaintSyn = n.gMaintSyn + gMaintRaw - n.gMaintSyn * F(k.maintDt);
        n.gnmdaMaint = F(ac.MaintNMDA.Ge) * chans::mgGFromExp(n.vmDend, n.mgExp, ac.MaintNMDA.MgC) * n.gMaintSyn;
    }
    const F geSyn = loadVar(a, NeuronVar::GeSyn, i, tag);
    const F geSynTotal = a.hasMaint ? geSyn + n.gnmda + n.gnmdaMaint + n.gvgcc : geSyn + n.gnmda + n.gvgcc;
    const F geIfClamped = ac.Clamp.Add > 0 ? geSynTotal + geClamp : geClamp;
    n.ge = vmax(select(clamped > F(0.5f), geIfClamped, geSynTotal), zero);
    if (a.noise) n.ge = n.ge + loadVar(a, NeuronVar::GeNoise, i, tag);
    n.geExt = select(clamped > F(0.5f), geClamp, a.keepGeExt ? loadVar(a, NeuronVar::GeExt, i, tag) : zero);
}

/// K conductances (Axon GkFromVm): mAHP from the soma's Vm, KNa from the last cycle's spike,
/// A-type K from VmDend, plus the sAHP set once per trial.
template <class F> THETA_FORCE_INLINE void GkFromVm(F tag, std::size_t i, const NeuronKernelArgs& a, NeuronCycle<F>& n) {
    using namespace simd;
    const ActParams& ac = a.p->Acts;
    const LayerConsts& k = a.k;
    n.mahpN = loadVar(a, NeuronVar::MahpN, i, tag);
    {
        // rates a = efun(-z) s/T, b = efun(z) s/T; n_inf = a / (a + b); dn = (n_inf - n) (a + b) Tadj
        const F z = (n.vm - F(ac.Mahp.Off)) * F(k.mahpSlopeInv);
        const F ez = chans::efun(z);
        const F ra = (ez + z) * F(k.mahpRateScale);  // efun(-z) = efun(z) + z
        const F rb = ez * F(k.mahpRateScale);
        const F sum = ra + rb;
        n.mahpN = n.mahpN + (ra / sum - n.mahpN) * (sum * F(k.mahpTadj));
    }
    n.gmahp = F(k.mahpTadj * ac.Mahp.Gk) * n.mahpN;
    const auto spiked = n.spikePrev > F(0.5f);
    n.knaMed = loadVar(a, NeuronVar::GknaMed, i, tag);
    n.knaSlow = loadVar(a, NeuronVar::GknaSlow, i, tag);
    n.knaMed = select(spiked, n.knaMed + (F(k.knaMedOn) - n.knaMed) * F(k.knaMedRiseDt),
                      n.knaMed - n.knaMed * F(k.knaMedDecayDt));
    n.knaSlow = select(spiked, n.knaSlow + (F(k.knaSlowOn) - n.knaSlow) * F(k.knaSlowRiseDt),
                       n.knaSlow - n.knaSlow * F(k.knaSlowDecayDt));
    n.gak = chans::gak(n.vmDend, ac.AK.Gk, ac.AK.Hf, ac.AK.Mf, ac.AK.Voff, ac.AK.Vmax);
    n.gk = n.gmahp + loadVar(a, NeuronVar::Gsahp, i, tag) + n.gak + n.knaMed + n.knaSlow;
}

/// Inhibition (Axon GiInteg): the pool's FS-FFFB Gi plus synaptic Gi, the dendrite's SST
/// share, and the slow GABA-B K current that total inhibition drives (added to Gk).
template <class F> THETA_FORCE_INLINE void GiInteg(F tag, std::size_t i, const NeuronKernelArgs& a, NeuronCycle<F>& n) {
    using namespace simd;
    const ActParams& ac = a.p->Acts;
    const LayerConsts& k = a.k;
    n.giSyn = vmax(loadVar(a, NeuronVar::GiSyn, i, tag), F(0.0f));
    n.gi = F(a.giMult) * loadVar(a, NeuronVar::PoolGi, i, tag) + n.giSyn;
    if (a.noise) n.gi = n.gi + loadVar(a, NeuronVar::GiNoise, i, tag);
    const F poolSSGi = loadVar(a, NeuronVar::PoolSSGi, i, tag);
    n.ssgiDend = a.ssgiByExt ? F(a.ssgiFactor) * poolSSGi * n.ext : F(a.ssgiFactor) * poolSSGi;
    n.gababM = loadVar(a, NeuronVar::GababM, i, tag);
    n.gababX = loadVar(a, NeuronVar::GababX, i, tag);
    const F dM = (F(k.gababTauFact) * n.gababX - n.gababM) * F(k.gababRiseDt);
    n.gababX = n.gababX + chans::gababS(n.gi, ac.GabaB.GiSpike) - n.gababX * F(k.gababDecayDt);
    n.gababM = n.gababM + dM;
    n.ggabab = F(ac.GabaB.Gk) * chans::gababGV(n.vmDend) * (n.gababM + F(ac.GabaB.Gbase));
    n.gk = n.gk + n.ggabab;
}

/// Membrane potential (Axon VmFromG): VmSteps sub-steps of the conductance-based update plus
/// the exponential spike current, held at VmR while refractory; the dendrite likewise, with
/// extra leak while refractory, extra SST inhibition and a share of the exponential current.
template <class F> THETA_FORCE_INLINE void VmFromG(F tag, std::size_t i, const NeuronKernelArgs& a, NeuronCycle<F>& n) {
    using namespace simd;
    const ActParams& ac = a.p->Acts;
    const LayerConsts& k = a.k;
    const F zero(0.0f), one(1.0f);
    const F geB = n.ge * F(ac.Gbar.E), giB = n.gi * F(ac.Gbar.I), gkB = n.gk * F(ac.Gbar.K);
    const F isi = loadVar(a, NeuronVar::ISI, i, tag);
    const float tr = ac.Spikes.Tr;
    const auto refractory = (isi >= zero) & (isi < F(tr));
    const float maxI = k.maxI;
    const int steps = static_cast<int>(ac.Dt.VmSteps);
    const F vmLo(ac.VmRange.Min), vmHi(ac.VmRange.Max);
    auto inetFrom = [&](F v, F glMul, F giEff) {
        F inet = geB * (F(ac.Erev.E) - v) + glMul * F(ac.Gbar.L) * (F(ac.Erev.L) - v) + giEff * (F(ac.Erev.I) - v) +
                 gkB * (F(ac.Erev.K) - v);
        return clamp(inet, F(-maxI), F(maxI));
    };
    const float vmDt = k.vmDt;
    const F dtStep(vmDt / steps);
    F v = n.vm, inet = zero;
    for (int s = 0; s < steps; ++s) {
        inet = inetFrom(v, one, giB);
        v = clamp(v + dtStep * inet, vmLo, vmHi);
    }
    F expi = zero;
    if (ac.Spikes.Exp > 0) {
        const F exVm = F(0.5f) * (v + n.vm);
        expi = vmin(F(k.expGain) * expF((exVm - F(ac.Spikes.Thr)) * F(k.expSlopeInv)), F(maxI));
    }
    const F vFree = clamp(v + F(vmDt) * expi, vmLo, vmHi);
    const F vRefr = select(isi == F(tr - 1.0f), F(ac.Spikes.VmR), n.vm + (F(ac.Spikes.VmR) - n.vm) * F(k.rDt));
    n.vmNew = select(refractory, vRefr, vFree);
    n.inet = select(refractory, zero, inet + expi);
    const F expiEff = select(refractory, zero, expi);
    const float vmDendDt = k.vmDendDt;
    const F glDend = select(refractory, F(1.0f + ac.Dend.GR), one);
    const F giDend = giB + F(ac.Gbar.I) * n.ssgiDend;
    F vd = n.vmDend;
    for (int s = 0; s < steps; ++s) vd = clamp(vd + F(vmDendDt / steps) * inetFrom(vd, glDend, giDend), vmLo, vmHi);
    n.vmDendNew = clamp(vd + F(vmDendDt * ac.Dend.GExp) * expiEff, vmLo, vmHi);
}

/// Spike and inter-spike interval (Axon SpikeFromVm), and the rate code Act, which relaxes
/// toward the MaxHz-normalised 1/ISIAvg (for display and statistics).
template <class F> THETA_FORCE_INLINE void SpikeFromVm(F tag, std::size_t i, const NeuronKernelArgs& a, NeuronCycle<F>& n) {
    using namespace simd;
    const LayerConsts& k = a.k;
    const F zero(0.0f), one(1.0f);
    const auto spike = n.vmNew >= F(k.spikeThr);
    const float isiDt = k.isiDt;
    const F isi = loadVar(a, NeuronVar::ISI, i, tag);
    const F isiAvg = loadVar(a, NeuronVar::ISIAvg, i, tag);
    const F isiAvgOnSpike = select(isiAvg == F(-1.0f), F(-2.0f),
                                   select(isi > zero, avgFromISI(isiAvg, isi + one, isiDt), isiAvg));
    F isiNo = select(isi >= zero, isi + one, isi);
    isiNo = select(isiNo > F(kIsiMax), F(-1.0f), isiNo);
    const F isiAvgNo = select((isiAvg >= zero) & (isiNo > zero) & (isiNo > F(kIsiSlow) * isiAvg),
                              avgFromISI(isiAvg, isiNo, isiDt), isiAvg);
    n.isi = select(spike, zero, isiNo);
    n.isiAvg = select(spike, isiAvgOnSpike, isiAvgNo);
    n.spike = select(spike, one, zero);
    n.spiked = select(spike | ((isiNo >= zero) & (isiNo < F(kSpikedCycles))), one, zero);
    const F actTarget = select(n.isiAvg > zero, vmin(one, F(k.actPerIsi) / n.isiAvg), zero);
    n.act = loadVar(a, NeuronVar::Act, i, tag);
    n.act = n.act + F(kActRateOfVmDt * k.vmDt) * (actTarget - n.act);
}

/// Calcium (Axon CaFromSpike): the spike-driven CaM -> CaP -> CaD cascade, the synaptic credit
/// CaSyn and its mean in the current 10-cycle bin, and learning Ca from the learning NMDA and
/// VGCC channels through its own LearnCaM -> LearnCaP -> LearnCaD cascade.
template <class F> THETA_FORCE_INLINE void CaFromSpike(F tag, std::size_t i, const NeuronKernelArgs& a, NeuronCycle<F>& n) {
    using namespace simd;
    const ActParams& ac = a.p->Acts;
    const LearnNeuronParams& ln = a.p->Learn;
    const LayerConsts& k = a.k;
    const CaSpikeParams& cs = ln.CaSpike;
    n.caM = loadVar(a, NeuronVar::CaM, i, tag);
    n.caP = loadVar(a, NeuronVar::CaP, i, tag);
    n.caD = loadVar(a, NeuronVar::CaD, i, tag);
    n.caM = n.caM + (F(cs.SpikeCaM) * n.spike - n.caM) * F(k.caMDt);
    n.caP = n.caP + (n.caM - n.caP) * F(k.caPDt);
    n.caD = n.caD + (n.caP - n.caD) * F(k.caDDt);
    n.caSyn = loadVar(a, NeuronVar::CaSyn, i, tag);
    n.caSyn = n.caSyn + (F(cs.SpikeCaSyn) * n.spike - n.caSyn) * F(k.caSynDt);

    const CaLearnParams& cl = ln.CaLearn;
    const F vgccCa = cl.SpikeVGCC > 0 ? F(cl.SpikeVgccCa) * n.spike : vmax(-n.vmDend * F(ac.VGCC.Ca) * n.gvgcc, F(0.0f));
    n.vgccCaInt = loadVar(a, NeuronVar::VgccCaInt, i, tag);
    n.vgccCaInt = n.vgccCaInt + vgccCa - n.vgccCaInt * F(k.vgccDt);
    n.learnCa = (n.nmdaCa + n.vgccCaInt) * F(k.learnCaNorm);
    n.lcM = loadVar(a, NeuronVar::LearnCaM, i, tag);
    n.lcP = loadVar(a, NeuronVar::LearnCaP, i, tag);
    n.lcD = loadVar(a, NeuronVar::LearnCaD, i, tag);
    n.lcM = n.lcM + (n.learnCa - n.lcM) * F(k.lcMDt);
    n.lcP = n.lcP + (n.lcM - n.lcP) * F(k.lcPDt);
    n.lcD = n.lcD + (n.lcP - n.lcD) * F(k.lcDDt);
    n.caDiff = F(cl.PosBias) * n.lcP - n.lcD;
}

/// After the spike (Axon PostSpike's neuron part): the running averages GeInt, GiInt and
/// ActInt, and the receiver's learning-rate factor RLRate and LearnNow, which Axon computes
/// at the end of the plus phase from the same CaP / CaD (here every cycle, branch-free).
template <class F> THETA_FORCE_INLINE void PostSpike(F tag, std::size_t i, const NeuronKernelArgs& a, NeuronCycle<F>& n) {
    using namespace simd;
    const LearnNeuronParams& ln = a.p->Learn;
    const LayerConsts& k = a.k;
    const F one(1.0f);
    const float intDt = k.intDt;
    const F geInt = loadVar(a, NeuronVar::GeInt, i, tag), giInt = loadVar(a, NeuronVar::GiInt, i, tag);
    n.geInt = geInt + (n.ge - geInt) * F(intDt);
    n.giInt = giInt + (n.giSyn - giInt) * F(intDt);
    const F actInt = loadVar(a, NeuronVar::ActInt, i, tag);
    n.actInt = actInt + (n.act - actInt) * F(a.actIntDt);

    const RLRateParams& rl = ln.RLRate;
    n.rlRate = one;
    if (rl.On > 0) {
        const F ca = vmin(n.caD / F(a.maxCaD > 0 ? a.maxCaD : 1.0f), one);
        const F sig = vmax(F(4.0f) * ca * (one - ca), F(rl.SigmoidMin));
        F dif = one;
        if (rl.Diff > 0) {
            const F smax = vmax(n.caP, n.caD), ad = vabs(n.caP - n.caD);
            dif = select(smax > F(rl.SpikeThr), select(ad < F(rl.DiffThr), F(rl.Min), ad / smax), F(rl.Min));
        }
        n.rlRate = sig * dif;
    }
    n.learnNow = select(n.caD > F(ln.Timing.LearnThr), one, F(0.0f));
}

/// Every new value of the cycle, and the CaSyn bin's running mean.
template <class F> THETA_FORCE_INLINE void storeNeuron(F tag, std::size_t i, const NeuronKernelArgs& a, const NeuronCycle<F>& n) {
    using simd::load;
    using simd::store;
    auto S = [&](NeuronVar x, F val) { store(a.v[static_cast<int>(x)] + i, val); };
    store(a.bin + i, load(a.bin + i, tag) * F(a.binKeep) + n.caSyn * F(a.binMean));
    S(NeuronVar::GnmdaSyn, n.gnmdaSyn); S(NeuronVar::Gnmda, n.gnmda); S(NeuronVar::GnmdaLrn, n.gnmdaLrn);
    S(NeuronVar::NmdaCa, n.nmdaCa); S(NeuronVar::Gvgcc, n.gvgcc); S(NeuronVar::VgccM, n.vgccM); S(NeuronVar::VgccH, n.vgccH);
    S(NeuronVar::Ge, n.ge); S(NeuronVar::GeExt, n.geExt); S(NeuronVar::GiSyn, n.giSyn); S(NeuronVar::Gi, n.gi);
    S(NeuronVar::SSGiDend, n.ssgiDend); S(NeuronVar::MahpN, n.mahpN); S(NeuronVar::Gmahp, n.gmahp);
    S(NeuronVar::GknaMed, n.knaMed); S(NeuronVar::GknaSlow, n.knaSlow); S(NeuronVar::Gak, n.gak);
    S(NeuronVar::GababM, n.gababM); S(NeuronVar::GababX, n.gababX); S(NeuronVar::GgabaB, n.ggabab); S(NeuronVar::Gk, n.gk);
    S(NeuronVar::Vm, n.vmNew); S(NeuronVar::Inet, n.inet); S(NeuronVar::VmDend, n.vmDendNew);
    S(NeuronVar::Spike, n.spike); S(NeuronVar::Spiked, n.spiked); S(NeuronVar::ISI, n.isi); S(NeuronVar::ISIAvg, n.isiAvg);
    S(NeuronVar::Act, n.act); S(NeuronVar::CaM, n.caM); S(NeuronVar::CaP, n.caP); S(NeuronVar::CaD, n.caD);
    S(NeuronVar::CaSyn, n.caSyn); S(NeuronVar::VgccCaInt, n.vgccCaInt); S(NeuronVar::LearnCa, n.learnCa);
    S(NeuronVar::LearnCaM, n.lcM); S(NeuronVar::LearnCaP, n.lcP); S(NeuronVar::LearnCaD, n.lcD); S(NeuronVar::CaDiff, n.caDiff);
    S(NeuronVar::GeInt, n.geInt); S(NeuronVar::GiInt, n.giInt); S(NeuronVar::ActInt, n.actInt);
    S(NeuronVar::RLRate, n.rlRate); S(NeuronVar::LearnNow, n.learnNow);
    if (a.hasMaint) { S(NeuronVar::GMaintSyn, n.gMaintSyn); S(NeuronVar::GnmdaMaint, n.gnmdaMaint); }
}

}  // namespace detail

// Forced inline so the caller's loop can hoist the uniforms' broadcasts out of the loop.
template <class F>
THETA_FORCE_INLINE void cycleNeuron(F tag, std::size_t i, const NeuronKernelArgs& a) {
    using detail::loadVar;
    detail::NeuronCycle<F> n;
    n.vm = loadVar(a, NeuronVar::Vm, i, tag);
    n.vmDend = loadVar(a, NeuronVar::VmDend, i, tag);
    n.spikePrev = loadVar(a, NeuronVar::Spike, i, tag);
    n.ext = loadVar(a, NeuronVar::Ext, i, tag);
    detail::GFromRawSyn(tag, i, a, n);
    detail::GkFromVm(tag, i, a, n);
    detail::GiInteg(tag, i, a, n);
    detail::VmFromG(tag, i, a, n);
    detail::SpikeFromVm(tag, i, a, n);
    detail::CaFromSpike(tag, i, a, n);
    detail::PostSpike(tag, i, a, n);
    detail::storeNeuron(tag, i, a, n);
}

}  // namespace theta
