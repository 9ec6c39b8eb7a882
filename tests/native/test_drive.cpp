// The "drive" task (schema 2) and the built-in neuron: Axon's sims/neuron protocol, its
// lesson's steps, Axon's TestActUpdate step values, and the schema rules around it.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cycle.h"
#include "drive.h"
#include "experiment_checks.h"
#include "network.h"
#include "sim_fixture.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;
using theta::test::makeSim;
using theta::test::parsedExperiment;
using theta::test::firstError;
using theta::test::replaceOnce;

namespace {

/// The neuron with settings applied (as `thetalab trace neuron --set ...` builds it).
Experiment neuronWith(const std::vector<std::string>& settings) { return theta::test::builtinWith("neuron", settings); }

/// The cycles of one trial at which the neuron spiked.
std::vector<int> spikeCycles(const Experiment& ex) {
    std::unique_ptr<Sim> sim = theta::test::simOf(ex);
    std::vector<int> cycles;
    for (int c = 0; c < 200; ++c) {
        sim->stepCycle();
        if (sim->neuronVar(0, NeuronVar::Spike)[0] > 0) cycles.push_back(c);
    }
    return cycles;
}

int spikes(const std::vector<std::string>& settings) { return static_cast<int>(spikeCycles(neuronWith(settings)).size()); }

}  // namespace

TEST_CASE("drive: the neuron gets sims/neuron's input: Ge from cycle 10 to 159, Gi on every cycle") {
    auto sim = makeSim(builtinExperimentJson("neuron"));
    for (int c = 0; c < 200; ++c) {
        sim->stepCycle();
        CAPTURE(c);
        const bool on = c >= 10 && c < 160;
        // what the neuron update read this cycle (the drive writes after the spikes are gathered)
        CHECK(sim->neuronVar(0, NeuronVar::GeRaw)[0] == doctest::Approx(on ? 0.15 : 0.0));
        CHECK(sim->neuronVar(0, NeuronVar::GeSyn)[0] == doctest::Approx(on ? 0.75 : 0.0));  // Ge x GeTau 5
        CHECK(sim->neuronVar(0, NeuronVar::GiRaw)[0] == doctest::Approx(0.1));
        CHECK(sim->neuronVar(0, NeuronVar::GiSyn)[0] == doctest::Approx(0.7));  // Gi x GiTau 7
    }
    CHECK(sim->counters().trialsTotal == 1);
    CHECK(sim->counters().runDone);
}

TEST_CASE("drive: spikes mode pulses ge every floor(1000/Hz)+1 cycles, at plusHz in the plus phase") {
    Drive d;
    d.input = Drive::Input::Spikes;
    d.ge = 0.3f;
    d.onCycle = 10;
    d.offCycle = 200;
    d.minusHz = 50;   // 1000/50 = 20: a pulse every 21 cycles from the onset
    d.plusHz = 100;   // every 11 cycles, counted from the same onset
    std::vector<int> pulses;
    for (int c = 0; c < 200; ++c)
        if (driveGe(d, c, c >= 150) > 0) pulses.push_back(c);
    CHECK(pulses == std::vector<int>{30, 51, 72, 93, 114, 135, 152, 163, 174, 185, 196});
    d.minusHz = 0;
    CHECK(driveGe(d, 30, false) == 0);  // 0 Hz: no pulses
    d.input = Drive::Input::Clamp;
    CHECK(driveGe(d, 9, false) == 0);
    CHECK(driveGe(d, 10, false) == doctest::Approx(0.3));
    CHECK(driveGe(d, 199, true) == doctest::Approx(0.3));
}

