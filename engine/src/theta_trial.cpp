#include "theta_trial.h"

#include "cycle.h"
#include "learn.h"

namespace theta {

bool thetaTrialCycle(Network& net, bool scalarOnly) {
    networkCycle(net, scalarOnly);
    if (net.ctx.cycle == net.ctx.minusCycles) {
        minusPhaseEnd(net);
        plusPhaseStart(net);
    }
    return net.ctx.cycle < net.ctx.thetaCycles;
}

void thetaTrialLearn(Network& net, bool scalarOnly) {
    plusPhaseEnd(net);
    if (!net.learn) return;  // train.learn false: a test-only run
    computeDWt(net, scalarOnly);
    wtFromDWt(net, scalarOnly);
}

void runThetaTrial(Network& net, bool scalarOnly) {
    while (thetaTrialCycle(net, scalarOnly)) {
    }
    thetaTrialLearn(net, scalarOnly);
}

}  // namespace theta
