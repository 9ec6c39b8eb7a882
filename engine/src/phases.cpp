// Theta-cycle phase events (axon act-net.go, act-layer.go; docs/model.md).
#include <algorithm>

#include "act.h"
#include "cycle.h"

namespace theta {
namespace {

/// Decay toward the resting state: activity by `act`, long conductances (NMDA, GABA-B,
/// VmDend, maintenance NMDA) by `glong`, AHP channels by `ahp`, learning Ca by `lca`
/// (axon ActParams.DecayState); the per-cycle raw inputs are cleared.
void decayActivity(Network& net, Layer& ly, int d, float act, float glong, float ahp, float lca) {
    const ActParams& ac = ly.params.Acts;
    auto V = [&](NeuronVar v) { return net.layerVar(ly, v, d); };
    // Padding lanes decay toward 0 for the base conductances (GeBase, GiBase): they stay inert.
    auto decayTo = [&](NeuronVar v, float frac, float target, bool padToZero = false) {
        float* x = V(v);
        for (std::size_t i = 0; i < ly.nPad; ++i) {
            const bool unit = i < static_cast<std::size_t>(ly.numNeurons);
            x[i] -= frac * (x[i] - (padToZero && !unit ? 0.0f : target));
        }
    };
    if (act > 0) {
        std::fill(V(NeuronVar::Spike), V(NeuronVar::Spike) + ly.nPad, 0.0f);
        decayTo(NeuronVar::Act, act, ac.Init.Act);
        decayTo(NeuronVar::ActInt, act, ac.Init.Act);
        decayTo(NeuronVar::GeSyn, act, ac.Init.GeBase, true);
        decayTo(NeuronVar::Ge, act, ac.Init.GeBase, true);
        decayTo(NeuronVar::Gi, act, ac.Init.GiBase, true);
        for (NeuronVar v : {NeuronVar::Gk, NeuronVar::GiSyn, NeuronVar::GeInt, NeuronVar::GiInt}) decayTo(v, act, 0);
        decayTo(NeuronVar::Vm, act, ac.Init.Vm);
    }
    if (glong > 0) {
        decayTo(NeuronVar::VmDend, glong, ac.Init.Vm);
        for (NeuronVar v : {NeuronVar::GgabaB, NeuronVar::GababM, NeuronVar::GababX, NeuronVar::GnmdaSyn, NeuronVar::Gnmda,
                            NeuronVar::Gvgcc, NeuronVar::VgccM, NeuronVar::VgccH, NeuronVar::Gak, NeuronVar::GMaintSyn,
                            NeuronVar::GnmdaMaint})
            decayTo(v, glong, 0);
    }
    if (ahp > 0) {
        for (NeuronVar v : {NeuronVar::MahpN, NeuronVar::Gmahp, NeuronVar::SahpCa, NeuronVar::SahpN, NeuronVar::Gsahp,
                            NeuronVar::GknaMed, NeuronVar::GknaSlow})
            decayTo(v, ahp, 0);
    }
    if (lca > 0) {
        for (NeuronVar v : {NeuronVar::GnmdaLrn, NeuronVar::NmdaCa, NeuronVar::VgccCaInt, NeuronVar::LearnCa,
                            NeuronVar::LearnCaM, NeuronVar::LearnCaP, NeuronVar::LearnCaD})
            decayTo(v, lca, 0);
    }
    for (NeuronVar v : {NeuronVar::Inet, NeuronVar::GeRaw, NeuronVar::GiRaw, NeuronVar::SSGiDend, NeuronVar::GeExt,
                        NeuronVar::GMaintRaw})
        std::fill(V(v), V(v) + ly.nPad, 0.0f);
}

/// Start-of-trial state (axon NewState): the previous trial's CaD and Burst are kept, the
/// rate-code integrators restart, and activity, long conductances, AHP channels and learning
/// Ca decay by the layer's Decay parameters. Learning Ca is not decayed by default: it
/// carries across trials like Axon's.
void decayState(Network& net, Layer& ly, int d) {
    const ActParams& ac = ly.params.Acts;
    const float act = ac.Decay.Act;
    auto V = [&](NeuronVar v) { return net.layerVar(ly, v, d); };
    std::copy(V(NeuronVar::CaD), V(NeuronVar::CaD) + ly.nPad, V(NeuronVar::CaDPrev));
    std::copy(V(NeuronVar::Burst), V(NeuronVar::Burst) + ly.nPad, V(NeuronVar::BurstPrv));
    std::fill(V(NeuronVar::ISIAvg), V(NeuronVar::ISIAvg) + ly.nPad, -1.0f);
    std::fill(V(NeuronVar::ActInt), V(NeuronVar::ActInt) + ly.nPad, ac.Init.Act);
    std::fill(V(NeuronVar::Spiked), V(NeuronVar::Spiked) + ly.nPad, 0.0f);
    decayActivity(net, ly, d, act, ac.Decay.Glong, ac.Decay.AHP, ac.Decay.LearnCa);
    if (act > 0) {
        for (int pi : ly.recvPaths) {  // the per-path synaptic conductances that sum to GeSyn
            float* gsyn = net.paths[pi].gSynData(d);
            for (std::size_t i = 0; i < net.paths[pi].recvPad; ++i) gsyn[i] -= act * gsyn[i];
        }
    }
    for (int p = 0; p < ly.numPools; ++p) {
        Pool& pool = net.pool(ly, p, d);
        pool.FFAvgPrv = pool.FFAvg;
        for (float* x : {&pool.FFs, &pool.FBs, &pool.GeExts, &pool.FSi, &pool.SSi, &pool.SSf, &pool.FSGi, &pool.SSGi,
                         &pool.TotalGi, &pool.FFAvg})
            *x -= act * *x;
    }
    if (ac.Decay.GBuffs > 0) {
        for (int pi : ly.recvPaths) {
            Path& pt = net.paths[pi];
            std::fill(pt.gBufSlot(d, 0), pt.gBufSlot(d, 0) + pt.delLen * pt.recvPad, 0.0f);
            std::fill(pt.gSynData(d), pt.gSynData(d) + pt.recvPad, 0.0f);
        }
    }
}

void setLayer(Network& net, const Layer& ly, NeuronVar v, int d, const std::vector<float>& vals) {
    float* x = net.layerVar(ly, v, d);
    for (int i = 0; i < ly.numNeurons && i < static_cast<int>(vals.size()); ++i) x[i] = vals[i];
}

}  // namespace

void trialStart(Network& net) {
    net.ctx.cycle = 0;
    net.ctx.plusPhase = false;
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) {
            for (NeuronVar v : {NeuronVar::Ext, NeuronVar::Target, NeuronVar::HasExt})
                std::fill(net.layerVar(ly, v, d), net.layerVar(ly, v, d) + ly.nPad, 0.0f);
            for (int p = 0; p < ly.numPools; ++p) net.pool(ly, p, d).clamped = false;
            decayState(net, ly, d);
        }
}

