// The network's state: plain arrays, built once, never reallocated.
//
// Neuron state is var-major, then data-major: neurons[(var * nData + d) * nPad + ni],
// each layer starting on a multiple of simd::kPad with neutral padding lanes, so one
// kernel is one loop over a contiguous range. `d` is the data index (Axon's NData: input
// streams that run side by side with their own neuron, pool and spike-buffer state and
// one shared set of weights). Per-neuron long averages shared by all streams (ActAvg,
// AvgPct, TrgAvg, DTrgAvg) live in data slot 0. Synapses are stored sender-major per path (a spike adds one
// contiguous row for Full paths), with a receiver-major index for the per-receiver passes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "layer_consts.h"
#include "theta/experiment.h"
#include "theta/params.h"
#include "theta/vars.h"

namespace theta {

/// Aligned float storage (32-byte alignment for loads; contents zero-initialised).
class FloatArray {
public:
    FloatArray() = default;
    explicit FloatArray(std::size_t n) { resize(n); }
    void resize(std::size_t n) { store_.assign(n + 8, 0.0f); off_ = alignOffset(); n_ = n; }
    float* data() { return store_.data() + off_; }
    const float* data() const { return store_.data() + off_; }
    std::size_t size() const { return n_; }
    float& operator[](std::size_t i) { return data()[i]; }
    float operator[](std::size_t i) const { return data()[i]; }
    void fill(float v) { for (std::size_t i = 0; i < n_; ++i) data()[i] = v; }
    FloatArray(const FloatArray& o) : store_(o.store_), n_(o.n_) { off_ = alignOffset(); }
    FloatArray& operator=(const FloatArray& o) { store_ = o.store_; n_ = o.n_; off_ = alignOffset(); return *this; }

private:
    std::size_t alignOffset() const {
        auto addr = reinterpret_cast<std::uintptr_t>(store_.data());
        return ((32 - addr % 32) % 32) / sizeof(float);
    }
    std::vector<float> store_;
    std::size_t off_ = 0, n_ = 0;
};

/// Time within the theta cycle (axon's Context).
/// Synaptic calcium (CaSyn) is kept per bin of this many cycles: its mean per bin is what
/// the hidden-layer learning rule multiplies (Axon's CaBinCycles, 10 = 20 bins per trial).
constexpr int kCaBinCycles = 10;

/// DWt of a dense path takes this many active senders at a time (learn.cpp, dwtHiddenPath).
constexpr int kDwtRows = 4;

struct Context {
    int cycle = 0;               ///< cycle within the trial
    int thetaCycles = 200;
    int minusCycles = 150;
    int plusCycles = 50;
    bool plusPhase = false;
    std::int64_t cyclesTotal = 0;
    std::int64_t trialsTotal = 0;
    int slowCounter = 0;         ///< trials since the last slow (SWt) adaptation
    static constexpr int kSlowInterval = 100;
};

/// A "drive" task's input (Axon's sims/neuron; drive.h): every cycle the layer's
/// excitatory and inhibitory conductances are set from these numbers instead of gathered
/// from spikes.
struct Drive {
    enum class Input { Clamp, Spikes, Train };
    int layer = -1;              ///< the driven layer; -1: no drive
    int sender = -1;             ///< a second driven layer, at sendDiffHz more (train only); -1: none
    Input input = Input::Clamp;  ///< ge held while on; regular one-cycle pulses; kinasesim's spike trains
    float ge = 0, gi = 0;        ///< GeRaw while on (or at a pulse), GiRaw every cycle
    int onCycle = 0, offCycle = 0;
    float minusHz = 0, plusHz = 0;  ///< pulse rates of each phase (Spikes, Train)
    float sendDiffHz = 0;        ///< the sender's rate minus the driven layer's (Train)
    std::uint64_t seed = 0;      ///< the spike trains' random stream (Sim: from the seed and run)
};

/// FS-FFFB inhibition state and activity summary of one pool (a layer or a sub-pool).
struct Pool {
    int layer = 0;
    int nStart = 0, nEnd = 0;    ///< layer-local neuron range
    bool isLayerPool = true;
    bool clamped = false;        ///< driven by external input: FS inhibition follows GeExts
    // raw sums gathered each cycle
    float ffsRaw = 0, fbsRaw = 0, geExtRaw = 0;
    // fsfffb state
    float FFs = 0, FBs = 0, GeExts = 0, FSi = 0, SSi = 0, SSf = 0, FSGi = 0, SSGi = 0, TotalGi = 0;
    float FFAvg = 0, FFAvgPrv = 0;
    // previous cycle's CaP / CaD summary (for RLRate and bursting)
    float caPAvg = 0, caPMax = 0, caDMax = 0;
};

struct Layer {
    std::string name;
    LayerType type = LayerType::Hidden;
    int shape[4] = {1, 1, 1, 1};  ///< [PoolsY, PoolsX, Y, X]
    int numNeurons = 0;
    std::size_t off = 0;          ///< first neuron in the network arrays (multiple of kPad)
    std::size_t nPad = 0;         ///< padded neuron count
    LayerParams params;
    LayerConsts consts;           ///< derived from params by updateDerived
    int poolStart = 0, numPools = 1;  ///< pool 0 of the layer is the layer pool
    std::vector<int> recvPaths, sendPaths;
    int driver = -1;              ///< Pulvinar: the layer whose Burst drives it in the plus phase
    bool hasMaint = false;        ///< receives a Maint path (runs the MaintNMDA channel)
    float giMult = 1;
    // trial-level averages for display and stats
    float actMAvg = 0, actPAvg = 0;
};

struct Path {
    int send = 0, recv = 0;
    PathType type = PathType::Forward;
    PathPattern pattern = PathPattern::Full;
    PathParams params;
    float gScale = 0;             ///< Abs * Rel * expected-activity scale / sum of Rel
    float relNorm = 0;            ///< Rel / sum of Rel (reported like Axon's GScale.Rel)
    bool inhibitory = false;      ///< into GiRaw / GiSyn
    bool context = false;         ///< CTCtxt: sends Burst once per trial into CtxtGeRaw
    bool maint = false;           ///< Maint: into GMaintRaw (the MaintNMDA channel)
    bool dense = false;           ///< Full: synapse (s, r) at s * nRecv + r
    std::vector<float> initWt;    ///< the experiment's weights ([s * nRecv + r]); empty: random
    int nSend = 0, nRecv = 0;
    std::size_t recvPad = 0;
    // sender-major synapses
    std::vector<std::uint32_t> sendStart;  ///< nSend + 1 offsets
    std::vector<std::uint32_t> recvIndex;  ///< receiving layer-local neuron per synapse
    FloatArray Wt, LWt, SWt, DWt, DSWt;
    // receiver-major index
    std::vector<std::uint32_t> recvStart;  ///< nRecv + 1 offsets
    std::vector<std::uint32_t> recvSyn;    ///< synapse index, in sender order
    // spike delivery, per data index: a ring of (Delay + 1) slots of recvPad floats, plus
    // the integrated GSyn ([data][slot][recvPad] and [data][recvPad])
    int delLen = 3;
    FloatArray gBuf, gSyn;
    float* gBufSlot(int d, std::size_t slot) { return gBuf.data() + (d * delLen + slot) * recvPad; }
    float* gSynData(int d) { return gSyn.data() + d * recvPad; }
    FloatArray recvScratch;  ///< 3 x recvPad floats for per-receiver sums in slow adaptation
    std::size_t numSyn() const { return recvIndex.size(); }
};

struct Network {
    std::vector<Layer> layers;
    std::vector<Path> paths;
    std::vector<Pool> pools;      ///< [data][pool]: every layer's pools, once per data index
    int poolsPerData = 0;
    Context ctx;
    Drive drive;                  ///< a "drive" task's per-cycle input (none by default)
    std::uint64_t noiseSeed = 0;  ///< the spike noise's random stream (noise.h; Sim: per run)
    bool learn = true;            ///< train.learn: weights change at the end of each trial
    int nData = 1;                ///< input streams run side by side (Axon's NData)
    std::size_t nPad = 0;         ///< total padded neurons (of one data index)
    FloatArray neurons;           ///< [var][data][nPad]
    int numBins = 20;             ///< CaSyn bins per trial (kCaBinCycles each)
    FloatArray caBins;            ///< [bin][data][nPad]: mean CaSyn per bin of this trial
    std::vector<float> binWtP, binWtD;  ///< linear SynCa weights for target-layer learning
    std::vector<float> binScratch;  ///< numBins x kDwtRows x 2 x SIMD width floats, for DWt (no allocation per trial)

