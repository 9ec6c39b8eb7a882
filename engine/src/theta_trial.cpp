#include "theta_trial.h"

#include <algorithm>

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

void thetaTrialLearn(Network& net, bool scalarOnly, float* pathDWt) {
    plusPhaseEnd(net);
    if (pathDWt) std::fill(pathDWt, pathDWt + net.paths.size(), 0.0f);
    if (!net.learn) return;  // train.learn false: a test-only run
    computeDWt(net, scalarOnly);
    if (pathDWt)
        for (std::size_t pi = 0; pi < net.paths.size(); ++pi) {
            const Path& pt = net.paths[pi];
            double sum = 0;  // in synapse order: the same in every build
            for (std::size_t syn = 0; syn < pt.numSyn(); ++syn) sum += pt.DWt[syn];
            pathDWt[pi] = pt.numSyn() ? static_cast<float>(sum / pt.numSyn()) : 0.0f;
        }
    wtFromDWt(net, scalarOnly);
}

void runThetaTrial(Network& net, bool scalarOnly) {
    while (thetaTrialCycle(net, scalarOnly)) {
    }
    thetaTrialLearn(net, scalarOnly);
}

}  // namespace theta
