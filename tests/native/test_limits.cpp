// Resource limits (docs/testing.md "Fuzzing and sanitizers", docs/experiment-file.md): networks over the
// memory limit are refused with the estimate before anything is allocated; adversarial
// documents and tables are parsed (and refused) in bounded time; a long run can always be
// stopped, because every stepping call returns after at most one trial.
//
// Times are measured and shown with MESSAGE, never asserted: what is asserted is that each
// case completes with the expected result. (ctest's timeout is the backstop for a hang.)
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "theta/experiment.h"
#include "theta/sim.h"

using namespace theta;

namespace {

using Clock = std::chrono::steady_clock;

/// Runs f and returns its wall time in milliseconds.
template <class F> double timeMs(F&& f) {
    const auto t0 = Clock::now();
    f();
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::string firstError(const ParseResult& r) { return r.errors.empty() ? "(no error)" : r.errors[0].str(); }

std::string mbText(std::size_t bytes) { return std::to_string((bytes + (1u << 19)) >> 20); }

/// Two layers (Input, Output) of the given shapes with one Full path, task "generate".
std::string twoLayers(const std::string& inShape, const std::string& outShape, const std::string& extra = "") {
    return R"({"schema": 1, "network": {"layers": [{"name": "Input", "type": "Input", "shape": )" + inShape +
           R"(}, {"name": "Output", "type": "Target", "shape": )" + outShape +
           R"(}], "paths": [{"from": "Input", "to": "Output"}]}, "task": {"source": "generate")" + extra + "}}";
}

std::string ra25Row(int i) {
    std::string in, out;
    for (int k = 0; k < 25; ++k) {
        in += std::string(k ? "," : "") + ((k + i) % 4 == 0 ? "1" : "0");
        out += std::string(k ? "," : "") + ((k * 7 + i) % 5 == 0 ? "1" : "0.5");
    }
    return R"({"name": "p)" + std::to_string(i) + R"(", "input": [)" + in + R"(], "target": [)" + out + "]}";
}

}  // namespace

TEST_CASE("limits: a network over the memory limit is refused with its estimate, before allocating") {
    // 256 x 256 units fully connected to 256 x 256: 2^32 synapses, ~96 GiB.
    const std::string json = twoLayers("[256, 256]", "[256, 256]");
    ParseResult r;
    const double ms = timeMs([&] { r = parseExperiment(json); });
    REQUIRE(r.errors.size() == 1);
    const std::size_t estimate = estimateStateBytes(r.experiment);
    CHECK(estimate > kMaxStateBytes);
    CHECK(r.errors[0].path == "network");
    CHECK(r.errors[0].message == "needs about " + mbText(estimate) + " MB of state, over the 1024 MB limit");
    MESSAGE("refused in " << ms << " ms: " << r.errors[0].str());

    // An Experiment built in code skips the parser: Sim::create validates it again.
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim;
    const double createMs = timeMs([&] { sim = Sim::create(r.experiment, errors); });
    CHECK_FALSE(sim);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].str() == r.errors[0].str());
    MESSAGE("Sim::create refused it in " << createMs << " ms");

    // Just under and just over the limit: Full 2-layer nets of N x N units each.
    int under = 0;
    for (int n = 64; n <= 256; ++n) {
        const ParseResult p = parseExperiment(twoLayers("[" + std::to_string(n) + ", 64]", "[" + std::to_string(n) + ", 64]"));
        if (!p.ok()) {
            CHECK(p.errors[0].message.find("over the 1024 MB limit") != std::string::npos);
            break;
        }
        under = n;
    }
    REQUIRE(under > 64);
    const ParseResult last = parseExperiment(twoLayers("[" + std::to_string(under) + ", 64]", "[" + std::to_string(under) + ", 64]"));
    CHECK(estimateStateBytes(last.experiment) <= kMaxStateBytes);
    MESSAGE("largest accepted 2-layer Full net: 2 x " << under * 64 << " units, estimated "
            << mbText(estimateStateBytes(last.experiment)) << " MB");
}