TEST_CASE("neuron: the lesson's steps, as the CCN neuron page describes them") {
    const int base = spikes({});
    CHECK(base > 5);
    const std::string nmda0 = "Neuron:Acts.NMDA.Ge=0", gabab0 = "Neuron:Acts.GabaB.Gk=0", knaOff = "Neuron:Acts.KNa.On=0",
                      mahp0 = "Neuron:Acts.Mahp.Gk=0";
    CHECK(spikes({nmda0}) == 0);                          // without NMDA no spikes at all
    const int fewSpikes = spikes({nmda0, gabab0});        // GABA-B off too: a few
    CHECK(fewSpikes > 0);
    CHECK(fewSpikes < base);
    const int moreSpikes = spikes({nmda0, gabab0, knaOff});  // no KNa adaptation: more
    CHECK(moreSpikes > fewSpikes);
    const std::vector<int> regular = spikeCycles(neuronWith({nmda0, gabab0, knaOff, mahp0}));
    REQUIRE(regular.size() >= 3);
    CHECK(static_cast<int>(regular.size()) > moreSpikes);
    for (std::size_t i = 2; i < regular.size(); ++i)  // no adaptation left: perfectly regular
        CHECK(regular[i] - regular[i - 1] == regular[1] - regular[0]);
    // in that regime a 2 mV shift of either reversal potential stops spiking
    CHECK(spikes({nmda0, gabab0, knaOff, mahp0, "Neuron:Acts.Erev.E=-2"}) == 0);
    CHECK(spikes({nmda0, gabab0, knaOff, mahp0, "Neuron:Acts.Erev.I=-92"}) == 0);
    CHECK(spikes({nmda0, gabab0, knaOff, mahp0, "task.ge=0.16"}) > static_cast<int>(regular.size()));
}

TEST_CASE("neuron: the spike count rises with Ge, none below threshold") {
    int previous = -1;
    for (const char* ge : {"0.1", "0.12", "0.13", "0.15", "0.2", "0.3", "0.5"}) {
        CAPTURE(ge);
        const int n = spikes({std::string("task.ge=") + ge});
        CHECK(n >= previous);
        previous = n;
    }
    CHECK(spikes({"task.ge=0.1"}) == 0);
    CHECK(spikes({"task.ge=0.5"}) > spikes({"task.ge=0.15"}));
    CHECK(spikes({"task.ge=0.15", "task.onCycle=200", "task.offCycle=200"}) == 0);  // input never on
}

TEST_CASE("neuron: Axon's TestActUpdate step values (Ge, Vm, Spike within 1e-5)") {
    // axon/act_test.go TestActUpdate: a fresh neuron (every variable 0, so Vm 0 mV and ISI 0:
    // refractory at first) gets GeRaw incremented by these steps and GeSyn integrated from it;
    // no other channel, no inhibition. Axon HEAD's values (biological units).
    const float geInc[] = {0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.1f, 0.2f, 0.3f, 0.2f};
    const float wantGe[] = {0.01f, 0.038f, 0.0904f, 0.17232f, 0.287856f, 0.480285f, 0.834228f, 1.417382f, 2.083906f};
    const float wantVm[] = {-41.99916f, -58.79933f, -70.0f, -65.84951f, -59.67903f, -50.77578f, -36.16289f, 0.0f, -41.99916f};
    Experiment ex = neuronWith({"task.ge=0", "task.gi=0", "Neuron:Acts.NMDA.Ge=0", "Neuron:Acts.GabaB.Gk=0",
                                "Neuron:Acts.KNa.On=0", "Neuron:Acts.Mahp.Gk=0", "Neuron:Acts.VGCC.Ge=0",
                                "Neuron:Acts.AK.Gk=0", "Neuron:Acts.Sahp.Gk=0"});
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::create(ex, errors);
    REQUIRE(sim);
    Network& net = sim->network();
    net.drive.layer = -1;  // the test sets the inputs itself
    const Layer& ly = net.layers[0];
    for (int v = 0; v < kNeuronVarCount; ++v) net.layerVar(ly, static_cast<NeuronVar>(v), 0)[0] = 0;
    float geRaw = 0, geSyn = 0;
    const float geDt = 1.0f / ly.params.Acts.Dt.GeTau;
    for (int i = 0; i < 9; ++i) {
        CAPTURE(i);
        geRaw += geInc[i];
        geSyn = geSyn + geRaw - geDt * geSyn;  // Axon's GeSynFromRaw
        net.layerVar(ly, NeuronVar::GeRaw, 0)[0] = geRaw;
        net.layerVar(ly, NeuronVar::GeSyn, 0)[0] = geSyn;
        cycleLayerNeurons(net, net.layers[0]);  // the neuron update alone, as the Go test calls it
        ++net.ctx.cycle;
        CHECK(net.layerVar(ly, NeuronVar::Ge, 0)[0] == doctest::Approx(wantGe[i]).epsilon(1e-5));
        CHECK(std::fabs(net.layerVar(ly, NeuronVar::Vm, 0)[0] - wantVm[i]) < 1e-5f * 100);
        CHECK(net.layerVar(ly, NeuronVar::Spike, 0)[0] == (i == 7 ? 1.0f : 0.0f));
    }
}

