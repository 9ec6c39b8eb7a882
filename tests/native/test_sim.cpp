// The simulation as a user drives it: spike timing, phase events, stepping, learning
// ra25, determinism, recording, parameter changes and the command line.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "network.h"
#include "sim_fixture.h"
#include "theta/sim.h"

using namespace theta;
using test::makeSim;

namespace {

std::string twoUnitNet(int delay) {
    return R"({"schema":1,"name":"spikeprop","network":{"layers":[
        {"name":"Input","type":"Input","shape":[1,1]},
        {"name":"Hidden","type":"Hidden","shape":[1,1]},
        {"name":"Output","type":"Target","shape":[1,1]}],
      "paths":[{"from":"Input","to":"Hidden","pattern":"OneToOne","params":{"Com.Delay":)" +
           std::to_string(delay) + R"(}}]},
      "task":{"source":"inline","patterns":[{"name":"on","input":[1],"target":[1]}]},
      "train":{"trialsPerEpoch":1,"epochs":1}})";
}

}  // namespace

TEST_CASE("spikes arrive Delay + 1 cycles after they are sent") {
    for (int delay = 0; delay <= 4; ++delay) {
        auto sim = makeSim(twoUnitNet(delay));
        int sentAt = -1, arrivedAt = -1;
        for (int c = 0; c < 100 && arrivedAt < 0; ++c) {
            sim->stepCycle();
            if (sentAt < 0 && sim->neuronVar(0, NeuronVar::Spike)[0] > 0) sentAt = c;
            if (sim->neuronVar(1, NeuronVar::GeRaw)[0] > 0) arrivedAt = c;
        }
        INFO("delay " << delay);
        REQUIRE(sentAt >= 0);
        CHECK(arrivedAt - sentAt == delay + 1);
    }
}

TEST_CASE("theta cycle: 150 minus cycles, then 50 plus cycles, then learning") {
    auto sim = makeSim(builtinExperimentJson("ra25"));
    CHECK(sim->counters().phase == Phase::Minus);
    sim->stepPhase();
    CHECK(sim->counters().cycle == 150);
    CHECK(sim->counters().phase == Phase::Plus);
    // ActM was taken from ActInt at the minus-phase end; the target is now clamped
    const int out = sim->layerIndex("Output");
    const float* actM = sim->neuronVar(out, NeuronVar::ActM);
    float sumM = 0;
    for (int i = 0; i < 25; ++i) sumM += actM[i];
    CHECK(sumM >= 0);
    const float* hasExt = sim->neuronVar(out, NeuronVar::HasExt);
    CHECK(hasExt[0] == 1.0f);
    sim->stepPhase();
    CHECK(sim->counters().cycle == 0);
    CHECK(sim->counters().trial == 1);
    CHECK(sim->counters().trialsTotal == 1);
    CHECK(sim->counters().phase == Phase::Minus);
    // the trial's ActP was taken at the plus-phase end and differs from ActM on the clamped layer
    const float* actP = sim->neuronVar(out, NeuronVar::ActP);
    float sumP = 0;
    for (int i = 0; i < 25; ++i) sumP += actP[i];
    CHECK(sumP > 0);
}

TEST_CASE("stepping by cycle, trial and epoch advances the counters") {
    auto sim = makeSim(builtinExperimentJson("ra25"));
    sim->stepCycle();
    CHECK(sim->counters().cycle == 1);
    CHECK(sim->counters().cyclesTotal == 1);
    sim->stepTrial();
    CHECK(sim->counters().trial == 1);
    CHECK(sim->counters().cyclesTotal == 200);
    sim->stepEpoch();
    CHECK(sim->counters().epoch == 1);
    CHECK(sim->counters().trial == 0);
    REQUIRE(sim->epochLog().size() == 1);
    CHECK(sim->epochLog()[0].pctErr > 0);  // an untrained network makes errors
}

TEST_CASE("determinism: the same seed gives the same state and another seed another") {
    auto a = makeSim(builtinExperimentJson("ra25"));
    auto b = makeSim(builtinExperimentJson("ra25"));
    for (int t = 0; t < 5; ++t) {
        a->stepTrial();
        b->stepTrial();
    }
    CHECK(a->stateHash() == b->stateHash());
    b->init(99);
    for (int t = 0; t < 5; ++t) b->stepTrial();
    CHECK(a->stateHash() != b->stateHash());
    a->init(99);
    for (int t = 0; t < 5; ++t) a->stepTrial();
    CHECK(a->stateHash() == b->stateHash());
}