TEST_CASE("limits: the memory estimate tracks what a Sim allocates") {
    // The estimate is what the limit is checked against; stateBytes() is what was allocated
    // (the estimate also counts the 8 bytes per synapse of temporaries while paths are built).
    const std::string bigger = R"({"schema": 1, "name": "bigger", "network": {"layers": [
        {"name": "Input", "type": "Input", "shape": [5, 5]}, {"name": "H1", "shape": [30, 30]},
        {"name": "H2", "shape": [30, 30]}, {"name": "Output", "type": "Target", "shape": [5, 5]}],
      "paths": [{"from": "Input", "to": "H1"}, {"from": "H1", "to": "H2"},
                {"from": "H2", "to": "H1", "type": "Back", "params": {"Com.Delay": 16}},
                {"from": "H2", "to": "Output"}, {"from": "Output", "to": "H2", "type": "Back"}]}})";
    for (const std::string& json : {builtinExperimentJson("ra25"), builtinExperimentJson("testnet"), bigger}) {
        const ParseResult r = parseExperiment(json);
        REQUIRE(r.ok());
        std::vector<ValidationError> errors;
        std::unique_ptr<Sim> sim = Sim::create(r.experiment, errors);
        REQUIRE(sim);
        const double estimate = static_cast<double>(estimateStateBytes(r.experiment));
        const double actual = static_cast<double>(sim->stateBytes());
        MESSAGE(r.experiment.name << ": estimate " << estimate << " bytes, allocated " << actual << " (ratio "
                                  << actual / estimate << ")");
        CHECK(actual <= 1.2 * estimate);
    }
}

