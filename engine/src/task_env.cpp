// The task environment of a Sim: which item each data index sees on a trial, and how
// its response is scored (Axon's Env plus the sim's trial statistics).
#include <cmath>

#include "cycle.h"
#include "rng.h"
#include "sim_impl.h"

namespace theta {

void Sim::Impl::presentItem(int d) {
    if (driveTask) return;  // no item: the drive sets the input every cycle
    if (fsaTask) {
        fsaStep(fsa[d], seed, d);
        currentPattern[d] = fsa[d].token;
        const PatternRow& row = patterns[currentPattern[d]];
        applyInput(net, d, inputLayer, &row.input, targetLayer, &row.target);
        return;
    }
    // Pattern tasks walk one permutation of the rows, reshuffled whenever it wraps (the
    // rows in order for a "sequential" task); data indices take consecutive rows, so a step
    // of nData items covers nData distinct rows.
    if (orderPos >= order.size()) {
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
        Rng rng(seed, RngStream::Env, (static_cast<std::uint64_t>(counters.run) << 32) + permutations++);
        if (!sequential) rng.shuffle(order.data(), static_cast<std::uint32_t>(order.size()));
        orderPos = 0;
    }
    currentPattern[d] = static_cast<int>(order[orderPos++]);
    const PatternRow& row = patterns[currentPattern[d]];
    applyInput(net, d, inputLayer, &row.input, targetLayer, &row.target);
}

TrialStats Sim::Impl::scoreItem(int d) const {
    TrialStats ts;
    ts.pattern = currentPattern[d];
    if (targetLayer < 0) return ts;
    const Layer& ly = net.layers[targetLayer];
    const float* actM = net.layerVar(ly, NeuronVar::ActM, d);
    const float* actP = net.layerVar(ly, NeuronVar::ActP, d);
    const float* trg = net.layerVar(ly, NeuronVar::Target, d);
    const float thr = ly.params.Acts.Clamp.ErrThr;
    int nErr = 0;
    double sse = 0, mM = 0, mP = 0;
    const int n = ly.numNeurons;
    for (int i = 0; i < n; ++i) {
        nErr += (actM[i] > thr) != (trg[i] > thr);
        sse += (trg[i] - actM[i]) * (trg[i] - actM[i]);
        mM += actM[i];
        mP += actP[i];
    }
    mM /= n;
    mP /= n;
    double cov = 0, vM = 0, vP = 0;
    for (int i = 0; i < n; ++i) {
        cov += (actM[i] - mM) * (actP[i] - mP);
        vM += (actM[i] - mM) * (actM[i] - mM);
        vP += (actP[i] - mP) * (actP[i] - mP);
    }
    ts.pctUnitErr = static_cast<float>(nErr) / n;
    ts.sse = static_cast<float>(sse);
    ts.phaseCorr = vM > 0 && vP > 0 ? static_cast<float>(cov / std::sqrt(vM * vP)) : 0.0f;
    ts.err = nErr > 0;
    if (fsaTask) {
        // deepfsa's error: the Pulvinar's most active unit in the minus phase (its
        // prediction) must be one of the tokens the grammar allowed at this step
        int best = 0;
        float bestAct = 0;
        for (int i = 0; i < n; ++i)
            if (actM[i] > bestAct) {
                bestAct = actM[i];
                best = i;
            }
        ts.err = (fsa[d].valid >> best & 1) == 0;
    }
    return ts;
}

}  // namespace theta