void applyInput(Network& net, int d, int inputLayer, const std::vector<float>* input, int targetLayer,
                const std::vector<float>* target) {
    if (input && inputLayer >= 0) {
        Layer& ly = net.layers[inputLayer];
        setLayer(net, ly, NeuronVar::Ext, d, *input);
        std::fill(net.layerVar(ly, NeuronVar::HasExt, d), net.layerVar(ly, NeuronVar::HasExt, d) + ly.numNeurons, 1.0f);
        if (ly.params.Acts.Clamp.Add == 0)
            for (int p = 0; p < ly.numPools; ++p) net.pool(ly, p, d).clamped = true;
    }
    if (target && targetLayer >= 0) setLayer(net, net.layers[targetLayer], NeuronVar::Target, d, *target);
}

void trialStart(Network& net, int inputLayer, const std::vector<float>* input, int targetLayer,
                const std::vector<float>* target) {
    trialStart(net);
    applyInput(net, 0, inputLayer, input, targetLayer, target);
}

void minusPhaseEnd(Network& net) {
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) {
            const float* actInt = net.layerVar(ly, NeuronVar::ActInt, d);
            std::copy(actInt, actInt + ly.nPad, net.layerVar(ly, NeuronVar::ActM, d));
            // a Pulvinar forgets its prediction fully, so the plus phase shows the outcome
            // only (axon MinusPhasePost; emer/axon#238)
            if (ly.type == LayerType::Pulvinar) decayActivity(net, ly, d, 1, 1, 0, 0);
        }
}

