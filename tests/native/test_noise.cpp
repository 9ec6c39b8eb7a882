// Spike noise (Axon's Acts.Noise): random input spikes at GeHz / GiHz integrated into
// GeNoise / GiNoise; off by default, and with zero conductances it changes nothing.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim_fixture.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;
using theta::test::builtinWith;
using theta::test::simOf;

namespace {

std::unique_ptr<Sim> neuronWith(const std::vector<std::string>& settings) {
    Experiment ex = builtinWith("neuron", settings);
    ex.train.epochs = 1000;  // as many trials as a test steps
    return simOf(ex);
}

std::vector<float> vmTrace(Sim& sim, int cycles) {
    std::vector<float> vm;
    for (int c = 0; c < cycles; ++c) {
        sim.stepCycle();
        vm.push_back(sim.neuronVar(0, NeuronVar::Vm)[0]);
    }
    return vm;
}

}  // namespace

TEST_CASE("noise: on with zero conductances, every cycle is what it is without noise") {
    auto quiet = neuronWith({}), zero = neuronWith({"Neuron:Acts.Noise.On=1", "Neuron:Acts.Noise.Ge=0", "Neuron:Acts.Noise.Gi=0"});
    CHECK(vmTrace(*zero, 400) == vmTrace(*quiet, 400));
}

TEST_CASE("noise: input spikes at GeHz and GiHz, each adding Ge or Gi that decays with GeTau or GiTau") {
    // no drive: the neuron sees only the noise; its mean conductance is Ge x rate x tau
    auto sim = neuronWith({"task.ge=0", "task.gi=0", "Neuron:Acts.Noise.On=1", "Neuron:Acts.Noise.Ge=0.01",
                           "Neuron:Acts.Noise.Gi=0.02"});
    double ge = 0, gi = 0;
    const int cycles = 20000;
    for (int c = 0; c < cycles; ++c) {
        sim->stepCycle();
        ge += sim->neuronVar(0, NeuronVar::GeNoise)[0];
        gi += sim->neuronVar(0, NeuronVar::GiNoise)[0];
    }
    // GeHz 100: an input spike every 11 ms on average (1 + Poisson(10)); GiHz 200: every 6 ms
    CHECK(ge / cycles == doctest::Approx(0.01 * 5 / 11.0).epsilon(0.1));
    CHECK(gi / cycles == doctest::Approx(0.02 * 7 / 6.0).epsilon(0.1));
}

TEST_CASE("noise: the same seed gives the same noise, each run and each trial its own") {
    const std::vector<std::string> noisy = {"Neuron:Acts.Noise.On=1", "Neuron:Acts.Noise.Ge=0.1", "Neuron:Acts.Noise.Gi=0.05"};
    auto a = neuronWith(noisy), b = neuronWith(noisy);
    const std::vector<float> first = vmTrace(*a, 200);
    CHECK(vmTrace(*b, 200) == first);
    CHECK(vmTrace(*a, 200) != first);  // the next trial: new noise (the drive is the same)
    a->newRun();
    CHECK(vmTrace(*a, 200) != first);
    auto quiet = neuronWith({});
    CHECK(vmTrace(*quiet, 200) != first);
}
