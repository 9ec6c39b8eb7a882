// Batch training for `thetalab run`: every condition (an experiment with its settings
// applied) times N runs, on J threads. Threads live here, in the command line tool only:
// the engine itself has none, and each job builds its own Sim, so jobs share nothing.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "theta/experiment.h"

namespace theta {

struct BatchCondition {
    std::string label;       ///< SettingsCondition::label
    Experiment experiment;   ///< validated, settings applied
};

struct BatchOptions {
    int runs = 1;              ///< runs per condition; run r starts with Sim::initRun(seed, r)
    int jobs = 1;              ///< threads (at most one per condition x run)
    std::FILE* csv = nullptr;  ///< one row per (condition, run, epoch) when set
    /// A shard: train only the (condition, run) pairs [firstRun, endRun) of the whole
    /// batch, counted condition by condition (pair c * runs + r). Each pair's results depend
    /// only on its condition, seed and run index, so shards run anywhere give the rows the
    /// whole batch would.
    std::size_t firstRun = 0, endRun = static_cast<std::size_t>(-1);
    /// Write the CSV header: only shard 1 does, so the shards' CSVs concatenated in order
    /// are the whole batch's CSV, byte for byte (also when some shards are empty).
    bool csvHeader = true;
};

/// The pairs [first, end) of shard `index` (1-based) of `count` over `total` pairs: contiguous
/// slices whose sizes differ by at most one.
void shardRange(std::size_t total, int index, int count, std::size_t& first, std::size_t& end);

/// Train conditions x runs and report on stdout: per-epoch lines, each run's FirstZero, and
/// per condition the median and range of FirstZero over its runs and how many never reached
/// it. Lines and CSV rows come in (condition, run, epoch) order whatever the number of jobs
/// (a run's lines appear as soon as every earlier run has finished), so the CSV is
/// byte-identical for any `jobs`; only the ms/trial timings on stdout vary. With several
/// jobs, each finished run is also announced on stderr. Returns the process exit code.
int runBatch(const std::vector<BatchCondition>& conditions, const BatchOptions& options);

}  // namespace theta
