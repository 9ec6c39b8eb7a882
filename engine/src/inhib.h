// FS-FFFB inhibition (Axon's inhib): each pool's feedforward, feedback and slow inputs, and
// the inhibitory conductance the neuron update reads (see docs/model.md, Inhibition).
#pragma once
#include "network.h"

namespace theta {

/// Pool inputs for inhibition of data index d: spikes, GeRaw, GeExt, CaP / CaD summaries.
void poolSums(Network& net, const Layer& ly, int d, bool scalarOnly);

/// FS-FFFB inhibition of the layer's pools and each neuron's pool Gi (PoolGi, PoolSSGi).
void layerInhib(Network& net, Layer& ly, int d);

}  // namespace theta
