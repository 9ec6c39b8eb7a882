// Golden values of Axon's own 3-layer test network (emer/axon axon/basic_test.go,
// docs/model.md): Input 4 -> Hidden 4 <-> Output 4 (Target), one-to-one paths,
// uniform weights, one-hot patterns, 4 quarters of 50 cycles.
//
// Axon's values come from its Go float32 code with math32.FastExp; ours use our own exp
// (engine/src/fastmath.h). Every value must agree within 1e-5 (absolute); measured
// differences are at most about 1.3e-6 (the report lines print each one).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "cycle.h"
#include "learn.h"
#include "theta_trial.h"
#include "network.h"
#include "theta/experiment.h"

using namespace theta;

namespace {

struct TestNet {
    Network net;
    int in = 0, hid = 1, out = 2;
    TestNet() {
        ParseResult r = parseExperiment(builtinExperimentJson("testnet"));
        REQUIRE(r.ok());
        REQUIRE(buildNetwork(r.experiment, net).empty());
        initWeights(net, 42);
    }
    float at(int layer, NeuronVar v, int unit) { return net.layerVar(net.layers[layer], v, 0)[unit]; }
    /// One trial of pattern pi; `probe(quarter)` runs after each 50-cycle quarter.
    template <class Probe> void trial(int pi, bool learn, Probe probe) {
        std::vector<float> pat(4, 0.0f);
        pat[pi] = 1;
        trialStart(net, in, &pat, out, &pat);
        for (int q = 0; q < 4; ++q) {
            for (int c = 0; c < 50; ++c) thetaTrialCycle(net);   // the phase changes after cycle 150
            probe(q);
        }
        plusPhaseEnd(net);
        if (learn) computeDWt(net);
    }
};

constexpr float kTol = 1e-5f;

/// Prints what we got next to Axon's value (so a regression shows the full picture) and
/// checks it within kTol.
void report(const char* what, float got, float axon) {
    std::printf("  %-28s ours %.7f  axon %.7f  diff %+.2e\n", what, got, axon, got - axon);
    INFO(what << ": ours " << got << ", axon " << axon);
    CHECK(std::fabs(got - axon) <= kTol);
}

}  // namespace

TEST_CASE("golden: test net activity matches Axon at the end of quarters 0 and 3") {
    TestNet t;
    std::printf("golden activity (pattern 0):\n");
    t.trial(0, false, [&](int q) {
        if (q == 0) {
            report("qtr0 Hidden Act", t.at(t.hid, NeuronVar::Act, 0), 0.6944439f);
            report("qtr0 Hidden Ge", t.at(t.hid, NeuronVar::Ge, 0), 0.35238016f);
            report("qtr0 Hidden Gi", t.at(t.hid, NeuronVar::Gi, 0), 0.15478326f);
            report("qtr0 Output Act", t.at(t.out, NeuronVar::Act, 0), 0.55552065f);
            report("qtr0 Output Ge", t.at(t.out, NeuronVar::Ge, 0), 0.35870183f);
            report("qtr0 Output Gi", t.at(t.out, NeuronVar::Gi, 0), 0.20974194f);
            // units 1-3 get no input: silent
            for (int u = 1; u < 4; ++u) CHECK(t.at(t.hid, NeuronVar::Act, u) == 0.0f);
        }
        if (q == 3) {
            report("qtr3 Hidden Act", t.at(t.hid, NeuronVar::Act, 0), 0.56933826f);
            report("qtr3 Hidden Ge", t.at(t.hid, NeuronVar::Ge, 0), 0.43519318f);
            report("qtr3 Hidden Gi", t.at(t.hid, NeuronVar::Gi, 0), 0.21780372f);
            report("qtr3 Output Act", t.at(t.out, NeuronVar::Act, 0), 0.69444436f);
            report("qtr3 Output Ge", t.at(t.out, NeuronVar::Ge, 0), 0.8f);
            report("qtr3 Output Gi", t.at(t.out, NeuronVar::Gi, 0), 0.48570368f);
            // clamped target: Ge is exactly Clamp.Ge x Target
            CHECK(t.at(t.out, NeuronVar::Ge, 0) == 0.8f);
            for (int u = 1; u < 4; ++u) CHECK(t.at(t.out, NeuronVar::Ge, u) == 0.0f);
        }
    });
}

TEST_CASE("golden: test net learning (LearnCaP/LearnCaD, DWt, Wt) matches Axon") {
    TestNet t;
    const float axonCaP[2] = {0.5500735f, 0.5519808f}, axonCaD[2] = {0.52224743f, 0.49780282f};
    const float axonHidDWt[4] = {0.004471265f, 0.0076135984f, 0.006134646f, 0.006948054f};
    const float axonHidWt[4] = {0.5268025f, 0.54555845f, 0.5367433f, 0.5415946f};
    const float axonOutDWt[4] = {0.0055950927f, 0.010907927f, 0.010558605f, 0.010816593f};
    Path& inToHid = t.net.paths[0];
    Path& hidToOut = t.net.paths[1];
    std::printf("golden learning:\n");
    for (int pi = 0; pi < 4; ++pi) {
        t.trial(pi, true, [](int) {});
        char label[64];
        if (pi < 2) {
            std::snprintf(label, sizeof label, "pat%d Hidden LearnCaP", pi);
            report(label, t.at(t.hid, NeuronVar::LearnCaP, pi), axonCaP[pi]);
            std::snprintf(label, sizeof label, "pat%d Hidden LearnCaD", pi);
            report(label, t.at(t.hid, NeuronVar::LearnCaD, pi), axonCaD[pi]);
        }
        const float hidDWt = inToHid.DWt[pi], outDWt = hidToOut.DWt[pi];
        wtFromDWt(t.net);
        std::snprintf(label, sizeof label, "pat%d Hidden DWt", pi);
        report(label, hidDWt, axonHidDWt[pi]);
        std::snprintf(label, sizeof label, "pat%d Hidden Wt", pi);
        report(label, inToHid.Wt[pi], axonHidWt[pi]);
        std::snprintf(label, sizeof label, "pat%d Output DWt", pi);
        report(label, outDWt, axonOutDWt[pi]);
        // only the active unit's synapses learn
        for (int u = 0; u < 4; ++u)
            if (u > pi) CHECK(inToHid.Wt[u] == 0.5f);  // not shown yet: untouched
    }
}
