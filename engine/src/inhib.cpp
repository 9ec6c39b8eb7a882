#include "inhib.h"

#include <algorithm>

#include "simd.h"

namespace theta {
namespace {

/// Sum and max of a layer-pool range in kPad (= 8) fixed partial lanes, then combined in
/// lane order: the same order in every build whatever its SIMD width, so the results are
/// identical with SIMD on or off (a 4-lane build keeps two batch accumulators).
struct LaneSums {
    float sum[simd::kPad] = {};
    float max[simd::kPad] = {};
    float total() const { float t = 0; for (float v : sum) t += v; return t; }
    float maximum() const { float m = 0; for (float v : max) m = simd::vmax(m, v); return m; }
};

/// Adds nPad values (whole chunks of kPad) to the lane sums and maxima.
void accumulateChunks(const float* x, std::size_t nPad, bool wantMax, LaneSums& out, bool scalarOnly) {
#if THETA_SIMD
    if (!scalarOnly) {
        constexpr std::size_t W = simd::kWidth, K = simd::kPad / W;
        simd::Batch s[K], m[K];
        for (std::size_t k = 0; k < K; ++k) {
            s[k] = simd::Batch::load_unaligned(out.sum + k * W);
            m[k] = simd::Batch::load_unaligned(out.max + k * W);
        }
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

/// The sums of a layer's first n values: whole chunks of kPad in place, then the last ragged
/// chunk from a copy with zeros beyond the units, so the padding lanes never count whatever
/// they hold (they stay 0 anyway: no input, no base conductance).
void accumulateLanes(const float* x, std::size_t n, bool wantMax, LaneSums& out, bool scalarOnly) {
    const std::size_t whole = n / simd::kPad * simd::kPad;
    accumulateChunks(x, whole, wantMax, out, scalarOnly);
    if (whole == n) return;
    float last[simd::kPad] = {};
    std::copy(x + whole, x + n, last);
    accumulateChunks(last, simd::kPad, wantMax, out, scalarOnly);
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

}  // namespace

/// Pool inputs for inhibition: last cycle's spikes (feedback), this cycle's GeRaw
/// (feedforward), last cycle's GeExt, and the previous cycle's CaP / CaD summary.
/// The layer pool sums the layer's units in kPad lanes (not its padding lanes); sub-pools,
/// whose ranges are not lane-aligned, sum in neuron order.
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
            const std::size_t units = static_cast<std::size_t>(ly.numNeurons);
            LaneSums fbL, ffL, extL, cpL, cdL;
            accumulateLanes(spike, units, false, fbL, scalarOnly);
            accumulateLanes(geRaw, units, false, ffL, scalarOnly);
            accumulateLanes(geExt, units, false, extL, scalarOnly);
            accumulateLanes(caP, units, true, cpL, scalarOnly);
            accumulateLanes(caD, units, true, cdL, scalarOnly);
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

}  // namespace theta
