// The built-in inhib (Axon's sims/inhib): FS-FFFB inhibition keeps a bidirectionally
// connected network sparse; its fast (FSGi) and slow (SSGi) parts differ in time course; Gi
// sets the activity level; a short FSTau makes the layers oscillate; spiking interneurons
// can stand in for FS-FFFB. Each check is what the CCN inhibition page asks students to see.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "sim_fixture.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;

namespace {

constexpr int kTrials = 10, kCycles = 200;

/// One layer's per-cycle record over the trials of a run: the layer means of Spike and Act,
/// and the layer pool's FSGi and SSGi; and the fraction of its units that spiked per trial.
struct LayerTrace {
    std::vector<std::vector<double>> spike, act, fsgi, ssgi;  ///< [trial][cycle]
    std::vector<double> activeFraction;                      ///< [trial]
};

LayerTrace traceLayer(const std::string& layer, const std::vector<std::string>& settings) {
    std::unique_ptr<Sim> sim = theta::test::simOf(theta::test::builtinWith("inhib", settings));
    const int li = sim->layerIndex(layer);
    REQUIRE(li >= 0);
    const int n = sim->layerInfo(li).numNeurons;
    auto mean = [&](NeuronVar v) {
        const float* x = sim->neuronVar(li, v);
        return std::accumulate(x, x + n, 0.0) / n;
    };
    LayerTrace out;
    for (auto* v : {&out.spike, &out.act, &out.fsgi, &out.ssgi}) v->assign(kTrials, std::vector<double>(kCycles));
    for (int t = 0; t < kTrials; ++t) {
        std::vector<bool> spiked(n);
        for (int c = 0; c < kCycles; ++c) {
            if (!sim->stepCycle()) FAIL("the sim stopped at trial " << t << ", cycle " << c);
            out.spike[t][c] = mean(NeuronVar::Spike);
            out.act[t][c] = mean(NeuronVar::Act);
            out.fsgi[t][c] = sim->poolVar(li, PoolVar::FSGi);
            out.ssgi[t][c] = sim->poolVar(li, PoolVar::SSGi);
            const float* s = sim->neuronVar(li, NeuronVar::Spike);
            for (int i = 0; i < n; ++i) spiked[i] = spiked[i] || s[i] > 0;
        }
        out.activeFraction.push_back(std::count(spiked.begin(), spiked.end(), true) / double(n));
    }
    return out;
}

double meanOf(const std::vector<double>& v, int from = 0) {
    return std::accumulate(v.begin() + from, v.end(), 0.0) / (v.size() - from);
}

/// Mean over trials of a per-trial statistic.
template <class F> double overTrials(const std::vector<std::vector<double>>& x, F stat) {
    double s = 0;
    for (const auto& trial : x) s += stat(trial);
    return s / x.size();
}

double meanAct(const LayerTrace& tr) {
    return overTrials(tr.act, [](const std::vector<double>& a) { return meanOf(a); });
}

double highestTrialAct(const LayerTrace& tr) {
    double m = 0;
    for (const auto& a : tr.act) m = std::max(m, meanOf(a));
    return m;
}

/// Cycle-to-cycle variation relative to the level: mean |x[c+1] - x[c]| / mean x, from
/// cycle 20 on (after the input's onset transient).
double relativeVariation(const std::vector<double>& x) {
    double d = 0;
    for (std::size_t c = 20; c + 1 < x.size(); ++c) d += std::fabs(x[c + 1] - x[c]);
    return d / (x.size() - 21) / meanOf(x, 20);
}

/// The periodic component of the spikes per cycle (cycles 50-199): the highest
/// autocorrelation at a lag of 2 to 20 cycles (0 for noise, 1 for a pure rhythm).
double rhythm(const std::vector<double>& spikes) {
    const std::vector<double> x(spikes.begin() + 50, spikes.end());
    const double m = meanOf(x);
    double var = 0;
    for (double v : x) var += (v - m) * (v - m);
    double best = 0;
    for (std::size_t lag = 2; lag <= 20; ++lag) {
        double c = 0;
        for (std::size_t i = 0; i + lag < x.size(); ++i) c += (x[i] - m) * (x[i + lag] - m);
        best = std::max(best, c / var);
    }
    return best;
}

}  // namespace

TEST_CASE("inhib: with its defaults Layer1 and Layer2 stay sparse") {
    for (const std::string layer : {"Layer1", "Layer2"}) {
        const LayerTrace tr = traceLayer(layer, {});
        const double act = meanAct(tr), highest = highestTrialAct(tr);
        const double active = meanOf(tr.activeFraction);
        MESSAGE(layer << " mean Act " << act << " (highest trial " << highest << "), units that spiked in a trial " << active);
        CHECK(act > 0.03);       // active ...
        CHECK(highest < 0.15);   // ... and sparse in every trial, as the CCN page says
        CHECK(active > 0.05);  // a fraction of the units carries the pattern, not all of them
        CHECK(active < 0.6);
    }
}

TEST_CASE("inhib: FSGi is fast and spiky, SSGi slow and smooth") {
    const LayerTrace tr = traceLayer("Layer1", {});
    const double fs = overTrials(tr.fsgi, relativeVariation), ss = overTrials(tr.ssgi, relativeVariation);
    MESSAGE("Layer1 cycle-to-cycle variation: FSGi " << fs << ", SSGi " << ss);
    CHECK(fs > 5 * ss);
}

TEST_CASE("inhib: lowering Gi raises activity monotonically") {
    double previous[2] = {1, 1};
    for (const std::string gi : {"0.6", "0.8", "1.0", "1.2"}) {
        const std::vector<std::string> set = {"*:Inhib.Layer.Gi=" + gi};
        int k = 0;
        for (const std::string layer : {"Layer1", "Layer2"}) {
            const double act = meanAct(traceLayer(layer, set));
            MESSAGE("Gi " << gi << " " << layer << " mean Act " << act);
            CHECK(act < previous[k]);
            previous[k++] = act;
        }
    }
}

TEST_CASE("inhib: FSTau 2 makes Layer2 oscillate") {
    const std::vector<std::string> fast = {"*:Inhib.Layer.FSTau=2"};
    const double base = overTrials(traceLayer("Layer2", {}).spike, rhythm);
    const double osc = overTrials(traceLayer("Layer2", fast).spike, rhythm);
    MESSAGE("Layer2 spikes' autocorrelation peak (lags 2-20): FSTau 6 " << base << ", FSTau 2 " << osc);
    CHECK(osc > base + 0.15);
}

TEST_CASE("inhib: spiking interneurons instead of FS-FFFB keep the layers active and sparse") {
    // The panel's switch: layer inhibition off everywhere, the Inhib paths at the Base
    // sheet's PathScale.Abs 6 (InhibExcite and InhibInhib).
    const std::vector<std::string> interneurons = {"*:Inhib.Layer.On=0", "Inhib1>*:PathScale.Abs=6",
                                                   "Inhib2>*:PathScale.Abs=6"};
    for (const std::string layer : {"Layer1", "Layer2"}) {
        const double act = meanAct(traceLayer(layer, interneurons));
        MESSAGE(layer << " mean Act with interneurons " << act);
        CHECK(act > 0.01);
        CHECK(act < 0.15);
    }
    // Without their inhibition the same network runs away.
    const double runaway = meanAct(traceLayer("Layer1", {"*:Inhib.Layer.On=0"}));
    MESSAGE("Layer1 mean Act with no inhibition at all " << runaway);
    CHECK(runaway > 0.3);
}
