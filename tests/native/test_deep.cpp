// Deep predictive learning (Super, CT, Pulvinar) and the deepfsa task: what the pulvinar
// shows in each phase, when CT context arrives, the Reber grammar, and data parallelism.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <string>

#include "fsa_env.h"
#include "network.h"
#include "theta/sim.h"

using namespace theta;

namespace {

/// The built-in deepfsa with `nData` streams and `trials` items per epoch.
std::unique_ptr<Sim> deepfsa(int nData, int trials, std::uint64_t seed = 1) {
    ParseResult r = parseExperiment(builtinExperimentJson("deepfsa"));
    REQUIRE(r.ok());
    r.experiment.train.nData = nData;
    r.experiment.train.trialsPerEpoch = trials;
    r.experiment.seed = seed;
    r.experiment.train.nZero = 0;  // never stop early: one-item epochs are often all correct
    std::vector<ValidationError> errors;
    auto sim = Sim::create(r.experiment, errors);
    for (auto& e : errors) MESSAGE(e.str());
    REQUIRE(sim);
    return sim;
}

float maxOf(const float* x, int n) { return *std::max_element(x, x + n); }
int argmaxOf(const float* x, int n) { return static_cast<int>(std::max_element(x, x + n) - x); }

}  // namespace

TEST_CASE("fsa: every stream emits only Reber-grammar sequences, and each token is one it allowed") {
    // The grammar as a regular expression, written from the automaton's diagram rather than
    // from its table: B (T S* X (S | X L3) | P L3) E, with L3 = (T* V P X)* T* V (V | P S).
    const std::string l3 = "(T*VPX)*T*V(V|PS)";
    const std::regex reber("B(TS*X(S|X" + l3 + ")|P" + l3 + ")E");
    for (int stream = 0; stream < 4; ++stream) {
        FsaStream st;
        std::string seq;
        int sequences = 0;
        for (int step = 0; step < 5000; ++step) {
            fsaStep(st, 7, stream);
            REQUIRE(fsaConsistent(st));
            CHECK(((st.valid >> st.token) & 1) == 1);
            seq += fsaTokenName(st.token);
            if (st.token == 6) {  // E ends a sequence; the next one starts with B
                CHECK_MESSAGE(std::regex_match(seq, reber), seq);
                seq.clear();
                ++sequences;
            }
        }
        CHECK(sequences > 300);
    }
    // both branches of a state are taken about equally often (50/50)
    FsaStream st;
    int t = 0, p = 0;
    for (int step = 0; step < 20000; ++step) {
        const int before = st.state;
        fsaStep(st, 3, 0);
        if (before == 1) (st.token == 1 ? t : p)++;
    }
    CHECK(t + p > 1000);
    CHECK(std::abs(t - p) < (t + p) / 10);
}

TEST_CASE("deep: the pulvinar's minus phase comes from CT only, its plus phase follows the driver") {
    auto sim = deepfsa(1, 1);
    const int inputP = sim->layerIndex("InputP"), input = sim->layerIndex("Input");
    for (int t = 0; t < 5; ++t) sim->stepTrial();  // let context build up
    // with the CT -> pulvinar path silenced, nothing drives the pulvinar in the minus phase
    REQUIRE(sim->setPathParam("HiddenCT", "InputP", "PathScale.Abs", 0).empty());
    for (int t = 0; t < 3; ++t) {
        // minus phase: no input at all once the spikes already on their way (Delay + 1
        // cycles) have arrived: nothing but CT reaches the pulvinar then
        for (int c = 0; c < 150; ++c) {
            sim->stepCycle();
            if (c >= 3) REQUIRE(maxOf(sim->neuronVar(inputP, NeuronVar::GeRaw), 7) == 0.0f);
        }
        REQUIRE(sim->counters().phase == Phase::Plus);
        sim->stepPhase();  // plus phase: the driver's burst (the token shown) drives it
        const int shown = argmaxOf(sim->neuronVar(input, NeuronVar::Ext), 7);
        CHECK(sim->neuronVar(inputP, NeuronVar::ActP)[shown] > 0.1f);
        CHECK(argmaxOf(sim->neuronVar(inputP, NeuronVar::ActP), 7) == shown);
    }
    // with CT's prediction on, the pulvinar is active in the minus phase, and the prediction
    // is forgotten at the end of it (full decay), before the driver takes over
    REQUIRE(sim->setPathParam("HiddenCT", "InputP", "PathScale.Abs", 1).empty());
    sim->stepTrial();
    float ctInput = 0;
    for (int c = 0; c < 150; ++c) {
        sim->stepCycle();
        ctInput += maxOf(sim->neuronVar(inputP, NeuronVar::GeRaw), 7);
    }
    CHECK(ctInput > 0);
    CHECK(maxOf(sim->neuronVar(inputP, NeuronVar::ActM), 7) > 0.0f);
    CHECK(maxOf(sim->neuronVar(inputP, NeuronVar::ActInt), 7) == 0.0f);  // decayed at the phase's end
    CHECK(maxOf(sim->neuronVar(inputP, NeuronVar::Vm), 7) == doctest::Approx(-70.0f));
}

