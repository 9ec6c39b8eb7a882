#include "spikes.h"

#include <algorithm>

#include "simd.h"

namespace theta {

/// Read and clear this cycle's slot of each receiving path's delay ring, integrate the
/// path's synaptic conductance, and sum into the neuron's raw and synaptic Ge / Gi.
void gatherSpikes(Network& net, Layer& ly, int d, bool scalarOnly) {
    float* geRaw = net.layerVar(ly, NeuronVar::GeRaw, d);
    float* geSyn = net.layerVar(ly, NeuronVar::GeSyn, d);
    float* giRaw = net.layerVar(ly, NeuronVar::GiRaw, d);
    float* giSyn = net.layerVar(ly, NeuronVar::GiSyn, d);
    const float geBase = ly.params.Acts.Init.GeBase, giBase = ly.params.Acts.Init.GiBase;
    // Padding lanes get no base conductance: they must never spike or feed the pool sums.
    for (std::size_t i = 0; i < ly.nPad; ++i) {
        const bool unit = i < static_cast<std::size_t>(ly.numNeurons);
        geRaw[i] = 0;
        geSyn[i] = unit ? geBase : 0.0f;
        giRaw[i] = 0;
        giSyn[i] = unit ? giBase : 0.0f;
    }
    if (ly.type == LayerType::CT) std::fill(net.layerVar(ly, NeuronVar::CtxtGeRaw, d), net.layerVar(ly, NeuronVar::CtxtGeRaw, d) + ly.nPad, 0.0f);
    if (ly.hasMaint) std::fill(net.layerVar(ly, NeuronVar::GMaintRaw, d), net.layerVar(ly, NeuronVar::GMaintRaw, d) + ly.nPad, 0.0f);
    for (int pi : ly.recvPaths) {
        Path& pt = net.paths[pi];
        const std::size_t slot = static_cast<std::size_t>(net.ctx.cyclesTotal % pt.delLen);
        float* buf = pt.gBufSlot(d, slot);
        if (pt.context || pt.maint) {
            // context and maintenance input are raw sums only (no synaptic integration here)
            float* raw = net.layerVar(ly, pt.context ? NeuronVar::CtxtGeRaw : NeuronVar::GMaintRaw, d);
            simd::forEach(ly.nPad, [&](auto tag, std::size_t i) {
                using F = decltype(tag);
                simd::store(raw + i, simd::load(raw + i, tag) + simd::load(buf + i, tag));
                simd::store(buf + i, F(0.0f));
            }, scalarOnly);
            continue;
        }
        float* gsyn = pt.gSynData(d);
        float* raw = pt.inhibitory ? giRaw : geRaw;
        float* syn = pt.inhibitory ? giSyn : geSyn;
        const float dt = pt.inhibitory ? ly.consts.giDt : ly.consts.geDt;
        simd::forEach(ly.nPad, [&](auto tag, std::size_t i) {
            using F = decltype(tag);
            F g = simd::load(buf + i, tag);
            simd::store(buf + i, F(0.0f));
            F gs = simd::load(gsyn + i, tag);
            gs = gs + g - gs * F(dt);
            simd::store(gsyn + i, gs);
            simd::store(raw + i, simd::load(raw + i, tag) + g);
            simd::store(syn + i, simd::load(syn + i, tag) + gs);
        }, scalarOnly);
    }
}

/// Sender-based delivery: each neuron that spiked adds Scale * Wt into its receivers'
/// delay-ring slot for this cycle, read again Delay + 1 cycles later.
void sendSpikes(Network& net, const Layer& ly, int d, bool scalarOnly) {
    const float* spike = net.layerVar(ly, NeuronVar::Spike, d);
    for (int pi : ly.sendPaths) {
        Path& pt = net.paths[pi];
        const std::size_t slot = static_cast<std::size_t>(net.ctx.cyclesTotal % pt.delLen);
        float* buf = pt.gBufSlot(d, slot);
        const float scale = pt.gScale;
        if (pt.context) {
            // context is sent once per trial, every sender's Burst, timed to arrive on the
            // trial's last cycle; a CTCtxt path never carries spikes
            if (net.ctx.cycle != net.ctx.thetaCycles - 1 - pt.delLen) continue;
            const float* burst = net.layerVar(ly, NeuronVar::Burst, d);
            for (int s = 0; s < ly.numNeurons; ++s) {
                if (burst[s] == 0) continue;
                const float sv = scale * burst[s];
                const std::uint32_t st = pt.sendStart[s], n = pt.sendStart[s + 1] - st;
                const float* wt = pt.Wt.data() + st;
                const std::uint32_t* ri = pt.recvIndex.data() + st;
                for (std::uint32_t k = 0; k < n; ++k) buf[ri[k]] += sv * wt[k];
            }
            continue;
        }
        for (int s = 0; s < ly.numNeurons; ++s) {
            if (spike[s] == 0) continue;
            const std::uint32_t st = pt.sendStart[s], n = pt.sendStart[s + 1] - st;
            const float* wt = pt.Wt.data() + st;
            if (pt.dense) {
                simd::forEach(n, [&](auto tag, std::size_t r) {
                    using F = decltype(tag);
                    simd::store(buf + r, simd::load(buf + r, tag) + F(scale) * simd::load(wt + r, tag));
                }, scalarOnly);
            } else {
                const std::uint32_t* ri = pt.recvIndex.data() + st;
                for (std::uint32_t k = 0; k < n; ++k) buf[ri[k]] += scale * wt[k];
            }
        }
    }
}

}  // namespace theta