TEST_CASE("limits: adversarial documents are parsed in bounded time") {
    struct Case {
        const char* what;
        std::string text;
        std::string firstError;  // "" = must be accepted
    };
    std::vector<Case> cases;
    // A valid network, so that the validator runs and checks the long strings.
    const std::string net = R"("network": {"layers": [{"name": "Input", "type": "Input", "shape": [5, 5]},
        {"name": "Output", "type": "Target", "shape": [5, 5]}]})";
    cases.push_back({"10 MB string (over the document limit)",
                     R"({"schema": 1, "name": ")" + std::string(10 << 20, 'x') + "\"}",
                     "the document is 10485785 bytes, over the limit of 4194304 bytes (4 MB)"});
    cases.push_back({"4 MB string just under the limit",
                     R"({"schema": 1, )" + net + R"(, "name": ")" + std::string((4 << 20) - 200, 'x') + "\"}",
                     "name: must be at most 200 characters"});
    cases.push_back({"4 MB of escapes",
                     R"({"schema": 1, )" + net + R"(, "description": ")" + repeat("\\u00e9", (4 << 20) / 6 - 40) + "\"}",
                     "description: must be at most 2000 characters"});
    cases.push_back({"4 MB of [ (nesting 4 million deep)", std::string(4 << 20, '['),
                     repeat("[0]", 64) + ": nested deeper than 64 levels"});
    cases.push_back({"nested objects 100000 deep", repeat(R"({"a":)", 100000) + "1" + repeat("}", 100000),
                     "a" + repeat(".a", 63) + ": nested deeper than 64 levels"});
    cases.push_back({"300000 unknown keys", R"({"schema": 1)" + [] {
                         std::string s;
                         for (int i = 0; i < 300000; ++i) s += ",\"k" + std::to_string(i) + "\":0";
                         return s;
                     }() + "}",
                     "the document has more than 256 keys"});
    {
        // Objects are capped at 256 keys; many objects of 256 keys each fill 4 MB.
        std::string keys;
        for (int i = 0; i < 256; ++i) keys += std::string(i ? "," : "") + "\"k" + std::to_string(i) + "\":0";
        cases.push_back({"1 object of 257 keys", R"({"schema": 1, "network": {"layers": [{)" + keys + R"(, "x": 1}]}})",
                         "network.layers[0]: has more than 256 keys"});
        const std::string object = "{" + keys + "}";
        cases.push_back({"4 MB of 256-key objects",
                         R"({"schema": 1, "network": {"layers": [)" + object + repeat("," + object, (4 << 20) / (object.size() + 1) - 2) + "]}}",
                         "network.layers[0].k0: unknown key"});
    }
    cases.push_back({"1 million numbers in a shape", twoLayers("[" + repeat("1,", 1000000) + "1]", "[5, 5]"),
                     "network.layers[0].shape: must be 1, 2 or 4 positive integers"});
    {
        std::string rows;
        for (int i = 0; i < 10000; ++i) rows += (i ? "," : "") + ra25Row(i);
        const std::string json = R"({"schema": 1, "network": {"layers": [
            {"name": "Input", "type": "Input", "shape": [5, 5]}, {"name": "Output", "type": "Target", "shape": [5, 5]}],
            "paths": [{"from": "Input", "to": "Output"}]}, "task": {"source": "inline", "patterns": [)" + rows + "]}}";
        cases.push_back({"10000 inline patterns (the maximum)", json, ""});
        cases.push_back({"10001 inline patterns",
                         json.substr(0, json.size() - 3) + "," + ra25Row(10000) + "]}}",
                         "task.patterns: must have 1 to 10000 rows"});
        std::string empties = repeat("{},", 400000);
        cases.push_back({"400000 empty pattern rows",
                         R"({"schema": 1, "task": {"source": "inline", "patterns": [)" + empties + "{}]}}",
                         "network: is required"});
    }
    {
        // 64 layers (the maximum), each with 10 parameters, and 256 paths (the maximum).
        std::string layers, paths;
        for (int i = 0; i < 64; ++i) {
            const char* type = i == 0 ? "Input" : i == 63 ? "Target" : "Hidden";
            layers += std::string(i ? "," : "") + R"({"name": "L)" + std::to_string(i) + R"(", "type": ")" + type +
                      R"(", "shape": [5, 5], "params": {"Inhib.Layer.Gi": 1.1, "Inhib.Layer.FB": 0.5,
                      "Inhib.ActAvg.Nominal": 0.1, "Acts.NMDA.MgC": 1.2, "Acts.VGCC.Ge": 0, "Acts.Spikes.Tr": 3,
                      "Acts.KNa.On": true, "Learn.RLRate.On": false, "Acts.VmRange.Min": -100, "Acts.VmRange.Max": 0}})";
        }
        int n = 0;
        for (int d = 1; d < 64 && n < 256; ++d)
            for (int a = 0; a + d < 64 && n < 256; ++a, ++n)
                paths += std::string(n ? "," : "") + R"({"from": "L)" + std::to_string(a) + R"(", "to": "L)" +
                         std::to_string(a + d) + R"(", "params": {"Learn.LRate.Base": 0.04, "Com.Delay": 2}})";
        const std::string json = R"({"schema": 1, "network": {"layers": [)" + layers + R"(], "paths": [)" + paths +
                                 R"(]}, "task": {"inputLayer": "L0", "targetLayer": "L63"}})";
        cases.push_back({"64 layers and 256 paths (the maxima)", json, ""});
        const std::string over = json.substr(0, json.find("], \"paths\"")) +
                                 R"(, {"name": "L64", "shape": [1]}], "paths": []}, "task": {"inputLayer": "L0", "targetLayer": "L63"}})";
        cases.push_back({"65 layers", over, "network.layers: must have 1 to 64 layers"});
    }

    for (const Case& c : cases) {
        const std::string what = c.what;
        CAPTURE(what);
        ParseResult r;
        const double ms = timeMs([&] { r = parseExperiment(c.text); });
        if (c.firstError.empty()) {
            CHECK_MESSAGE(r.ok(), firstError(r));
        } else {
            CHECK(firstError(r) == c.firstError);
            CHECK(r.errors.size() <= 51);
        }
        MESSAGE(std::string(c.what) << " (" << c.text.size() << " bytes): " << ms << " ms");
        if (r.ok()) {  // the accepted ones also round-trip through the canonical form
            std::string canonical;
            const double writeMs = timeMs([&] { canonical = toJson(r.experiment); });
            CHECK(parseExperiment(canonical).ok());
            MESSAGE("  toJson: " << writeMs << " ms, " << canonical.size() << " bytes");
        }
    }
}

