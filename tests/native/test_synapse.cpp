// The built-in synapse (Axon's kinasesim as temporal-derivative plasticity): kinasesim's
// spike trains, a unit that fires exactly on them, and the sign of learning that Jang et al.
// (bioRxiv 2026) measured: potentiation when firing rises from prediction to outcome,
// depression when it falls, little change when it stays.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "drive.h"
#include "experiment_checks.h"
#include "sim_fixture.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;
using theta::test::firstError;
using theta::test::builtinWith;
using theta::test::simOf;
using theta::test::replaceOnce;

namespace {

std::unique_ptr<Sim> synapseWith(const std::vector<std::string>& settings) {
    Experiment ex = builtinWith("synapse", settings);
    ex.train.epochs = 1000;  // as many trials as a test asks for
    return simOf(ex);
}

/// Mean DWt of the synapse over trials 1..n (trial 0 starts from no learning calcium).
double meanDWt(const char* minusHz, const char* plusHz, int n) {
    auto sim = synapseWith({std::string("task.spikeHz=") + minusHz, std::string("task.plusHz=") + plusHz});
    double sum = 0;
    for (int t = 0; t <= n; ++t) {
        sim->stepTrial();
        if (t > 0) sum += sim->lastTrialDWt(0);
    }
    return sum / n;
}

}  // namespace

TEST_CASE("synapse: kinasesim's trains: inter-spike intervals of 1 + Poisson(1000/Hz), none at 5 Hz or less") {
    Drive d;
    d.input = Drive::Input::Train;
    d.seed = driveSeed(1, 0);
    for (float hz : {25.0f, 50.0f}) {
        d.minusHz = d.plusHz = hz;
        std::vector<int> isi;
        for (std::uint64_t stream = 0; stream < 200; ++stream) {
            int last = -1;
            for (int c = 0; c < 200; ++c)
                if (trainSpikes(d, stream, c, 100, 0)) {
                    if (last >= 0) isi.push_back(c - last);
                    last = c;
                }
        }
        double mean = 0, var = 0;
        for (int x : isi) mean += x;
        mean /= isi.size();
        for (int x : isi) var += (x - mean) * (x - mean);
        const double cv = std::sqrt(var / isi.size()) / mean;
        CAPTURE(hz);
        CHECK(mean == doctest::Approx(1 + 1000 / hz).epsilon(0.05));
        CHECK(cv == doctest::Approx(std::sqrt(1000 / hz) / (1 + 1000 / hz)).epsilon(0.15));  // Poisson: sd = sqrt(mean)
    }
    d.minusHz = d.plusHz = 5;
    for (int c = 0; c < 200; ++c) CHECK_FALSE(trainSpikes(d, 7, c, 100, 0));
    d.minusHz = d.plusHz = 0;
    CHECK_FALSE(trainSpikes(d, 7, 150, 100, 60));  // the sender's extra rate alone
}

TEST_CASE("synapse: each unit fires exactly on its train's pulses, at the phase's rate") {
    auto sim = synapseWith({"task.spikeHz=25", "task.plusHz=50"});
    int minusSpikes = 0, plusSpikes = 0;
    for (int t = 0; t < 40; ++t) {
        do {
            sim->stepCycle();
            const int cycle = (sim->counters().cycle + 199) % 200;  // the cycle that just ran
            for (int li = 0; li < 2; ++li) {
                const bool pulse = sim->neuronVar(li, NeuronVar::GeRaw)[0] > 0;
                const bool spike = sim->neuronVar(li, NeuronVar::Spike)[0] > 0;
                CHECK(pulse == spike);
                if (spike && li == 1) (cycle < 100 ? minusSpikes : plusSpikes) += 1;
            }
        } while (sim->counters().cycle != 0);
    }
    // 100 ms at 25 Hz and at 50 Hz: ISIs of 41 and 21 cycles on average
    CHECK(minusSpikes / 40.0 == doctest::Approx(100.0 / 41).epsilon(0.2));
    CHECK(plusSpikes / 40.0 == doctest::Approx(100.0 / 21).epsilon(0.2));
}

TEST_CASE("synapse: rising firing potentiates, falling depresses, steady firing changes little (Jang et al.)") {
    const double up = meanDWt("25", "50", 60), down = meanDWt("50", "25", 60);
    const double flat25 = meanDWt("25", "25", 60), flat50 = meanDWt("50", "50", 60);
    MESSAGE("mean DWt: 25->50 " << up << ", 50->25 " << down << ", 25->25 " << flat25 << ", 50->50 " << flat50);
    CHECK(up > 0);
    CHECK(down < 0);
    CHECK(std::fabs(flat25) < 0.3 * up);
    CHECK(std::fabs(flat50) < 0.3 * up);  // a Hebbian rule would change flat 50 the most
    CHECK(up > flat50);
}

TEST_CASE("synapse: the trains are the seed's and the run's: the same in every rerun, new in the next run") {
    auto spikesOf = [](Sim& sim) {
        std::vector<float> out;
        for (int c = 0; c < 200; ++c) {
            sim.stepCycle();
            out.push_back(sim.neuronVar(0, NeuronVar::Spike)[0]);
        }
        return out;
    };
    auto a = synapseWith({}), b = synapseWith({});
    const std::vector<float> first = spikesOf(*a);
    CHECK(spikesOf(*b) == first);
    a->newRun();
    CHECK(spikesOf(*a) != first);
    // a checkpoint taken mid-trial continues the same trains
    auto c = synapseWith({});
    for (int i = 0; i < 250; ++i) c->stepCycle();
    std::vector<ValidationError> errors;
    const std::vector<std::uint8_t> saved = c->saveCheckpoint();
    std::unique_ptr<Sim> copy = Sim::loadCheckpoint(saved.data(), saved.size(), errors);
    for (const ValidationError& e : errors) MESSAGE(e.str());
    REQUIRE(copy);
    for (int i = 0; i < 300; ++i) {
        c->stepCycle();
        copy->stepCycle();
    }
    CHECK(copy->stateHash() == c->stateHash());
}

TEST_CASE("synapse: the sender layer's rules, by field") {
    const std::string syn = builtinExperimentJson("synapse");
    CHECK(firstError(parseExperiment(replaceOnce(syn, "\"input\": \"train\"", "\"input\": \"spikes\""))) ==
          R"(task.senderLayer: is only allowed with input "train")");
    CHECK(firstError(parseExperiment(replaceOnce(syn, "\"senderLayer\": \"Sender\"", "\"senderLayer\": \"Pre\""))) ==
          R"(task.senderLayer: no layer named "Pre")");
    CHECK(firstError(parseExperiment(replaceOnce(syn, "\"senderLayer\": \"Sender\"", "\"senderLayer\": \"Receiver\""))) ==
          "task.senderLayer: must not be task.inputLayer");
    CHECK(firstError(parseExperiment(replaceOnce(syn, "\"sendDiffHz\": 0", "\"sendDiffHz\": 2000"))) ==
          "task.sendDiffHz: must be a number in [-1000, 1000]");
}
