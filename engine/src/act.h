// One cycle of one neuron, written once for F = float (the scalar twin) and F = simd::Batch,
// as the steps Axon names (act.go, layerparams.go; docs/model.md, The neuron): GFromRawSyn ->
// GkFromVm -> GiInteg -> VmFromG -> SpikeFromVm -> CaFromSpike -> PostSpike. Every step reads
// the state as it was at the start of the cycle: a step stores each new value as soon as it is
// final, and only variables that no later step reads, so what a later step reads is still the
// start-of-cycle value; the few values later steps need travel in NeuronCycle. Storing early
// keeps few values live at once (stores through SIMD intrinsics may alias anything, so the
// compiler could not move them itself), which spares register spills on SSE2's 16 registers.
// Branches on per-neuron values are selects; branches on uniforms happen outside.
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

template <class F> inline F avgFromISI(F avg, F isi, F isiDt) {
    using simd::select;
    F upd = select(isi < F(kIsiFast) * avg, isi, avg + (isi - avg) * isiDt);
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

/// The kernel's per-layer uniforms, each broadcast to F once per layer and cycle. Read inside
/// the loop from NeuronKernelArgs or the parameters, a uniform would be loaded and broadcast
/// again after every store (a SIMD store may alias anything); from here it is one aligned load
/// or a memory operand. Each is the same float expression the kernel used to broadcast.
template <class F> struct NeuronUniforms {
    // GFromRawSyn
    F nmdaDt, nmdaGe, nmdaMg, lrnNmdaDt, lrnNmdaGe, lrnNmdaMg, vgccGe, clampGe, maintDt, maintGe, maintMg;
    // GkFromVm
    F mahpOff, mahpSlopeInv, mahpRateScale, mahpTadj, mahpGk;
    F knaMedOn, knaMedRiseDt, knaMedDecayDt, knaSlowOn, knaSlowRiseDt, knaSlowDecayDt;
    F akGkHf, akNegMf, akVoff, akVmax;
    // GiInteg
    F giMult, ssgiFactor, gababTauFact, gababRiseDt, gababDecayDt, gababGiSpike, gababGk, gababGbase;
    // VmFromG
    F gbarE, gbarL, gbarI, gbarK, erevE, erevL, erevI, erevK, tr, trLast, vmLo, vmHi, maxI, negMaxI;
    F vmDt, vmStepDt, expGain, expThr, expSlopeInv, vmR, rDt, glDendRefr, vmDendStepDt, vmDendExpDt;
    // SpikeFromVm
    F spikeThr, isiDt, actPerIsi, actDt;
    // CaFromSpike
    F spikeCaM, caMDt, caPDt, caDDt, spikeCaSyn, caSynDt, binKeep, binMean;
    F spikeVgccCa, vgccCa, vgccDt, learnCaNorm, lcMDt, lcPDt, lcDDt, posBias;
    // PostSpike
    F intDt, actIntDt, sigmoidMin, rlSpikeThr, rlDiffThr, rlMin, learnThr;

    explicit NeuronUniforms(const NeuronKernelArgs& a) {
        const ActParams& ac = a.p->Acts;
        const LearnNeuronParams& ln = a.p->Learn;
        const LayerConsts& k = a.k;
        const int steps = static_cast<int>(ac.Dt.VmSteps);
        nmdaDt = F(k.nmdaDt), nmdaGe = F(ac.NMDA.Ge), nmdaMg = F(chans::mgFactor(ac.NMDA.MgC));
        lrnNmdaDt = F(k.lrnNmdaDt), lrnNmdaGe = F(ln.LearnNMDA.Ge), lrnNmdaMg = F(chans::mgFactor(ln.LearnNMDA.MgC));
        vgccGe = F(ac.VGCC.Ge), clampGe = F(ac.Clamp.Ge);
        maintDt = F(k.maintDt), maintGe = F(ac.MaintNMDA.Ge), maintMg = F(chans::mgFactor(ac.MaintNMDA.MgC));
        mahpOff = F(ac.Mahp.Off), mahpSlopeInv = F(k.mahpSlopeInv), mahpRateScale = F(k.mahpRateScale);
        mahpTadj = F(k.mahpTadj), mahpGk = F(k.mahpTadj * ac.Mahp.Gk);
        knaMedOn = F(k.knaMedOn), knaMedRiseDt = F(k.knaMedRiseDt), knaMedDecayDt = F(k.knaMedDecayDt);
        knaSlowOn = F(k.knaSlowOn), knaSlowRiseDt = F(k.knaSlowRiseDt), knaSlowDecayDt = F(k.knaSlowDecayDt);
        akGkHf = F(ac.AK.Gk * ac.AK.Hf), akNegMf = F(-ac.AK.Mf), akVoff = F(ac.AK.Voff), akVmax = F(ac.AK.Vmax);
        giMult = F(a.giMult), ssgiFactor = F(a.ssgiFactor);
        gababTauFact = F(k.gababTauFact), gababRiseDt = F(k.gababRiseDt), gababDecayDt = F(k.gababDecayDt);
        gababGiSpike = F(ac.GabaB.GiSpike), gababGk = F(ac.GabaB.Gk), gababGbase = F(ac.GabaB.Gbase);
        gbarE = F(ac.Gbar.E), gbarL = F(ac.Gbar.L), gbarI = F(ac.Gbar.I), gbarK = F(ac.Gbar.K);
        erevE = F(ac.Erev.E), erevL = F(ac.Erev.L), erevI = F(ac.Erev.I), erevK = F(ac.Erev.K);
        tr = F(ac.Spikes.Tr), trLast = F(ac.Spikes.Tr - 1.0f);
        vmLo = F(ac.VmRange.Min), vmHi = F(ac.VmRange.Max), maxI = F(k.maxI), negMaxI = F(-k.maxI);
        vmDt = F(k.vmDt), vmStepDt = F(k.vmDt / steps);
        expGain = F(k.expGain), expThr = F(ac.Spikes.Thr), expSlopeInv = F(k.expSlopeInv);
        vmR = F(ac.Spikes.VmR), rDt = F(k.rDt), glDendRefr = F(1.0f + ac.Dend.GR);
        vmDendStepDt = F(k.vmDendDt / steps), vmDendExpDt = F(k.vmDendDt * ac.Dend.GExp);
        spikeThr = F(k.spikeThr), isiDt = F(k.isiDt), actPerIsi = F(k.actPerIsi), actDt = F(kActRateOfVmDt * k.vmDt);
        const CaSpikeParams& cs = ln.CaSpike;
        spikeCaM = F(cs.SpikeCaM), caMDt = F(k.caMDt), caPDt = F(k.caPDt), caDDt = F(k.caDDt);
        spikeCaSyn = F(cs.SpikeCaSyn), caSynDt = F(k.caSynDt), binKeep = F(a.binKeep), binMean = F(a.binMean);
        const CaLearnParams& cl = ln.CaLearn;
        spikeVgccCa = F(cl.SpikeVgccCa), vgccCa = F(ac.VGCC.Ca), vgccDt = F(k.vgccDt), learnCaNorm = F(k.learnCaNorm);
        lcMDt = F(k.lcMDt), lcPDt = F(k.lcPDt), lcDDt = F(k.lcDDt), posBias = F(cl.PosBias);
        const RLRateParams& rl = ln.RLRate;
        intDt = F(k.intDt), actIntDt = F(a.actIntDt), sigmoidMin = F(rl.SigmoidMin);
        rlSpikeThr = F(rl.SpikeThr), rlDiffThr = F(rl.DiffThr), rlMin = F(rl.Min), learnThr = F(ln.Timing.LearnThr);
    }
};

/// What the steps of one neuron's cycle hand each other: the state read at the start and the
/// new values a later step uses (every other result is stored by the step that makes it).
template <class F> struct NeuronCycle {
    F vm, vmDend, spikePrev, ext;  // read at the start, used by several steps
    F ge, gvgcc, nmdaCa;           // GFromRawSyn
    F gk, giSyn, gi, ssgiDend;     // GkFromVm, GiInteg
    F vmNew;                       // VmFromG
    F spike, act;                  // SpikeFromVm
    F caP, caD;                    // CaFromSpike
};

template <class F> THETA_FORCE_INLINE F loadVar(const NeuronKernelArgs& a, NeuronVar x, std::size_t i, F tag) {
    return simd::load(a.v[static_cast<int>(x)] + i, tag);
}
template <class F> THETA_FORCE_INLINE void storeVar(const NeuronKernelArgs& a, NeuronVar x, std::size_t i, F val) {
    simd::store(a.v[static_cast<int>(x)] + i, val);
}

/// Excitatory conductance (Axon GFromRawSyn): NMDA from this cycle's raw input, the learning
/// NMDA and VGCC channels (which feed calcium), maintenance NMDA, and the clamp of input layers.
template <class F> THETA_FORCE_INLINE void GFromRawSyn(F tag, std::size_t i, const NeuronKernelArgs& a, const NeuronUniforms<F>& u, NeuronCycle<F>& n) {
    using namespace simd;
    const ActParams& ac = a.p->Acts;
    const F zero(0.0f);
    const F geRawPos = vmax(loadVar(a, NeuronVar::GeRaw, i, tag), zero);
    F gnmdaSyn = loadVar(a, NeuronVar::GnmdaSyn, i, tag);
    gnmdaSyn = gnmdaSyn + geRawPos - gnmdaSyn * u.nmdaDt;
    storeVar(a, NeuronVar::GnmdaSyn, i, gnmdaSyn);
    // one exp and one Ca factor serve the activation NMDA, the learning NMDA and VGCC
    const F mgExp = expF(F(chans::kMgExpPerMV) * n.vmDend);
    const F caFactor = chans::caV(n.vmDend);
    const F gnmda = u.nmdaGe * chans::mgGFromExp(n.vmDend, mgExp, u.nmdaMg) * gnmdaSyn;
    storeVar(a, NeuronVar::Gnmda, i, gnmda);
    F gnmdaLrn = loadVar(a, NeuronVar::GnmdaLrn, i, tag);
    gnmdaLrn = gnmdaLrn + geRawPos - gnmdaLrn * u.lrnNmdaDt;
    storeVar(a, NeuronVar::GnmdaLrn, i, gnmdaLrn);
    n.nmdaCa = u.lrnNmdaGe * chans::mgGFromExp(n.vmDend, mgExp, u.lrnNmdaMg) * gnmdaLrn * caFactor;
    storeVar(a, NeuronVar::NmdaCa, i, n.nmdaCa);

    // VGCC (off in ra25: then its gates are left alone, saving two exps)
    n.gvgcc = zero;
    if (ac.VGCC.Ge > 0) {
        F vgccM = loadVar(a, NeuronVar::VgccM, i, tag);
        F vgccH = loadVar(a, NeuronVar::VgccH, i, tag);
        n.gvgcc = u.vgccGe * caFactor * vgccM * vgccM * vgccM * vgccH;
        const F vClip = vmin(n.vmDend, zero);
        vgccM = vgccM + (chans::vgccMInf(vClip) - vgccM) * F(kVgccMDt);
        vgccH = vgccH + (chans::vgccHInf(vClip) - vgccH) * F(kVgccHDt);
        storeVar(a, NeuronVar::VgccM, i, vgccM);
        storeVar(a, NeuronVar::VgccH, i, vgccH);
    }
    storeVar(a, NeuronVar::Gvgcc, i, n.gvgcc);

    const F clamped = loadVar(a, NeuronVar::HasExt, i, tag);
    const F geClamp = n.ext * u.clampGe;
    // maintenance NMDA (CT self-maintenance), driven only by Maint paths
    F gnmdaMaint = zero;
    if (a.hasMaint) {
        const F gMaintRaw = loadVar(a, NeuronVar::GMaintRaw, i, tag);
        F gMaintSyn = loadVar(a, NeuronVar::GMaintSyn, i, tag);
        gMaintSyn = gMaintSyn + gMaintRaw - gMaintSyn * u.maintDt;
        gnmdaMaint = u.maintGe * chans::mgGFromExp(n.vmDend, mgExp, u.maintMg) * gMaintSyn;
        storeVar(a, NeuronVar::GMaintSyn, i, gMaintSyn);
        storeVar(a, NeuronVar::GnmdaMaint, i, gnmdaMaint);
    }
    const F geSyn = loadVar(a, NeuronVar::GeSyn, i, tag);
    const F geSynTotal = a.hasMaint ? geSyn + gnmda + gnmdaMaint + n.gvgcc : geSyn + gnmda + n.gvgcc;
    const F geIfClamped = ac.Clamp.Add > 0 ? geSynTotal + geClamp : geClamp;
    n.ge = vmax(select(clamped > F(0.5f), geIfClamped, geSynTotal), zero);
    if (a.noise) n.ge = n.ge + loadVar(a, NeuronVar::GeNoise, i, tag);
    storeVar(a, NeuronVar::Ge, i, n.ge);
    const F geExt = select(clamped > F(0.5f), geClamp, a.keepGeExt ? loadVar(a, NeuronVar::GeExt, i, tag) : zero);
    storeVar(a, NeuronVar::GeExt, i, geExt);
}

/// K conductances (Axon GkFromVm): mAHP from the soma's Vm, KNa from the last cycle's spike,
/// A-type K from VmDend, plus the sAHP set once per trial.
template <class F> THETA_FORCE_INLINE void GkFromVm(F tag, std::size_t i, const NeuronKernelArgs& a, const NeuronUniforms<F>& u, NeuronCycle<F>& n) {
    using namespace simd;
    F mahpN = loadVar(a, NeuronVar::MahpN, i, tag);
    {
        // rates a = efun(-z) s/T, b = efun(z) s/T; n_inf = a / (a + b); dn = (n_inf - n) (a + b) Tadj
        const F z = (n.vm - u.mahpOff) * u.mahpSlopeInv;
        const F ez = chans::efun(z);
        const F ra = (ez + z) * u.mahpRateScale;  // efun(-z) = efun(z) + z
        const F rb = ez * u.mahpRateScale;
        const F sum = ra + rb;
        mahpN = mahpN + (ra / sum - mahpN) * (sum * u.mahpTadj);
    }
    storeVar(a, NeuronVar::MahpN, i, mahpN);
    const F gmahp = u.mahpGk * mahpN;
    storeVar(a, NeuronVar::Gmahp, i, gmahp);
    const auto spiked = n.spikePrev > F(0.5f);
    F knaMed = loadVar(a, NeuronVar::GknaMed, i, tag);
    knaMed = select(spiked, knaMed + (u.knaMedOn - knaMed) * u.knaMedRiseDt, knaMed - knaMed * u.knaMedDecayDt);
    storeVar(a, NeuronVar::GknaMed, i, knaMed);
    F knaSlow = loadVar(a, NeuronVar::GknaSlow, i, tag);
    knaSlow = select(spiked, knaSlow + (u.knaSlowOn - knaSlow) * u.knaSlowRiseDt, knaSlow - knaSlow * u.knaSlowDecayDt);
    storeVar(a, NeuronVar::GknaSlow, i, knaSlow);
    const F gak = chans::gakFrom(n.vmDend, u.akGkHf, u.akNegMf, u.akVoff, u.akVmax);
    storeVar(a, NeuronVar::Gak, i, gak);
    n.gk = gmahp + loadVar(a, NeuronVar::Gsahp, i, tag) + gak + knaMed + knaSlow;
}

/// Inhibition (Axon GiInteg): the pool's FS-FFFB Gi plus synaptic Gi, the dendrite's SST
/// share, and the slow GABA-B K current that total inhibition drives (added to Gk).
template <class F> THETA_FORCE_INLINE void GiInteg(F tag, std::size_t i, const NeuronKernelArgs& a, const NeuronUniforms<F>& u, NeuronCycle<F>& n) {
    using namespace simd;
    n.giSyn = vmax(loadVar(a, NeuronVar::GiSyn, i, tag), F(0.0f));
    storeVar(a, NeuronVar::GiSyn, i, n.giSyn);
    n.gi = u.giMult * loadVar(a, NeuronVar::PoolGi, i, tag) + n.giSyn;
    if (a.noise) n.gi = n.gi + loadVar(a, NeuronVar::GiNoise, i, tag);
    storeVar(a, NeuronVar::Gi, i, n.gi);
    const F poolSSGi = loadVar(a, NeuronVar::PoolSSGi, i, tag);
    n.ssgiDend = a.ssgiByExt ? u.ssgiFactor * poolSSGi * n.ext : u.ssgiFactor * poolSSGi;
    storeVar(a, NeuronVar::SSGiDend, i, n.ssgiDend);
    F gababM = loadVar(a, NeuronVar::GababM, i, tag);
    F gababX = loadVar(a, NeuronVar::GababX, i, tag);
    const F dM = (u.gababTauFact * gababX - gababM) * u.gababRiseDt;
    gababX = gababX + chans::gababS(n.gi, u.gababGiSpike) - gababX * u.gababDecayDt;
    gababM = gababM + dM;
    storeVar(a, NeuronVar::GababX, i, gababX);
    storeVar(a, NeuronVar::GababM, i, gababM);
    const F ggabab = u.gababGk * chans::gababGV(n.vmDend) * (gababM + u.gababGbase);
    storeVar(a, NeuronVar::GgabaB, i, ggabab);
    n.gk = n.gk + ggabab;
    storeVar(a, NeuronVar::Gk, i, n.gk);
}

/// Membrane potential (Axon VmFromG): VmSteps sub-steps of the conductance-based update plus
/// the exponential spike current, held at VmR while refractory; the dendrite likewise, with
/// extra leak while refractory, extra SST inhibition and a share of the exponential current.
template <class F> THETA_FORCE_INLINE void VmFromG(F tag, std::size_t i, const NeuronKernelArgs& a, const NeuronUniforms<F>& u, NeuronCycle<F>& n) {
    using namespace simd;
    const ActParams& ac = a.p->Acts;
    const F zero(0.0f), one(1.0f);
    const F geB = n.ge * u.gbarE, giB = n.gi * u.gbarI, gkB = n.gk * u.gbarK;
    const F isi = loadVar(a, NeuronVar::ISI, i, tag);
    const auto refractory = (isi >= zero) & (isi < u.tr);
    const int steps = static_cast<int>(ac.Dt.VmSteps);
    auto inetFrom = [&](F v, F glMul, F giEff) {
        F inet = geB * (u.erevE - v) + glMul * u.gbarL * (u.erevL - v) + giEff * (u.erevI - v) + gkB * (u.erevK - v);
        return clamp(inet, u.negMaxI, u.maxI);
    };
    F v = n.vm, inet = zero;
    for (int s = 0; s < steps; ++s) {
        inet = inetFrom(v, one, giB);
        v = clamp(v + u.vmStepDt * inet, u.vmLo, u.vmHi);
    }
    F expi = zero;
    if (ac.Spikes.Exp > 0) {
        const F exVm = F(0.5f) * (v + n.vm);
        expi = vmin(u.expGain * expF((exVm - u.expThr) * u.expSlopeInv), u.maxI);
    }
    const F vFree = clamp(v + u.vmDt * expi, u.vmLo, u.vmHi);
    const F vRefr = select(isi == u.trLast, u.vmR, n.vm + (u.vmR - n.vm) * u.rDt);
    n.vmNew = select(refractory, vRefr, vFree);
    storeVar(a, NeuronVar::Vm, i, n.vmNew);
    storeVar(a, NeuronVar::Inet, i, select(refractory, zero, inet + expi));
    const F expiEff = select(refractory, zero, expi);
    const F glDend = select(refractory, u.glDendRefr, one);
    const F giDend = giB + u.gbarI * n.ssgiDend;
    F vd = n.vmDend;
    for (int s = 0; s < steps; ++s) vd = clamp(vd + u.vmDendStepDt * inetFrom(vd, glDend, giDend), u.vmLo, u.vmHi);
    storeVar(a, NeuronVar::VmDend, i, clamp(vd + u.vmDendExpDt * expiEff, u.vmLo, u.vmHi));
}

/// Spike and inter-spike interval (Axon SpikeFromVm), and the rate code Act, which relaxes
/// toward the MaxHz-normalised 1/ISIAvg (for display and statistics).
template <class F> THETA_FORCE_INLINE void SpikeFromVm(F tag, std::size_t i, const NeuronKernelArgs& a, const NeuronUniforms<F>& u, NeuronCycle<F>& n) {
    using namespace simd;
    const F zero(0.0f), one(1.0f);
    const auto spike = n.vmNew >= u.spikeThr;
    const F isi = loadVar(a, NeuronVar::ISI, i, tag);
    const F isiAvg = loadVar(a, NeuronVar::ISIAvg, i, tag);
    const F isiAvgOnSpike = select(isiAvg == F(-1.0f), F(-2.0f),
                                   select(isi > zero, avgFromISI(isiAvg, isi + one, u.isiDt), isiAvg));
    F isiNo = select(isi >= zero, isi + one, isi);
    isiNo = select(isiNo > F(kIsiMax), F(-1.0f), isiNo);
    const F isiAvgNo = select((isiAvg >= zero) & (isiNo > zero) & (isiNo > F(kIsiSlow) * isiAvg),
                              avgFromISI(isiAvg, isiNo, u.isiDt), isiAvg);
    storeVar(a, NeuronVar::ISI, i, select(spike, zero, isiNo));
    const F isiAvgNew = select(spike, isiAvgOnSpike, isiAvgNo);
    storeVar(a, NeuronVar::ISIAvg, i, isiAvgNew);
    n.spike = select(spike, one, zero);
    storeVar(a, NeuronVar::Spike, i, n.spike);
    storeVar(a, NeuronVar::Spiked, i, select(spike | ((isiNo >= zero) & (isiNo < F(kSpikedCycles))), one, zero));
    const F actTarget = select(isiAvgNew > zero, vmin(one, u.actPerIsi / isiAvgNew), zero);
    n.act = loadVar(a, NeuronVar::Act, i, tag);
    n.act = n.act + u.actDt * (actTarget - n.act);
    storeVar(a, NeuronVar::Act, i, n.act);
}

/// Calcium (Axon CaFromSpike): the spike-driven CaM -> CaP -> CaD cascade, the synaptic credit
/// CaSyn and its mean in the current 10-cycle bin, and learning Ca from the learning NMDA and
/// VGCC channels through its own LearnCaM -> LearnCaP -> LearnCaD cascade.
template <class F> THETA_FORCE_INLINE void CaFromSpike(F tag, std::size_t i, const NeuronKernelArgs& a, const NeuronUniforms<F>& u, NeuronCycle<F>& n) {
    using namespace simd;
    F caM = loadVar(a, NeuronVar::CaM, i, tag);
    n.caP = loadVar(a, NeuronVar::CaP, i, tag);
    n.caD = loadVar(a, NeuronVar::CaD, i, tag);
    caM = caM + (u.spikeCaM * n.spike - caM) * u.caMDt;
    n.caP = n.caP + (caM - n.caP) * u.caPDt;
    n.caD = n.caD + (n.caP - n.caD) * u.caDDt;
    storeVar(a, NeuronVar::CaM, i, caM);
    storeVar(a, NeuronVar::CaP, i, n.caP);
    storeVar(a, NeuronVar::CaD, i, n.caD);
    F caSyn = loadVar(a, NeuronVar::CaSyn, i, tag);
    caSyn = caSyn + (u.spikeCaSyn * n.spike - caSyn) * u.caSynDt;
    storeVar(a, NeuronVar::CaSyn, i, caSyn);
    simd::store(a.bin + i, simd::load(a.bin + i, tag) * u.binKeep + caSyn * u.binMean);

    const F vgccCa = a.p->Learn.CaLearn.SpikeVGCC > 0 ? u.spikeVgccCa * n.spike : vmax(-n.vmDend * u.vgccCa * n.gvgcc, F(0.0f));
    F vgccCaInt = loadVar(a, NeuronVar::VgccCaInt, i, tag);
    vgccCaInt = vgccCaInt + vgccCa - vgccCaInt * u.vgccDt;
    storeVar(a, NeuronVar::VgccCaInt, i, vgccCaInt);
    const F learnCa = (n.nmdaCa + vgccCaInt) * u.learnCaNorm;
    storeVar(a, NeuronVar::LearnCa, i, learnCa);
    F lcM = loadVar(a, NeuronVar::LearnCaM, i, tag);
    F lcP = loadVar(a, NeuronVar::LearnCaP, i, tag);
    F lcD = loadVar(a, NeuronVar::LearnCaD, i, tag);
    lcM = lcM + (learnCa - lcM) * u.lcMDt;
    lcP = lcP + (lcM - lcP) * u.lcPDt;
    lcD = lcD + (lcP - lcD) * u.lcDDt;
    storeVar(a, NeuronVar::LearnCaM, i, lcM);
    storeVar(a, NeuronVar::LearnCaP, i, lcP);
    storeVar(a, NeuronVar::LearnCaD, i, lcD);
    storeVar(a, NeuronVar::CaDiff, i, u.posBias * lcP - lcD);
}

/// After the spike (Axon PostSpike's neuron part): the running averages GeInt, GiInt and
/// ActInt, and the receiver's learning-rate factor RLRate and LearnNow, which Axon computes
/// at the end of the plus phase from the same CaP / CaD (here every cycle, branch-free).
template <class F> THETA_FORCE_INLINE void PostSpike(F tag, std::size_t i, const NeuronKernelArgs& a, const NeuronUniforms<F>& u, NeuronCycle<F>& n) {
    using namespace simd;
    const F one(1.0f);
    const F geInt = loadVar(a, NeuronVar::GeInt, i, tag), giInt = loadVar(a, NeuronVar::GiInt, i, tag);
    storeVar(a, NeuronVar::GeInt, i, geInt + (n.ge - geInt) * u.intDt);
    storeVar(a, NeuronVar::GiInt, i, giInt + (n.giSyn - giInt) * u.intDt);
    const F actInt = loadVar(a, NeuronVar::ActInt, i, tag);
    storeVar(a, NeuronVar::ActInt, i, actInt + (n.act - actInt) * u.actIntDt);

    const RLRateParams& rl = a.p->Learn.RLRate;
    F rlRate = one;
    if (rl.On > 0) {
        const F ca = vmin(n.caD / F(a.maxCaD > 0 ? a.maxCaD : 1.0f), one);
        const F sig = vmax(F(4.0f) * ca * (one - ca), u.sigmoidMin);
        F dif = one;
        if (rl.Diff > 0) {
            const F smax = vmax(n.caP, n.caD), ad = vabs(n.caP - n.caD);
            dif = select(smax > u.rlSpikeThr, select(ad < u.rlDiffThr, u.rlMin, ad / smax), u.rlMin);
        }
        rlRate = sig * dif;
    }
    storeVar(a, NeuronVar::RLRate, i, rlRate);
    storeVar(a, NeuronVar::LearnNow, i, select(n.caD > u.learnThr, one, F(0.0f)));
}

}  // namespace detail