    float* var(NeuronVar v, int d) { return neurons.data() + (static_cast<std::size_t>(v) * nData + d) * nPad; }
    const float* var(NeuronVar v, int d) const { return neurons.data() + (static_cast<std::size_t>(v) * nData + d) * nPad; }
    float* layerVar(const Layer& ly, NeuronVar v, int d) { return var(v, d) + ly.off; }
    const float* layerVar(const Layer& ly, NeuronVar v, int d) const { return var(v, d) + ly.off; }
    float* bin(int b, int d) { return caBins.data() + (static_cast<std::size_t>(b) * nData + d) * nPad; }
    const float* bin(int b, int d) const { return caBins.data() + (static_cast<std::size_t>(b) * nData + d) * nPad; }
    Pool& pool(const Layer& ly, int p, int d) { return pools[d * poolsPerData + ly.poolStart + p]; }
    const Pool& pool(const Layer& ly, int p, int d) const { return pools[d * poolsPerData + ly.poolStart + p]; }
};

/// Hidden-like layers learn their target activity (TrgAvg homeostasis).
inline bool learnsTrgAvg(const Layer& ly) {
    return isHiddenLike(ly.type) && ly.params.Learn.TrgAvgAct.RescaleOn > 0;
}

/// Build layers, pools, paths and connectivity from a validated experiment.
/// Applies layer-type defaults (Input Clamp.Ge 1.5, Target paths SPct 0, ...) then the
/// experiment's parameter settings. Returns errors instead of building when it cannot.
std::vector<ValidationError> buildNetwork(const Experiment& ex, Network& net);

/// Fresh weights, path scales, homeostatic targets and neuron state for a new run.
void initWeights(Network& net, std::uint64_t seed);
/// Neuron and pool state to their initial values (keeps weights).
void initActs(Network& net);
/// Everything derived from the parameters alone: each layer's constants (LayerConsts) and
/// each path's conductance scale (GScale). buildNetwork calls it; so must every change of a
/// parameter (Sim::setLayerParam, Sim::setPathParam).
void updateDerived(Network& net);

}  // namespace theta