TEST_CASE("limits: adversarial pattern tables are parsed in bounded time") {
    std::string ra25Header = "name";
    for (int i = 0; i < 25; ++i) ra25Header += ",in" + std::to_string(i);
    for (int i = 0; i < 25; ++i) ra25Header += ",out" + std::to_string(i);
    std::string row = "p";
    for (int i = 0; i < 50; ++i) row += i % 3 ? ",0" : ",1";
    struct Case {
        const char* what;
        std::string text;
        std::size_t rows;        // accepted rows
        std::string firstError;  // "" = accepted
    };
    const Case cases[] = {
        {"10000 rows (the maximum)", ra25Header + "\n" + repeat(row + "\n", 10000), 10000, ""},
        {"10001 rows", ra25Header + "\n" + repeat(row + "\n", 10001), 0, "row 10002: more than 10000 rows"},
        {"10 MB of text", std::string(10 << 20, '1'), 0,
         "the table is 10485760 bytes, over the limit of 4194304 bytes (4 MB)"},
        {"a 4 MB header of 2 million columns", repeat("a,", (2 << 20) - 8), 0,
         "row 1: has 2097145 columns, expected 51 (name + 25 inputs + 25 targets) or 50 (25 inputs + 25 targets)"},
        {"a 4 MB quoted name of escaped quotes", ra25Header + "\n\"" + repeat("\"\"", (2 << 20) - 400) + "\"" + row.substr(1) + "\n",
         0, "row 2, column 1: a name has at most 64 characters"},
        {"4 MB of blank lines", repeat("\r\n", 2 << 20), 0, "the table is empty"},
        {"200000 short bad rows", ra25Header + "\n" + repeat("x\n", 200000), 0,
         "row 2: has 1 columns, expected 51 (name + 25 inputs + 25 targets)"},
    };
    for (const Case& c : cases) {
        const std::string what = c.what;
        CAPTURE(what);
        std::vector<PatternRow> rows;
        ParseResult r;
        const double ms = timeMs([&] { r = parsePatternTable(c.text, 25, 25, rows); });
        CHECK(rows.size() == c.rows);
        CHECK(firstError(r) == (c.firstError.empty() ? "(no error)" : c.firstError));
        CHECK(r.errors.size() <= 51);
        MESSAGE(std::string(c.what) << " (" << c.text.size() << " bytes): " << ms << " ms");
    }
}

