// Batch training (batch.h). Worker threads take (condition, run) jobs in job order from an
// atomic counter; each job builds its own Sim and starts its run with initRun, so a job's
// results depend only on its condition, seed and run index. The main thread prints: it
// follows jobs in order, printing the current job's epochs as they arrive, so the output
// order (and the CSV) never depends on how the threads interleave.
#include "batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "theta/sim.h"

namespace theta {
namespace {

constexpr int kExitOk = 0, kExitInternal = 1, kExitBadInput = 2;

using Clock = std::chrono::steady_clock;

struct EpochRow {
    EpochStats stats;
    double msPerTrial;  ///< wall-clock time, for stdout only (never in the CSV)
    /// A test-only run (train.learn false) reports each trial: its pattern and each layer's
    /// minus- and plus-phase activity, printed before the epoch's line.
    std::vector<std::string> trialLines;
};

/// "run 0 trial 3 pattern 3: Layer1 ActM 0.084 ActP 0.091, Layer2 ..."
std::string trialLine(const Sim& sim) {
    const TrialStats& t = sim.lastTrial();
    std::string line = "run " + std::to_string(t.run) + " trial " + std::to_string(t.trial);
    if (t.pattern >= 0) line += " pattern " + std::to_string(t.pattern);
    line += ":";
    char buf[160];
    for (int li = 0; li < sim.numLayers(); ++li) {
        std::snprintf(buf, sizeof buf, "%s %s ActM %.3f ActP %.3f", li ? "," : "", sim.layerInfo(li).name.c_str(),
                      sim.layerTrialAct(li, Phase::Minus), sim.layerTrialAct(li, Phase::Plus));
        line += buf;
    }
    return line;
}

/// One (condition, run). The worker that trains it writes, the printer reads, both under
/// Batch::mutex_.
struct Job {
    std::vector<EpochRow> rows;           ///< epochs not yet taken by the printer
    int firstZero = -1;                   ///< of the last epoch, for the progress line
    bool done = false;
    std::vector<ValidationError> errors;  ///< Sim::create refused the experiment
    std::string internalError;            ///< an exception, e.g. out of memory
};

/// "median 25, range 20..41, never reached by 1" for the FirstZero epochs of some runs
/// (-1: the run never had a zero-error epoch), over the runs that reached one.
std::string firstZeroSummary(const std::vector<int>& firstZeros) {
    std::vector<int> reached;
    for (int f : firstZeros)
        if (f >= 0) reached.push_back(f);
    if (reached.empty()) return "never reached";
    std::sort(reached.begin(), reached.end());
    const std::size_t n = reached.size();
    const double median = n % 2 ? reached[n / 2] : (reached[n / 2 - 1] + reached[n / 2]) / 2.0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "median %g, range %d..%d, never reached by %zu", median, reached.front(),
                  reached.back(), firstZeros.size() - n);
    return buf;
}

class Batch {
public:
    Batch(const std::vector<BatchCondition>& conditions, const BatchOptions& options)
        : conditions_(conditions),
          options_(options),
          jobs_(conditions.size() * options.runs),
          first_(std::min(options.firstRun, jobs_.size())),
          end_(std::max(first_, std::min(options.endRun, jobs_.size()))),
          threads_(std::max(1, std::min<int>(options.jobs, static_cast<int>(end_ - first_)))),
          next_(first_) {}

    int run() {
        const auto t0 = Clock::now();
        int code = kExitInternal;
        {
            std::vector<std::thread> workers;
            // Joins on every way out, also when printing throws: no thread outlives the batch.
            struct JoinAll {
                Batch& batch;
                std::vector<std::thread>& workers;
                ~JoinAll() {
                    batch.failed_ = true;  // start no more jobs; the running ones finish
                    for (std::thread& t : workers) t.join();
                }
            } joinAll{*this, workers};
            for (int k = 0; k < threads_; ++k) workers.emplace_back([this] { work(); });
            code = printInOrder();
        }
        if (code == kExitOk)
            std::printf("%zu run(s) in %.1f s on %d thread(s)\n", end_ - first_,
                        std::chrono::duration<double>(Clock::now() - t0).count(), threads_);
        return code;
    }

private:
    int conditionOf(std::size_t j) const { return static_cast<int>(j / options_.runs); }
    int runOf(std::size_t j) const { return static_cast<int>(j % options_.runs); }