TEST_CASE("drive: train.learn false leaves every weight as it was") {
    Experiment ex = parsedExperiment(builtinExperimentJson("ra25"));
    ex.train.learn = false;
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::create(ex, errors);
    REQUIRE(sim);
    const Path& pt = sim->network().paths[0];
    const std::vector<float> before(pt.Wt.data(), pt.Wt.data() + pt.numSyn());
    for (int t = 0; t < 3; ++t) sim->stepTrial();
    CHECK(std::vector<float>(pt.Wt.data(), pt.Wt.data() + pt.numSyn()) == before);
    ex.train.learn = true;
    std::unique_ptr<Sim> learning = Sim::create(ex, errors);
    for (int t = 0; t < 3; ++t) learning->stepTrial();
    const Path& lp = learning->network().paths[0];
    CHECK(std::vector<float>(lp.Wt.data(), lp.Wt.data() + lp.numSyn()) != before);
}

TEST_CASE("schema 2: drive fields, train.learn, and schema-1 documents read as schema 2") {
    const std::string neuron = builtinExperimentJson("neuron");
    const Experiment ex = parsedExperiment(neuron);
    CHECK(parsedExperiment(toJson(ex)).task.ge == ex.task.ge);
    CHECK(toJson(parsedExperiment(toJson(ex))) == toJson(ex));
    CHECK(toJson(ex).find("\"targetLayer\"") == std::string::npos);  // a drive task has no target

    // a schema-1 file is the same experiment, written back as schema 2
    std::string ra25v1 = toJson(parsedExperiment(builtinExperimentJson("ra25")));
    ra25v1 = replaceOnce(ra25v1, "\"schema\": 2", "\"schema\": 1");
    ra25v1 = replaceOnce(ra25v1, ",\n    \"learn\": true", "");
    ra25v1 = replaceOnce(ra25v1, ",\n    \"order\": \"permuted\"", "");
    const Experiment migrated = parsedExperiment(ra25v1);
    CHECK(migrated.schema == 2);
    CHECK(toJson(migrated) == toJson(parsedExperiment(builtinExperimentJson("ra25"))));

    struct Case {
        std::string json, firstError;
    };
    const Case cases[] = {
        {replaceOnce(neuron, "\"schema\": 2", "\"schema\": 1"), R"(task.source: "drive" needs schema 2)"},
        {replaceOnce(ra25v1, "\"nData\": 1", "\"nData\": 1, \"learn\": false"), "train.learn: needs schema 2"},
        {replaceOnce(neuron, "\"ge\": 0.15", "\"ge\": -1"), "task.ge: must be a number in [0, 10]"},
        {replaceOnce(neuron, "\"gi\": 0.1", "\"gi\": \"high\""), "task.gi: must be a number"},
        {replaceOnce(neuron, "\"spikeHz\": 50", "\"spikeHz\": 5000"), "task.spikeHz: must be a number in [0, 1000]"},
        {replaceOnce(neuron, "\"input\": \"clamp\"", "\"input\": \"burst\""), R"(task.input: must be "clamp", "spikes" or "train")"},
        {replaceOnce(neuron, "\"onCycle\": 10", "\"onCycle\": 170"), "task.offCycle: must not be before task.onCycle (170)"},
        {replaceOnce(neuron, "\"offCycle\": 160", "\"offCycle\": 201"), "task.offCycle: must be an integer in [0, 200]"},
        {replaceOnce(neuron, "\"inputLayer\": \"Neuron\"", "\"inputLayer\": \"Cell\""), R"(task.inputLayer: no layer named "Cell")"},
        {replaceOnce(neuron, "\"type\": \"Hidden\"", "\"type\": \"Input\""),
         R"(task.inputLayer: layer "Neuron" has type "Input": "drive" sets the input of a "Hidden" or "Super" layer)"},
        {replaceOnce(builtinExperimentJson("ra25"), "\"source\": \"ra25\"", "\"source\": \"ra25\", \"ge\": 0.2"),
         R"(task.ge: is only allowed with source "drive")"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.json);
        CHECK(firstError(parseExperiment(c.json)) == c.firstError);
    }
}