TEST_CASE("deep: CT context arrives at the trial boundary, from the Super layer's Burst") {
    auto sim = deepfsa(1, 1);
    const int ct = sim->layerIndex("HiddenCT"), super = sim->layerIndex("Hidden");
    Network& net = sim->network();
    const Layer& ctL = net.layers[ct];
    auto ctxtMax = [&](NeuronVar v) { return maxOf(net.layerVar(ctL, v, 0), ctL.numNeurons); };
    // first trial: no context until the trial's last cycle
    for (int c = 0; c < 199; ++c) {
        sim->stepCycle();
        REQUIRE(ctxtMax(NeuronVar::CtxtGe) == 0.0f);
        REQUIRE(ctxtMax(NeuronVar::CtxtGeRaw) == 0.0f);
    }
    // Super bursts only in the plus phase above its threshold: some units are cut to 0
    const float* burst = sim->neuronVar(super, NeuronVar::Burst);
    const float* caP = sim->neuronVar(super, NeuronVar::CaP);
    int cut = 0, kept = 0;
    for (int i = 0; i < 100; ++i) {
        if (burst[i] == 0 && caP[i] > 0) ++cut;
        if (burst[i] > 0) {
            ++kept;
            CHECK(burst[i] == caP[i]);
        }
    }
    CHECK(cut > 0);
    CHECK(kept > 0);
    sim->stepCycle();  // cycle 199: the context sent at cycle 196 arrives and is taken
    CHECK(ctxtMax(NeuronVar::CtxtGeRaw) > 0.0f);
    CHECK(ctxtMax(NeuronVar::CtxtGe) == ctxtMax(NeuronVar::CtxtGeRaw));
    CHECK(ctxtMax(NeuronVar::CtxtGeOrig) == ctxtMax(NeuronVar::CtxtGe));
    // next trial: the context drives CT and decays; the raw input is only there at the boundary
    const float start = ctxtMax(NeuronVar::CtxtGe);
    for (int c = 0; c < 50; ++c) sim->stepCycle();
    CHECK(ctxtMax(NeuronVar::CtxtGeRaw) == 0.0f);
    CHECK(ctxtMax(NeuronVar::CtxtGe) < start);
    CHECK(ctxtMax(NeuronVar::CtxtGe) > 0.0f);
    // and the Super layer's burst of the last cycle is kept as BurstPrv for learning
    CHECK(maxOf(net.layerVar(net.layers[super], NeuronVar::BurstPrv, 0), 100) > 0.0f);
}

TEST_CASE("deep: data streams run independently on shared weights") {
    // two streams step side by side: each has its own tokens and state, and stream 0 of a
    // 2-stream sim is not the 1-stream sim (the weights learn from both)
    auto two = deepfsa(2, 2);
    auto one = deepfsa(1, 1);
    for (int t = 0; t < 3; ++t) {
        two->stepTrial();
        one->stepTrial();
    }
    Network& n2 = two->network();
    const Layer& hid = n2.layers[two->layerIndex("Hidden")];
    const float* a0 = n2.layerVar(hid, NeuronVar::CaD, 0);
    const float* a1 = n2.layerVar(hid, NeuronVar::CaD, 1);
    CHECK_FALSE(std::equal(a0, a0 + 100, a1));
    CHECK(two->counters().trialsTotal == 3);
    CHECK(two->epochLog().size() == 3);  // 2 items per epoch, one step each
    CHECK(one->epochLog().size() == 3);
    CHECK(two->stateHash() != one->stateHash());
}

TEST_CASE("deep: a deepfsa checkpoint restores streams, context and state exactly") {
    auto sim = deepfsa(3, 3);
    sim->stepTrial();
    for (int c = 0; c < 77; ++c) sim->stepCycle();
    const std::vector<std::uint8_t> bytes = sim->saveCheckpoint();
    std::vector<ValidationError> errors;
    auto copy = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
    for (auto& e : errors) MESSAGE(e.str());
    REQUIRE(copy);
    CHECK(copy->stateHash() == sim->stateHash());
    for (int t = 0; t < 2; ++t) {
        sim->stepTrial();
        copy->stepTrial();
    }
    CHECK(copy->stateHash() == sim->stateHash());
    CHECK(copy->lastTrial().pattern == sim->lastTrial().pattern);
}

