// Constants derived from a layer's parameters alone (reciprocals of time constants, the
// exponent factors of mAHP and GABA-B), computed once when the parameters change (by
// updateDerived, network.h), so the per-cycle code multiplies instead of dividing and takes
// no powers.
#pragma once
#include "theta/params.h"

namespace theta {

struct LayerConsts {
    // neuron kernel (act.h)
    float nmdaDt, lrnNmdaDt, knaMedOn, knaMedRiseDt, knaMedDecayDt, knaSlowOn, knaSlowRiseDt, knaSlowDecayDt;
    float gababRiseDt, gababDecayDt, vmDt, vmDendDt, rDt, maxI, isiDt, actPerIsi, intDt;
    float caMDt, caPDt, caDDt, caSynDt, vgccDt, learnCaNorm, lcMDt, lcPDt, lcDDt;
    float expGain, expSlopeInv, spikeThr, mahpSlopeInv, mahpRateScale, maintDt;
    float actIntDtPlus;  ///< ActInt rate in the plus phase: 3x intDt
    float mahpTadj;      ///< mAHP temperature factor 2.3^1.4
    float gababTauFact;  ///< GABA-B (Decay/Rise)^(Rise/(Decay-Rise)), e when Decay = Rise
    // spike gathering (spikes.cpp) and the CT context (deep.cpp)
    float geDt, giDt;    ///< synaptic conductance decay per cycle: 1/GeTau, 1/GiTau
    float ctDecayDt;     ///< CT context decay per cycle: 1/DecayTau, 0 when DecayTau is 0
    // spike noise (noise.cpp): a generator fires when its product falls to exp(-1000 / Hz)
    float noiseGeExpInt, noiseGiExpInt;
};

LayerConsts layerConsts(const LayerParams& p);

}  // namespace theta
