// The "drive" task's input (Axon's sims/neuron): instead of spikes from other layers, one
// layer's units get their input conductances set every cycle, the way a patch-clamp
// experiment injects them. Applied after the spikes are gathered and before the neuron
// update, so the neuron integrates exactly the conductances the task asks for.
#pragma once
#include "network.h"

namespace theta {

/// The Drive a "drive" experiment asks for (Drive::layer -1 for every other task).
Drive driveOf(const Experiment& ex);

/// The excitatory input of this cycle: ge while the input is on; with spikes, ge on the
/// cycles of the pulse train only (Axon's sims/neuron: a counter from the input's onset
/// fires when it passes 1000/Hz, then restarts; here it restarts each trial).
float driveGe(const Drive& drive, int cycle, bool plusPhase);

/// Set the driven layer's GeRaw, GeSyn, GiRaw and GiSyn for data index d (nothing without
/// a drive). GeSyn and GiSyn take their steady-state values for the raw input (raw x tau),
/// as Axon's GeSynFromRawSteady does: the layer has no synapses of its own to integrate.
void applyDrive(Network& net, int d);

}  // namespace theta
