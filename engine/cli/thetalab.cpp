// thetalab: train, trace, validate and hash experiments from the command line.
// Exit codes: 0 ok, 2 bad input (message on stderr), 1 internal error.
#include <algorithm>
#include <climits>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "batch.h"
#include "lesson_check.h"
#include "share_link.h"
#include "trace.h"
#include "theta/bench.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"

namespace {

constexpr int kExitOk = 0, kExitInternal = 1, kExitBadInput = 2;
/// Each job holds a whole Sim: far more threads than cores only costs memory.
constexpr int kMaxJobs = 256;

const char* kUsage =
    "usage:\n"
    "  thetalab run <experiment> [--seed N] [--runs N] [--epochs N] [--jobs J] [--shard I/N] [--set S ...] [--csv FILE]\n"
    "  thetalab trace <experiment> [--seed N] [--runs N] [--trials N] [--set S ...] [--csv FILE]\n"
    "  thetalab validate <experiment>\n"
    "  thetalab hash <experiment> [--seed N] --trials K\n"
    "  thetalab bench [--net ra25|deepfsa|small|medium|large|huge] [--trials N] [--json]\n"
    "  thetalab list\n"
    "  thetalab lesson check <lesson.md|builtin> [--experiment <experiment>]\n"
    "  thetalab lesson check --all\n"
    "<experiment> is a JSON file, a share link ('https://.../#x=...') or a built-in name\n"
    "--set S overrides a setting, several values make a grid of conditions (each run --runs times):\n"
    "  Hidden1:Inhib.Layer.Gi=1.0,1.1   Input>Hidden1:Learn.LRate.Base=0.03   *:...   *>*:...\n"
    "  train.epochs=N   train.nZero=N   train.trialsPerEpoch=N   train.learn=0|1\n"
    "  task.ge=X   task.gi=X   task.onCycle=N   task.offCycle=N   task.spikeHz=X   task.plusHz=X\n"
    "  task.input=clamp|spikes|train   task.sendDiffHz=X   (the fields of a \"drive\" task)\n"
    "trace writes one CSV row per cycle of --trials trials (default 1) per run and condition:\n"
    "  condition,run,trial,cycle,<Layer>.<Var>... (the layer's mean), and each trial's spikes on stdout\n"
    "--jobs J trains J runs at a time on J threads (the output and CSV do not depend on J)\n"
    "--shard I/N trains the I-th of N slices of the conditions x runs (a cluster's job I of N); the\n"
    "  slices' CSVs concatenated in order I = 1..N are the whole run's CSV, byte for byte\n"
    "lesson check parses a lesson (docs/lessons.md) and checks its action links against the experiment\n"
    "  (--experiment, else the one its front matter names); --all checks every built-in lesson\n";

struct Args {
    std::string command, source, csv, net;
    std::string subcommand;  ///< `lesson check`: "check"
    std::string experiment;  ///< `lesson check --experiment`
    bool all = false;        ///< `lesson check --all`
    std::vector<std::string> sets;  ///< --set, in order
    bool json = false;
    std::int64_t seed = -1, runs = -1, epochs = -1, trials = -1, jobs = 1;
    int shardIndex = 1, shardCount = 1;  ///< --shard I/N
};

bool parseInt(const char* s, std::int64_t& out) {
    char* end = nullptr;
    long long v = std::strtoll(s, &end, 10);
    if (!s[0] || *end || v < 0) return false;
    out = v;
    return true;
}

constexpr int kMaxShards = 100000;

/// "I/N" with 1 <= I <= N <= kMaxShards.
bool parseShard(const std::string& text, int& index, int& count) {
    const std::size_t slash = text.find('/');
    std::int64_t i = 0, n = 0;
    if (slash == std::string::npos || !parseInt(text.substr(0, slash).c_str(), i) ||
        !parseInt(text.substr(slash + 1).c_str(), n) || n < 1 || n > kMaxShards || i < 1 || i > n)
        return false;
    index = static_cast<int>(i);
    count = static_cast<int>(n);
    return true;
}

/// Parse argv; on error print why and return false.
bool parseArgs(int argc, char** argv, Args& a) {
    if (argc < 2) return false;
    a.command = argv[1];
    int first = 2;
    if (a.command == "lesson") {
        if (argc < 3) return false;
        a.subcommand = argv[first++];
    }
    for (int i = first; i < argc; ++i) {
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
        else if (opt == "--jobs") { if (!intOpt(a.jobs)) return false; }
        else if (opt == "--shard") {
            if (i + 1 >= argc || !parseShard(argv[i + 1], a.shardIndex, a.shardCount)) {
                std::fprintf(stderr, "thetalab: --shard needs I/N with 1 <= I <= N <= %d, e.g. --shard 3/8\n", kMaxShards);
                return false;
            }
            ++i;
        }
        else if (opt == "--set") {
            if (i + 1 >= argc) { std::fprintf(stderr, "thetalab: --set needs a setting\n"); return false; }
            a.sets.push_back(argv[++i]);
        }
        else if (opt == "--csv") {
            if (i + 1 >= argc) { std::fprintf(stderr, "thetalab: --csv needs a file name\n"); return false; }
            a.csv = argv[++i];
        } else if (opt == "--net") {
            if (i + 1 >= argc) { std::fprintf(stderr, "thetalab: --net needs a name\n"); return false; }
            a.net = argv[++i];
        } else if (opt == "--json") {
            a.json = true;
        } else if (opt == "--experiment") {
            if (i + 1 >= argc) { std::fprintf(stderr, "thetalab: --experiment needs an experiment\n"); return false; }
            a.experiment = argv[++i];
        } else if (opt == "--all") {
            a.all = true;
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
        if (ss.str().empty())
            std::fprintf(stderr, "thetalab: %s is empty: an experiment is one JSON document\n", src.c_str());
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

/// Settings errors as the user typed them: "--set "X=1": no layer named ...", or the
/// validator's field path for the experiment a condition makes. Every condition of a grid
/// repeats the errors of its fixed settings: each error is printed once (`seen`).
void printSettingErrors(const std::vector<theta::ValidationError>& errors, const std::string& condition,
                        std::set<std::string>& seen) {
    for (const auto& e : errors) {
        if (!seen.insert(e.str()).second) continue;
        if (e.path.rfind("settings", 0) == 0)
            std::fprintf(stderr, "thetalab: --set%s %s\n", e.path == "settings" ? ":" : "", e.message.c_str());
        else
            std::fprintf(stderr, "thetalab: condition %s: %s\n", condition.c_str(), e.str().c_str());
    }
}

/// The experiment with --seed, --runs and --epochs applied, validated; false with messages.
bool experimentWithOptions(const Args& a, theta::Experiment& ex) {
    if (!loadExperiment(a.source, ex)) return false;
    if (a.seed >= 0) ex.seed = static_cast<std::uint64_t>(a.seed);
    if (a.runs >= 0) ex.train.runs = static_cast<int>(std::min<std::int64_t>(a.runs, INT_MAX));
    if (a.epochs >= 0) ex.train.epochs = static_cast<int>(std::min<std::int64_t>(a.epochs, INT_MAX));
    if (ex.train.runs < 1 || ex.train.epochs < 1) {
        std::fprintf(stderr, "thetalab: --runs and --epochs must be at least 1\n");
        return false;
    }
    const std::vector<theta::ValidationError> errors = theta::validateExperiment(ex);
    for (const auto& e : errors) std::fprintf(stderr, "%s: %s\n", a.source.c_str(), e.str().c_str());
    return errors.empty();
}

/// One condition per cell of the --set grid, each the experiment with its settings applied
/// (settings apply on top of --seed/--runs/--epochs, so a grid over train.epochs works).
bool gridConditions(const Args& a, const theta::Experiment& ex, std::vector<theta::BatchCondition>& conditions) {
    std::vector<theta::SettingsCondition> grid;
    std::set<std::string> seen;
    std::vector<theta::ValidationError> errors = theta::expandSettings(a.sets, grid);
    printSettingErrors(errors, "", seen);
    if (!errors.empty()) return false;
    for (const theta::SettingsCondition& cond : grid) {
        theta::BatchCondition c{cond.label, ex};
        errors = theta::applySettings(c.experiment, cond.settings);
        printSettingErrors(errors, cond.label, seen);
        if (errors.empty()) conditions.push_back(std::move(c));
    }
    if (conditions.size() != grid.size()) return false;
    for (const theta::BatchCondition& c : conditions)  // one run count for the whole batch
        if (c.experiment.train.runs != conditions.front().experiment.train.runs) {
            std::fprintf(stderr, "thetalab: train.runs must be the same in every condition (set it once, or with --runs)\n");
            return false;
        }
    return true;
}

/// Open --csv FILE for writing (nullptr when not asked for); false with a message.
bool openCsv(const Args& a, std::FILE*& csv) {
    csv = nullptr;
    if (a.csv.empty()) return true;
    csv = std::fopen(a.csv.c_str(), "w");
    if (!csv) std::fprintf(stderr, "thetalab: cannot write %s\n", a.csv.c_str());
    return csv != nullptr;
}

/// Close the CSV and turn a write error into the exit code.
int closeCsv(const Args& a, std::FILE* csv, int code) {
    if (csv && (std::ferror(csv) | std::fclose(csv))) {
        std::fprintf(stderr, "thetalab: could not write all of %s\n", a.csv.c_str());
        return code == kExitOk ? kExitInternal : code;
    }
    return code;
}

int cmdRun(const Args& a) {
    if (a.jobs < 1 || a.jobs > kMaxJobs) {
        std::fprintf(stderr, "thetalab: --jobs must be in [1, %d]\n", kMaxJobs);
        return kExitBadInput;
    }
    theta::Experiment ex;
    std::vector<theta::BatchCondition> conditions;
    if (!experimentWithOptions(a, ex) || !gridConditions(a, ex, conditions)) return kExitBadInput;

    theta::BatchOptions options;
    options.runs = conditions.front().experiment.train.runs;  // --runs, or a train.runs setting
    options.jobs = static_cast<int>(std::min<std::int64_t>(a.jobs, static_cast<std::int64_t>(conditions.size()) * options.runs));
    theta::shardRange(conditions.size() * options.runs, a.shardIndex, a.shardCount, options.firstRun, options.endRun);
    options.csvHeader = a.shardIndex == 1;
    if (!openCsv(a, options.csv)) return kExitBadInput;
    return closeCsv(a, options.csv, theta::runBatch(conditions, options));
}

/// At most this many trials per run: a trace is read cycle by cycle (200 rows a trial).
constexpr std::int64_t kMaxTraceTrials = 10000;

int cmdTrace(const Args& a) {
    if (a.trials == 0 || a.trials > kMaxTraceTrials) {
        std::fprintf(stderr, "thetalab: --trials must be in [1, %lld]\n", static_cast<long long>(kMaxTraceTrials));
        return kExitBadInput;
    }
    theta::Experiment ex;
    std::vector<theta::BatchCondition> conditions;
    if (!experimentWithOptions(a, ex) || !gridConditions(a, ex, conditions)) return kExitBadInput;
    theta::TraceOptions options;
    options.runs = conditions.front().experiment.train.runs;
    options.trials = a.trials > 0 ? static_cast<int>(a.trials) : 1;
    for (theta::BatchCondition& c : conditions) {  // trace exactly --trials trials, never stopping early
        c.experiment.train.epochs = 100000;
        c.experiment.train.nZero = 0;
    }
    if (!openCsv(a, options.csv)) return kExitBadInput;
    return closeCsv(a, options.csv, theta::runTrace(conditions, options));
}

int cmdBench(const Args& a) {
    std::vector<std::string> nets = theta::benchNetNames();
    if (!a.net.empty()) {
        if (std::find(nets.begin(), nets.end(), a.net) == nets.end()) {
            std::string known;
            for (const std::string& n : nets) known += (known.empty() ? "" : ", ") + n;
            std::fprintf(stderr, "thetalab: unknown bench net %s (%s)\n", a.net.c_str(), known.c_str());
            return kExitBadInput;
        }
        nets = {a.net};
    }
    for (const std::string& n : nets) {
        const theta::BenchReport r = theta::runBench(n, static_cast<int>(a.trials));
        if (a.json) {
            std::printf("%s\n", theta::benchReportJson(r).c_str());
        } else {
            std::printf("%-7s %5d neurons %9zu synapses  %9.3f ms/trial (%d x %.3f ms/item)  %7.2f ns/neuron-cycle  %6.3f ns/syn learn  "
                        "%8.3g spikes/s  state %zu B (%.0f B/neuron, %.1f B/syn)  bw %.1f GB/s -> bound %.3f ms/trial  "
                        "[%s x%d]\n",
                        r.net.c_str(), r.neurons, r.synapses, r.msPerTrial, r.dataStreams, r.msPerItem, r.nsPerNeuronCycle, r.nsPerSynapseLearn,
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

/// The usage text, with the built-in names from the engine (a list written here went stale).
void printUsage() {
    std::fputs(kUsage, stderr);
    std::string names;
    for (const auto& n : theta::builtinExperimentNames()) names += (names.empty() ? "" : ", ") + n;
    std::fprintf(stderr, "built-in experiments: %s (thetalab list)\n", names.c_str());
}

int cmdLesson(const Args& a) {
    if (a.subcommand != "check" || a.all == !a.source.empty() || (a.all && !a.experiment.empty())) {
        printUsage();
        return kExitBadInput;
    }
    if (a.all) return theta::checkBuiltinLessons();
    return theta::checkLessonFile(a.source, a.experiment, loadExperiment);
}

int runCommand(int argc, char** argv) {
    Args a;
    if (!parseArgs(argc, argv, a)) {
        printUsage();
        return kExitBadInput;
    }
    if (a.command == "list") {
        for (const auto& n : theta::builtinExperimentNames()) std::printf("%s\n", n.c_str());
        return kExitOk;
    }
    if (a.command == "bench") return cmdBench(a);
    if (a.command == "lesson") return cmdLesson(a);
    if (a.source.empty()) {
        printUsage();
        return kExitBadInput;
    }
    if (a.command == "run") return cmdRun(a);
    if (a.command == "trace") return cmdTrace(a);
    if (a.command == "validate") return cmdValidate(a);
    if (a.command == "hash") return cmdHash(a);
    std::fprintf(stderr, "thetalab: unknown command %s\n", a.command.c_str());
    printUsage();
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