/// A layer's kernel uniforms for both types a forEach visits (its SIMD batches and its scalar
/// tail), built once per layer and cycle: of(tag) gives the tag's.
struct NeuronKernelUniforms {
    detail::NeuronUniforms<float> scalar;
    const detail::NeuronUniforms<float>& of(float) const { return scalar; }
#if THETA_SIMD
    detail::NeuronUniforms<simd::Batch> batch;
    const detail::NeuronUniforms<simd::Batch>& of(simd::Batch) const { return batch; }
    explicit NeuronKernelUniforms(const NeuronKernelArgs& a) : scalar(a), batch(a) {}
#else
    explicit NeuronKernelUniforms(const NeuronKernelArgs& a) : scalar(a) {}
#endif
};

// Forced inline so the caller's loop keeps the per-neuron code in one body.
template <class F>
THETA_FORCE_INLINE void cycleNeuron(F tag, std::size_t i, const NeuronKernelArgs& a, const detail::NeuronUniforms<F>& u) {
    using detail::loadVar;
    detail::NeuronCycle<F> n;
    n.vm = loadVar(a, NeuronVar::Vm, i, tag);
    n.vmDend = loadVar(a, NeuronVar::VmDend, i, tag);
    n.spikePrev = loadVar(a, NeuronVar::Spike, i, tag);
    n.ext = loadVar(a, NeuronVar::Ext, i, tag);
    detail::GFromRawSyn(tag, i, a, u, n);
    detail::GkFromVm(tag, i, a, u, n);
    detail::GiInteg(tag, i, a, u, n);
    detail::VmFromG(tag, i, a, u, n);
    detail::SpikeFromVm(tag, i, a, u, n);
    detail::CaFromSpike(tag, i, a, u, n);
    detail::PostSpike(tag, i, a, u, n);
}

}  // namespace theta
