// The built-in stability (the CCN stability sim): NMDA and GABA-B make a network's activity
// both sparse and steady; without them it comes in synchronous waves.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim_fixture.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;
using theta::test::parsedExperiment;

namespace {

struct Layer2Activity {
    double spikes = 0;        ///< per trial
    double persistence = 0;   ///< correlation of units' spike counts, cycles 50-99 vs 100-149
    double burstiness = 0;    ///< coefficient of variation of spikes per 5-cycle bin, cycles 30-199
    double activeUnits = 0;   ///< units that spiked in cycles 50-99
    /// The volley: the share of the trial's spikes in its busiest 10 cycles, and the spike
    /// rate after it (cycles 50-199) relative to the rate within it.
    double volleyShare = 0, afterVolley = 0;
};

/// Layer2's activity, averaged over trials 1 and 2 (trial 0 starts from rest).
Layer2Activity layer2(const std::vector<std::string>& settings) {
    std::unique_ptr<Sim> sim = theta::test::simOf(theta::test::builtinWith("stability", settings));
    const int li = sim->layerIndex("Layer2");
    const int n = sim->layerInfo(li).numNeurons;
    Layer2Activity out;
    sim->stepTrial();
    for (int t = 1; t <= 2; ++t) {
        std::vector<double> early(n), late(n), bins(34), perCycle(200);
        for (int c = 0; c < 200; ++c) {
            sim->stepCycle();
            const float* s = sim->neuronVar(li, NeuronVar::Spike);
            for (int i = 0; i < n; ++i) {
                out.spikes += s[i] / 2;
                perCycle[c] += s[i];
                if (c >= 50 && c < 100) early[i] += s[i];
                if (c >= 100 && c < 150) late[i] += s[i];
                if (c >= 30) bins[(c - 30) / 5] += s[i];
            }
        }
        auto mean = [](const std::vector<double>& v) {
            double m = 0;
            for (double x : v) m += x;
            return m / v.size();
        };
        const double me = mean(early), ml = mean(late), mb = mean(bins);
        double cov = 0, ve = 0, vl = 0, vb = 0;
        for (int i = 0; i < n; ++i) {
            cov += (early[i] - me) * (late[i] - ml);
            ve += (early[i] - me) * (early[i] - me);
            vl += (late[i] - ml) * (late[i] - ml);
        }
        for (double b : bins) vb += (b - mb) * (b - mb);
        for (double e : early) out.activeUnits += (e > 0) / 2.0;
        out.persistence += cov / std::sqrt(ve * vl) / 2;
        out.burstiness += std::sqrt(vb / bins.size()) / mb / 2;
        double trialSpikes = 0, busiest = 0, after = 0;
        for (int c = 0; c < 200; ++c) trialSpikes += perCycle[c];
        for (int c = 0; c + 10 <= 200; ++c) {
            double w = 0;
            for (int k = c; k < c + 10; ++k) w += perCycle[k];
            busiest = std::max(busiest, w);
        }
        for (int c = 50; c < 200; ++c) after += perCycle[c];
        out.volleyShare += busiest / trialSpikes / 2;
        out.afterVolley += (after / 150) / (busiest / 10) / 2;
    }
    return out;
}

}  // namespace

TEST_CASE("stability: with NMDA and GABA-B the same sparse units stay active, without, activity comes in waves") {
    const Layer2Activity base = layer2({});
    const Layer2Activity bare = layer2({"*:Acts.NMDA.Ge=0", "*:Acts.GabaB.Gk=0"});
    MESSAGE("Layer2 per trial: defaults " << base.spikes << " spikes, persistence " << base.persistence << ", burstiness "
                                          << base.burstiness << ", active units " << base.activeUnits << "; NMDA = GABA-B = 0: " << bare.spikes << ", "
                                          << bare.persistence << ", " << bare.burstiness);
    CHECK(base.spikes > 100);
    CHECK(base.activeUnits < 50);  // sparse: most of the layer stays silent
    CHECK(base.persistence > 0.75);
    CHECK(base.persistence > bare.persistence);
    CHECK(bare.burstiness > base.burstiness);
}

TEST_CASE("stability: without NMDA and GABA-B Layer2 fires one synchronous volley, then is mostly silent") {
    const Layer2Activity base = layer2({});
    const Layer2Activity bare = layer2({"*:Acts.NMDA.Ge=0", "*:Acts.GabaB.Gk=0"});
    MESSAGE("Layer2 busiest 10 cycles' share of the trial's spikes: defaults " << base.volleyShare << ", NMDA = GABA-B = 0 "
                                                                               << bare.volleyShare << "; rate after the volley relative to within it: "
                                                                               << base.afterVolley << ", " << bare.afterVolley);
    CHECK(bare.volleyShare > 1.5 * base.volleyShare);
    CHECK(bare.afterVolley < 0.5 * base.afterVolley);  // mostly silent after the volley ...
    CHECK(base.afterVolley > 0.2);                     // ... while the defaults keep firing
}

TEST_CASE("stability: its panel's three numbers are parameters of both hidden layers") {
    const Experiment ex = parsedExperiment(builtinExperimentJson("stability"));
    for (const char* layer : {"Layer1", "Layer2"}) {
        CAPTURE(layer);
        const LayerSpec* spec = nullptr;
        for (const LayerSpec& l : ex.layers)
            if (l.name == layer) spec = &l;
        REQUIRE(spec);
        auto value = [&](const char* name) {
            for (const ParamSetting& p : spec->params)
                if (p.name == name) return p.value;
            return -1.0;
        };
        CHECK(value("Acts.NMDA.Ge") == doctest::Approx(0.006));
        CHECK(value("Acts.GabaB.Gk") == doctest::Approx(0.015));
        CHECK(value("Inhib.Layer.Gi") == doctest::Approx(0.85));
    }
    CHECK(ex.task.source == "generate");
    CHECK(ex.task.generateOn == 15);
    CHECK(ex.task.generateMinDiff == 7);
    CHECK(ex.task.order == "sequential");
    CHECK_FALSE(ex.train.learn);
}