    void work() {
        while (!failed_) {
            const std::size_t j = next_++;
            if (j >= end_) return;
            try {
                train(j);
            } catch (const std::exception& e) {
                finish(j, {}, e.what());
            }
        }
    }

    void train(std::size_t j) {
        const Experiment& ex = conditions_[conditionOf(j)].experiment;
        std::vector<ValidationError> errors;
        std::unique_ptr<Sim> sim = Sim::create(ex, errors);
        if (!sim) {
            finish(j, std::move(errors), "");
            return;
        }
        sim->initRun(ex.seed, runOf(j));
        auto t0 = Clock::now();
        while (!sim->counters().runDone) {
            std::vector<std::string> trialLines;
            const std::size_t epochs = sim->epochLog().size();
            if (ex.train.learn) {
                sim->stepEpoch();
            } else {  // a test-only run: every trial is worth a line
                while (sim->epochLog().size() == epochs && sim->stepTrial()) trialLines.push_back(trialLine(*sim));
            }
            const auto t1 = Clock::now();
            const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / ex.train.trialsPerEpoch;
            t0 = t1;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                jobs_[j].rows.push_back({sim->epochLog().back(), ms, std::move(trialLines)});
                jobs_[j].firstZero = sim->epochLog().back().firstZero;
            }
            changed_.notify_all();
        }
        finish(j, {}, "");
    }

