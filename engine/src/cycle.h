// The per-cycle network update and the theta-cycle phase events.
#pragma once
#include <vector>

#include "network.h"

namespace theta {

/// One 1-ms cycle of the whole network: SIMD kernels where built with THETA_SIMD, or
/// every kernel's scalar twin with scalarOnly (tests compare the two bit for bit).
void networkCycle(Network& net, bool scalarOnly = false);

/// The neuron update of one layer (act.h), every data index, from the conductances already
/// gathered: networkCycle's fourth stage, alone (Axon's RunCycleNeuron for one layer).
void cycleLayerNeurons(Network& net, Layer& ly, bool scalarOnly = false);

/// Trial start for every data index: clear external input, decay state (axon NewState).
void trialStart(Network& net);
/// Clamp data index d's input layer to `input` and set its target layer's Target (nullptr = none).
void applyInput(Network& net, int d, int inputLayer, const std::vector<float>* input, int targetLayer,
                const std::vector<float>* target);
/// trialStart(net) then applyInput for data index 0 (single-stream tests and benchmarks).
void trialStart(Network& net, int inputLayer, const std::vector<float>* input, int targetLayer,
                const std::vector<float>* target);
/// ActM = ActInt at the end of the minus phase.
void minusPhaseEnd(Network& net);
/// Target layers are clamped to their targets for the plus phase.
void plusPhaseStart(Network& net);
/// ActP, sAHP, activity averages and DTrgAvg at the end of the plus phase.
void plusPhaseEnd(Network& net);

}  // namespace theta
