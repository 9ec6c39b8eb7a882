// Sim: the looper (cycle / phase / trial / epoch / run), the pattern environment,
// statistics, per-cycle recording and the state hash around one Network.
#include "theta/sim.h"

#include <cmath>
#include <cstring>

#include "io/checkpoint_format.h"
#include "cycle.h"
#include "drive.h"
#include "noise.h"
#include "learn.h"
#include "theta_trial.h"
#include "network.h"
#include "rng.h"
#include "sim_impl.h"
#include "simd.h"
#include "theta/param_table.h"

namespace theta {

namespace {

/// Pool variable v of pool p, by its vars.h name.
float poolField(const Pool& p, PoolVar v) {
    switch (v) {
#define THETA_POOL_CASE(name) \
    case PoolVar::name:       \
        return p.name;
        THETA_POOL_VARS(THETA_POOL_CASE)
#undef THETA_POOL_CASE
        case PoolVar::Count:
            break;
    }
    return 0;
}

std::vector<PatternRow> generatePatterns(const Experiment& ex, int nIn, int nOut, std::vector<ValidationError>& errors) {
    // Axon's PermutedBinaryMinDiff: `on` random units per pattern, every pair of patterns
    // differing in at least minDiff units, separately for input and target.
    const TaskSpec& t = ex.task;
    std::vector<PatternRow> rows(t.generateCount);
    Rng rng(ex.seed, RngStream::Patterns);
    auto makeSet = [&](int n, bool isInput) {
        std::vector<std::vector<float>> set;
        std::vector<std::uint32_t> idx(n);
        // A work budget (unit comparisons) keeps Sim::create to about a second even for hard
        // requests (it cannot be interrupted); past it the request is refused like an
        // impossible one.
        constexpr std::uint64_t kWorkBudget = 1000000000;
        std::uint64_t work = 0;
        const int maxTries = 1000 * t.generateCount;
        int tries = 0;
        while (static_cast<int>(set.size()) < t.generateCount && tries++ < maxTries && work < kWorkBudget) {
            work += static_cast<std::uint64_t>(n);
            for (int i = 0; i < n; ++i) idx[i] = i;
            rng.shuffle(idx.data(), n);
            std::vector<float> pat(n, 0.0f);
            for (int k = 0; k < t.generateOn && k < n; ++k) pat[idx[k]] = 1.0f;
            bool ok = true;
            for (const auto& other : set) {
                work += static_cast<std::uint64_t>(n);
                int diff = 0;
                for (int i = 0; i < n; ++i) diff += pat[i] != other[i];
                if (diff < t.generateMinDiff) { ok = false; break; }
            }
            if (ok) set.push_back(std::move(pat));
        }
        if (static_cast<int>(set.size()) < t.generateCount) {
            errors.push_back({"task.generate", "could not find " + std::to_string(t.generateCount) + " " +
                                                   (isInput ? "input" : "target") + " patterns with " +
                                                   std::to_string(t.generateOn) + " units on differing in at least " +
                                                   std::to_string(t.generateMinDiff) + " units; lower count or minDiff"});
        }
        return set;
    };
    auto in = makeSet(nIn, true);
    auto out = nOut > 0 ? makeSet(nOut, false) : std::vector<std::vector<float>>{};  // no target layer: inputs only
    if (!errors.empty()) return {};
    for (int p = 0; p < t.generateCount; ++p) {
        rows[p].name = "p" + std::to_string(p);
        rows[p].input = in[p];
        if (nOut > 0) rows[p].target = out[p];
    }
    return rows;
}

void fnv(std::uint64_t& h, const void* data, std::size_t bytes) { h = fnv1a(data, bytes, h); }

/// The fsa task's rows: token t is unit t on, as input and as the Pulvinar's target.
std::vector<PatternRow> fsaTokenRows() {
    std::vector<PatternRow> rows(kFsaTokens);
    for (int t = 0; t < kFsaTokens; ++t) {
        rows[t].name = fsaTokenName(t);
        rows[t].input.assign(kFsaTokens, 0.0f);
        rows[t].input[t] = 1;
        rows[t].target = rows[t].input;
    }
    return rows;
}

}  // namespace

Sim::Sim() : impl_(std::make_unique<Impl>()) {}
Sim::~Sim() = default;

std::unique_ptr<Sim> Sim::create(const Experiment& ex, std::vector<ValidationError>& errors) {
    std::unique_ptr<Sim> sim(new Sim());
    Impl& m = *sim->impl_;
    errors = buildNetwork(ex, m.net);
    if (!errors.empty()) return nullptr;
    m.pathDWt.assign(m.net.paths.size(), 0.0f);
    sim->ex_ = ex;
    m.inputLayer = sim->layerIndex(ex.task.inputLayer);
    m.targetLayer = sim->layerIndex(ex.task.targetLayer);
    const int nIn = m.inputLayer >= 0 ? m.net.layers[m.inputLayer].numNeurons : 0;
    const int nOut = m.targetLayer >= 0 ? m.net.layers[m.targetLayer].numNeurons : 0;
    m.fsaTask = ex.task.source == "fsa";
    m.sequential = ex.task.order == "sequential";
    m.driveTask = ex.task.source == "drive";
    if (m.driveTask) {  // the network applies the input every cycle: no items, no target
        m.inputLayer = m.targetLayer = -1;
        sim->init(ex.seed);
        return sim;
    }
    m.patterns = ex.task.source == "generate" ? generatePatterns(ex, nIn, nOut, errors)
                 : m.fsaTask                  ? fsaTokenRows()
                                              : ex.task.patterns;
    if (ex.task.source == "ra25" && m.patterns.empty()) m.patterns = ra25Patterns();
    if (!errors.empty()) return nullptr;
    if (m.patterns.empty()) {
        errors.push_back({"task.patterns", "no patterns to train on"});
        return nullptr;
    }
    sim->init(ex.seed);
    return sim;
}

void Sim::init(std::uint64_t seed) { initRun(seed, 0); }

void Sim::initRun(std::uint64_t seed, int run) {
    Impl& m = *impl_;
    m.seed = seed;
    m.epochLog.clear();
    m.counters = Counters{};
    m.counters.run = run - 1;
    newRun();
}

void Sim::newRun() {
    Impl& m = *impl_;
    const int run = m.counters.run + 1;
    m.counters = Counters{};
    m.counters.run = run;
    initWeights(m.net, mix64(m.seed) ^ static_cast<std::uint64_t>(run));
    m.net.drive.seed = driveSeed(m.seed, run);  // a drive task's spike trains, new in each run
    m.net.noiseSeed = noiseSeed(m.seed, run);   // and the spike noise
    m.order.resize(m.patterns.size());
    m.orderPos = m.order.size();  // forces a fresh permutation on the first trial
    m.permutations = 0;
    m.currentPattern.assign(m.net.nData, -1);
    // every run sees the same token streams (Axon reseeds each stream's env per run)
    m.fsa.assign(m.fsaTask ? m.net.nData : 0, FsaStream{});
    m.trialActive = false;
    m.epochAcc = EpochStats{};
    m.epochTrials = 0;
    m.lastTrial = TrialStats{};
    m.recCycles = 0;
    std::fill(m.pathDWt.begin(), m.pathDWt.end(), 0.0f);
}

bool Sim::stepCycle() {
    Impl& m = *impl_;
    Network& net = m.net;
    if (m.counters.runDone) return false;
    if (!m.trialActive) {
        trialStart(net);
        for (int d = 0; d < net.nData; ++d) m.presentItem(d);
        m.trialActive = true;
        m.recCycles = 0;
    }
    const bool cyclesLeft = thetaTrialCycle(net);
    // theta-cycle scope and rasters: [cycle][var][unit] of data index 0; pools [cycle][layer][var]
    if (m.recCycles < net.ctx.thetaCycles && (!m.recs.empty() || !m.recPools.empty())) {
        for (std::size_t k = 0; k < m.recs.size(); ++k) {
            const Recording& rec = m.recs[k];
            const Layer& ly = net.layers[rec.layer];
            float* out = m.recValues[k].data() + static_cast<std::size_t>(m.recCycles) * rec.vars.size() * rec.neurons.size();
            for (NeuronVar v : rec.vars)
                for (int n : rec.neurons) *out++ = net.layerVar(ly, v, 0)[n];
        }
        if (!m.recPools.empty()) {
            float* out = m.recPools.data() + static_cast<std::size_t>(m.recCycles) * net.layers.size() * kPoolVarCount;
            for (const Layer& ly : net.layers)
                for (int v = 0; v < kPoolVarCount; ++v) *out++ = poolField(net.pool(ly, 0, 0), static_cast<PoolVar>(v));
        }
        ++m.recCycles;
    }
    m.counters.cycle = net.ctx.cycle;
    m.counters.cyclesTotal = net.ctx.cyclesTotal;
    if (net.ctx.cycle == net.ctx.minusCycles) m.counters.phase = Phase::Plus;
    if (cyclesLeft) return true;

    // ---- end of trial: learn, then statistics of every data index's item
    thetaTrialLearn(net, false, m.pathDWt.data());
    m.trialActive = false;
    for (int d = 0; d < net.nData; ++d) {
        TrialStats ts = m.scoreItem(d);
        ts.run = m.counters.run;
        ts.epoch = m.counters.epoch;
        ts.trial = m.counters.trial + d;
        if (d == 0) m.lastTrial = ts;
        m.epochAcc.pctErr += ts.err ? 1.0f : 0.0f;
        m.epochAcc.pctUnitErr += ts.pctUnitErr;
        m.epochAcc.sse += ts.sse;
        m.epochAcc.phaseCorr += ts.phaseCorr;
        ++m.epochTrials;
    }
    m.counters.trial += net.nData;
    m.counters.trialsTotal = net.ctx.trialsTotal;
    m.counters.cycle = 0;
    m.counters.phase = Phase::Minus;

    if (m.counters.trial < ex_.train.trialsPerEpoch) return true;
    // ---- end of epoch
    EpochStats es = m.epochAcc;
    const float nt = static_cast<float>(m.epochTrials);
    es.run = m.counters.run;
    es.epoch = m.counters.epoch;
    es.pctErr /= nt;
    es.pctUnitErr /= nt;
    es.sse /= nt;
    es.phaseCorr /= nt;
    const EpochStats* prev = !m.epochLog.empty() && m.epochLog.back().run == es.run ? &m.epochLog.back() : nullptr;
    es.nZero = es.pctErr == 0 ? (prev ? prev->nZero : 0) + 1 : 0;
    es.firstZero = prev ? prev->firstZero : -1;
    if (es.pctErr == 0 && es.firstZero < 0) es.firstZero = es.epoch;
    m.epochLog.push_back(es);
    m.epochAcc = EpochStats{};
    m.epochTrials = 0;
    m.counters.trial = 0;
    ++m.counters.epoch;
    if ((ex_.train.nZero > 0 && es.nZero >= ex_.train.nZero) || m.counters.epoch >= ex_.train.epochs)
        m.counters.runDone = true;
    return true;
}

bool Sim::stepPhase() {
    if (impl_->counters.runDone) return false;
    const Phase start = impl_->counters.phase;
    do {
        stepCycle();
    } while (impl_->trialActive && impl_->counters.phase == start);
    return true;
}

bool Sim::stepTrial() {
    if (impl_->counters.runDone) return false;
    do {
        stepCycle();
    } while (impl_->trialActive);
    return true;
}

bool Sim::stepEpoch() {
    if (impl_->counters.runDone) return false;
    const int epoch = impl_->counters.epoch;
    while (!impl_->counters.runDone && impl_->counters.epoch == epoch) stepTrial();
    return true;
}

void Sim::runToEnd(void (*progress)(const EpochStats&, void*), void* user) {
    while (stepEpoch())
        if (progress) progress(impl_->epochLog.back(), user);
}

const Counters& Sim::counters() const { return impl_->counters; }
const TrialStats& Sim::lastTrial() const { return impl_->lastTrial; }
const std::vector<EpochStats>& Sim::epochLog() const { return impl_->epochLog; }
int Sim::numLayers() const { return static_cast<int>(impl_->net.layers.size()); }
int Sim::numPaths() const { return static_cast<int>(impl_->net.paths.size()); }
float Sim::lastTrialDWt(int pi) const { return impl_->pathDWt[pi]; }

std::string Sim::pathName(int pi) const {
    const Network& net = impl_->net;
    return net.layers[net.paths[pi].send].name + ">" + net.layers[net.paths[pi].recv].name;
}

float Sim::pathSynCa(int pi) const {
    const Network& net = impl_->net;
    const Path& pt = net.paths[pi];
    const float* sCa = net.layerVar(net.layers[pt.send], NeuronVar::CaSyn, 0);
    const float* rCa = net.layerVar(net.layers[pt.recv], NeuronVar::CaSyn, 0);
    double sum = 0;
    for (int s = 0; s < pt.nSend; ++s)
        for (std::uint32_t syn = pt.sendStart[s]; syn < pt.sendStart[s + 1]; ++syn) sum += sCa[s] * rCa[pt.recvIndex[syn]];
    return pt.numSyn() ? static_cast<float>(sum / pt.numSyn()) : 0.0f;
}
Network& Sim::network() { return impl_->net; }

LayerInfo Sim::layerInfo(int li) const {
    const Layer& ly = impl_->net.layers[li];
    return LayerInfo{ly.name, ly.type, {ly.shape[0], ly.shape[1], ly.shape[2], ly.shape[3]}, ly.numNeurons};
}

int Sim::layerIndex(const std::string& name) const {
    for (std::size_t i = 0; i < impl_->net.layers.size(); ++i)
        if (impl_->net.layers[i].name == name) return static_cast<int>(i);
    return -1;
}

const float* Sim::neuronVar(int li, NeuronVar v) const { return impl_->net.layerVar(impl_->net.layers[li], v, 0); }

float Sim::layerTrialAct(int li, Phase phase) const {
    const Layer& ly = impl_->net.layers[li];
    return phase == Phase::Minus ? ly.actMAvg : ly.actPAvg;
}

float Sim::poolVar(int li, PoolVar v) const {
    return poolField(impl_->net.pool(impl_->net.layers[li], 0, 0), v);
}

bool Sim::recvWeights(int li, int lni, int sendLi, float* out) const {
    const Network& net = impl_->net;
    bool found = false;
    for (int i = 0; i < net.layers[sendLi].numNeurons; ++i) out[i] = NAN;
    for (int pi : net.layers[li].recvPaths) {
        const Path& pt = net.paths[pi];
        if (pt.send != sendLi) continue;
        found = true;
        for (std::uint32_t k = pt.recvStart[lni]; k < pt.recvStart[lni + 1]; ++k) {
            const std::uint32_t syn = pt.recvSyn[k];
            // the sender of synapse syn: find the sendStart row that contains it
            int lo = 0, hi = pt.nSend;
            while (hi - lo > 1) {
                int mid = (lo + hi) / 2;
                if (pt.sendStart[mid] <= syn) lo = mid; else hi = mid;
            }
            out[lo] = pt.Wt[syn];
        }
    }
    return found;
}

bool Sim::sendWeights(int li, int lni, int recvLi, float* out) const {
    const Network& net = impl_->net;
    bool found = false;
    for (int i = 0; i < net.layers[recvLi].numNeurons; ++i) out[i] = NAN;
    for (int pi : net.layers[li].sendPaths) {
        const Path& pt = net.paths[pi];
        if (pt.recv != recvLi) continue;
        found = true;
        for (std::uint32_t syn = pt.sendStart[lni]; syn < pt.sendStart[lni + 1]; ++syn) out[pt.recvIndex[syn]] = pt.Wt[syn];
    }
    return found;
}

std::vector<ValidationError> Sim::setLayerParam(const std::string& layer, const std::string& name, double value) {
    const int li = layerIndex(layer);
    if (li < 0) return {{"layer", "no layer named \"" + layer + "\""}};
    const ParamInfo* info = findLayerParam(name);
    const std::string field = "network.layers[" + std::to_string(li) + "].params[\"" + name + "\"]";
    if (!info) return {{field, "unknown parameter"}};
    if (const char* why = checkParamValue(*info, value)) return {{field, why}};
    paramRef(impl_->net.layers[li].params, *info) = static_cast<float>(value);
    updateDerived(impl_->net);
    auto& ps = ex_.layers[li].params;
    for (auto& p : ps)
        if (p.name == name) { p.value = value; return {}; }
    ps.push_back({name, value});
    return {};
}

std::vector<ValidationError> Sim::setPathParam(const std::string& from, const std::string& to, const std::string& name,
                                               double value) {
    // Every path from -> to takes the value (a CT layer has two self paths, CTCtxt and
    // Maint), as a "From>To:Param" setting does.
    Network& net = impl_->net;
    const int si = layerIndex(from), ri = layerIndex(to);
    bool found = false;
    for (std::size_t pi = 0; pi < net.paths.size(); ++pi) {
        Path& pt = net.paths[pi];
        if (pt.send != si || pt.recv != ri) continue;
        const std::string field = "network.paths[" + std::to_string(pi) + "].params[\"" + name + "\"]";
        const ParamInfo* info = findPathParam(name);
        if (!info) return {{field, "unknown parameter"}};
        if (const char* why = checkParamValue(*info, value)) return {{field, why}};
        if (name == "Com.Delay") return {{field, "the spike delay can only be set in the experiment file"}};
        found = true;
        paramRef(pt.params, *info) = static_cast<float>(value);
        auto& ps = ex_.paths[pi].params;
        bool replaced = false;
        for (auto& p : ps)
            if (p.name == name) { p.value = value; replaced = true; }
        if (!replaced) ps.push_back({name, value});
    }
    if (!found) return {{"path", "no path from \"" + from + "\" to \"" + to + "\""}};
    updateDerived(net);
    return {};
}

std::vector<ValidationError> Sim::setRecordings(const std::vector<Recording>& recs) {
    Impl& m = *impl_;
    if (recs.size() > 8) return {{"recordings", "at most 8 recordings"}};
    for (std::size_t k = 0; k < recs.size(); ++k) {
        const Recording& rec = recs[k];
        const std::string at = "recordings[" + std::to_string(k) + "]";
        if (rec.layer < 0 || rec.layer >= numLayers()) return {{at + ".layer", "no such layer"}};
        for (int n : rec.neurons)
            if (n < 0 || n >= m.net.layers[rec.layer].numNeurons) return {{at + ".neurons", "unit index out of range"}};
        for (NeuronVar v : rec.vars)
            if (static_cast<int>(v) < 0 || v >= NeuronVar::Count) return {{at + ".vars", "unknown variable"}};
        if (rec.neurons.size() * rec.vars.size() > 4096) return {{at, "at most 4096 unit-variables"}};
    }
    m.recs = recs;
    m.recValues.assign(recs.size(), {});
    for (std::size_t k = 0; k < recs.size(); ++k)
        m.recValues[k].assign(static_cast<std::size_t>(m.net.ctx.thetaCycles) * recs[k].vars.size() * recs[k].neurons.size(), 0.0f);
    m.recCycles = 0;
    return {};
}

const std::vector<float>& Sim::recordedValues(int k) const {
    static const std::vector<float> kNone;
    return k >= 0 && k < numRecordings() ? impl_->recValues[k] : kNone;
}

int Sim::numRecordings() const { return static_cast<int>(impl_->recValues.size()); }

void Sim::setPoolRecording(bool on) {
    Impl& m = *impl_;
    m.recPools.assign(on ? static_cast<std::size_t>(m.net.ctx.thetaCycles) * m.net.layers.size() * kPoolVarCount : 0, 0.0f);
    m.recCycles = 0;
}

const std::vector<float>& Sim::recordedPools() const { return impl_->recPools; }
int Sim::recordedCycles() const { return impl_->recCycles; }

std::uint64_t Sim::stateHash() const {
    const Network& net = impl_->net;
    std::uint64_t h = kFnvOffsetBasis;
    for (const Layer& ly : net.layers)
        for (int v = 0; v < kNeuronVarCount; ++v)
            for (int d = 0; d < net.nData; ++d) fnv(h, net.layerVar(ly, static_cast<NeuronVar>(v), d), ly.numNeurons * sizeof(float));
    for (const Path& pt : net.paths) {
        for (const FloatArray* a : {&pt.Wt, &pt.LWt, &pt.SWt, &pt.DWt, &pt.DSWt}) fnv(h, a->data(), a->size() * sizeof(float));
        fnv(h, pt.gBuf.data(), pt.gBuf.size() * sizeof(float));
        fnv(h, pt.gSyn.data(), pt.gSyn.size() * sizeof(float));
    }
    for (const Pool& p : net.pools) {
        const float vals[] = {p.FFs, p.FBs, p.GeExts, p.FSi, p.SSi, p.SSf, p.FSGi, p.SSGi, p.TotalGi, p.FFAvg, p.FFAvgPrv};
        fnv(h, vals, sizeof vals);
    }
    fnv(h, &net.ctx.cyclesTotal, sizeof net.ctx.cyclesTotal);
    return h;
}

std::size_t Sim::stateBytes() const {
    const Network& net = impl_->net;
    std::size_t bytes = (net.neurons.size() + net.caBins.size()) * sizeof(float);
    for (const Path& pt : net.paths) {
        bytes += pt.numSyn() * (5 * sizeof(float) + 2 * sizeof(std::uint32_t));
        bytes += (pt.sendStart.size() + pt.recvStart.size()) * sizeof(std::uint32_t);
        bytes += (pt.gBuf.size() + pt.gSyn.size()) * sizeof(float);
    }
    return bytes + net.pools.size() * sizeof(Pool);
}

const char* simdArchName() {
#if THETA_SIMD
    return xsimd::default_arch::name();
#else
    return "scalar";
#endif
}

int simdLanes() { return static_cast<int>(simd::kWidth); }

}  // namespace theta