TEST_CASE("deepfsa learns: its prediction error falls from chance to under 10% within 30 epochs (seed 1)") {
    // The short check run by ctest; scripts/check-deepfsa.sh runs 5 seeds to the criterion
    // (2 zero-error epochs in a row within 150 epochs).
    ParseResult r = parseExperiment(builtinExperimentJson("deepfsa"));
    REQUIRE(r.ok());
    r.experiment.train.epochs = 30;
    std::vector<ValidationError> errors;
    auto sim = Sim::create(r.experiment, errors);
    REQUIRE(sim);
    float best = 1;
    while (sim->stepEpoch()) {
        best = std::min(best, sim->epochLog().back().pctErr);
        if (best < 0.1f) break;
    }
    const auto& log = sim->epochLog();
    MESSAGE("epoch 0 error " << log.front().pctErr << ", best " << best << " by epoch " << log.back().epoch);
    CHECK(log.front().pctErr > 0.4f);
    CHECK(best < 0.1f);
}

TEST_CASE("deep: a path parameter set between two layers reaches every path between them") {
    auto sim = deepfsa(1, 1);
    REQUIRE(sim->setPathParam("HiddenCT", "HiddenCT", "Learn.LRate.Base", 0.05).empty());
    int selfPaths = 0;
    for (const Path& pt : sim->network().paths)
        if (pt.send == pt.recv) {
            ++selfPaths;
            CHECK(pt.params.Learn.LRate.Base == doctest::Approx(0.05f));
        }
    CHECK(selfPaths == 2);
    for (const PathSpec& p : sim->experiment().paths)
        if (p.from == "HiddenCT" && p.to == "HiddenCT")
            CHECK(std::any_of(p.params.begin(), p.params.end(),
                              [](const ParamSetting& s) { return s.name == "Learn.LRate.Base" && s.value == 0.05; }));
}

TEST_CASE("deepfsa: path scaling equals Axon's parameter dump (GScale.Scale)") {
    // emer/axon sims/deepfsa params_good: context and excitatory paths share one Rel group,
    // the Maint path has its own; a 7-unit sender counts round(0.15 x 7) = 1 active unit,
    // a 100-unit sender 15.
    auto sim = deepfsa(1, 1);
    const Network& net = sim->network();
    auto scale = [&](const char* from, const char* to, PathType type) {
        for (const Path& pt : net.paths)
            if (net.layers[pt.send].name == from && net.layers[pt.recv].name == to && pt.type == type) return pt.gScale;
        FAIL("no such path");
        return 0.0f;
    };
    CHECK(scale("Input", "Hidden", PathType::Forward) == doctest::Approx(0.9090909f).epsilon(1e-6));
    CHECK(scale("InputP", "Hidden", PathType::Back) == doctest::Approx(0.09090909f).epsilon(1e-6));
    CHECK(scale("Hidden", "HiddenCT", PathType::CTCtxt) == doctest::Approx(0.041666668f).epsilon(1e-6));
    CHECK(scale("HiddenCT", "HiddenCT", PathType::CTCtxt) == doctest::Approx(0.020833334f).epsilon(1e-6));
    CHECK(scale("HiddenCT", "HiddenCT", PathType::Maint) == doctest::Approx(0.033333335f).epsilon(1e-6));
    CHECK(scale("InputP", "HiddenCT", PathType::Back) == doctest::Approx(0.0625f).epsilon(1e-6));
    CHECK(scale("HiddenCT", "InputP", PathType::Forward) == doctest::Approx(0.06666667f).epsilon(1e-6));
}

TEST_CASE("deepfsa: weights are symmetrised in Axon's order (CT self context = transpose of Maint)") {
    auto sim = deepfsa(1, 1);
    const Network& net = sim->network();
    const Path* ctxt = nullptr;
    const Path* maint = nullptr;
    const Path* toPulv = nullptr;
    const Path* fromPulv = nullptr;
    for (const Path& pt : net.paths) {
        const std::string& from = net.layers[pt.send].name;
        const std::string& to = net.layers[pt.recv].name;
        if (from == "HiddenCT" && to == "HiddenCT") (pt.type == PathType::CTCtxt ? ctxt : maint) = &pt;
        if (from == "HiddenCT" && to == "InputP") toPulv = &pt;
        if (from == "InputP" && to == "HiddenCT") fromPulv = &pt;
    }
    REQUIRE((ctxt && maint && toPulv && fromPulv));
    REQUIRE((ctxt->dense && maint->dense && toPulv->dense && fromPulv->dense));
    int differ = 0;
    for (int s = 0; s < 100; ++s)
        for (int r = 0; r < 100; ++r) {
            CHECK(ctxt->Wt[s * 100 + r] == maint->Wt[r * 100 + s]);
            differ += maint->Wt[s * 100 + r] != maint->Wt[r * 100 + s];
        }
    CHECK(differ > 0);  // Maint itself is not symmetric
    // the target path takes the SWt of the path that mirrors it (InputP -> HiddenCT, SPct 1)
    for (int s = 0; s < 100; ++s)
        for (int r = 0; r < 7; ++r) CHECK(toPulv->SWt[s * 7 + r] == fromPulv->SWt[r * 100 + s]);
}
