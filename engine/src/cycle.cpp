// One network cycle (1 ms), in Axon's kernel order (theta-model.md §11.1):
// gather spikes -> pool sums -> FS-FFFB inhibition -> neuron update -> send spikes.
#include "cycle.h"

#include "act.h"
#include "fastmath.h"
#include "simd.h"

namespace theta {
namespace {

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
        const float dt = 1.0f / (pt.inhibitory ? ly.params.Acts.Dt.GiTau : ly.params.Acts.Dt.GeTau);
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

/// Sum and max of a layer-pool range in kPad (= 8) fixed partial lanes, then combined in
/// lane order: the same order in every build whatever its SIMD width, so the results are
/// identical with SIMD on or off (a 4-lane build keeps two batch accumulators).
struct LaneSums {
    float sum[simd::kPad] = {};
    float max[simd::kPad] = {};
    float total() const { float t = 0; for (float v : sum) t += v; return t; }
    float maximum() const { float m = 0; for (float v : max) m = simd::vmax(m, v); return m; }
};

void accumulateLanes(const float* x, std::size_t nPad, bool wantMax, LaneSums& out, bool scalarOnly) {
#if THETA_SIMD
    if (!scalarOnly) {
        constexpr std::size_t W = simd::kWidth, K = simd::kPad / W;
        simd::Batch s[K], m[K];
        for (std::size_t k = 0; k < K; ++k) s[k] = m[k] = simd::Batch(0.0f);
        for (std::size_t i = 0; i < nPad; i += simd::kPad)
            for (std::size_t k = 0; k < K; ++k) {
                const simd::Batch v = simd::Batch::load_unaligned(x + i + k * W);
                s[k] = s[k] + v;
                if (wantMax) m[k] = simd::vmax(m[k], v);
            }
        for (std::size_t k = 0; k < K; ++k) {
            s[k].store_unaligned(out.sum + k * W);
            m[k].store_unaligned(out.max + k * W);
        }
        return;
    }
#endif
    (void)scalarOnly;
    for (std::size_t i = 0; i < nPad; i += simd::kPad)
        for (std::size_t l = 0; l < simd::kPad; ++l) {
            out.sum[l] = out.sum[l] + x[i + l];
            if (wantMax) out.max[l] = simd::vmax(out.max[l], x[i + l]);
        }
}

/// Pool inputs for inhibition: last cycle's spikes (feedback), this cycle's GeRaw
/// (feedforward), last cycle's GeExt, and the previous cycle's CaP / CaD summary.
/// The layer pool sums over the padded range (padding lanes hold zeros); sub-pools, whose
/// ranges are not lane-aligned, sum in neuron order.
void poolSums(Network& net, const Layer& ly, int d, bool scalarOnly) {
    const float* spike = net.layerVar(ly, NeuronVar::Spike, d);
    const float* geRaw = net.layerVar(ly, NeuronVar::GeRaw, d);
    const float* geExt = net.layerVar(ly, NeuronVar::GeExt, d);
    const float* caP = net.layerVar(ly, NeuronVar::CaP, d);
    const float* caD = net.layerVar(ly, NeuronVar::CaD, d);
    for (int p = 0; p < ly.numPools; ++p) {
        Pool& pool = net.pool(ly, p, d);
        float fb = 0, ff = 0, ext = 0, cpSum = 0, cpMax = 0, cdMax = 0;
        if (p == 0) {
            LaneSums fbL, ffL, extL, cpL, cdL;
            accumulateLanes(spike, ly.nPad, false, fbL, scalarOnly);
            accumulateLanes(geRaw, ly.nPad, false, ffL, scalarOnly);
            accumulateLanes(geExt, ly.nPad, false, extL, scalarOnly);
            accumulateLanes(caP, ly.nPad, true, cpL, scalarOnly);
            accumulateLanes(caD, ly.nPad, true, cdL, scalarOnly);
            fb = fbL.total();
            ff = ffL.total();
            ext = extL.total();
            cpSum = cpL.total();
            cpMax = cpL.maximum();
            cdMax = cdL.maximum();
        } else {
            for (int i = pool.nStart; i < pool.nEnd; ++i) {
                fb += spike[i];
                ff += geRaw[i];
                ext += geExt[i];
                cpSum += caP[i];
                cpMax = simd::vmax(cpMax, caP[i]);
                cdMax = simd::vmax(cdMax, caD[i]);
            }
        }
        const float n = static_cast<float>(std::max(1, pool.nEnd - pool.nStart));
        pool.fbsRaw = fb;
        pool.ffsRaw = ff / n;
        pool.geExtRaw = ext / n;
        pool.caPAvg = cpSum / n;
        pool.caPMax = cpMax;
        pool.caDMax = cdMax;
    }
}

/// FS-FFFB: fast PV (feedforward + feedback spikes) and slow SST (facilitating feedback).
void poolInhib(Pool& pool, const FSFFFBParams& fp, float nNeurons) {
    if (fp.On == 0) {
        pool.TotalGi = 0;
        return;
    }
    pool.FFs = pool.ffsRaw;
    pool.FBs = pool.fbsRaw / nNeurons;
    pool.GeExts = pool.geExtRaw;
    pool.FFAvg += (pool.FFs - pool.FFAvg) / fp.FFAvgTau;
    pool.FSi = pool.FSi + (pool.FFs + fp.FB * pool.FBs) - pool.FSi / fp.FSTau;
    const bool extDriven = pool.clamped && pool.GeExts > fp.ClampExtMin;
    pool.FSGi = fp.Gi * (extDriven ? pool.GeExts : std::max(pool.FSi - fp.FS0, 0.0f) + pool.GeExts);
    pool.SSi += (pool.SSf * pool.FBs - pool.SSi) / fp.SSiTau;
    pool.SSf += pool.FBs * (1 - pool.SSf) - pool.SSf / fp.SSfTau;
    pool.SSGi = fp.Gi * fp.SS * pool.SSi;
    pool.TotalGi = pool.FSGi + pool.SSGi + fp.FFPrv * pool.FFAvgPrv;
}

void layerInhib(Network& net, Layer& ly, int d) {
    Pool& lp = net.pool(ly, 0, d);
    poolInhib(lp, ly.params.Inhib.Layer, static_cast<float>(std::max(1, ly.numNeurons)));
    float* poolGi = net.layerVar(ly, NeuronVar::PoolGi, d);
    float* poolSSGi = net.layerVar(ly, NeuronVar::PoolSSGi, d);
    if (ly.numPools == 1) {
        for (std::size_t i = 0; i < ly.nPad; ++i) {
            poolGi[i] = lp.TotalGi;
            poolSSGi[i] = lp.SSGi;
        }
        return;
    }
    for (int p = 1; p < ly.numPools; ++p) {
        Pool& pool = net.pool(ly, p, d);
        poolInhib(pool, ly.params.Inhib.Pool, static_cast<float>(pool.nEnd - pool.nStart));
        const float gi = ly.params.Inhib.Layer.On > 0 ? std::max(pool.TotalGi, lp.TotalGi) : pool.TotalGi;
        for (int i = pool.nStart; i < pool.nEnd; ++i) {
            poolGi[i] = gi;
            poolSSGi[i] = pool.SSGi;
        }
    }
    for (std::size_t i = ly.numNeurons; i < ly.nPad; ++i) poolGi[i] = poolSSGi[i] = 0;
}

/// Axon's SpecialPreGs, after the pool sums and before the neuron update. CT: the context
/// conductance enters GeRaw (driving NMDA) and GeSyn, decays, and is the neuron's GeExt for
/// FS inhibition. Pulvinar: Ext = the share of non-driver input, and in the plus phase the
/// driver's Burst replaces the (scaled-down) synaptic input (theta-model.md section 6).
void specialPreGs(Network& net, Layer& ly, int d) {
    float* geRaw = net.layerVar(ly, NeuronVar::GeRaw, d);
    float* geSyn = net.layerVar(ly, NeuronVar::GeSyn, d);
    float* geExt = net.layerVar(ly, NeuronVar::GeExt, d);
    const float geTau = ly.params.Acts.Dt.GeTau;
    if (ly.type == LayerType::CT) {
        float* ctxt = net.layerVar(ly, NeuronVar::CtxtGe, d);
        const float gain = ly.params.CT.GeGain;
        const float decayDt = ly.params.CT.DecayTau > 0 ? 1.0f / ly.params.CT.DecayTau : 0.0f;
        for (std::size_t i = 0; i < ly.nPad; ++i) {
            const float g = gain * ctxt[i];
            geRaw[i] += g;
            ctxt[i] -= ctxt[i] * decayDt;
            geSyn[i] += g * geTau;
            geExt[i] = g * geTau;
        }
    } else if (ly.type == LayerType::Pulvinar) {
        const Layer& drv = net.layers[ly.driver];
        const PulvinarParams& pv = ly.params.Pulvinar;
        const float nonDrivePct = 1.0f - std::min(1.0f, net.pool(drv, 0, d).caPMax / pv.FullDriveAct);
        const float* burst = net.layerVar(drv, NeuronVar::Burst, d);
        float* ext = net.layerVar(ly, NeuronVar::Ext, d);
        const bool plus = net.ctx.plusPhase;
        for (int i = 0; i < ly.numNeurons; ++i) {
            ext[i] = nonDrivePct;
            if (plus) {
                const float drvGe = pv.DriveScale * burst[i];
                geSyn[i] = nonDrivePct * geSyn[i] + drvGe * geTau;
                geRaw[i] = nonDrivePct * geRaw[i] + drvGe;
            }
            geExt[i] = plus ? geSyn[i] : 0.0f;
        }
    }
}

/// Axon's PostSpikeSpecial, after the neuron update: every layer's Burst is its CaP, except
/// that a Super layer in the plus phase bursts only above a threshold between its mean and
/// max CaP; at the last cycle a CT layer takes the context that arrived (CtxtGeRaw).
void postSpikeSpecial(Network& net, Layer& ly, int d) {
    const float* caP = net.layerVar(ly, NeuronVar::CaP, d);
    float* burst = net.layerVar(ly, NeuronVar::Burst, d);
    float thr = 0;
    if (ly.type == LayerType::Super && net.ctx.plusPhase) {
        const Pool& lp = net.pool(ly, 0, d);  // CaP summary of the previous cycle
        thr = std::max(lp.caPAvg + ly.params.Bursts.ThrRel * (lp.caPMax - lp.caPAvg), ly.params.Bursts.ThrAbs);
    }
    for (std::size_t i = 0; i < ly.nPad; ++i) burst[i] = caP[i] < thr ? 0.0f : caP[i];
    if (ly.type == LayerType::CT && net.ctx.cycle == net.ctx.thetaCycles - 1) {
        float* ctxt = net.layerVar(ly, NeuronVar::CtxtGe, d);
        const float* raw = net.layerVar(ly, NeuronVar::CtxtGeRaw, d);
        float* orig = net.layerVar(ly, NeuronVar::CtxtGeOrig, d);
        const bool replace = ly.params.CT.DecayTau == 0;
        for (std::size_t i = 0; i < ly.nPad; ++i) {
            ctxt[i] = replace ? raw[i] : ctxt[i] + raw[i];
            orig[i] = ctxt[i];
        }
    }
}

/// The layer's uniforms for this cycle (the same for every data index).
NeuronKernelArgs kernelArgs(Network& net, Layer& ly) {
    NeuronKernelArgs a;
    a.k = neuronConsts(ly.params);
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
    a.binKeep = cycle % kCaBinCycles == 0 ? 0.0f : 1.0f;
    a.binMean = 1.0f / kCaBinCycles;
    a.actIntDt = (net.ctx.plusPhase ? 3.0f : 1.0f) / ly.params.Acts.Dt.IntTau;
    a.mahpTadj = powF(2.3f, 1.4f);
    const GabaBParams& gb = ly.params.Acts.GabaB;
    a.gababTauFact = gb.Decay == gb.Rise ? 2.718281828f : powF(gb.Decay / gb.Rise, gb.Rise / (gb.Decay - gb.Rise));
    return a;
}

/// Point the uniforms at data index d's state: its variables, CaSyn bin and layer pool.
void pointAtData(NeuronKernelArgs& a, Network& net, const Layer& ly, int d) {
    for (int v = 0; v < kNeuronVarCount; ++v) a.v[v] = net.layerVar(ly, static_cast<NeuronVar>(v), d);
    a.bin = net.bin(std::min(net.ctx.cycle / kCaBinCycles, net.numBins - 1), d) + ly.off;
    a.maxCaD = net.pool(ly, 0, d).caDMax;
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

/// The neuron update of one layer, every data index: the uniforms are derived once.
void cycleLayerNeurons(Network& net, Layer& ly, bool scalarOnly) {
    NeuronKernelArgs a = kernelArgs(net, ly);
    for (int d = 0; d < net.nData; ++d) {
        pointAtData(a, net, ly, d);
        // `a` is copied into the loop so the compiler can keep uniforms out of the stores' way
        simd::forEach(ly.nPad, [a](auto tag, std::size_t i) { cycleNeuron(tag, i, a); }, scalarOnly);
    }
}

}  // namespace

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
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) specialPreGs(net, ly, d);
    for (Layer& ly : net.layers) cycleLayerNeurons(net, ly, scalarOnly);  // (layer, data) updates are independent
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) postSpikeSpecial(net, ly, d);
    for (int d = 0; d < net.nData; ++d)
        for (Layer& ly : net.layers) sendSpikes(net, ly, d, scalarOnly);
    ++net.ctx.cycle;
    ++net.ctx.cyclesTotal;
}

}  // namespace theta
