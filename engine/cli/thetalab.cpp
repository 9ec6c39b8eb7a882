// thetalab: train, validate and hash experiments from the command line.
// Exit codes: 0 ok, 2 bad input (message on stderr), 1 internal error.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "share_link.h"
#include "theta/bench.h"
#include "theta/experiment.h"
#include "theta/sim.h"

namespace {

constexpr int kExitOk = 0, kExitInternal = 1, kExitBadInput = 2;

const char* kUsage =
    "usage:\n"
    "  thetalab run <experiment> [--seed N] [--runs N] [--epochs N] [--csv FILE]\n"
    "  thetalab validate <experiment>\n"
    "  thetalab hash <experiment> [--seed N] --trials K\n"
    "  thetalab bench [--net ra25|small|medium|large|huge] [--trials N] [--json]\n"
    "  thetalab list\n"
    "<experiment> is a JSON file, a share link ('https://.../#x=...') or a built-in name\n"
    "built-in experiments: ra25, testnet\n";

struct Args {
    std::string command, source, csv, net;
    bool json = false;
    std::int64_t seed = -1, runs = -1, epochs = -1, trials = -1;
};

bool parseInt(const char* s, std::int64_t& out) {
    char* end = nullptr;
    long long v = std::strtoll(s, &end, 10);
    if (!s[0] || *end || v < 0) return false;
    out = v;
    return true;
}

/// Parse argv; on error print why and return false.
bool parseArgs(int argc, char** argv, Args& a) {
    if (argc < 2) return false;
    a.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string opt = argv[i];
        auto intOpt = [&](std::int64_t& dst) {
            if (i + 1 >= argc || !parseInt(argv[i + 1], dst)) {
                std::fprintf(stderr, "thetalab: %s needs a non-negative integer\n", opt.c_str());
                return false;
            }
            ++i;
            return true;
        };
        if (opt == "--seed") { if (!intOpt(a.seed)) return false; }
        else if (opt == "--runs") { if (!intOpt(a.runs)) return false; }
        else if (opt == "--epochs") { if (!intOpt(a.epochs)) return false; }
        else if (opt == "--trials") { if (!intOpt(a.trials)) return false; }
        else if (opt == "--csv") {
            if (i + 1 >= argc) { std::fprintf(stderr, "thetalab: --csv needs a file name\n"); return false; }
            a.csv = argv[++i];
        } else if (opt == "--net") {
            if (i + 1 >= argc) { std::fprintf(stderr, "thetalab: --net needs a name\n"); return false; }
            a.net = argv[++i];
        } else if (opt == "--json") {
            a.json = true;
        } else if (opt.rfind("--", 0) == 0) {
            std::fprintf(stderr, "thetalab: unknown option %s\n", opt.c_str());
            return false;
        } else if (a.source.empty()) {
            a.source = opt;
        } else {
            std::fprintf(stderr, "thetalab: unexpected argument %s\n", opt.c_str());
            return false;
        }
    }
    return true;
}

/// The experiment text from a file, a share link or a built-in name; empty with a message
/// on failure.
std::string loadSource(const std::string& src) {
    if (theta::looksLikeShareLink(src)) {
        std::string json, error;
        if (!theta::decodeShareLink(src, json, error)) std::fprintf(stderr, "thetalab: %s\n", error.c_str());
        return json;
    }
    std::ifstream in(src, std::ios::binary);
    if (in) {
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    std::string builtin = theta::builtinExperimentJson(src);
    if (builtin.empty()) std::fprintf(stderr, "thetalab: %s is neither a readable file nor a built-in experiment\n", src.c_str());
    return builtin;
}

bool loadExperiment(const std::string& src, theta::Experiment& ex) {
    std::string text = loadSource(src);
    if (text.empty()) return false;
    theta::ParseResult r = theta::parseExperiment(text);
    for (const auto& e : r.errors) std::fprintf(stderr, "%s: %s\n", src.c_str(), e.str().c_str());
    if (!r.ok()) return false;
    ex = std::move(r.experiment);
    return true;
}

std::unique_ptr<theta::Sim> makeSim(const theta::Experiment& ex) {
    std::vector<theta::ValidationError> errors;
    auto sim = theta::Sim::create(ex, errors);
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.str().c_str());
    return sim;
}

