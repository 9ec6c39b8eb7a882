// The theta trial's sequence of events, written once for the Sim, the benchmark and the
// tests: cycles 0 .. minusCycles-1 are the minus phase (the network's prediction); then the
// minus phase closes (ActM) and the plus phase (the outcome) starts, running to thetaCycles;
// at the end the plus phase closes (ActP) and the network learns (DWt, then the weights).
#pragma once
#include "network.h"

namespace theta {

/// One cycle of the trial started by trialStart(), with the phase change when the minus
/// phase ends. Returns true while the trial has cycles left.
bool thetaTrialCycle(Network& net, bool scalarOnly = false);

/// The end of a trial: the plus phase closes, then learning (unless net.learn is false).
/// With `pathDWt` (one float per path), each path's mean DWt is stored there before the
/// weights change (0 without learning).
void thetaTrialLearn(Network& net, bool scalarOnly = false, float* pathDWt = nullptr);

/// Every remaining cycle of the trial, then its learning.
void runThetaTrial(Network& net, bool scalarOnly = false);

}  // namespace theta
