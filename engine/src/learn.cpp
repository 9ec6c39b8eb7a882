#include "learn.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "fastmath.h"
#include "simd.h"

namespace theta {
using simd::select;
using simd::vmax;
using simd::vmin;

void synCaBinWeights(int plusCycles, std::vector<float>& cp, std::vector<float>& cd) {
    // Piecewise-linear envelopes fitted (axon kinase/linear) to the synaptic CaP and CaD
    // cascades: CaP rises through the plus phase, CaD is flat then drops off.
    const int n = static_cast<int>(cp.size());
    const int nplus = std::max(1, static_cast<int>(std::lround(plusCycles / static_cast<float>(kCaBinCycles))));
    const int nminus = n - nplus;
    const float end = 3.4f, start = 0.84f;
    float inc = (end - start) / nplus;
    float cur = start + inc;
    for (int i = nminus; i < n; ++i) { cp[i] = cur; cur += inc; }
    inc = 0.3f / (2 * nplus - 1);
    const int mid = n - 3 * nplus;
    cur = start;
    for (int i = nminus - 1; i >= mid && i >= 0; --i) { cp[i] = cur; cur -= inc; }
    inc = 0.7f / nplus;
    for (int i = mid - 1; i >= 0; --i) { cp[i] = cur; cur = std::max(0.0f, cur - inc); }

    const float base = 1.46f;
    inc = 0.22f / nplus;
    cur = base - inc;
    for (int i = nminus; i < n; ++i) { cd[i] = cur; cur -= inc; }
    const int pplus = nminus - nplus;
    for (int i = nminus - 1; i >= pplus && i >= 0; --i) cd[i] = base;
    inc = 1.2f / (nplus + 1);
    cur = base;
    for (int i = pplus - 1; i >= 0; --i) { cd[i] = cur; cur = std::max(0.0f, cur - inc); }
    // the envelopes were set for 25-cycle bins; ours are 10 cycles
    for (int i = 0; i < n; ++i) { cp[i] *= 0.4f; cd[i] *= 0.4f; }
}

/// x^gain for a small positive integer gain, by repeated multiplication (exact order).
/// G is int, or std::integral_constant for a gain known at compile time (the loop unrolls).
template <class F, class G> inline F powInt(F x, G gain) {
    F r = x;
    for (int i = 1; i < gain; ++i) r = r * x;
    return r;
}

template <class F, class G> inline F sigmoid(F w, G gain) {
    // w = 0 gives (1/0)^g = inf and 1/(1+inf) = 0, which is the limit we want.
    return F(1.0f) / (F(1.0f) + powInt((F(1.0f) - w) / w, gain));
}

float sigFromLWt(float lwt, float gain) { return sigmoid(lwt, static_cast<int>(gain)); }

/// The LWt that gives Wt = wt for SWt = swt: the inverse sigmoid of 0.5 wt / swt.
template <class F> inline F lwtFromWtsT(F wt, F swt, float gain) {
    using simd::select;
    const F w = simd::vmin(simd::vmax(F(0.5f) * wt / swt, F(0.0f)), F(1.0f));
    // w = 0 or 1 makes (1-w)/w infinite or 0; those lanes take the limits instead
    const F safe = select((w > F(0.0f)) & (w < F(1.0f)), w, F(0.5f));
    const F inv = F(1.0f) / (F(1.0f) + powF((F(1.0f) - safe) / safe, F(1.0f / gain)));
    return select(w <= F(0.0f), F(0.0f), select(w >= F(1.0f), F(1.0f), inv));
}

float lwtFromWts(float wt, float swt, float gain) { return lwtFromWtsT(wt, swt, gain); }

void swtRescale(Path& pt) {
    const SWtParams& sw = pt.params.SWts;
    for (int r = 0; r < pt.nRecv; ++r) {
        const std::uint32_t b = pt.recvStart[r], e = pt.recvStart[r + 1];
        if (e == b) continue;
        float sum = 0;
        for (std::uint32_t k = b; k < e; ++k) sum += pt.SWt[pt.recvSyn[k]];
        const float dif = sw.Init.Mean - sum / (e - b);
        for (std::uint32_t k = b; k < e; ++k) {
            const std::uint32_t syn = pt.recvSyn[k];
            pt.SWt[syn] = std::min(std::max(pt.SWt[syn] + dif, sw.Limit.Min), sw.Limit.Max);
            pt.LWt[syn] = lwtFromWts(pt.Wt[syn], pt.SWt[syn], sw.Adapt.SigGain);
        }
    }
}

void symmetrizeWeights(Network& net) {
    // Axon's InitWtSym: for each layer in order, each sending path whose receiver does not
    // come before the sender (self paths included) gives its weights to the first path that
    // runs back (the first of the sender's receiving paths from that receiver). For a CT
    // layer with a CTCtxt and a Maint self path this leaves CTCtxt = transpose(Maint), and a
    // target path can take the SWt of the path that mirrors it, as in Axon.
    for (Layer& ly : net.layers) {
        for (int fi : ly.sendPaths) {
            Path& fwd = net.paths[fi];
            if (fwd.recv < fwd.send || fwd.params.SWts.Init.Sym == 0) continue;
            Path* backPtr = nullptr;
            for (int bi : ly.recvPaths)
                if (net.paths[bi].send == fwd.recv) {
                    backPtr = &net.paths[bi];
                    break;
                }
            if (backPtr == nullptr || backPtr->params.SWts.Init.Sym == 0) continue;
            Path& back = *backPtr;
            // synapse (s -> r) of fwd mirrors (r -> s) of back: index back's row of each r
            // by its receiver once, so the whole copy is linear in the synapse count
            std::vector<std::int64_t> backSyn(back.nRecv, -1);
            std::vector<std::vector<std::uint32_t>> fwdByRecv(fwd.nRecv);
            for (int s = 0; s < fwd.nSend; ++s)
                for (std::uint32_t syn = fwd.sendStart[s]; syn < fwd.sendStart[s + 1]; ++syn)
                    fwdByRecv[fwd.recvIndex[syn]].push_back(syn);
            for (int r = 0; r < back.nSend; ++r) {
                for (std::uint32_t bs = back.sendStart[r]; bs < back.sendStart[r + 1]; ++bs) backSyn[back.recvIndex[bs]] = bs;
                for (std::uint32_t syn : fwdByRecv[r]) {
                    const std::uint32_t s = static_cast<std::uint32_t>(
                        std::upper_bound(fwd.sendStart.begin(), fwd.sendStart.end(), syn) - fwd.sendStart.begin() - 1);
                    const std::int64_t bs = backSyn[s];
                    if (bs < 0) continue;
                    back.Wt[bs] = fwd.Wt[syn];
                    back.LWt[bs] = fwd.LWt[syn];
                    back.SWt[bs] = fwd.SWt[syn];
                }
                for (std::uint32_t bs = back.sendStart[r]; bs < back.sendStart[r + 1]; ++bs) backSyn[back.recvIndex[bs]] = -1;
            }
        }
    }
}

namespace {

/// Visit sender s's synapses as fn(tag, synapse, receiver): SIMD batches over the receivers
/// of a Full path's contiguous row, one synapse at a time through the receiver index otherwise.
template <class Fn> inline void forEachInRow(const Path& pt, int s, Fn&& fn, bool scalarOnly) {
    const std::uint32_t st = pt.sendStart[s], n = pt.sendStart[s + 1] - st;
    if (pt.dense)
        simd::forEach(n, [&](auto tag, std::size_t r) { fn(tag, st + r, r); }, scalarOnly);
    else
        for (std::uint32_t k = 0; k < n; ++k) fn(0.0f, st + k, pt.recvIndex[st + k]);
}

/// Soft-bounded, rate-scaled weight change: potentiation scales with (1 - LWt), depression with LWt.
template <class F> inline F softBound(F dwt, F lwt, F lrate) {
    return lrate * (dwt * select(dwt > F(0.0f), F(1.0f) - lwt, lwt));
}

/// The active senders of a path, as the DWt passes visit them: gather(s, j) puts sender s's
/// credit into row j of the DWt scratch, broadcast to every SIMD lane (SSE2 has no broadcast
/// load), and says whether it has any (a silent sender has nothing to learn). On a dense path
/// the active senders go to rows(K, senders) kDwtRows at a time (then the 1 to 3 left), so
/// each receiver value loaded serves K rows, which is what lets SIMD beat the scalar build
/// (whose compiler vectorises a single row's bin sum); a sparse path's go to sparse(s) one by
/// one. Each synapse is still updated once, by the same operations, so the grouping never
/// changes a result.
template <class Gather, class Rows, class Sparse>
void forActiveSenders(const Path& pt, Gather&& gather, Rows&& rows, Sparse&& sparse) {
    static_assert(kDwtRows == 4, "the rows left at the end go to K = 1, 2, 3");
    int waiting[kDwtRows];  // senders whose credit waits in the scratch
    int n = 0;
    for (int s = 0; s < pt.nSend; ++s) {
        if (!gather(s, n)) continue;
        if (!pt.dense) {
            sparse(s);
            continue;
        }
        waiting[n++] = s;
        if (n == kDwtRows) {
            rows(std::integral_constant<int, kDwtRows>{}, waiting);
            n = 0;
        }
    }
    if (n == 1) rows(std::integral_constant<int, 1>{}, waiting);
    if (n == 2) rows(std::integral_constant<int, 2>{}, waiting);
    if (n == 3) rows(std::integral_constant<int, 3>{}, waiting);
}

/// Hidden-layer receivers, data index d: dwt = credit (sender x receiver CaSyn bins) x
/// receiver error trace, added to DWt (which sums over data indices).
void dwtHiddenPath(Network& net, Path& pt, int d, int binStart, int binEnd, bool scalarOnly) {
    const Layer& send = net.layers[pt.send];
    const Layer& recv = net.layers[pt.recv];
    // receiver error trace: CaDiff x RLRate, for receivers whose CaD passed Timing.LearnThr
    const float* caDiff = net.layerVar(recv, NeuronVar::CaDiff, d);
    const float* rlRate = net.layerVar(recv, NeuronVar::RLRate, d);
    const float* learnNow = net.layerVar(recv, NeuronVar::LearnNow, d);
    const float* eTrLearn = net.layerVar(recv, NeuronVar::ETrLearn, d);
    float* dwtA = pt.DWt.data();  // in locals: a SIMD store may alias anything (see wtFromDWtPath)
    const float* lwtA = pt.LWt.data();
    const float lrate = pt.params.Learn.LRate.Base;
    const float learnThr = pt.params.Learn.DWt.LearnThr;
    const float norm = 8.0f / std::max(1, binEnd - binStart);  // same total weight (8) as the linear CaD fit
    const int nb = binEnd - binStart;
    constexpr std::size_t W = simd::kWidth;
    const std::size_t binStride = static_cast<std::size_t>(net.nData) * net.nPad;
    const float* rBins = net.bin(binStart, d) + recv.off;  // bin b of receiver r: rBins[b * binStride + r]
    const float* sBins = net.bin(binStart, d) + send.off;
    // scratch: row j's bin b at bins[b * binRow + j * W], so one pointer walks all rows' bins
    float* bins = net.binScratch.data();
    constexpr std::size_t binRow = kDwtRows * W;

    auto gather = [&](int s, int j) {
        bool any = false;
        for (int b = 0; b < nb; ++b) {
            const float v = sBins[b * binStride + s];
            for (std::size_t l = 0; l < W; ++l) bins[b * binRow + j * W + l] = v;
            any = any || v != 0;
        }
        return any;
    };
    auto trace = [&](auto tag, std::size_t r) {
        return simd::load(caDiff + r, tag) * simd::load(rlRate + r, tag) * simd::load(learnNow + r, tag) *
               simd::load(eTrLearn + r, tag);
    };
    auto update = [&](auto tag, std::size_t syn, decltype(tag) syCa, decltype(tag) tr) {
        using F = decltype(tag);
        syCa = F(norm) * syCa;
        const F dw = select(syCa > F(learnThr), syCa * tr, F(0.0f));
        simd::store(dwtA + syn, simd::load(dwtA + syn, tag) + softBound(dw, simd::load(lwtA + syn, tag), F(lrate)));
    };
    auto rows = [&](auto K, const int* senders) {
        constexpr int k = decltype(K)::value;
        std::uint32_t st[k];
        for (int j = 0; j < k; ++j) st[j] = pt.sendStart[senders[j]];
        simd::forEach(pt.nRecv, [&](auto tag, std::size_t r) {
            using F = decltype(tag);
            F syCa[k];
            for (int j = 0; j < k; ++j) syCa[j] = F(0.0f);
            const float* sb = bins;
            const float* rb = rBins + r;
            for (int b = 0; b < nb; ++b, sb += binRow, rb += binStride) {
                const F rbv = simd::load(rb, tag);
                for (int j = 0; j < k; ++j) syCa[j] = syCa[j] + simd::load(sb + j * W, tag) * rbv;
            }
            const F tr = trace(tag, r);
            for (int j = 0; j < k; ++j) update(tag, st[j] + r, syCa[j], tr);
        }, scalarOnly);
    };
    auto sparse = [&](int s) {  // row 0 of the scratch, one synapse at a time
        forEachInRow(pt, s, [&](auto tag, std::size_t syn, std::size_t r) {
            using F = decltype(tag);
            F syCa(0.0f);
            for (int b = 0; b < nb; ++b) syCa = syCa + simd::load(bins + b * binRow, tag) * simd::load(rBins + b * binStride + r, tag);
            update(tag, syn, syCa, trace(tag, r));
        }, scalarOnly);
    };
    forActiveSenders(pt, gather, rows, sparse);
}

/// CT context paths, data index d: the credit is the sender's Burst of the previous trial
/// (the context this trial's CT activity was driven by), times the receiver's own error;
/// no RLRate, no LearnNow or credit threshold (axon DWtSynCTCtxt).
void dwtContextPath(Network& net, Path& pt, int d, bool scalarOnly) {
    const Layer& send = net.layers[pt.send];
    const Layer& recv = net.layers[pt.recv];
    const float* burstPrv = net.layerVar(send, NeuronVar::BurstPrv, d);
    const float* caDiff = net.layerVar(recv, NeuronVar::CaDiff, d);
    const float* eTrLearn = net.layerVar(recv, NeuronVar::ETrLearn, d);
    const float lrate = pt.params.Learn.LRate.Base;
    for (int s = 0; s < pt.nSend; ++s) {
        const float tr = burstPrv[s];
        if (tr == 0) continue;  // no context from this sender: nothing to learn
        forEachInRow(pt, s, [&](auto tag, std::size_t syn, std::size_t r) {
            using F = decltype(tag);
            const F err = F(tr) * simd::load(caDiff + r, tag) * simd::load(eTrLearn + r, tag);
            float* dwt = pt.DWt.data() + syn;
            simd::store(dwt, simd::load(dwt, tag) + softBound(err, simd::load(pt.LWt.data() + syn, tag), F(lrate)));
        }, scalarOnly);
    }
}

/// Target-layer receivers, data index d: dwt = RLRate x (synaptic CaP - synaptic CaD),
/// linear bin weights, added to DWt.
void dwtTargetPath(Network& net, Path& pt, int d, bool scalarOnly) {
    const Layer& send = net.layers[pt.send];
    const Layer& recv = net.layers[pt.recv];
    const float* rlRate = net.layerVar(recv, NeuronVar::RLRate, d);
    float* dwtA = pt.DWt.data();  // in locals: a SIMD store may alias anything (see wtFromDWtPath)
    const float* lwtA = pt.LWt.data();
    const float lrate = pt.params.Learn.LRate.Base;
    const float capScale = pt.params.Learn.DWt.CaPScale;
    const int nb = net.numBins;
    constexpr std::size_t W = simd::kWidth;
    const std::size_t binStride = static_cast<std::size_t>(net.nData) * net.nPad;
    const float* rBins = net.bin(0, d) + recv.off;
    const float* sBins = net.bin(0, d) + send.off;
    // scratch: row j's bin b times the CaP weight at a[b * binRow + 2 j W], times the CaD weight W later
    float* a = net.binScratch.data();
    constexpr std::size_t binRow = 2 * kDwtRows * W;

    auto gather = [&](int s, int j) {
        bool any = false;
        for (int b = 0; b < nb; ++b) {
            const float sb = sBins[b * binStride + s];
            const float p = capScale * net.binWtP[b] * sb, dd = net.binWtD[b] * sb;
            for (std::size_t l = 0; l < W; ++l) {
                a[b * binRow + 2 * j * W + l] = p;
                a[b * binRow + (2 * j + 1) * W + l] = dd;
            }
            any = any || sb != 0;
        }
        return any;
    };
    auto update = [&](auto tag, std::size_t syn, std::size_t r, decltype(tag) caP, decltype(tag) caD) {
        using F = decltype(tag);
        const F dw = simd::load(rlRate + r, tag) * (caP - caD);
        simd::store(dwtA + syn, simd::load(dwtA + syn, tag) + softBound(dw, simd::load(lwtA + syn, tag), F(lrate)));
    };
    auto rows = [&](auto K, const int* senders) {
        constexpr int k = decltype(K)::value;
        std::uint32_t st[k];
        for (int j = 0; j < k; ++j) st[j] = pt.sendStart[senders[j]];
        simd::forEach(pt.nRecv, [&](auto tag, std::size_t r) {
            using F = decltype(tag);
            F caP[k], caD[k];
            for (int j = 0; j < k; ++j) caP[j] = caD[j] = F(0.0f);
            const float* ab = a;
            const float* rb = rBins + r;
            for (int b = 0; b < nb; ++b, ab += binRow, rb += binStride) {
                const F rbv = simd::load(rb, tag);
                for (int j = 0; j < k; ++j) {
                    caP[j] = caP[j] + simd::load(ab + 2 * j * W, tag) * rbv;
                    caD[j] = caD[j] + simd::load(ab + (2 * j + 1) * W, tag) * rbv;
                }
            }
            for (int j = 0; j < k; ++j) update(tag, st[j] + r, r, caP[j], caD[j]);
        }, scalarOnly);
    };
    auto sparse = [&](int s) {  // row 0 of the scratch, one synapse at a time
        forEachInRow(pt, s, [&](auto tag, std::size_t syn, std::size_t r) {
            using F = decltype(tag);
            F caP(0.0f), caD(0.0f);
            for (int b = 0; b < nb; ++b) {
                const F rbv = simd::load(rBins + b * binStride + r, tag);
                caP = caP + simd::load(a + b * binRow, tag) * rbv;
                caD = caD + simd::load(a + b * binRow + W, tag) * rbv;
            }
            update(tag, syn, r, caP, caD);
        }, scalarOnly);
    };
    forActiveSenders(pt, gather, rows, sparse);
}

/// Zero-sum option: subtract SubMean x the mean nonzero DWt of each receiver.
void dwtSubMean(Path& pt) {
    const float sm = pt.params.Learn.DWt.SubMean;
    if (sm == 0) return;
    for (int r = 0; r < pt.nRecv; ++r) {
        float sum = 0;
        int nz = 0;
        for (std::uint32_t k = pt.recvStart[r]; k < pt.recvStart[r + 1]; ++k) {
            const float d = pt.DWt[pt.recvSyn[k]];
            if (d != 0) { sum += d; ++nz; }
        }
        if (nz <= 1) continue;
        const float m = sm * sum / nz;
        for (std::uint32_t k = pt.recvStart[r]; k < pt.recvStart[r + 1]; ++k) {
            float& d = pt.DWt[pt.recvSyn[k]];
            if (d != 0) d -= m;
        }
    }
}

/// LWt += DWt, Wt = SWt x 2 sigmoid(LWt), DSWt += DWt, DWt = 0 over one path's synapses.
/// The arrays are taken into locals first: a SIMD store may alias anything (the intrinsics
/// store through a may_alias type), which would make the compiler reload them every batch.
template <class G> void wtFromDWtPath(Path& pt, G gain, bool scalarOnly) {
    float* dwtA = pt.DWt.data();
    float* lwtA = pt.LWt.data();
    float* wtA = pt.Wt.data();
    float* dswtA = pt.DSWt.data();
    const float* swtA = pt.SWt.data();
    simd::forEach(pt.numSyn(), [=](auto tag, std::size_t i) {
        using F = decltype(tag);
        const F dwt = simd::load(dwtA + i, tag);
        const F lwt = simd::clamp(simd::load(lwtA + i, tag) + dwt, F(0.0f), F(1.0f));
        simd::store(lwtA + i, lwt);
        simd::store(wtA + i, simd::load(swtA + i, tag) * (F(2.0f) * sigmoid(lwt, gain)));
        simd::store(dswtA + i, simd::load(dswtA + i, tag) + dwt);
        simd::store(dwtA + i, F(0.0f));
    }, scalarOnly);
}

/// Target-activity homeostasis: TrgAvg follows the error-driven DTrgAvg (pool zero-sum).
void trgAvgFromD(Network& net, Layer& ly) {
    const TrgAvgActParams& ta = ly.params.Learn.TrgAvgAct;
    float* trg = net.layerVar(ly, NeuronVar::TrgAvg, 0);
    float* dtrg = net.layerVar(ly, NeuronVar::DTrgAvg, 0);
    const bool subPools = ta.Pool > 0 && ly.numPools > 1;
    for (int p = subPools ? 1 : 0; p < (subPools ? ly.numPools : 1); ++p) {
        const Pool& pool = net.pool(ly, p, 0);
        float sum = 0;
        for (int i = pool.nStart; i < pool.nEnd; ++i) sum += dtrg[i];
        const float m = ta.SubMean * sum / std::max(1, pool.nEnd - pool.nStart);
        for (int i = pool.nStart; i < pool.nEnd; ++i) {
            trg[i] = std::min(std::max(trg[i] + dtrg[i] - m, ta.TrgRange.Min), ta.TrgRange.Max);
            dtrg[i] = 0;
        }
    }
}

/// Slow adaptation: SWt absorbs the accumulated DSWt, LWt compensates, then synaptic
/// scaling moves each receiver's weights toward its target average activity.
/// Sender-major passes (SIMD over receivers on Full paths) with per-receiver sums
/// accumulated in sender order, the same order a receiver-major loop would use.
void slowAdaptPath(Network& net, Path& pt, bool scalarOnly) {
    const SWtParams& sw = pt.params.SWts;
    const Layer& recv = net.layers[pt.recv];
    const float* avgPct = net.layerVar(recv, NeuronVar::AvgPct, 0);
    const float* trgAvg = net.layerVar(recv, NeuronVar::TrgAvg, 0);
    const float scaleRate = recv.params.Learn.TrgAvgAct.SynScaleRate;
    const float gain = sw.Adapt.SigGain;
    const int igain = static_cast<int>(gain);
    float* dsMean = pt.recvScratch.data();  // per receiver: sum, then mean, of DSWt
    float* hiDk = dsMean + pt.recvPad;      // per receiver: sum of Wt, then the high-mean decay
    float* adif = hiDk + pt.recvPad;        // per receiver: synaptic-scaling step
    for (std::size_t r = 0; r < pt.recvPad; ++r) dsMean[r] = hiDk[r] = adif[r] = 0;

    // pass 1: bound DSWt by the room left in SWt's range, and sum per receiver
    auto bound = [&](auto tag, std::size_t syn, std::size_t r) {
        using F = decltype(tag);
        F ds = simd::load(pt.DSWt.data() + syn, tag);
        const F swt = simd::load(pt.SWt.data() + syn, tag);
        ds = ds * simd::select(ds >= F(0.0f), F(sw.Limit.Max) - swt, swt - F(sw.Limit.Min));
        simd::store(pt.DSWt.data() + syn, ds);
        simd::store(dsMean + r, simd::load(dsMean + r, tag) + ds);
        simd::store(hiDk + r, simd::load(hiDk + r, tag) + simd::load(pt.Wt.data() + syn, tag));
    };
    for (int s = 0; s < pt.nSend; ++s) forEachInRow(pt, s, bound, scalarOnly);
    for (int r = 0; r < pt.nRecv; ++r) {
        const float n = static_cast<float>(std::max<std::uint32_t>(1, pt.recvStart[r + 1] - pt.recvStart[r]));
        dsMean[r] = dsMean[r] / n;
        hiDk[r] = std::min(std::max(sw.Adapt.HiMeanDecay * (hiDk[r] / n - sw.Adapt.HiMeanThr), 0.0f), sw.Adapt.HiMeanDecay);
        adif[r] = -scaleRate * (avgPct[r] - trgAvg[r]);
    }

    // pass 2: SWt takes the zero-mean DSWt, LWt keeps Wt (minus the high-mean decay), then scaling
    auto adapt = [&](auto tag, std::size_t syn, std::size_t r) {
        using F = decltype(tag);
        const F wt = simd::load(pt.Wt.data() + syn, tag);
        F swt = simd::load(pt.SWt.data() + syn, tag) +
                F(sw.Adapt.LRate) * (simd::load(pt.DSWt.data() + syn, tag) - F(sw.Adapt.SubMean) * simd::load(dsMean + r, tag));
        swt = simd::clamp(swt, F(sw.Limit.Min), F(sw.Limit.Max));
        F lwt = lwtFromWtsT(wt, swt, gain) * (F(1.0f) - simd::load(hiDk + r, tag));
        const F ad = simd::load(adif + r, tag);
        lwt = lwt + simd::select(ad >= F(0.0f), (F(1.0f) - lwt) * ad * swt, lwt * ad * swt);
        simd::store(pt.DSWt.data() + syn, F(0.0f));
        simd::store(pt.SWt.data() + syn, swt);
        simd::store(pt.LWt.data() + syn, lwt);
        simd::store(pt.Wt.data() + syn, swt * (F(2.0f) * sigmoid(lwt, igain)));
    };
    for (int s = 0; s < pt.nSend; ++s) forEachInRow(pt, s, adapt, scalarOnly);
}

void slowAdapt(Network& net, bool scalarOnly) {
    for (Layer& ly : net.layers) {
        // AvgPct: each neuron's long-run activity relative to its pool's mean
        const float* actAvg = net.layerVar(ly, NeuronVar::ActAvg, 0);
        float* avgPct = net.layerVar(ly, NeuronVar::AvgPct, 0);
        float sum = 0;
        for (int i = 0; i < ly.numNeurons; ++i) sum += actAvg[i];
        const float mean = sum / std::max(1, ly.numNeurons);
        for (int i = 0; i < ly.numNeurons; ++i) avgPct[i] = mean > 0 ? actAvg[i] / mean : 0;
    }
    for (Path& pt : net.paths) {
        const Layer& recv = net.layers[pt.recv];
        if (isTargetLike(recv.type) || pt.params.Learn.Learn == 0 || pt.params.SWts.Adapt.On == 0) continue;
        slowAdaptPath(net, pt, scalarOnly);
    }
}

}  // namespace

void computeDWt(Network& net, bool scalarOnly) {
    const int binEnd = (net.ctx.thetaCycles - 1) / kCaBinCycles;  // the bin holding the last cycle is excluded
    for (Path& pt : net.paths) {
        if (pt.params.Learn.Learn == 0) continue;
        const Layer& recv = net.layers[pt.recv];
        // DWt is zero here (wtFromDWt clears it); each data index adds its change in turn
        for (int d = 0; d < net.nData; ++d) {
            if (pt.context) {
                dwtContextPath(net, pt, d, scalarOnly);
            } else if (isTargetLike(recv.type)) {
                dwtTargetPath(net, pt, d, scalarOnly);
            } else {
                const int nWin = static_cast<int>(recv.params.Learn.Timing.SynCaCycles / kCaBinCycles);
                dwtHiddenPath(net, pt, d, std::max(0, binEnd - nWin), binEnd, scalarOnly);
            }
        }
        dwtSubMean(pt);
    }
}

void wtFromDWt(Network& net, bool scalarOnly) {
    for (Path& pt : net.paths) {
        if (pt.params.Learn.Learn == 0) continue;
        const int gain = static_cast<int>(pt.params.SWts.Adapt.SigGain);
        // Axon's default gain as a constant: its power unrolls into five multiplications
        if (gain == 6)
            wtFromDWtPath(pt, std::integral_constant<int, 6>{}, scalarOnly);
        else
            wtFromDWtPath(pt, gain, scalarOnly);
    }
    for (Layer& ly : net.layers) {
        if (learnsTrgAvg(ly)) trgAvgFromD(net, ly);
    }
    // the interval counts trials: a step of NData streams is NData trials (as Axon's SlowInc)
    net.ctx.slowCounter += net.nData;
    if (net.ctx.slowCounter >= Context::kSlowInterval) {
        net.ctx.slowCounter = 0;
        slowAdapt(net, scalarOnly);
    }
}

}  // namespace theta
