// The "drive" task's input (Axon's sims/neuron and sims/kinasesim): instead of spikes from
// other layers, a layer's units get their input conductances set every cycle, the way a
// patch-clamp experiment injects them. Applied after the spikes are gathered and before the
// neuron update, so the neuron integrates exactly the conductances the task asks for.
#pragma once
#include <cstdint>

#include "network.h"

namespace theta {

/// The Drive a "drive" experiment asks for (Drive::layer -1 for every other task).
Drive driveOf(const Experiment& ex);

/// The spike trains' random stream of run `run` of `seed` (Sim sets it at each run).
std::uint64_t driveSeed(std::uint64_t seed, int run);

/// The excitatory input of this cycle for the pulse modes and the clamp: ge while the input
/// is on; with Spikes, ge on the cycles of a regular pulse train only (Axon's sims/neuron:
/// a counter from the input's onset fires when it passes 1000/Hz, then restarts; here it
/// restarts each trial). Train pulses are random: see trainSpikes.
float driveGe(const Drive& drive, int cycle, bool plusPhase);

/// kinasesim's spike generator for one unit over one trial: each cycle p *= U(0, 1), and
/// a spike fires (p restarts at 1) when p <= exp(-1000 / Hz), Hz being the phase's rate
/// plus `extraHz`. The inter-spike intervals are 1 + Poisson(1000 / Hz) cycles, near
/// regular (CV about 0.2 at 50 Hz); 5 Hz or less never fires. True when the unit spikes at
/// `cycle`. `stream` tells the units and trials apart.
bool trainSpikes(const Drive& drive, std::uint64_t stream, int cycle, int minusCycles, float extraHz);

/// Set the driven layers' GeRaw, GeSyn, GiRaw and GiSyn for data index d (nothing without
/// a drive). GeSyn and GiSyn take their steady-state values for the raw input (raw x tau),
/// as Axon's GeSynFromRawSteady does: the layers have no synapses of their own to integrate.
void applyDrive(Network& net, int d);

}  // namespace theta
