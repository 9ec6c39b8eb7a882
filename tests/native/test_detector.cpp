// The built-in detector (the CCN ch2 detector in Axon's units) and the schema-2 features it
// uses: explicit path weights, patterns without a target layer, the sequential order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "experiment_checks.h"
#include "network.h"
#include "sim_fixture.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;
using theta::test::firstError;
using theta::test::parsedExperiment;
using theta::test::replaceOnce;

namespace {

/// The overlap of each digit with the digit-8 weights, from the experiment's own data.
constexpr int kOverlap[10] = {6, 6, 12, 13, 5, 14, 12, 6, 17, 12};

struct DigitResponse {
    std::vector<int> spikes;       ///< per digit 0..9
    std::vector<double> meanGe;    ///< per digit: RecvNeuron's Ge over the trial
    std::vector<int> shown;        ///< the pattern row each trial showed
};

DigitResponse respond(const std::vector<std::string>& settings) {
    std::unique_ptr<Sim> sim = theta::test::simOf(theta::test::builtinWith("detector", settings));
    const int recv = sim->layerIndex("RecvNeuron");
    DigitResponse r;
    for (int t = 0; t < 10; ++t) {
        int spikes = 0;
        double ge = 0;
        do {
            sim->stepCycle();
            spikes += sim->neuronVar(recv, NeuronVar::Spike)[0] > 0;
            ge += sim->neuronVar(recv, NeuronVar::Ge)[0];
        } while (sim->counters().cycle != 0);
        r.spikes.push_back(spikes);
        r.meanGe.push_back(ge / 200);
        r.shown.push_back(sim->lastTrial().pattern);
    }
    return r;
}

}  // namespace

TEST_CASE("detector: its data are the digits and the 8's bitmap (overlaps 6 6 12 13 5 14 12 6 17 12)") {
    const Experiment ex = parsedExperiment(builtinExperimentJson("detector"));
    REQUIRE(ex.task.patterns.size() == 10);
    REQUIRE(ex.paths.size() == 1);
    const std::vector<float>& w = ex.paths[0].weights;
    REQUIRE(w.size() == 35);
    for (int d = 0; d < 10; ++d) {
        CAPTURE(d);
        CHECK(ex.task.patterns[d].name == std::to_string(d));
        CHECK(ex.task.patterns[d].target.empty());
        int overlap = 0;
        for (int i = 0; i < 35; ++i) overlap += ex.task.patterns[d].input[i] > 0 && w[i] > 0;
        CHECK(overlap == kOverlap[d]);
    }
    CHECK(ex.task.patterns[8].input == w);
}

TEST_CASE("detector: digits in order, the receiver's Ge follows the overlap, only the 8 spikes at the default leak") {
    const DigitResponse r = respond({});
    CHECK(r.shown == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    for (int a = 0; a < 10; ++a)
        for (int b = 0; b < 10; ++b) {
            CAPTURE(a);
            CAPTURE(b);
            if (kOverlap[a] < kOverlap[b]) CHECK(r.meanGe[a] < r.meanGe[b]);
            if (kOverlap[a] == kOverlap[b]) CHECK(r.meanGe[a] == doctest::Approx(r.meanGe[b]));
        }
    for (int d = 0; d < 10; ++d) CHECK((r.spikes[d] > 0) == (d == 8));
}

TEST_CASE("detector: lowering the leak recruits digits in overlap order: 5, then 3, then 2, 6 and 9") {
    auto spiking = [](const char* leak) {
        const DigitResponse r = respond({std::string("RecvNeuron:Acts.Gbar.L=") + leak});
        std::vector<int> digits;
        for (int d = 0; d < 10; ++d)
            if (r.spikes[d] > 0) digits.push_back(d);
        return digits;
    };
    CHECK(spiking("19") == std::vector<int>{5, 8});
    CHECK(spiking("18") == std::vector<int>{3, 5, 8});
    CHECK(spiking("16") == std::vector<int>{2, 3, 5, 6, 8, 9});
}

TEST_CASE("detector: no target layer means no error statistics, and no learning changes its weights") {
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::create(parsedExperiment(builtinExperimentJson("detector")), errors);
    REQUIRE(sim);
    sim->stepEpoch();
    REQUIRE(sim->epochLog().size() == 1);
    CHECK(sim->epochLog()[0].pctErr == 0);
    CHECK(sim->epochLog()[0].sse == 0);
    CHECK(sim->counters().runDone);
    const Path& pt = sim->network().paths[0];
    const std::vector<float> w(pt.Wt.data(), pt.Wt.data() + pt.numSyn());
    CHECK(w == parsedExperiment(builtinExperimentJson("detector")).paths[0].weights);
}

TEST_CASE("schema 2: explicit weights, target-less patterns and the order are checked by name") {
    const std::string det = builtinExperimentJson("detector");
    const Experiment ex = parsedExperiment(det);
    CHECK(toJson(parsedExperiment(toJson(ex))) == toJson(ex));
    struct Case {
        std::string json, firstError;
    };
    const Case cases[] = {
        {replaceOnce(det, "\"schema\": 2", "\"schema\": 1"), "network.paths[0].weights: needs schema 2"},
        {replaceOnce(det, "\"weights\": [0,1,1,1,0,", "\"weights\": [0,1,"), "network.paths[0].weights: has 32 values, expected 35 (\"Input\" has 35 x \"RecvNeuron\" has 1)"},
        {replaceOnce(det, "\"weights\": [0,1,", "\"weights\": [0,2,"), "network.paths[0].weights[1]: must be a number in [0, 1]"},
        {replaceOnce(det, "\"pattern\": \"Full\"", "\"pattern\": \"UniformRandom\", \"pcon\": 0.5"), R"(network.paths[0].weights: is only allowed with pattern "Full")"},
        {replaceOnce(det, "\"order\": \"sequential\"", "\"order\": \"shuffled\""), R"(task.order: must be "permuted" or "sequential")"},
        {replaceOnce(det, "\"nZero\": 0", "\"nZero\": 2"), "train.nZero: must be 0 without a task.targetLayer (there are no errors to count)"},
        {replaceOnce(det, "\"name\": \"0\",", "\"name\": \"0\", \"target\": [1],"), "task.patterns[0].target: is only allowed with a task.targetLayer"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.firstError);
        CHECK(firstError(parseExperiment(c.json)) == c.firstError);
    }
    // a target layer needs each row's target
    std::string ra25 = toJson(parsedExperiment(builtinExperimentJson("testnet")));
    ra25 = replaceOnce(ra25, ",\n        \"target\": [1,0,0,0]", "");
    CHECK(firstError(parseExperiment(ra25)) == "task.patterns[0].target: is required");
}
