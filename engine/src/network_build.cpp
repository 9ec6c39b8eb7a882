// Building a Network from an Experiment: layer-type defaults, parameter settings,
// pools, connectivity, and weight initialisation (axon init-layer / init-path).
#include <cmath>

#include "drive.h"
#include "learn.h"
#include "network.h"
#include "rng.h"
#include "simd.h"
#include "theta/param_table.h"

namespace theta {
namespace {

/// Axon's LayerParams.Defaults plus the per-type overrides of Layer.Defaults.
LayerParams layerDefaults(LayerType type) {
    LayerParams p;
    if (type == LayerType::Input) {
        p.Acts.Clamp.Ge = 1.5f;
        p.Inhib.Layer.Gi = 0.9f;
        p.Inhib.Pool.Gi = 0.9f;
        p.Learn.TrgAvgAct.SubMean = 0;
    } else if (type == LayerType::Target) {
        p.Learn.TrgAvgAct.SubMean = 0;
    } else if (type == LayerType::CT) {  // axon CTDefaults
        p.Acts.Decay.Act = p.Acts.Decay.Glong = p.Acts.Decay.AHP = 0;
        p.Acts.Dend.SSGi = 2;
        p.Inhib.Layer.Gi = p.Inhib.Pool.Gi = 2.2f;
    } else if (type == LayerType::Pulvinar) {  // axon PulvinarDefaults
        p.Acts.Decay.Act = p.Acts.Decay.Glong = p.Acts.Decay.AHP = 0;
        p.Learn.RLRate.SigmoidMin = 1;
    }
    return p;
}

/// Axon's PathParams.Defaults plus the per-type and per-target overrides.
PathParams pathDefaults(PathType type, LayerType recvType) {
    PathParams p;
    if (type == PathType::Back) p.PathScale.Rel = 0.1f;
    if (type == PathType::Inhib) p.SWts.Adapt.On = 0;
    if (isTargetLike(recvType)) p.SWts.Init.SPct = 0;  // SWt fixed at the mean
    return p;
}

void addConnections(const Experiment& ex, const PathSpec& spec, const Layer& send, const Layer& recv,
                    bool sameLayer, std::vector<std::vector<std::uint32_t>>& bySender) {
    const int nS = send.numNeurons, nR = recv.numNeurons;
    bySender.assign(nS, {});
    switch (spec.pattern) {
    case PathPattern::Full:
        for (int s = 0; s < nS; ++s)
            for (int r = 0; r < nR; ++r)
                if (!(sameLayer && s == r && !spec.selfCon)) bySender[s].push_back(r);
        break;
    case PathPattern::OneToOne:
        for (int s = 0; s < nS && s < nR; ++s) bySender[s].push_back(s);
        break;
    case PathPattern::PoolOneToOne: {
        // pool i of the sender fully connects to pool i of the receiver
        const int spn = send.shape[2] * send.shape[3], rpn = recv.shape[2] * recv.shape[3];
        for (int s = 0; s < nS; ++s) {
            int pool = s / spn;
            for (int r = pool * rpn; r < (pool + 1) * rpn && r < nR; ++r)
                if (!(sameLayer && s == r && !spec.selfCon)) bySender[s].push_back(r);
        }
        break;
    }
    case PathPattern::UniformRandom: {
        // each receiver draws round(PCon * nSend) distinct senders (at least 1)
        Rng rng(ex.seed, RngStream::Patterns, 0x10000u + static_cast<std::uint64_t>(&spec - ex.paths.data()));
        int k = std::max(1, static_cast<int>(std::lround(spec.pcon * nS)));
        std::vector<std::uint32_t> order(nS);
        for (int r = 0; r < nR; ++r) {
            for (int s = 0; s < nS; ++s) order[s] = s;
            rng.shuffle(order.data(), nS);
            int taken = 0;
            for (int i = 0; i < nS && taken < k; ++i) {
                int s = order[i];
                if (sameLayer && s == r && !spec.selfCon) continue;
                bySender[s].push_back(r);
                ++taken;
            }
        }
        break;
    }
    }
}

void buildPath(Path& pt, const std::vector<std::vector<std::uint32_t>>& bySender, int nData) {
    pt.sendStart.assign(pt.nSend + 1, 0);
    for (int s = 0; s < pt.nSend; ++s) pt.sendStart[s + 1] = pt.sendStart[s] + bySender[s].size();
    pt.recvIndex.clear();
    for (auto& row : bySender) pt.recvIndex.insert(pt.recvIndex.end(), row.begin(), row.end());
    const std::size_t nSyn = pt.recvIndex.size();
    pt.dense = nSyn == static_cast<std::size_t>(pt.nSend) * pt.nRecv;
    for (auto* a : {&pt.Wt, &pt.LWt, &pt.SWt, &pt.DWt, &pt.DSWt}) a->resize(nSyn);
    // receiver-major index, senders in ascending order for each receiver
    pt.recvStart.assign(pt.nRecv + 1, 0);
    for (auto r : pt.recvIndex) pt.recvStart[r + 1]++;
    for (int r = 0; r < pt.nRecv; ++r) pt.recvStart[r + 1] += pt.recvStart[r];
    pt.recvSyn.assign(nSyn, 0);
    std::vector<std::uint32_t> fill(pt.recvStart.begin(), pt.recvStart.end() - 1);
    for (std::uint32_t syn = 0; syn < nSyn; ++syn) pt.recvSyn[fill[pt.recvIndex[syn]]++] = syn;
    pt.delLen = static_cast<int>(pt.params.Com.Delay) + 1;
    pt.gBuf.resize(static_cast<std::size_t>(nData) * pt.delLen * pt.recvPad);
    pt.gSyn.resize(static_cast<std::size_t>(nData) * pt.recvPad);
    pt.recvScratch.resize(3 * pt.recvPad);
}

}  // namespace

float layerParamDefault(const ParamInfo& info, LayerType type) {
    LayerParams p = layerDefaults(type);
    return paramRef(p, info);
}

float pathParamDefault(const ParamInfo& info, PathType type, LayerType recvType) {
    PathParams p = pathDefaults(type, recvType);
    return paramRef(p, info);
}

std::vector<ValidationError> buildNetwork(const Experiment& ex, Network& net) {
    std::vector<ValidationError> errors = validateExperiment(ex);
    if (!errors.empty()) return errors;
    net = Network{};
    net.ctx.minusCycles = ex.train.minusCycles;
    net.ctx.plusCycles = ex.train.plusCycles;
    net.ctx.thetaCycles = ex.train.minusCycles + ex.train.plusCycles;
    net.nData = ex.train.nData;
    net.learn = ex.train.learn;
    net.drive = driveOf(ex);

    std::size_t off = 0;
    for (const LayerSpec& spec : ex.layers) {
        Layer ly;
        ly.name = spec.name;
        ly.type = spec.type;
        if (spec.shape.size() == 4) {
            for (int i = 0; i < 4; ++i) ly.shape[i] = spec.shape[i];
        } else if (spec.shape.size() == 2) {
            ly.shape[2] = spec.shape[0];
            ly.shape[3] = spec.shape[1];
        } else {
            ly.shape[3] = spec.shape[0];
        }
        ly.numNeurons = ly.shape[0] * ly.shape[1] * ly.shape[2] * ly.shape[3];
        ly.off = off;
        ly.nPad = simd::padded(ly.numNeurons);
        off += ly.nPad;
        ly.params = layerDefaults(spec.type);
        for (const ParamSetting& ps : spec.params) paramRef(ly.params, *findLayerParam(ps.name)) = static_cast<float>(ps.value);
        // pools: the layer pool, then one per sub-pool of a 4D layer
        ly.poolStart = static_cast<int>(net.pools.size());
        const int nSub = spec.shape.size() == 4 ? ly.shape[0] * ly.shape[1] : 0;
        ly.numPools = 1 + nSub;
        Pool lp;
        lp.layer = static_cast<int>(net.layers.size());
        lp.nEnd = ly.numNeurons;
        net.pools.push_back(lp);
        const int poolSize = ly.shape[2] * ly.shape[3];
        for (int sp = 0; sp < nSub; ++sp) {
            Pool p;
            p.layer = lp.layer;
            p.isLayerPool = false;
            p.nStart = sp * poolSize;
            p.nEnd = (sp + 1) * poolSize;
            net.pools.push_back(p);
        }
        net.layers.push_back(std::move(ly));
    }
    for (std::size_t li = 0; li < ex.layers.size(); ++li)
        for (std::size_t k = 0; k < ex.layers.size(); ++k)
            if (ex.layers[li].type == LayerType::Pulvinar && ex.layers[k].name == ex.layers[li].driver)
                net.layers[li].driver = static_cast<int>(k);
    net.nPad = off;
    // every data index has its own copy of each pool
    net.poolsPerData = static_cast<int>(net.pools.size());
    for (int d = 1; d < net.nData; ++d)
        for (int p = 0; p < net.poolsPerData; ++p) net.pools.push_back(net.pools[p]);
    net.neurons.resize(static_cast<std::size_t>(kNeuronVarCount) * net.nData * net.nPad);
    net.numBins = (net.ctx.thetaCycles + kCaBinCycles - 1) / kCaBinCycles;
    net.caBins.resize(static_cast<std::size_t>(net.numBins) * net.nData * net.nPad);
    net.binWtP.assign(net.numBins, 0);
    net.binWtD.assign(net.numBins, 0);
    net.binScratch.assign(net.numBins * kDwtRows * 2 * simd::kWidth, 0);  // 2 values per bin and row, broadcast to every lane
    synCaBinWeights(net.ctx.plusCycles, net.binWtP, net.binWtD);

    for (std::size_t pi = 0; pi < ex.paths.size(); ++pi) {
        const PathSpec& spec = ex.paths[pi];
        Path pt;
        pt.send = net.layers.size();
        for (std::size_t li = 0; li < net.layers.size(); ++li) {
            if (net.layers[li].name == spec.from) pt.send = static_cast<int>(li);
            if (net.layers[li].name == spec.to) pt.recv = static_cast<int>(li);
        }
        const Layer& send = net.layers[pt.send];
        const Layer& recv = net.layers[pt.recv];
        pt.type = spec.type;
        pt.pattern = spec.pattern;
        pt.inhibitory = spec.type == PathType::Inhib;
        pt.context = spec.type == PathType::CTCtxt;
        pt.maint = spec.type == PathType::Maint;
        if (pt.maint) net.layers[pt.recv].hasMaint = true;
        pt.params = pathDefaults(spec.type, recv.type);
        for (const ParamSetting& ps : spec.params) paramRef(pt.params, *findPathParam(ps.name)) = static_cast<float>(ps.value);
        pt.nSend = send.numNeurons;
        pt.nRecv = recv.numNeurons;
        pt.initWt = spec.weights;
        pt.recvPad = recv.nPad;
        std::vector<std::vector<std::uint32_t>> bySender;
        addConnections(ex, spec, send, recv, pt.send == pt.recv, bySender);
        buildPath(pt, bySender, net.nData);
        net.layers[pt.send].sendPaths.push_back(static_cast<int>(pi));
        net.layers[pt.recv].recvPaths.push_back(static_cast<int>(pi));
        net.paths.push_back(std::move(pt));
    }
    updateDerived(net);
    return errors;
}

namespace {

/// Each path's GScale: Abs x Rel (normalised within its conductance group) x the inverse of
/// the expected number of active senders (Axon's SetGScale).
void computeGScales(Network& net) {
    for (Layer& ly : net.layers) {
        // Rel is normalised within each conductance group: excitatory and context share one
        // (as Axon's ExcitatoryG and ContextG), inhibitory and maintenance have their own
        auto group = [](const Path& pt) { return pt.inhibitory ? 1 : pt.maint ? 2 : 0; };
        float relSum[3] = {0, 0, 0};
        for (int pi : ly.recvPaths) relSum[group(net.paths[pi])] += net.paths[pi].params.PathScale.Rel;
        for (int pi : ly.recvPaths) {
            Path& pt = net.paths[pi];
            const Layer& send = net.layers[pt.send];
            // expected number of active senders, from the sender's nominal activity
            const float savg = send.params.Inhib.ActAvg.Nominal;
            const int snu = send.numNeurons;
            const float ncon = pt.nRecv > 0 ? static_cast<float>(pt.numSyn()) / pt.nRecv : 0;
            const int slayActN = std::max(1, static_cast<int>(std::lround(savg * snu)));
            float sc;
            if (static_cast<int>(std::lround(ncon)) == snu) {
                sc = 1.0f / slayActN;
            } else {
                const int avgActN = std::max(1, static_cast<int>(std::lround(savg * ncon)));
                const int expActN = std::min(avgActN + 2, std::min(static_cast<int>(std::lround(ncon)), slayActN));
                sc = 1.0f / std::max(1, expActN);
            }
            const float rs = relSum[group(pt)];
            pt.relNorm = rs > 0 ? pt.params.PathScale.Rel / rs : 0;
            pt.gScale = pt.params.PathScale.Abs * sc * pt.relNorm;
        }
    }
}

}  // namespace

void updateDerived(Network& net) {
    for (Layer& ly : net.layers) ly.consts = layerConsts(ly.params);
    computeGScales(net);
}

void initActs(Network& net) {
    net.neurons.fill(0);
    net.caBins.fill(0);
    for (Layer& ly : net.layers) {
        const InitParams& in = ly.params.Acts.Init;
        for (int d = 0; d < net.nData; ++d) {
            auto V = [&](NeuronVar v) { return net.layerVar(ly, v, d); };
            float *vm = V(NeuronVar::Vm), *vmDend = V(NeuronVar::VmDend), *isi = V(NeuronVar::ISI);
            float *isiAvg = V(NeuronVar::ISIAvg), *act = V(NeuronVar::Act), *geSyn = V(NeuronVar::GeSyn);
            float* giSyn = V(NeuronVar::GiSyn);
            float *geNoiseP = V(NeuronVar::GeNoiseP), *giNoiseP = V(NeuronVar::GiNoiseP);
            // padding lanes get the same neutral resting state, so kernels stay finite there,
            // but no base conductance, so they never spike or feed the pool sums
            for (std::size_t i = 0; i < ly.nPad; ++i) {
                const bool unit = i < static_cast<std::size_t>(ly.numNeurons);
                vm[i] = in.Vm;
                vmDend[i] = in.Vm;
                isi[i] = -1;
                isiAvg[i] = -1;
                act[i] = in.Act;
                geSyn[i] = unit ? in.GeBase : 0.0f;
                giSyn[i] = unit ? in.GiBase : 0.0f;
                geNoiseP[i] = giNoiseP[i] = 1;  // the noise generators start afresh
            }
        }
        ly.giMult = 1;
        ly.actMAvg = ly.actPAvg = ly.params.Inhib.ActAvg.Nominal;
    }
    for (Pool& p : net.pools) {
        Pool fresh;
        fresh.layer = p.layer;
        fresh.nStart = p.nStart;
        fresh.nEnd = p.nEnd;
        fresh.isLayerPool = p.isLayerPool;
        p = fresh;
    }
    for (Path& pt : net.paths) {
        pt.gBuf.fill(0);
        pt.gSyn.fill(0);
    }
}

void initWeights(Network& net, std::uint64_t seed) {
    net.ctx = Context{0, net.ctx.thetaCycles, net.ctx.minusCycles, net.ctx.plusCycles};
    initActs(net);
    for (std::size_t pi = 0; pi < net.paths.size(); ++pi) {
        Path& pt = net.paths[pi];
        const SWtParams& sw = pt.params.SWts;
        Rng rng(seed, RngStream::Weights, pi);
        for (std::size_t syn = 0; syn < pt.numSyn(); ++syn) {
            const float r = sw.Init.Var * 2.0f * (rng.uniform() - 0.5f);
            const float wt = sw.Init.Mean + r;
            const float swt = sw.Init.SPct == 0 ? sw.Init.Mean
                                                : std::min(std::max(sw.Init.Mean + sw.Init.SPct * r, sw.Limit.Min), sw.Limit.Max);
            pt.Wt[syn] = wt;
            pt.SWt[syn] = swt;
            pt.LWt[syn] = lwtFromWts(wt, swt, sw.Adapt.SigGain);
            pt.DWt[syn] = 0;
            pt.DSWt[syn] = 0;
        }
        if (!pt.initWt.empty()) {
            // weights the experiment gives: Wt = SWt = w and LWt at the sigmoid's midpoint,
            // so Wt = SWt x sigmoid(LWt) holds (the random draws above keep every other
            // path's weights what they would be without these)
            for (int s = 0; s < pt.nSend; ++s)
                for (std::uint32_t syn = pt.sendStart[s]; syn < pt.sendStart[s + 1]; ++syn) {
                    const float w = pt.initWt[static_cast<std::size_t>(s) * pt.nRecv + pt.recvIndex[syn]];
                    pt.Wt[syn] = pt.SWt[syn] = w;
                    pt.LWt[syn] = 0.5f;  // lwtFromWts(w, w): Wt = SWt (also for w = 0)
                }
        } else if (sw.Init.SPct > 0 && sw.Adapt.On > 0) {
            swtRescale(pt);
        }
    }
    symmetrizeWeights(net);
    // target-activity homeostasis: evenly spaced targets, randomly permuted per pool
    for (std::size_t li = 0; li < net.layers.size(); ++li) {
        Layer& ly = net.layers[li];
        const TrgAvgActParams& ta = ly.params.Learn.TrgAvgAct;
        float* trg = net.layerVar(ly, NeuronVar::TrgAvg, 0);
        float* actAvg = net.layerVar(ly, NeuronVar::ActAvg, 0);
        Rng rng(seed, RngStream::TrgAvg, li);
        const bool subPools = ta.Pool > 0 && ly.numPools > 1;
        for (int p = subPools ? 1 : 0; p < (subPools ? ly.numPools : 1); ++p) {
            const Pool& pool = net.pool(ly, p, 0);
            const int n = pool.nEnd - pool.nStart;
            const float inc = n > 1 ? (ta.TrgRange.Max - ta.TrgRange.Min) / (n - 1) : 0;
            std::vector<int> order(n);
            for (int i = 0; i < n; ++i) order[i] = i;
            if (ta.Permute > 0) rng.shuffle(order.data(), n);
            for (int i = 0; i < n; ++i) trg[pool.nStart + order[i]] = n > 1 ? ta.TrgRange.Min + inc * i : 1.0f;
        }
        for (int i = 0; i < ly.numNeurons; ++i) actAvg[i] = ly.params.Inhib.ActAvg.Nominal * trg[i];
    }
}

}  // namespace theta
