// libFuzzer target: the experiment parser (parseExperiment), on any bytes.
//
// Properties checked for every input:
//  * no crash, hang, leak or undefined behaviour (ASan, UBSan, libFuzzer's -timeout);
//  * a refused document gets a clean error report (fuzz_common.h: checkErrorReport);
//  * an accepted document passes validateExperiment() and the memory limit, and its
//    canonical JSON (toJson) parses again to the same experiment and the same canonical
//    JSON (the canonical form is a fixed point; share links and checkpoints rely on it);
//  * a small accepted experiment builds a Sim (or is refused with an error), which steps a
//    few cycles (a tiny one a whole trial first) and survives a checkpoint round trip with
//    the same state hash.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "theta/experiment.h"
#include "theta/sim.h"

using namespace theta;
using theta::fuzz::checkErrorReport;
using theta::fuzz::fuzzCheck;

namespace {

bool sameValue(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

bool sameParams(const std::vector<ParamSetting>& a, const std::vector<ParamSetting>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || !sameValue(a[i].value, b[i].value)) return false;
    return true;
}

bool sameFloats(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!sameValue(a[i], b[i])) return false;
    return true;
}

/// Field-by-field equality (the canonical JSON comparison alone would miss a writer that
/// drops a field both times).
bool sameExperiment(const Experiment& a, const Experiment& b) {
    if (a.schema != b.schema || a.name != b.name || a.description != b.description || a.seed != b.seed ||
        a.layers.size() != b.layers.size() || a.paths.size() != b.paths.size())
        return false;
    for (std::size_t i = 0; i < a.layers.size(); ++i) {
        const LayerSpec &x = a.layers[i], &y = b.layers[i];
        if (x.name != y.name || x.type != y.type || x.shape != y.shape || x.driver != y.driver ||
            !sameParams(x.params, y.params))
            return false;
    }
    for (std::size_t i = 0; i < a.paths.size(); ++i) {
        const PathSpec &x = a.paths[i], &y = b.paths[i];
        if (x.from != y.from || x.to != y.to || x.type != y.type || x.pattern != y.pattern ||
            !sameValue(x.pcon, y.pcon) || x.selfCon != y.selfCon || !sameParams(x.params, y.params))
            return false;
    }
    const TaskSpec &s = a.task, &t = b.task;
    if (s.inputLayer != t.inputLayer || s.targetLayer != t.targetLayer || s.source != t.source ||
        s.patterns.size() != t.patterns.size())
        return false;
    if (s.source == "generate" && (s.generateCount != t.generateCount || s.generateOn != t.generateOn ||
                                   s.generateMinDiff != t.generateMinDiff))
        return false;
    for (std::size_t i = 0; i < s.patterns.size(); ++i)
        if (s.patterns[i].name != t.patterns[i].name || !sameFloats(s.patterns[i].input, t.patterns[i].input) ||
            !sameFloats(s.patterns[i].target, t.patterns[i].target))
            return false;
    const TrainSpec &u = a.train, &v = b.train;
    return u.trialsPerEpoch == v.trialsPerEpoch && u.epochs == v.epochs && u.nZero == v.nZero && u.runs == v.runs &&
           u.minusCycles == v.minusCycles && u.plusCycles == v.plusCycles && u.nData == v.nData;
}

// Building a Sim is only tried for small networks, so that the fuzzer keeps its pace; the
// smallest (the size of testnet) with trials of at most 1000 cycles also run a whole trial,
// so that learning at the trial's end sees the fuzzer's schedules (minusCycles, plusCycles).
constexpr std::size_t kMaxSimBytes = 4u << 20;
constexpr std::size_t kMaxTrialBytes = 64u << 10;
constexpr int kMaxTrialCycles = 1000;
// Generating patterns costs up to 1000 * count tries, each O(units) plus a comparison with
// every pattern found so far (sim.cpp generatePatterns): see tests/native/test_limits.cpp.
// Inputs above this work are not built here, or they would only report that cost as a hang.
constexpr double kMaxGenerateWork = 2e7;

double unitsOf(const Experiment& ex, const std::string& name) {
    for (const LayerSpec& l : ex.layers)
        if (l.name == name) {
            double n = 1;
            for (int d : l.shape) n *= d;
            return n;
        }
    return 0;
}

void buildAndStep(const Experiment& ex) {
    if (estimateStateBytes(ex) > kMaxSimBytes) return;
    if (ex.task.source == "generate") {
        const double count = ex.task.generateCount;
        const double units = unitsOf(ex, ex.task.inputLayer) + unitsOf(ex, ex.task.targetLayer);
        if (count * (count + 1000) * units > kMaxGenerateWork) return;
    }
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::create(ex, errors);
    checkErrorReport(errors);
    if (!sim) {
        fuzzCheck(!errors.empty(), "Sim::create refused an experiment without saying why");
        return;
    }
    if (!errors.empty()) theta::fuzz::fuzzFail("Sim::create built a Sim and reported errors", errors[0].str());
    if (estimateStateBytes(ex) <= kMaxTrialBytes && ex.train.minusCycles + ex.train.plusCycles <= kMaxTrialCycles)
        sim->stepTrial();
    for (int c = 0; c < 3; ++c) sim->stepCycle();
    const std::uint64_t hash = sim->stateHash();
    const std::vector<std::uint8_t> bytes = sim->saveCheckpoint();
    std::unique_ptr<Sim> again = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
    fuzzCheck(again != nullptr, "a fresh checkpoint of an accepted experiment is refused",
              errors.empty() ? "" : errors[0].str() + "\n" + toJson(ex));
    fuzzCheck(again->stateHash() == hash, "a checkpoint round trip changed the state hash", toJson(ex));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const ParseResult first = parseExperiment(text);
    checkErrorReport(first.errors);
    if (!first.ok()) return 0;

    const std::vector<ValidationError> revalidated = validateExperiment(first.experiment);
    fuzzCheck(revalidated.empty(), "validateExperiment refuses what parseExperiment accepted",
              revalidated.empty() ? "" : revalidated[0].str());
    fuzzCheck(estimateStateBytes(first.experiment) <= kMaxStateBytes, "accepted over the memory limit");

    const std::string canonical = toJson(first.experiment);
    const ParseResult second = parseExperiment(canonical);
    fuzzCheck(second.ok(), "the canonical JSON of an accepted document is refused",
              (second.errors.empty() ? std::string() : second.errors[0].str()) + "\n" + canonical);
    fuzzCheck(sameExperiment(first.experiment, second.experiment),
              "the canonical JSON parses to another experiment", canonical);
    const std::string again = toJson(second.experiment);
    fuzzCheck(again == canonical, "the canonical JSON is not a fixed point", canonical + "\n---\n" + again);

    buildAndStep(first.experiment);
    return 0;
}
