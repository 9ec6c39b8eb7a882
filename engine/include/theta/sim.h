// The simulation: a built network plus its task, looper and statistics.
// Build once from a validated Experiment; nothing allocates after that.
// All pointers returned here stay valid until the Sim is destroyed.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "theta/experiment.h"
#include "theta/vars.h"

namespace theta {

struct Network;

enum class Phase { Minus = 0, Plus = 1 };

/// Where the looper stands. `cycle` counts within the current trial (0..ThetaCycles).
struct Counters {
    int run = 0, epoch = 0, trial = 0, cycle = 0;
    Phase phase = Phase::Minus;
    std::int64_t trialsTotal = 0, cyclesTotal = 0;
    bool runDone = false;  ///< run stopped (NZero reached or epoch limit)
};

struct TrialStats {
    int run = 0, epoch = 0, trial = 0;
    int pattern = -1;        ///< index of the pattern row shown
    float pctUnitErr = 0;    ///< fraction of target units whose ActM is on the wrong side of 0.5
    float sse = 0;           ///< sum over target units of (Target - ActM)^2
    float phaseCorr = 0;     ///< correlation of ActM and ActP on the target layer (1 - PhaseDiff)
    bool err = false;        ///< any unit wrong
};

struct EpochStats {
    int run = 0, epoch = 0;
    float pctErr = 0;        ///< fraction of trials with any error
    float pctUnitErr = 0;    ///< mean over trials
    float sse = 0;           ///< mean over trials
    float phaseCorr = 0;     ///< mean over trials
    int nZero = 0;           ///< zero-error epochs in a row so far
    int firstZero = -1;      ///< first zero-error epoch of this run (-1 = none yet)
};

struct LayerInfo {
    std::string name;
    LayerType type;
    int shape[4];            ///< [PoolsY, PoolsX, Y, X]; plain layers have 1 x 1 pools
    int numNeurons;
};

/// Per-cycle recording of chosen neuron variables of chosen units of one layer over a
/// trial: the theta-cycle scope (a few units, several vars) or a spike raster (a whole
/// layer, Spike only). Several recordings can run at once.
struct Recording {
    int layer = 0;
    std::vector<int> neurons;          ///< layer-local indices
    std::vector<NeuronVar> vars;
};

class Sim {
public:
    /// Build from a validated experiment. On error returns nullptr and fills `errors`.
    static std::unique_ptr<Sim> create(const Experiment& ex, std::vector<ValidationError>& errors);
    ~Sim();
    Sim(const Sim&) = delete;
    Sim& operator=(const Sim&) = delete;

    const Experiment& experiment() const { return ex_; }

    /// Start over: weights from `seed`, counters and logs cleared (a new run 0).
    void init(std::uint64_t seed);
    /// Start over at run `run` of `seed`, exactly as run `run` of a serial init(seed) +
    /// newRun() sequence would start (weights and task order depend only on seed and run):
    /// how parallel batch jobs reproduce serial runs. Counters and logs cleared.
    void initRun(std::uint64_t seed, int run);
    /// Start the next run (run + 1) with fresh weights from the run's seed.
    void newRun();

    // Stepping: each returns false if the run was already done and nothing happened.
    bool stepCycle();
    bool stepPhase();
    bool stepTrial();
    bool stepEpoch();
    /// Train until the run is done; progress(epochStats) is called after each epoch.
    void runToEnd(void (*progress)(const EpochStats&, void*) = nullptr, void* user = nullptr);

    const Counters& counters() const;
    const TrialStats& lastTrial() const;
    const std::vector<EpochStats>& epochLog() const;  ///< every finished epoch of every run

    // Network introspection (layer-local arrays, valid for the Sim's lifetime).
    int numLayers() const;
    LayerInfo layerInfo(int li) const;
    /// Paths, in the experiment's order ("deep" builders' paths after the written ones).
    int numPaths() const;
    /// "From>To" of path pi.
    std::string pathName(int pi) const;
    /// The synaptic calcium of path pi now: the mean over its synapses of the sender's CaSyn
    /// times the receiver's (data index 0), what the learning rule's credit integrates.
    float pathSynCa(int pi) const;
    /// The mean DWt over path pi's synapses that the last trial's learning computed (before
    /// it changed the weights); 0 before any trial, and for paths that do not learn.
    float lastTrialDWt(int pi) const;
    int layerIndex(const std::string& name) const;  ///< -1 if unknown
    /// Pointer to `numNeurons` floats of variable v for layer li (data index 0).
    const float* neuronVar(int li, NeuronVar v) const;
    /// Inhibition variable v of layer li's layer pool (data index 0), as of the last cycle.
    float poolVar(int li, PoolVar v) const;
    /// Layer li's mean activity in a phase of the last finished trial (ActM or ActP, the
    /// rate code integrated over the phase; data index 0).
    float layerTrialAct(int li, Phase phase) const;
    /// Receiving weights of unit (li, lni) from every unit of layer sendLi into out[sendN]
    /// (NaN where not connected). Returns false when no path connects them.
    bool recvWeights(int li, int lni, int sendLi, float* out) const;
    /// Sending weights of unit (li, lni) onto every unit of layer recvLi.
    bool sendWeights(int li, int lni, int recvLi, float* out) const;

    /// Change a parameter (validated by name and range); it takes effect from the next cycle.
    /// setPathParam changes every path from -> to (a CT layer's CTCtxt and Maint self paths).
    std::vector<ValidationError> setLayerParam(const std::string& layer, const std::string& name, double value);
    std::vector<ValidationError> setPathParam(const std::string& from, const std::string& to,
                                              const std::string& name, double value);

    /// Record vars of chosen units every cycle of each trial (replaces earlier recordings;
    /// at most 8 recordings and 4096 unit-variables each). Buffers are allocated here only.
    std::vector<ValidationError> setRecordings(const std::vector<Recording>& recs);
    /// Values of recording k: [cycle][var][unit], for the current trial so far, or the
    /// last completed trial between trials (empty for k out of range).
    const std::vector<float>& recordedValues(int k) const;
    int numRecordings() const;
    /// Also record every layer's pool variables (its whole-layer pool, data index 0) every
    /// cycle, beside the recordings above: the inhibition plots. Off until turned on; the
    /// buffer is allocated here only.
    void setPoolRecording(bool on);
    /// The pool recording: [cycle][layer][PoolVar] over recordedCycles() cycles, as
    /// recordedValues keeps them (empty while off).
    const std::vector<float>& recordedPools() const;
    /// Cycles recorded so far in the current (or last completed) trial.
    int recordedCycles() const;

    /// Hash of the full network state (FNV-1a over every state array): the determinism probe.
    std::uint64_t stateHash() const;

    /// Bytes of state allocated for neurons, synapses and everything else.
    std::size_t stateBytes() const;

    /// The whole simulation (experiment, weights, neuron state, looper, logs) as a versioned
    /// binary checkpoint with a checksum; loadCheckpoint() restores it exactly (same stateHash).
    std::vector<std::uint8_t> saveCheckpoint() const;
    /// Refuses damaged, truncated, foreign or newer-version data with a clear error.
    static std::unique_ptr<Sim> loadCheckpoint(const std::uint8_t* data, std::size_t size,
                                               std::vector<ValidationError>& errors);

    Network& network();

private:
    Sim();
    struct Impl;
    Experiment ex_;
    std::unique_ptr<Impl> impl_;
};

/// "sse2", "wasm", "avx2", ... or "scalar" when built with THETA_SIMD=OFF.
const char* simdArchName();
int simdLanes();

}  // namespace theta
