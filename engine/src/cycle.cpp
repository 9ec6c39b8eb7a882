// One network cycle (1 ms), in Axon's kernel order (docs/model.md): gather spikes
// (spikes.cpp) -> pool sums and FS-FFFB inhibition (inhib.cpp) -> the deep layers' special
// inputs (deep.cpp) -> a drive task's input (drive.h) and spike noise (noise.h) -> neuron
// update (act.h) -> bursts -> send spikes.
#include "cycle.h"

#include <algorithm>

#include "act.h"
#include "deep.h"
#include "drive.h"
#include "noise.h"
#include "inhib.h"
#include "simd.h"
#include "spikes.h"

namespace theta {
namespace {

/// The layer's uniforms for this cycle (the same for every data index): its derived
/// constants, and what depends on the phase and the cycle.
NeuronKernelArgs kernelArgs(Network& net, Layer& ly) {
    NeuronKernelArgs a;
    a.k = ly.consts;
    const int cycle = net.ctx.cycle;
    a.p = &ly.params;
    a.giMult = ly.giMult;
    // SST inhibition of the dendrite: hidden-like layers; a Pulvinar's in the plus phase, in
    // proportion to its non-driver input (Ext); none for input and target layers
    const bool pulvPlus = ly.type == LayerType::Pulvinar && net.ctx.plusPhase;
    a.ssgiFactor = isHiddenLike(ly.type) || pulvPlus ? ly.params.Acts.Dend.SSGi : 0.0f;
    a.ssgiByExt = ly.type == LayerType::Pulvinar;
    a.keepGeExt = ly.type == LayerType::CT || ly.type == LayerType::Pulvinar;
    a.hasMaint = ly.hasMaint;
    a.noise = ly.params.Acts.Noise.On > 0;
    a.binKeep = cycle % kCaBinCycles == 0 ? 0.0f : 1.0f;
    a.binMean = 1.0f / kCaBinCycles;
    a.actIntDt = net.ctx.plusPhase ? ly.consts.actIntDtPlus : ly.consts.intDt;
    return a;
}

/// Point the uniforms at data index d's state: its variables, CaSyn bin and layer pool.
void pointAtData(NeuronKernelArgs& a, Network& net, const Layer& ly, int d) {
    for (int v = 0; v < kNeuronVarCount; ++v) a.v[v] = net.layerVar(ly, static_cast<NeuronVar>(v), d);
    a.bin = net.bin(std::min(net.ctx.cycle / kCaBinCycles, net.numBins - 1), d) + ly.off;
    a.maxCaD = net.pool(ly, 0, d).caDMax;
}

}  // namespace

void cycleLayerNeurons(Network& net, Layer& ly, bool scalarOnly) {
    NeuronKernelArgs a = kernelArgs(net, ly);
    const NeuronKernelUniforms u(a);  // the same for every data index
    for (int d = 0; d < net.nData; ++d) {
        pointAtData(a, net, ly, d);
        // Padding lanes beyond unitLanes are skipped: nothing reads them (pool sums, spikes and
        // learning take the units only), and they never spike anyway
        simd::forEach(simd::unitLanes(ly.numNeurons), [a, &u](auto tag, std::size_t i) { cycleNeuron(tag, i, a, u.of(tag)); },
                      scalarOnly);
    }
}

void networkCycle(Network& net, bool scalarOnly) {
    // each stage for every data index before the next stage, as Axon's kernels run
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) gatherSpikes(net, ly, d, scalarOnly);
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) {
            poolSums(net, ly, d, scalarOnly);
            layerInhib(net, ly, d);
        }
    // every layer's special input reads the others' Burst of the previous cycle, so all of
    // them run before any neuron update
    for (int d = 0; d < net.nData; ++d) {
        for (Layer& ly : net.layers) specialPreGs(net, ly, d);
        applyDrive(net, d);
        for (Layer& ly : net.layers) spikeNoise(net, ly, d);
    }
    for (Layer& ly : net.layers) cycleLayerNeurons(net, ly, scalarOnly);  // (layer, data) updates are independent
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) postSpikeSpecial(net, ly, d);
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) sendSpikes(net, ly, d, scalarOnly);
    ++net.ctx.cycle;
    ++net.ctx.cyclesTotal;
}

}  // namespace theta