int cmdRun(const Args& a) {
    theta::Experiment ex;
    if (!loadExperiment(a.source, ex)) return kExitBadInput;
    if (a.seed >= 0) ex.seed = static_cast<std::uint64_t>(a.seed);
    if (a.runs >= 0) ex.train.runs = static_cast<int>(a.runs);
    if (a.epochs >= 0) ex.train.epochs = static_cast<int>(a.epochs);
    if (ex.train.runs < 1 || ex.train.epochs < 1) {
        std::fprintf(stderr, "thetalab: --runs and --epochs must be at least 1\n");
        return kExitBadInput;
    }
    auto sim = makeSim(ex);
    if (!sim) return kExitBadInput;
    std::FILE* csv = nullptr;
    if (!a.csv.empty()) {
        csv = std::fopen(a.csv.c_str(), "w");
        if (!csv) {
            std::fprintf(stderr, "thetalab: cannot write %s\n", a.csv.c_str());
            return kExitBadInput;
        }
        std::fprintf(csv, "run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero,ms_per_trial\n");
    }
    std::printf("%s: seed %" PRIu64 ", %d run(s), up to %d epochs of %d trials (SIMD %s x%d)\n",
                ex.name.c_str(), ex.seed, ex.train.runs, ex.train.epochs, ex.train.trialsPerEpoch,
                theta::simdArchName(), theta::simdLanes());
    std::vector<int> firstZeros;
    for (int run = 0; run < ex.train.runs; ++run) {
        if (run > 0) sim->newRun();
        using Clock = std::chrono::steady_clock;
        auto t0 = Clock::now();
        while (sim->stepEpoch()) {
            auto t1 = Clock::now();
            const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / ex.train.trialsPerEpoch;
            t0 = t1;
            const theta::EpochStats& e = sim->epochLog().back();
            std::printf("run %d epoch %3d  err %5.3f  unit-err %6.4f  sse %7.4f  corr %5.3f  %6.3f ms/trial\n", e.run,
                        e.epoch, e.pctErr, e.pctUnitErr, e.sse, e.phaseCorr, ms);
            std::fflush(stdout);
            if (csv)
                std::fprintf(csv, "%d,%d,%.6g,%.6g,%.6g,%.6g,%d,%d,%.4f\n", e.run, e.epoch, e.pctErr, e.pctUnitErr, e.sse,
                             e.phaseCorr, e.nZero, e.firstZero, ms);
        }
        const theta::EpochStats& last = sim->epochLog().back();
        firstZeros.push_back(last.firstZero);
        std::printf("run %d done: FirstZero %d, %d epochs\n", run, last.firstZero, last.epoch + 1);
    }
    if (csv) std::fclose(csv);
    if (firstZeros.size() > 1) {
        std::vector<int> s = firstZeros;
        std::sort(s.begin(), s.end());
        std::printf("FirstZero over %zu runs: median %d, range %d..%d (-1 = never)\n", s.size(), s[s.size() / 2],
                    s.front(), s.back());
    }
    return kExitOk;
}

int cmdBench(const Args& a) {
    std::vector<std::string> nets = theta::benchNetNames();
    if (!a.net.empty()) {
        if (std::find(nets.begin(), nets.end(), a.net) == nets.end()) {
            std::fprintf(stderr, "thetalab: unknown bench net %s (ra25, small, medium, large, huge)\n", a.net.c_str());
            return kExitBadInput;
        }
        nets = {a.net};
    }
    for (const std::string& n : nets) {
        const theta::BenchReport r = theta::runBench(n, static_cast<int>(a.trials));
        if (a.json) {
            std::printf("%s\n", theta::benchReportJson(r).c_str());
        } else {
            std::printf("%-6s %5d neurons %9zu synapses  %9.3f ms/trial  %7.2f ns/neuron-cycle  %6.3f ns/syn learn  "
                        "%8.3g spikes/s  state %zu B (%.0f B/neuron, %.1f B/syn)  bw %.1f GB/s -> bound %.3f ms/trial  "
                        "[%s x%d]\n",
                        r.net.c_str(), r.neurons, r.synapses, r.msPerTrial, r.nsPerNeuronCycle, r.nsPerSynapseLearn,
                        r.spikesPerSecond, r.stateBytes, r.bytesPerNeuron, r.bytesPerSynapse, r.memBandwidthGBs,
                        r.msBandwidthBound, r.arch.c_str(), r.lanes);
        }
        std::fflush(stdout);
    }
    return kExitOk;
}

int cmdValidate(const Args& a) {
    theta::Experiment ex;
    if (!loadExperiment(a.source, ex)) return kExitBadInput;
    std::vector<theta::ValidationError> errors;
    if (!theta::Sim::create(ex, errors)) {
        for (const auto& e : errors) std::fprintf(stderr, "%s: %s\n", a.source.c_str(), e.str().c_str());
        return kExitBadInput;
    }
    std::printf("%s: valid (%s, %zu layers, %zu paths)\n", a.source.c_str(), ex.name.c_str(), ex.layers.size(),
                ex.paths.size());
    return kExitOk;
}

int cmdHash(const Args& a) {
    if (a.trials < 0) {
        std::fprintf(stderr, "thetalab: hash needs --trials K\n");
        return kExitBadInput;
    }
    theta::Experiment ex;
    if (!loadExperiment(a.source, ex)) return kExitBadInput;
    if (a.seed >= 0) ex.seed = static_cast<std::uint64_t>(a.seed);
    ex.train.epochs = 100000;  // the probe trains exactly K trials, never stopping early
    ex.train.nZero = 0;
    auto sim = makeSim(ex);
    if (!sim) return kExitBadInput;
    for (std::int64_t t = 0; t < a.trials; ++t) sim->stepTrial();
    std::printf("%016" PRIx64 "\n", sim->stateHash());
    return kExitOk;
}

int runCommand(int argc, char** argv) {
    Args a;
    if (!parseArgs(argc, argv, a)) {
        std::fputs(kUsage, stderr);
        return kExitBadInput;
    }
    if (a.command == "list") {
        for (const auto& n : theta::builtinExperimentNames()) std::printf("%s\n", n.c_str());
        return kExitOk;
    }
    if (a.command == "bench") return cmdBench(a);
    if (a.source.empty()) {
        std::fputs(kUsage, stderr);
        return kExitBadInput;
    }
    if (a.command == "run") return cmdRun(a);
    if (a.command == "validate") return cmdValidate(a);
    if (a.command == "hash") return cmdHash(a);
    std::fprintf(stderr, "thetalab: unknown command %s\n", a.command.c_str());
    std::fputs(kUsage, stderr);
    return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return runCommand(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "thetalab: internal error: %s\n", e.what());
        return kExitInternal;
    }
}
