#include "layer_consts.h"

#include "fastmath.h"

namespace theta {

LayerConsts layerConsts(const LayerParams& p) {
    const ActParams& ac = p.Acts;
    const LearnNeuronParams& ln = p.Learn;
    const float knaOn = ac.KNa.On > 0 ? 1.0f : 0.0f;
    LayerConsts k{};
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
    k.noiseGeExpInt = ac.Noise.GeHz > 0 ? expF(-1000.0f / ac.Noise.GeHz) : 0.0f;
    k.noiseGiExpInt = ac.Noise.GiHz > 0 ? expF(-1000.0f / ac.Noise.GiHz) : 0.0f;
    k.actIntDtPlus = 3.0f / ac.Dt.IntTau;
    k.mahpTadj = powF(2.3f, 1.4f);
    const GabaBParams& gb = ac.GabaB;
    k.gababTauFact = gb.Decay == gb.Rise ? 2.718281828f : powF(gb.Decay / gb.Rise, gb.Rise / (gb.Decay - gb.Rise));
    k.geDt = 1.0f / ac.Dt.GeTau;
    k.giDt = 1.0f / ac.Dt.GiTau;
    k.ctDecayDt = p.CT.DecayTau > 0 ? 1.0f / p.CT.DecayTau : 0.0f;
    return k;
}

}  // namespace theta
