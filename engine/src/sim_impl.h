// Sim's private state, shared by sim.cpp (the looper) and checkpoint.cpp.
#pragma once
#include <cstdint>
#include <vector>

#include "fsa_env.h"
#include "network.h"
#include "theta/sim.h"

namespace theta {

struct Sim::Impl {
    Network net;
    std::vector<PatternRow> patterns;
    int inputLayer = -1, targetLayer = -1;
    std::uint64_t seed = 1;
    Counters counters;
    bool trialActive = false;
    // environment: a permutation of the pattern rows, reshuffled whenever it wraps
    std::vector<std::uint32_t> order;
    std::size_t orderPos = 0;
    std::uint64_t permutations = 0;
    bool sequential = false;  ///< task.order "sequential": the rows in order, never shuffled
    std::vector<int> currentPattern;  ///< per data index: the row shown this trial (-1 = none yet)
    // the "fsa" task: one Reber-grammar stream per data index; `patterns` holds one
    // one-hot row per token, so the row shown is the token
    bool fsaTask = false;
    std::vector<FsaStream> fsa;
    std::vector<float> pathDWt;  ///< per path: the mean DWt of the last trial's learning
    // the "drive" task: the network sets the driven layer's input each cycle (drive.h)
    bool driveTask = false;
    // statistics
    TrialStats lastTrial;
    EpochStats epochAcc;
    int epochTrials = 0;
    std::vector<EpochStats> epochLog;
    // theta-cycle scope recording
    std::vector<Recording> recs;
    std::vector<std::vector<float>> recValues;
    std::vector<float> recPools;   // [cycle][layer][PoolVar]; empty while pool recording is off
    int recCycles = 0;

    // the task environment (task_env.cpp)
    /// Choose data index d's next item and clamp it onto the input (and target) layer.
    void presentItem(int d);
    /// Statistics of data index d's item at the end of its trial (pattern and error fields).
    TrialStats scoreItem(int d) const;
};

}  // namespace theta
