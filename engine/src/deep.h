// The deep predictive layers' per-cycle code (Axon's SpecialPreGs and PostSpikeSpecial):
// CT context, Pulvinar drive and Super bursting (see docs/model.md, Deep predictive learning).
#pragma once
#include "network.h"

namespace theta {

/// Before the neuron update: CT context conductance, Pulvinar input and plus-phase drive.
void specialPreGs(Network& net, Layer& ly, int d);

/// After the neuron update: Burst (thresholded in a Super layer's plus phase), CT context.
void postSpikeSpecial(Network& net, Layer& ly, int d);

}  // namespace theta
