// Spikes between layers (Axon's GatherSpikes and SendSpike): sender-based delivery into each
// path's delay ring, and the receiver's conductances integrated from it.
#pragma once
#include "network.h"

namespace theta {

/// Read and clear this cycle's delay-ring slot of each receiving path into Ge / Gi.
void gatherSpikes(Network& net, Layer& ly, int d, bool scalarOnly);

/// Each neuron that spiked adds Scale * Wt into its receivers' delay-ring slot.
void sendSpikes(Network& net, const Layer& ly, int d, bool scalarOnly);

}  // namespace theta
