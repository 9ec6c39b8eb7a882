// Learning: the kinase rule's DWt, LWt/SWt/Wt updates, slow SWt adaptation and
// synaptic scaling (axon learn.go, learn-path.go; docs/model.md).
#pragma once
#include <cstdint>
#include <vector>

#include "network.h"

namespace theta {

/// Linear SynCa regression weights over the trial's 10-cycle bins (axon kinase CaBinWts).
void synCaBinWeights(int plusCycles, std::vector<float>& wP, std::vector<float>& wD);

/// Sigmoid of LWt with integer gain: 1 / (1 + ((1-w)/w)^gain).
float sigFromLWt(float lwt, float gain);
/// Inverse: the LWt that gives Wt = wt for SWt = swt.
float lwtFromWts(float wt, float swt, float gain);

/// Shift each receiver's SWt to the path's Init.Mean (respecting limits), keeping Wt.
void swtRescale(Path& pt);
/// Copy weights of each lower-to-higher path onto its reciprocal path (Init.Sym).
void symmetrizeWeights(Network& net);

/// Weight changes for every learning path, from this trial's CaSyn bins and the
/// receivers' LearnCaP - LearnCaD error (hidden) or synaptic CaP - CaD (target).
void computeDWt(Network& net, bool scalarOnly = false);
/// LWt += DWt, Wt = SWt * 2 Sig(LWt), DSWt += DWt; then TrgAvg homeostasis;
/// every Context::kSlowInterval trials also slow SWt adaptation and synaptic scaling.
void wtFromDWt(Network& net, bool scalarOnly = false);

}  // namespace theta