TEST_CASE("limits: a long run can always be stopped: every step returns within one trial") {
    // The longest schedule the validator allows (trials of 640 cycles here, to keep the test
    // quick; test_fuzz_regressions.cpp runs a 20000-cycle trial), on a small network:
    // nothing runs eagerly.
    const std::string json = R"({"schema": 1, "network": {"layers": [
        {"name": "Input", "type": "Input", "shape": [5, 5]}, {"name": "Hidden", "shape": [6, 6]},
        {"name": "Output", "type": "Target", "shape": [5, 5]}],
      "paths": [{"from": "Input", "to": "Hidden"}, {"from": "Hidden", "to": "Output"},
                {"from": "Output", "to": "Hidden", "type": "Back"}]},
      "train": {"trialsPerEpoch": 100000, "epochs": 100000, "nZero": 0, "runs": 1000,
                "minusCycles": 600, "plusCycles": 40}})";
    const ParseResult r = parseExperiment(json);
    REQUIRE_MESSAGE(r.ok(), firstError(r));
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim;
    const double createMs = timeMs([&] { sim = Sim::create(r.experiment, errors); });
    REQUIRE(sim);
    MESSAGE("Sim::create of the longest schedule: " << createMs << " ms");

    // stepCycle advances exactly one cycle per call, also across phase and trial boundaries.
    for (int i = 1; i <= 1000; ++i) {
        REQUIRE(sim->stepCycle());
        REQUIRE(sim->counters().cyclesTotal == i);
        REQUIRE(sim->counters().phase == (i % 640 >= 600 ? Phase::Plus : Phase::Minus));
    }
    CHECK(sim->counters().trialsTotal == 1);
    CHECK(sim->counters().epoch == 0);
    // stepTrial returns at the end of this trial, never later.
    const double trialMs = timeMs([&] { sim->stepTrial(); });
    CHECK(sim->counters().cyclesTotal == 1280);
    CHECK(sim->counters().trialsTotal == 2);
    CHECK(sim->counters().cycle == 0);
    CHECK_FALSE(sim->counters().runDone);
    MESSAGE("the rest of a 640-cycle trial: " << trialMs << " ms");

    // On ra25, the most expensive single stepCycle is a trial's last (learning), and a trial
    // (200 cycles) is the longest any call runs apart from stepEpoch.
    std::unique_ptr<Sim> ra25 = Sim::create(parseExperiment(builtinExperimentJson("ra25")).experiment, errors);
    REQUIRE(ra25);
    ra25->stepTrial();  // warm up (first touches of the state arrays)
    double slowest = 0, total = 0, last = 0;
    int slowestCycle = -1;
    for (int c = 0; c < 200; ++c) {
        const int cycle = ra25->counters().cycle;
        const double ms = timeMs([&] { ra25->stepCycle(); });
        total += ms;
        last = ms;
        if (ms > slowest) slowest = ms, slowestCycle = cycle;
    }
    CHECK(ra25->counters().trialsTotal == 2);
    CHECK(ra25->counters().cyclesTotal == 400);
    MESSAGE("ra25: one trial = " << total << " ms in 200 stepCycle calls; slowest call " << slowest << " ms (cycle "
                                  << slowestCycle << "), the trial's last (learning) " << last << " ms");
}

TEST_CASE("limits: generated patterns: Sim::create's search is bounded, but not steppable") {
    // generatePatterns (sim.cpp) tries permutations, each compared with every pattern found
    // so far: O(count^2 * units). It runs inside Sim::create, which cannot be stopped, so it
    // gives up after a budget of 1e9 unit comparisons (about a second) with the same error as
    // an impossible request. Measured here on a small case.
    const std::string json = twoLayers("[32, 32]", "[32, 32]", R"(, "generate": {"count": 500, "on": 1, "minDiff": 2})");
    const ParseResult r = parseExperiment(json);
    REQUIRE_MESSAGE(r.ok(), firstError(r));
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim;
    const double ms = timeMs([&] { sim = Sim::create(r.experiment, errors); });
    CHECK(sim);
    MESSAGE("generate 500 patterns of 1 on in 1024 units (minDiff 2): " << ms << " ms");

    const std::string impossible = twoLayers("[16, 16]", "[16, 16]", R"(, "generate": {"count": 30, "on": 1, "minDiff": 3})");
    const ParseResult q = parseExperiment(impossible);
    REQUIRE(q.ok());
    const double failMs = timeMs([&] { sim = Sim::create(q.experiment, errors); });
    CHECK_FALSE(sim);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].str().find("could not find 30 input patterns") != std::string::npos);
    MESSAGE("an impossible set (30 patterns, 1 on, minDiff 3, 256 units) refused after " << failMs << " ms");
}
