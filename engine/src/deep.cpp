#include "deep.h"

#include <algorithm>

#include "simd.h"

namespace theta {

/// Axon's SpecialPreGs, after the pool sums and before the neuron update. CT: the context
/// conductance enters GeRaw (driving NMDA) and GeSyn, decays, and is the neuron's GeExt for
/// FS inhibition. Pulvinar: Ext = the share of non-driver input, and in the plus phase the
/// driver's Burst replaces the (scaled-down) synaptic input (docs/model.md).
void specialPreGs(Network& net, Layer& ly, int d) {
    float* geRaw = net.layerVar(ly, NeuronVar::GeRaw, d);
    float* geSyn = net.layerVar(ly, NeuronVar::GeSyn, d);
    float* geExt = net.layerVar(ly, NeuronVar::GeExt, d);
    const float geTau = ly.params.Acts.Dt.GeTau;
    if (ly.type == LayerType::CT) {
        float* ctxt = net.layerVar(ly, NeuronVar::CtxtGe, d);
        const float gain = ly.params.CT.GeGain;
        const float decayDt = ly.consts.ctDecayDt;
        for (std::size_t i = 0; i < ly.nPad; ++i) {
            const float g = gain * ctxt[i];
            geRaw[i] += g;
            ctxt[i] -= ctxt[i] * decayDt;
            geSyn[i] += g * geTau;
            geExt[i] = g * geTau;
        }
    } else if (ly.type == LayerType::Pulvinar) {
        const Layer& drv = net.layers[ly.driver];
        const PulvinarParams& pv = ly.params.Pulvinar;
        const float nonDrivePct = 1.0f - std::min(1.0f, net.pool(drv, 0, d).caPMax / pv.FullDriveAct);
        const float* burst = net.layerVar(drv, NeuronVar::Burst, d);
        float* ext = net.layerVar(ly, NeuronVar::Ext, d);
        const bool plus = net.ctx.plusPhase;
        for (int i = 0; i < ly.numNeurons; ++i) {
            ext[i] = nonDrivePct;
            if (plus) {
                const float drvGe = pv.DriveScale * burst[i];
                geSyn[i] = nonDrivePct * geSyn[i] + drvGe * geTau;
                geRaw[i] = nonDrivePct * geRaw[i] + drvGe;
            }
            geExt[i] = plus ? geSyn[i] : 0.0f;
        }
    }
}

/// Axon's PostSpikeSpecial, after the neuron update: every layer's Burst is its CaP, except
/// that a Super layer in the plus phase bursts only above a threshold between its mean and
/// max CaP; at the last cycle a CT layer takes the context that arrived (CtxtGeRaw).
void postSpikeSpecial(Network& net, Layer& ly, int d) {
    const float* caP = net.layerVar(ly, NeuronVar::CaP, d);
    float* burst = net.layerVar(ly, NeuronVar::Burst, d);
    float thr = 0;
    if (ly.type == LayerType::Super && net.ctx.plusPhase) {
        const Pool& lp = net.pool(ly, 0, d);  // CaP summary of the previous cycle
        thr = std::max(lp.caPAvg + ly.params.Bursts.ThrRel * (lp.caPMax - lp.caPAvg), ly.params.Bursts.ThrAbs);
    }
    for (std::size_t i = 0; i < ly.nPad; ++i) burst[i] = caP[i] < thr ? 0.0f : caP[i];
    if (ly.type == LayerType::CT && net.ctx.cycle == net.ctx.thetaCycles - 1) {
        float* ctxt = net.layerVar(ly, NeuronVar::CtxtGe, d);
        const float* raw = net.layerVar(ly, NeuronVar::CtxtGeRaw, d);
        float* orig = net.layerVar(ly, NeuronVar::CtxtGeOrig, d);
        const bool replace = ly.params.CT.DecayTau == 0;
        for (std::size_t i = 0; i < ly.nPad; ++i) {
            ctxt[i] = replace ? raw[i] : ctxt[i] + raw[i];
            orig[i] = ctxt[i];
        }
    }
}

}  // namespace theta