TEST_CASE("initRun(seed, r) starts run r exactly as the serial sequence reaches it") {
    ParseResult parsed = parseExperiment(builtinExperimentJson("ra25"));
    REQUIRE(parsed.ok());
    Experiment ex = parsed.experiment;
    ex.train.epochs = 2;
    ex.train.trialsPerEpoch = 4;
    std::vector<ValidationError> errors;
    auto serial = Sim::create(ex, errors);
    auto direct = Sim::create(ex, errors);
    REQUIRE(serial);
    REQUIRE(direct);
    serial->init(5);
    for (int r = 0; r < 2; ++r) {
        if (r > 0) serial->newRun();
        serial->runToEnd();
    }
    direct->initRun(5, 2);
    serial->newRun();
    CHECK(direct->stateHash() == serial->stateHash());
    direct->runToEnd();
    serial->runToEnd();
    CHECK(direct->stateHash() == serial->stateHash());
    const std::vector<EpochStats>& a = direct->epochLog();
    const std::vector<EpochStats>& b = serial->epochLog();
    REQUIRE(a.size() == 2);
    REQUIRE(b.size() == 6);
    for (std::size_t e = 0; e < a.size(); ++e) {
        const EpochStats& x = a[e];
        const EpochStats& y = b[4 + e];
        CHECK(x.run == 2);
        CHECK(y.run == 2);
        CHECK(x.epoch == y.epoch);
        CHECK(x.pctErr == y.pctErr);
        CHECK(x.pctUnitErr == y.pctUnitErr);
        CHECK(x.sse == y.sse);
        CHECK(x.phaseCorr == y.phaseCorr);
        CHECK(x.nZero == y.nZero);
        CHECK(x.firstZero == y.firstZero);
    }
}

TEST_CASE("recording: chosen variables of chosen units over every cycle of a trial") {
    auto sim = makeSim(builtinExperimentJson("ra25"));
    Recording rec;
    rec.layer = 1;
    rec.neurons = {0, 5, 99};
    rec.vars = {NeuronVar::Vm, NeuronVar::Spike, NeuronVar::LearnCaP, NeuronVar::LearnCaD};
    Recording raster;  // a spike raster of the whole Output layer at the same time
    raster.layer = 3;
    for (int i = 0; i < 25; ++i) raster.neurons.push_back(i);
    raster.vars = {NeuronVar::Spike};
    REQUIRE(sim->setRecordings({rec, raster}).empty());
    sim->stepTrial();
    CHECK(sim->recordedCycles() == 200);
    const auto& vals = sim->recordedValues(0);
    REQUIRE(vals.size() == 200u * 4 * 3);
    // Vm of unit 0 at the last cycle equals the live value
    CHECK(vals[199 * 12 + 0] == sim->neuronVar(1, NeuronVar::Vm)[0]);
    const auto& spikes = sim->recordedValues(1);
    REQUIRE(spikes.size() == 200u * 25);
    float total = 0;
    for (float s : spikes) total += s;
    CHECK(total > 0);  // the clamped output spikes in the plus phase
    Recording bad = rec;
    bad.neurons = {100};
    auto errs = sim->setRecordings({bad});
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].path == "recordings[0].neurons");
}

TEST_CASE("pool recording: every layer's pool variables each cycle, as poolVar reads them, without changing the run") {
    auto recorded = makeSim(builtinExperimentJson("inhib"));
    auto stepped = makeSim(builtinExperimentJson("inhib"));
    CHECK(recorded->recordedPools().empty());  // off until turned on
    recorded->setPoolRecording(true);
    const int layers = recorded->numLayers();
    const std::size_t perCycle = static_cast<std::size_t>(layers) * kPoolVarCount;
    std::vector<float> expected;
    for (int c = 0; c < 200; ++c) {  // one trial, one cycle at a time
        stepped->stepCycle();
        for (int li = 0; li < layers; ++li)
            for (int v = 0; v < kPoolVarCount; ++v) expected.push_back(stepped->poolVar(li, static_cast<PoolVar>(v)));
    }
    recorded->stepTrial();
    CHECK(recorded->recordedCycles() == 200);
    REQUIRE(recorded->recordedPools().size() == 200 * perCycle);
    CHECK(recorded->recordedPools() == expected);
    CHECK(recorded->stateHash() == stepped->stateHash());
    float fsgi = 0;  // Layer1's FS inhibition moves: the recording is not all zeros
    for (int c = 0; c < 200; ++c) fsgi += expected[c * perCycle + 1 * kPoolVarCount + static_cast<int>(PoolVar::FSGi)];
    CHECK(fsgi > 0);
    recorded->setPoolRecording(false);
    CHECK(recorded->recordedPools().empty());
}

