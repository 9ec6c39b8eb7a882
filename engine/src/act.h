// One cycle of one neuron (axon GInteg -> VmFromG -> SpikeFromVm -> CaFromSpike ->
// PostSpike), written once for F = float (the scalar twin) and F = simd::Batch.
// Branches on per-neuron values are selects; branches on uniforms happen outside.
#pragma once
#include <cstddef>

#include "chans.h"
#include "simd.h"
#include "theta/params.h"
#include "theta/vars.h"

namespace theta {

/// Reciprocals and other derived constants of LayerParams used by the kernel, so the
/// per-neuron loop multiplies instead of dividing (computed by neuronConsts()).
struct NeuronConsts {
    float nmdaDt, lrnNmdaDt, knaMedOn, knaMedRiseDt, knaMedDecayDt, knaSlowOn, knaSlowRiseDt, knaSlowDecayDt;
    float gababRiseDt, gababDecayDt, vmDt, vmDendDt, rDt, maxI, isiDt, actPerIsi, intDt;
    float caMDt, caPDt, caDDt, caSynDt, vgccDt, learnCaNorm, lcMDt, lcPDt, lcDDt;
    float expGain, expSlopeInv, spikeThr, mahpSlopeInv, mahpRateScale, maintDt;
};

inline NeuronConsts neuronConsts(const LayerParams& p) {
    const ActParams& ac = p.Acts;
    const LearnNeuronParams& ln = p.Learn;
    const float knaOn = ac.KNa.On > 0 ? 1.0f : 0.0f;
    NeuronConsts k{};
    k.nmdaDt = 1.0f / ac.NMDA.Tau;
    k.lrnNmdaDt = 1.0f / ln.LearnNMDA.Tau;
    k.knaMedOn = ac.KNa.Med.Gk * ac.KNa.Med.On * knaOn;
    k.knaMedRiseDt = 1.0f / ac.KNa.Med.Rise;
    k.knaMedDecayDt = 1.0f / ac.KNa.Med.Decay;
    k.knaSlowOn = ac.KNa.Slow.Gk * ac.KNa.Slow.On * knaOn;
    k.knaSlowRiseDt = 1.0f / ac.KNa.Slow.Rise;
    k.knaSlowDecayDt = 1.0f / ac.KNa.Slow.Decay;
    k.gababRiseDt = 1.0f / ac.GabaB.Rise;
    k.gababDecayDt = 1.0f / ac.GabaB.Decay;
    k.vmDt = 1.0f / ac.Dt.VmC;
    k.vmDendDt = 1.0f / ac.Dt.VmDendC;
    k.rDt = 1.0f / ac.Spikes.RTau;
    k.maxI = ac.Dt.VmC * 100.0f;
    k.isiDt = 1.0f / ac.Spikes.ISITau;
    k.actPerIsi = 1.0f / (0.001f * ac.Spikes.MaxHz);
    k.intDt = 1.0f / ac.Dt.IntTau;
    k.caMDt = 1.0f / ln.CaSpike.Dt.MTau;
    k.caPDt = 1.0f / ln.CaSpike.Dt.PTau;
    k.caDDt = 1.0f / ln.CaSpike.Dt.DTau;
    k.caSynDt = 1.0f / ln.CaSpike.CaSynTau;
    k.vgccDt = 1.0f / ln.CaLearn.VgccTau;
    k.learnCaNorm = 1.0f / ln.CaLearn.Norm;
    k.lcMDt = 1.0f / ln.CaLearn.Dt.MTau;
    k.lcPDt = 1.0f / ln.CaLearn.Dt.PTau;
    k.lcDDt = 1.0f / ln.CaLearn.Dt.DTau;
    k.expGain = ac.Gbar.L * ac.Spikes.ExpSlope;
    k.expSlopeInv = 1.0f / ac.Spikes.ExpSlope;
    k.spikeThr = ac.Spikes.Exp > 0 ? ac.Spikes.ExpThr : ac.Spikes.Thr;
    k.mahpSlopeInv = 1.0f / ac.Mahp.Slope;
    k.mahpRateScale = ac.Mahp.Slope / ac.Mahp.TauMax;
    k.maintDt = 1.0f / ac.MaintNMDA.Tau;
    return k;
}

/// Per-layer uniforms for cycleNeuron, derived once per cycle from LayerParams.
struct NeuronKernelArgs {
    NeuronConsts k;
    float* v[kNeuronVarCount];   ///< each var's array at the layer's first neuron
    float* bin;                  ///< current CaSyn bin at the layer's first neuron
    const LayerParams* p;
    float giMult = 1;
    float ssgiFactor = 0;        ///< Dend.SSGi for hidden layers, 0 for input/target layers
    bool ssgiByExt = false;      ///< Pulvinar: SSGiDend also scales with Ext (its non-driver share)
    bool keepGeExt = false;      ///< CT / Pulvinar: GeExt was set by specialPreGs this cycle
    bool hasMaint = false;       ///< receives a Maint path: run the MaintNMDA channel
    float binKeep = 1;           ///< 0 on the first cycle of a bin (restart the mean), else 1
    float binMean = 0.1f;        ///< 1 / kCaBinCycles: each cycle's share of its bin's mean
    float actIntDt = 1.0f / 40;  ///< ActInt rate: 3x faster in the plus phase
    float maxCaD = 0;            ///< layer max CaD of the previous cycle (RLRate)
    float mahpTadj = 3.2093f;    ///< mAHP temperature factor 2.3^1.4
    float gababTauFact = 2.58f;  ///< GABA-B (Decay/Rise)^(Rise/(Decay-Rise))
};

namespace detail {
template <class F> inline F avgFromISI(F avg, F isi, float isiDt) {
    using simd::select;
    F upd = select(isi < F(0.8f) * avg, isi, avg + (isi - avg) * F(isiDt));
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
}  // namespace detail

// Forced inline so the caller's loop can hoist the uniforms' broadcasts out of the loop.
template <class F>
THETA_FORCE_INLINE void cycleNeuron(F tag, std::size_t i, const NeuronKernelArgs& a) {
    using namespace simd;
    using chans::caV;
    using chans::mgG;
    const ActParams& ac = a.p->Acts;
    const LearnNeuronParams& ln = a.p->Learn;
    const NeuronConsts& k = a.k;
    auto L = [&](NeuronVar x) { return load(a.v[static_cast<int>(x)] + i, tag); };
    auto S = [&](NeuronVar x, F val) { store(a.v[static_cast<int>(x)] + i, val); };
    const F zero(0.0f), one(1.0f);

    // ---- conductances (GFromRawSyn, GiInteg)
    const F geRaw = L(NeuronVar::GeRaw), geSyn = L(NeuronVar::GeSyn);
    const F vm = L(NeuronVar::Vm), vmDend = L(NeuronVar::VmDend);
    const F spikePrev = L(NeuronVar::Spike);
    const F geRawPos = vmax(geRaw, zero);

    F gnmdaSyn = L(NeuronVar::GnmdaSyn);
    gnmdaSyn = gnmdaSyn + geRawPos - gnmdaSyn * F(k.nmdaDt);
    // one exp and one Ca factor serve the activation NMDA, the learning NMDA and VGCC
    const F mgExp = expF(F(-0.062f) * vmDend);
    const F caFactor = caV(vmDend);
    const F gnmda = F(ac.NMDA.Ge) * chans::mgGFromExp(vmDend, mgExp, ac.NMDA.MgC) * gnmdaSyn;
    F gnmdaLrn = L(NeuronVar::GnmdaLrn);
    gnmdaLrn = gnmdaLrn + geRawPos - gnmdaLrn * F(k.lrnNmdaDt);
    const F nmdaCa = F(ln.LearnNMDA.Ge) * chans::mgGFromExp(vmDend, mgExp, ln.LearnNMDA.MgC) * gnmdaLrn * caFactor;

    // VGCC (off in ra25: then its gates are left alone, saving two exps)
    F vgccM = L(NeuronVar::VgccM), vgccH = L(NeuronVar::VgccH);
    F gvgcc = zero;
    if (ac.VGCC.Ge > 0) {
        gvgcc = F(ac.VGCC.Ge) * caFactor * vgccM * vgccM * vgccM * vgccH;
        const F vClip = vmin(vmDend, zero);
        vgccM = vgccM + (chans::vgccMInf(vClip) - vgccM) * F(1.0f / 3.6f);
        vgccH = vgccH + (chans::vgccHInf(vClip) - vgccH) * F(1.0f / 29.0f);
    }

    const F clamped = L(NeuronVar::HasExt);
    const F geClamp = L(NeuronVar::Ext) * F(ac.Clamp.Ge);
    // maintenance NMDA (CT self-maintenance), driven only by Maint paths
    F gMaintSyn = zero, gnmdaMaint = zero;
    if (a.hasMaint) {
        const F gMaintRaw = L(NeuronVar::GMaintRaw);
        gMaintSyn = L(NeuronVar::GMaintSyn);
        gMaintSyn = gMaintSyn + gMaintRaw - gMaintSyn * F(k.maintDt);
        gnmdaMaint = F(ac.MaintNMDA.Ge) * chans::mgGFromExp(vmDend, mgExp, ac.MaintNMDA.MgC) * gMaintSyn;
    }
    const F geSynTotal = a.hasMaint ? geSyn + gnmda + gnmdaMaint + gvgcc : geSyn + gnmda + gvgcc;
    const F geIfClamped = ac.Clamp.Add > 0 ? geSynTotal + geClamp : geClamp;
    const F ge = vmax(select(clamped > F(0.5f), geIfClamped, geSynTotal), zero);
    const F geExt = select(clamped > F(0.5f), geClamp, a.keepGeExt ? L(NeuronVar::GeExt) : zero);

    // K channels: mAHP (soma Vm), KNa (last cycle's spike), A-type K (VmDend), sAHP (per trial)
    F mahpN = L(NeuronVar::MahpN);
    {
        // rates a = efun(-z) s/T, b = efun(z) s/T; n_inf = a / (a + b); dn = (n_inf - n) (a + b) Tadj
        const F z = (vm - F(ac.Mahp.Off)) * F(k.mahpSlopeInv);
        const F ez = chans::efun(z);
        const F ra = (ez + z) * F(k.mahpRateScale);  // efun(-z) = efun(z) + z
        const F rb = ez * F(k.mahpRateScale);
        const F sum = ra + rb;
        mahpN = mahpN + (ra / sum - mahpN) * (sum * F(a.mahpTadj));
    }
    const F gmahp = F(a.mahpTadj * ac.Mahp.Gk) * mahpN;
    const auto spiked = spikePrev > F(0.5f);
    F knaMed = L(NeuronVar::GknaMed), knaSlow = L(NeuronVar::GknaSlow);
    knaMed = select(spiked, knaMed + (F(k.knaMedOn) - knaMed) * F(k.knaMedRiseDt),
                    knaMed - knaMed * F(k.knaMedDecayDt));
    knaSlow = select(spiked, knaSlow + (F(k.knaSlowOn) - knaSlow) * F(k.knaSlowRiseDt),
                     knaSlow - knaSlow * F(k.knaSlowDecayDt));
    const F gakV = chans::gak(vmDend, ac.AK.Gk, ac.AK.Hf, ac.AK.Mf, ac.AK.Voff, ac.AK.Vmax);
    F gk = gmahp + L(NeuronVar::Gsahp) + gakV + knaMed + knaSlow;

    const F giSyn = vmax(L(NeuronVar::GiSyn), zero);
    const F gi = F(a.giMult) * L(NeuronVar::PoolGi) + giSyn;
    const F ssgiDend = a.ssgiByExt ? F(a.ssgiFactor) * L(NeuronVar::PoolSSGi) * L(NeuronVar::Ext)
                                   : F(a.ssgiFactor) * L(NeuronVar::PoolSSGi);

    // GABA-B: rise/decay of the slow K current driven by total inhibition
    F gababM = L(NeuronVar::GababM), gababX = L(NeuronVar::GababX);
    const F dM = (F(a.gababTauFact) * gababX - gababM) * F(k.gababRiseDt);
    gababX = gababX + chans::gababS(gi, ac.GabaB.GiSpike) - gababX * F(k.gababDecayDt);
    gababM = gababM + dM;
    const F ggabab = F(ac.GabaB.Gk) * chans::gababGV(vmDend) * (gababM + F(ac.GabaB.Gbase));
    gk = gk + ggabab;

    // ---- membrane potential (VmFromG): 2 sub-steps + exponential spike current
    const F geB = ge * F(ac.Gbar.E), giB = gi * F(ac.Gbar.I), gkB = gk * F(ac.Gbar.K);
    const F isi = L(NeuronVar::ISI);
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
    F v = vm, inet = zero;
    for (int s = 0; s < steps; ++s) {
        inet = inetFrom(v, one, giB);
        v = clamp(v + dtStep * inet, vmLo, vmHi);
    }
    F expi = zero;
    if (ac.Spikes.Exp > 0) {
        const F exVm = F(0.5f) * (v + vm);
        expi = vmin(F(k.expGain) * expF((exVm - F(ac.Spikes.Thr)) * F(k.expSlopeInv)), F(maxI));
    }
    const F vFree = clamp(v + F(vmDt) * expi, vmLo, vmHi);
    const F vRefr = select(isi == F(tr - 1.0f), F(ac.Spikes.VmR), vm + (F(ac.Spikes.VmR) - vm) * F(k.rDt));
    const F vmNew = select(refractory, vRefr, vFree);
    const F inetNew = select(refractory, zero, inet + expi);
    const F expiEff = select(refractory, zero, expi);
    // dendrite: extra leak while refractory, extra SST inhibition, a fraction of the exp current
    const float vmDendDt = k.vmDendDt;
    const F glDend = select(refractory, F(1.0f + ac.Dend.GR), one);
    const F giDend = giB + F(ac.Gbar.I) * ssgiDend;
    F vd = vmDend;
    for (int s = 0; s < steps; ++s) vd = clamp(vd + F(vmDendDt / steps) * inetFrom(vd, glDend, giDend), vmLo, vmHi);
    vd = clamp(vd + F(vmDendDt * ac.Dend.GExp) * expiEff, vmLo, vmHi);

    // ---- spike and inter-spike interval (SpikeFromVm)
    const auto spike = vmNew >= F(k.spikeThr);
    const float isiDt = k.isiDt;
    const F isiAvg = L(NeuronVar::ISIAvg);
    const F isiAvgOnSpike = select(isiAvg == F(-1.0f), F(-2.0f),
                                   select(isi > zero, detail::avgFromISI(isiAvg, isi + one, isiDt), isiAvg));
    F isiNo = select(isi >= zero, isi + one, isi);
    isiNo = select(isiNo > F(200.0f), F(-1.0f), isiNo);
    const F isiAvgNo = select((isiAvg >= zero) & (isiNo > zero) & (isiNo > F(1.2f) * isiAvg),
                              detail::avgFromISI(isiAvg, isiNo, isiDt), isiAvg);
    const F isiNew = select(spike, zero, isiNo);
    const F isiAvgNew = select(spike, isiAvgOnSpike, isiAvgNo);
    const F spikeF = select(spike, one, zero);
    const F spikedF = select(spike | ((isiNo >= zero) & (isiNo < F(10.0f))), one, zero);

    // rate code for display and stats: Act relaxes toward MaxHz-normalised 1/ISIAvg
    const float actPerIsi = k.actPerIsi;
    const F actTarget = select(isiAvgNew > zero, vmin(one, F(actPerIsi) / isiAvgNew), zero);
    F act = L(NeuronVar::Act);
    act = act + F(100.0f * vmDt) * (actTarget - act);

    // ---- calcium (CaFromSpike): activity CaP/CaD, synaptic credit CaSyn, learning Ca
    const CaSpikeParams& cs = ln.CaSpike;
    F caM = L(NeuronVar::CaM), caP = L(NeuronVar::CaP), caD = L(NeuronVar::CaD);
    caM = caM + (F(cs.SpikeCaM) * spikeF - caM) * F(k.caMDt);
    caP = caP + (caM - caP) * F(k.caPDt);
    caD = caD + (caP - caD) * F(k.caDDt);
    F caSyn = L(NeuronVar::CaSyn);
    caSyn = caSyn + (F(cs.SpikeCaSyn) * spikeF - caSyn) * F(k.caSynDt);
    store(a.bin + i, load(a.bin + i, tag) * F(a.binKeep) + caSyn * F(a.binMean));

    const CaLearnParams& cl = ln.CaLearn;
    const F vgccCa = cl.SpikeVGCC > 0 ? F(cl.SpikeVgccCa) * spikeF : vmax(-vmDend * F(ac.VGCC.Ca) * gvgcc, zero);
    F vgccCaInt = L(NeuronVar::VgccCaInt);
    vgccCaInt = vgccCaInt + vgccCa - vgccCaInt * F(k.vgccDt);
    const F learnCa = (nmdaCa + vgccCaInt) * F(k.learnCaNorm);
    F lcM = L(NeuronVar::LearnCaM), lcP = L(NeuronVar::LearnCaP), lcD = L(NeuronVar::LearnCaD);
    lcM = lcM + (learnCa - lcM) * F(k.lcMDt);
    lcP = lcP + (lcM - lcP) * F(k.lcPDt);
    lcD = lcD + (lcP - lcD) * F(k.lcDDt);
    const F caDiff = F(cl.PosBias) * lcP - lcD;

    // ---- post-spike integration (PostSpike) and the receiver learning-rate factor
    const float intDt = k.intDt;
    const F geInt = L(NeuronVar::GeInt) + (ge - L(NeuronVar::GeInt)) * F(intDt);
    const F giInt = L(NeuronVar::GiInt) + (giSyn - L(NeuronVar::GiInt)) * F(intDt);
    const F actInt = L(NeuronVar::ActInt) + (act - L(NeuronVar::ActInt)) * F(a.actIntDt);

    const RLRateParams& rl = ln.RLRate;
    F rlRate = one;
    if (rl.On > 0) {
        const F ca = vmin(caD / F(a.maxCaD > 0 ? a.maxCaD : 1.0f), one);
        const F sig = vmax(F(4.0f) * ca * (one - ca), F(rl.SigmoidMin));
        F dif = one;
        if (rl.Diff > 0) {
            const F smax = vmax(caP, caD), ad = vabs(caP - caD);
            dif = select(smax > F(rl.SpikeThr), select(ad < F(rl.DiffThr), F(rl.Min), ad / smax), F(rl.Min));
        }
        rlRate = sig * dif;
    }
    const F learnNow = select(caD > F(ln.Timing.LearnThr), one, zero);

    // ---- store
    S(NeuronVar::GnmdaSyn, gnmdaSyn); S(NeuronVar::Gnmda, gnmda); S(NeuronVar::GnmdaLrn, gnmdaLrn);
    S(NeuronVar::NmdaCa, nmdaCa); S(NeuronVar::Gvgcc, gvgcc); S(NeuronVar::VgccM, vgccM); S(NeuronVar::VgccH, vgccH);
    S(NeuronVar::Ge, ge); S(NeuronVar::GeExt, geExt); S(NeuronVar::GiSyn, giSyn); S(NeuronVar::Gi, gi);
    S(NeuronVar::SSGiDend, ssgiDend); S(NeuronVar::MahpN, mahpN); S(NeuronVar::Gmahp, gmahp);
    S(NeuronVar::GknaMed, knaMed); S(NeuronVar::GknaSlow, knaSlow); S(NeuronVar::Gak, gakV);
    S(NeuronVar::GababM, gababM); S(NeuronVar::GababX, gababX); S(NeuronVar::GgabaB, ggabab); S(NeuronVar::Gk, gk);
    S(NeuronVar::Vm, vmNew); S(NeuronVar::Inet, inetNew); S(NeuronVar::VmDend, vd);
    S(NeuronVar::Spike, spikeF); S(NeuronVar::Spiked, spikedF); S(NeuronVar::ISI, isiNew); S(NeuronVar::ISIAvg, isiAvgNew);
    S(NeuronVar::Act, act); S(NeuronVar::CaM, caM); S(NeuronVar::CaP, caP); S(NeuronVar::CaD, caD);
    S(NeuronVar::CaSyn, caSyn); S(NeuronVar::VgccCaInt, vgccCaInt); S(NeuronVar::LearnCa, learnCa);
    S(NeuronVar::LearnCaM, lcM); S(NeuronVar::LearnCaP, lcP); S(NeuronVar::LearnCaD, lcD); S(NeuronVar::CaDiff, caDiff);
    S(NeuronVar::GeInt, geInt); S(NeuronVar::GiInt, giInt); S(NeuronVar::ActInt, actInt);
    S(NeuronVar::RLRate, rlRate); S(NeuronVar::LearnNow, learnNow);
    if (a.hasMaint) { S(NeuronVar::GMaintSyn, gMaintSyn); S(NeuronVar::GnmdaMaint, gnmdaMaint); }
}

}  // namespace theta