void plusPhaseStart(Network& net) {
    net.ctx.plusPhase = true;
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) {
            if (ly.type == LayerType::Pulvinar)  // driven by its driver: FS inhibition follows GeExts
                for (int p = 0; p < ly.numPools; ++p) net.pool(ly, p, d).clamped = true;
            if (ly.type != LayerType::Target) continue;
            auto V = [&](NeuronVar v) { return net.layerVar(ly, v, d); };
            std::copy(V(NeuronVar::Target), V(NeuronVar::Target) + ly.numNeurons, V(NeuronVar::Ext));
            std::fill(V(NeuronVar::HasExt), V(NeuronVar::HasExt) + ly.numNeurons, 1.0f);
            std::fill(V(NeuronVar::ISI), V(NeuronVar::ISI) + ly.numNeurons, -1.0f);
            std::fill(V(NeuronVar::ISIAvg), V(NeuronVar::ISIAvg) + ly.numNeurons, -1.0f);
            std::fill(V(NeuronVar::ActInt), V(NeuronVar::ActInt) + ly.numNeurons, 0.0f);
            for (int p = 0; p < ly.numPools; ++p) net.pool(ly, p, d).clamped = true;
        }
}

void plusPhaseEnd(Network& net) {
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) {
            const ActParams& ac = ly.params.Acts;
            auto V = [&](NeuronVar v) { return net.layerVar(ly, v, d); };
            std::copy(V(NeuronVar::ActInt), V(NeuronVar::ActInt) + ly.nPad, V(NeuronVar::ActP));
            float *sahpCa = V(NeuronVar::SahpCa), *sahpN = V(NeuronVar::SahpN), *gsahp = V(NeuronVar::Gsahp);
            const float *caP = V(NeuronVar::CaP), *caD = V(NeuronVar::CaD), *actM = V(NeuronVar::ActM);
            const float* caDPrev = V(NeuronVar::CaDPrev);
            float *eTrace = V(NeuronVar::ETrace), *eTrLearn = V(NeuronVar::ETrLearn);
            // DTrgAvg is shared by all data indices (slot 0): every stream adds its error in turn
            float* dtrg = net.layerVar(ly, NeuronVar::DTrgAvg, 0);
            const bool learnsTrg = learnsTrgAvg(ly);
            const float errLRate = ly.params.Learn.TrgAvgAct.ErrLRate;
            const CaLearnParams& cl = ly.params.Learn.CaLearn;
            float mSum = 0, pSum = 0;
            for (int i = 0; i < ly.numNeurons; ++i) {
                // slow AHP: gated by the trial-level Ca, a cutoff on chronically active neurons
                float ninf, tau;
                detail::ninfTau(sahpCa[i], ac.Sahp.Off, ac.Sahp.Slope, ac.Sahp.TauMax, ninf, tau);
                sahpN[i] = ninf;
                sahpCa[i] += (caD[i] - sahpCa[i]) / ac.Sahp.CaTau;
                gsahp[i] = ac.Sahp.Gk * sahpN[i];
                if (learnsTrg) dtrg[i] += errLRate * (caP[i] - caD[i]);
                // eligibility trace of the trial-to-trial CaD change (off at ETraceScale 0)
                eTrace[i] += ((caD[i] - caDPrev[i]) - eTrace[i]) / cl.ETraceTau;
                eTrLearn[i] = std::max(0.0f, 1.0f + cl.ETraceScale * eTrace[i]);
                mSum += actM[i];
                pSum += V(NeuronVar::ActP)[i];
            }
            if (d == 0) {  // display summary of the first stream
                ly.actMAvg = mSum / std::max(1, ly.numNeurons);
                ly.actPAvg = pSum / std::max(1, ly.numNeurons);
            }
        }
    // ActAvg (shared): every stream's step is taken from the same old value and summed, as
    // Axon does, so NData streams move it NData times as fast as one
    for (Layer& ly : net.layers) {
        float* actAvg = net.layerVar(ly, NeuronVar::ActAvg, 0);
        const float longDt = 1.0f / ly.params.Acts.Dt.LongAvgTau;
        for (int i = 0; i < ly.numNeurons; ++i) {
            float step = 0;
            for (int d = 0; d < net.nData; ++d) step += net.layerVar(ly, NeuronVar::ActM, d)[i] - actAvg[i];
            actAvg[i] += step * longDt;
        }
    }
    ++net.ctx.trialsTotal;
}

}  // namespace theta
