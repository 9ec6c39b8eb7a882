// `thetalab trace`: every cycle of a few trials as CSV, the numbers behind Axon's cycle
// plots (a neuron's Vm, spikes, conductances and calcium), for each condition of a grid.
#pragma once
#include <cstdio>
#include <vector>

#include "batch.h"

namespace theta {

struct TraceOptions {
    int runs = 1;              ///< runs per condition; run r starts with Sim::initRun(seed, r)
    int trials = 1;            ///< trials traced per run (stepping on across epochs)
    std::FILE* csv = nullptr;  ///< one row per cycle when set
};

/// The variables traced for every layer, in column order (those of Axon's cycle plots).
const std::vector<const char*>& traceVarNames();

/// Trace conditions x runs x trials: CSV rows `condition,run,trial,cycle,<Layer>.<Var>...`
/// (the mean over the layer's units, stream 0) and the layer pool's inhibition (PoolVar:
/// FFs, FBs, GeExts, FSi, SSi, SSf, FSGi, SSGi, TotalGi), then per path `<From>><To>.SynCa` (sender x
/// receiver CaSyn, mean over synapses) and `.DWt` (the mean DWt the trial's learning
/// computed, on its last cycle's row only); on stdout each trial's spike count per layer and
/// DWt per path. Returns the process exit code.
int runTrace(const std::vector<BatchCondition>& conditions, const TraceOptions& options);

}  // namespace theta