TEST_CASE("parameter changes are validated and name the field") {
    auto sim = makeSim(builtinExperimentJson("ra25"));
    CHECK(sim->setLayerParam("Hidden1", "Inhib.Layer.Gi", 1.2).empty());
    CHECK(sim->network().layers[1].params.Inhib.Layer.Gi == 1.2f);
    auto e1 = sim->setLayerParam("Hidden1", "Inhib.Layer.Gi", -3);
    REQUIRE(e1.size() == 1);
    CHECK(e1[0].path == "network.layers[1].params[\"Inhib.Layer.Gi\"]");
    auto e2 = sim->setLayerParam("Nope", "Inhib.Layer.Gi", 1);
    REQUIRE(e2.size() == 1);
    CHECK(e2[0].message.find("Nope") != std::string::npos);
    auto e3 = sim->setPathParam("Hidden2", "Hidden1", "PathScale.Rel", 0.2);
    CHECK(e3.empty());
    auto e4 = sim->setPathParam("Hidden2", "Hidden1", "No.Such", 0.2);
    REQUIRE(e4.size() == 1);
    CHECK(e4[0].message == "unknown parameter");
}

TEST_CASE("a parameter change reaches the constants derived from it before the next cycle") {
    // The kernel reads reciprocals and powers of the parameters computed when they change
    // (updateDerived): a change on a running Sim must act as if the document had said so.
    auto changed = makeSim(builtinExperimentJson("ra25"));
    REQUIRE(changed->setLayerParam("Hidden1", "Acts.Dt.VmC", 300).empty());
    REQUIRE(changed->setLayerParam("Hidden1", "Acts.GabaB.Decay", 80).empty());
    CHECK(changed->network().layers[1].consts.vmDt == 1.0f / 300);
    Experiment ex = test::parsedExperiment(builtinExperimentJson("ra25"));
    ex.layers[1].params.push_back({"Acts.Dt.VmC", 300});
    ex.layers[1].params.push_back({"Acts.GabaB.Decay", 80});
    std::vector<ValidationError> errors;
    auto documented = Sim::create(ex, errors);
    REQUIRE(documented);
    auto plain = makeSim(builtinExperimentJson("ra25"));
    for (Sim* s : {changed.get(), documented.get(), plain.get()}) s->stepTrial();
    CHECK(changed->stateHash() == documented->stateHash());
    CHECK(changed->stateHash() != plain->stateHash());
}

TEST_CASE("path scaling reproduces Axon's ra25 GScale values") {
    auto sim = makeSim(builtinExperimentJson("ra25"));
    const Network& net = sim->network();
    // Axon's ra25 parameter dump (-params-save-all), as docs/model.md quotes it
    CHECK(net.paths[0].gScale == doctest::Approx(0.1923077f).epsilon(1e-6));   // Input -> Hidden1
    CHECK(net.paths[1].gScale == doctest::Approx(0.12820514f).epsilon(1e-6));  // Hidden1 -> Hidden2
    CHECK(net.paths[2].gScale == doctest::Approx(0.038461544f).epsilon(1e-6)); // Hidden2 -> Hidden1
    CHECK(net.paths[3].gScale == doctest::Approx(0.16666667f).epsilon(1e-6));  // Hidden2 -> Output
    CHECK(net.paths[4].gScale == doctest::Approx(0.038461544f).epsilon(1e-6)); // Output -> Hidden2
}

TEST_CASE("ra25 learns to 2 zero-error epochs within 100 epochs for 5 of 5 seeds") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        auto sim = makeSim(builtinExperimentJson("ra25"));
        sim->init(seed);
        sim->runToEnd();
        const EpochStats& last = sim->epochLog().back();
        MESSAGE("seed " << seed << ": FirstZero " << last.firstZero << ", stopped after epoch " << last.epoch);
        CHECK(last.nZero >= 2);
        CHECK(last.firstZero >= 0);
    }
}

TEST_CASE("command line: exit codes 0 and 2 and the hash") {
    const std::string cli = THETA_CLI_PATH;
    CHECK(std::system((cli + " validate ra25 > /dev/null").c_str()) == 0);
    CHECK(WEXITSTATUS(std::system((cli + " validate no-such-thing 2> /dev/null").c_str())) == 2);
    CHECK(WEXITSTATUS(std::system((cli + " hash ra25 2> /dev/null").c_str())) == 2);  // --trials missing
    CHECK(WEXITSTATUS(std::system((cli + " frobnicate ra25 2> /dev/null").c_str())) == 2);
    CHECK(std::system((cli + " hash ra25 --trials 2 > /dev/null").c_str()) == 0);
}
