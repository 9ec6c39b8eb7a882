// Spike noise (Axon's SpikeNoiseParams, Acts.Noise): random excitatory and inhibitory input
// spikes that each unit receives besides its synapses, integrated like synaptic input into
// GeNoise and GiNoise (which the neuron update adds to Ge and Gi).
#pragma once
#include <cstdint>

#include "network.h"

namespace theta {

/// The noise stream of run `run` of `seed` (the Sim sets Network::noiseSeed at each run).
std::uint64_t noiseSeed(std::uint64_t seed, int run);

/// This cycle's noise of layer ly, data index d (nothing unless Acts.Noise.On): per unit,
/// kinasesim's generator (p *= U(0, 1); an input spike when p <= exp(-1000 / Hz), then p =
/// 1) at Noise.GeHz and Noise.GiHz, each spike adding Noise.Ge / Noise.Gi to a conductance
/// that decays with GeTau / GiTau. The random numbers come from a counter-based stream keyed
/// by (cycle, data index, unit), so every build draws the same ones.
void spikeNoise(Network& net, const Layer& ly, int d);

}  // namespace theta