    void finish(std::size_t j, std::vector<ValidationError> errors, std::string internalError) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            Job& job = jobs_[j];
            job.done = true;
            job.errors = std::move(errors);
            job.internalError = std::move(internalError);
            if (!job.errors.empty() || !job.internalError.empty()) failed_ = true;
            ++finished_;
            // With one thread stdout already shows each run as it goes.
            if (threads_ > 1 && !failed_)
                std::fprintf(stderr, "thetalab: %zu of %zu runs done (condition %d run %d: FirstZero %d)\n", finished_,
                             end_ - first_, conditionOf(j), runOf(j), job.firstZero);
        }
        changed_.notify_all();
    }

    /// Print job j's epochs as they come, until it is done; false when it failed.
    bool printJob(std::size_t j, int& lastFirstZero, int& epochs) {
        const std::string& label = conditions_[conditionOf(j)].label;
        std::vector<EpochRow> rows;
        bool done = false;
        while (!done) {
            {
                std::unique_lock<std::mutex> lock(mutex_);
                changed_.wait(lock, [&] { return !jobs_[j].rows.empty() || jobs_[j].done; });
                rows.swap(jobs_[j].rows);  // the printer takes them: memory stays bounded
                done = jobs_[j].done;      // read with the rows: a done job adds no more
            }
            for (const EpochRow& row : rows) {
                for (const std::string& line : row.trialLines) std::printf("%s\n", line.c_str());
                const EpochStats& e = row.stats;
                std::printf("run %d epoch %3d  err %5.3f  unit-err %6.4f  sse %7.4f  corr %5.3f  %6.3f ms/trial\n",
                            e.run, e.epoch, e.pctErr, e.pctUnitErr, e.sse, e.phaseCorr, row.msPerTrial);
                if (options_.csv)
                    std::fprintf(options_.csv, "%s,%d,%d,%.6g,%.6g,%.6g,%.6g,%d,%d\n", label.c_str(), e.run, e.epoch,
                                 e.pctErr, e.pctUnitErr, e.sse, e.phaseCorr, e.nZero, e.firstZero);
                lastFirstZero = e.firstZero;
                epochs = e.epoch + 1;
            }
            rows.clear();
            std::fflush(stdout);
        }
        std::lock_guard<std::mutex> lock(mutex_);
        const Job& job = jobs_[j];
        for (const ValidationError& e : job.errors)
            std::fprintf(stderr, "thetalab: condition %s: %s\n", label.c_str(), e.str().c_str());
        if (!job.internalError.empty()) std::fprintf(stderr, "thetalab: internal error: %s\n", job.internalError.c_str());
        return job.errors.empty() && job.internalError.empty();
    }

    int printInOrder() {
        const Experiment& first = conditions_.front().experiment;
        std::printf("%s: seed %llu, %d run(s), up to %d epochs of %d trials (SIMD %s x%d)", first.name.c_str(),
                    static_cast<unsigned long long>(first.seed), options_.runs, first.train.epochs,
                    first.train.trialsPerEpoch, simdArchName(), simdLanes());
        if (conditions_.size() > 1) std::printf(", %zu conditions", conditions_.size());
        if (threads_ > 1) std::printf(", %d jobs", threads_);
        if (first_ == end_) {
            std::printf("\nthis shard has no runs: the batch has %zu\n", jobs_.size());
            return kExitOk;
        }
        if (first_ > 0 || end_ < jobs_.size())
            std::printf(", this shard: runs %zu..%zu of %zu (condition x run)", first_, end_ - 1, jobs_.size());
        std::printf("\n");
        std::vector<std::pair<int, std::string>> summaries;  ///< (condition, FirstZero summary)
        std::vector<int> firstZeros;
        for (std::size_t j = first_; j < end_; ++j) {
            const int c = conditionOf(j), r = runOf(j);
            if ((r == 0 || j == first_) && conditions_.size() > 1) std::printf("condition %d: %s\n", c, conditions_[c].label.c_str());
            int firstZero = -1, epochs = 0;
            if (!printJob(j, firstZero, epochs)) {
                std::lock_guard<std::mutex> lock(mutex_);
                return jobs_[j].internalError.empty() ? kExitBadInput : kExitInternal;
            }
            if (conditions_[c].experiment.train.learn)
                std::printf("run %d done: FirstZero %d, %d epochs\n", r, firstZero, epochs);
            else
                std::printf("run %d done: %d epochs (a test-only run: no learning, nothing to score)\n", r, epochs);
            firstZeros.push_back(firstZero);
            if (r + 1 == options_.runs || j + 1 == end_) {  // the condition's last run here
                summaries.emplace_back(c, firstZeroSummary(firstZeros));
                if (firstZeros.size() > 1 && conditions_[c].experiment.train.learn)
                    std::printf("FirstZero over %zu runs: %s\n", firstZeros.size(), summaries.back().second.c_str());
                firstZeros.clear();
            }
        }
        if (summaries.size() > 1 && first.train.learn) {
            std::printf("FirstZero by condition (%d run(s) each%s):\n", options_.runs,
                        end_ - first_ < jobs_.size() ? ", of those in this shard" : "");
            for (const auto& [c, summary] : summaries)
                std::printf("  condition %d (%s): %s\n", c, conditions_[c].label.c_str(), summary.c_str());
        }
        return kExitOk;
    }

    const std::vector<BatchCondition>& conditions_;
    const BatchOptions options_;
    std::vector<Job> jobs_;               ///< every pair of the batch; this shard trains [first_, end_)
    const std::size_t first_, end_;
    const int threads_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::atomic<std::size_t> next_;
    std::atomic<bool> failed_{false};
    std::size_t finished_ = 0;  ///< jobs done, for the progress lines
};

}  // namespace

void shardRange(std::size_t total, int index, int count, std::size_t& first, std::size_t& end) {
    first = total * static_cast<std::size_t>(index - 1) / static_cast<std::size_t>(count);
    end = total * static_cast<std::size_t>(index) / static_cast<std::size_t>(count);
}

int runBatch(const std::vector<BatchCondition>& conditions, const BatchOptions& options) {
    if (options.csv && options.csvHeader) std::fprintf(options.csv, "condition,run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero\n");
    return Batch(conditions, options).run();
}

}  // namespace theta
