// The experiment file: one JSON document (schema 2; schema 1 documents are read as the
// same experiment) that fully determines a run. See docs/experiment-file.md for the format; parseExperiment() is the one
// validator used natively, in wasm, for share links and for parameter changes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace theta {

constexpr int kSchemaVersion = 2;
/// The oldest schema still read: schema 1 is schema 2 without the "drive" task and
/// train.learn, so a schema-1 document means the same experiment in schema 2.
constexpr int kOldestSchemaVersion = 1;

/// Input: clamped to the task's input. Hidden: learns from its own LearnCaP - LearnCaD.
/// Target: clamped to the task's target in the plus phase. Super: a hidden layer (L2/3)
/// whose plus-phase CaP, thresholded, is its 5IB Burst. CT: layer-6 corticothalamic
/// neurons driven by context sent at the end of each trial. Pulvinar: thalamic relay, same
/// shape as its driver layer; its minus phase is CT's prediction, its plus phase the
/// driver's Burst (docs/model.md).
enum class LayerType { Input, Hidden, Target, Super, CT, Pulvinar };
/// Every layer type, in declaration order (the page lists them with their roles).
constexpr LayerType kAllLayerTypes[] = {LayerType::Input, LayerType::Hidden, LayerType::Target,
                                        LayerType::Super, LayerType::CT, LayerType::Pulvinar};
/// Hidden, Super and CT layers learn from their own LearnCaP - LearnCaD.
inline bool isHiddenLike(LayerType t) { return t == LayerType::Hidden || t == LayerType::Super || t == LayerType::CT; }
/// Target and Pulvinar layers learn by the target rule and keep their SWt fixed.
inline bool isTargetLike(LayerType t) { return t == LayerType::Target || t == LayerType::Pulvinar; }
/// Super, CT and Pulvinar: the layer types of deep predictive learning (docs/model.md).
inline bool isDeepType(LayerType t) { return t == LayerType::Super || t == LayerType::CT || t == LayerType::Pulvinar; }
/// CTCtxt: context from a Super (or CT) layer into a CT layer, sent once per trial as the
/// sender's Burst. Maint: a CT layer's lateral path into its maintenance NMDA channel
/// (Axon: a LateralPath with Com.GType MaintG).
enum class PathType { Forward, Back, Lateral, Inhib, CTCtxt, Maint };
enum class PathPattern { Full, OneToOne, PoolOneToOne, UniformRandom };

/// A parameter override by Axon path, e.g. {"Inhib.Layer.Gi", 1.05}.
struct ParamSetting {
    std::string name;
    double value = 0;
};

struct LayerSpec {
    std::string name;
    LayerType type = LayerType::Hidden;
    /// [Y, X] for a plain layer, [PoolsY, PoolsX, Y, X] for a layer of pools.
    /// The parser reads a JSON shape [N] as [1, N].
    std::vector<int> shape;
    std::vector<ParamSetting> params;
    /// Pulvinar layers only: the layer whose Burst drives it in the plus phase (same unit count).
    std::string driver;
};

struct PathSpec {
    std::string from, to;  ///< layer names
    PathType type = PathType::Forward;
    PathPattern pattern = PathPattern::Full;
    float pcon = 1;        ///< connection probability for UniformRandom (0, 1]
    bool selfCon = false;  ///< Full/UniformRandom lateral paths: connect a unit to itself
    std::vector<ParamSetting> params;
    /// Schema 2, Full paths only: every synapse's initial weight, sender-major (sender s,
    /// receiver r at s * receivers + r), in [0, 1]; empty = random weights from SWts.Init.
    std::vector<float> weights;
};

/// One input/target pair. Values are in [0, 1]; lengths equal the layer sizes.
struct PatternRow {
    std::string name;
    std::vector<float> input, target;
};

struct TaskSpec {
    std::string inputLayer = "Input";
    std::string targetLayer = "Output";
    /// "ra25": Axon's 25 fixed patterns; "generate": random patterns from the seed;
    /// "inline": the rows below (also what a CSV upload becomes); "fsa": the Reber grammar
    /// (one token per trial on a 7-unit input layer; targetLayer is the Pulvinar layer that
    /// predicts it, scored by whether its most active unit is a valid next token).
    std::string source = "ra25";
    int generateCount = 25;   ///< number of patterns for "generate"
    int generateOn = 6;       ///< active units per pattern
    int generateMinDiff = 3;  ///< minimum Hamming distance between patterns
    /// Pattern sources: "permuted" (a new random order every pass through the rows) or
    /// "sequential" (schema 2: the rows in order, as a test run shows them).
    std::string order = "permuted";
    /// Filled by the parser for "ra25" (ra25Patterns()) and "inline"; empty for "generate"
    /// (the engine makes those patterns from the seed).
    std::vector<PatternRow> patterns;

    // "drive" (schema 2): no patterns; every unit of inputLayer gets its input conductances
    // set each cycle, as Axon's sims/neuron does (docs/experiment-file.md).
    /// "clamp": GeRaw = ge while on; "spikes": regular pulses of ge at spikeHz; "train":
    /// pulses of ge at the times of kinasesim's random, near-regular spike trains.
    std::string input = "clamp";
    float ge = 0.15f;             ///< excitatory input while on (times Acts.Gbar.E, nS)
    float gi = 0.1f;              ///< inhibitory input on every cycle (times Acts.Gbar.I, nS)
    int onCycle = 10;             ///< ge is on for onCycle <= cycle < offCycle of each trial
    int offCycle = 160;
    float spikeHz = 50;           ///< "spikes": pulses per second in the minus phase
    float plusHz = 50;            ///< "spikes": pulses per second in the plus phase
    /// "train" only: a second driven layer (the sender of a synapse; "" = none), whose
    /// trains run at sendDiffHz more than inputLayer's (kinasesim's SendDiffHz).
    std::string senderLayer;
    float sendDiffHz = 0;
};

/// Ranges of the "drive" task's numbers (the validator and settings check the same).
struct RealRange {
    double min, max;
};
constexpr RealRange kDriveGRange{0, 10};
constexpr RealRange kDriveHzRange{0, 1000};
/// The longest trial: train.minusCycles + train.plusCycles, each at most 10000.
constexpr int kMaxTrialCycles = 20000;

/// Inclusive ranges of integer train fields that settings (settings.h) can change; the
/// validator checks the same ranges.
struct IntRange {
    int min, max;
};
constexpr IntRange kTrialsPerEpochRange{1, 100000};
constexpr IntRange kEpochsRange{1, 100000};
constexpr IntRange kNZeroRange{0, 1000};

struct TrainSpec {
    int trialsPerEpoch = 32;
    int epochs = 100;     ///< epoch limit per run
    int nZero = 2;        ///< stop a run after this many zero-error epochs in a row (0 = never)
    int runs = 1;
    int minusCycles = 150;
    int plusCycles = 50;
    /// Input streams run side by side on one set of weights (Axon's NData): each step
    /// presents nData items, DWt sums over them and weights update once per step.
    /// trialsPerEpoch counts items and must be a multiple of nData.
    int nData = 1;
    /// false: no weight changes at the end of a trial (a test-only or single-neuron sim).
    bool learn = true;
};

struct Experiment {
    int schema = kSchemaVersion;
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    std::vector<LayerSpec> layers;
    std::vector<PathSpec> paths;
    TaskSpec task;
    TrainSpec train;
};

/// One reason a document was refused: `path` is the JSON field path
/// ("network.layers[2].shape"), `message` the reason ("must be 1 to 4 positive integers").
struct ValidationError {
    std::string path;
    std::string message;
    std::string str() const { return path.empty() ? message : path + ": " + message; }
};

struct ParseResult {
    Experiment experiment;
    std::vector<ValidationError> errors;  ///< empty when valid
    bool ok() const { return errors.empty(); }
};

/// Parse and fully validate an experiment document (JSON text, at most kMaxDocumentBytes).
ParseResult parseExperiment(std::string_view json);

/// Validate an already-built Experiment (names, ranges, memory estimate).
std::vector<ValidationError> validateExperiment(const Experiment& ex);

/// Canonical JSON for an experiment (parseExperiment(toJson(ex)) gives ex back).
std::string toJson(const Experiment& ex);

/// Names of the built-in experiments ("ra25", "testnet") and their JSON text.
std::vector<std::string> builtinExperimentNames();
/// Empty string when `name` is not built in.
std::string builtinExperimentJson(std::string_view name);

/// Parse pattern rows from CSV or TSV text: a header row, then per row an optional
/// name followed by input values and target values (see README). Errors name row and column.
ParseResult parsePatternTable(std::string_view text, int inputSize, int targetSize,
                              std::vector<PatternRow>& out);

/// Axon's ra25 pattern set (25 rows of 5x5 input and 5x5 target, 6 units on).
const std::vector<PatternRow>& ra25Patterns();

/// The "fsa" task's tokens, in unit order: unit t of its input and Pulvinar layers is token t.
constexpr int kFsaTokens = 7;  ///< B T S X V P E
/// "B", "T", ... for token 0..6 ("?" otherwise).
const char* fsaTokenName(int token);

/// Limits that keep a page (and a wasm heap) safe; documented in README.
constexpr std::size_t kMaxDocumentBytes = 4u << 20;
/// Memory estimate limit: a wasm heap is at most 2 GiB, and the page briefly holds a new
/// network next to the old one while it loads.
constexpr std::size_t kMaxStateBytes = 1024u << 20;
constexpr int kMaxLayers = 64;
constexpr int kMaxPaths = 256;
constexpr int kMaxLayerUnits = 1 << 16;

/// Estimated bytes of engine state for this experiment (before anything is allocated).
std::size_t estimateStateBytes(const Experiment& ex);

const char* layerTypeName(LayerType t);
const char* pathTypeName(PathType t);
const char* pathPatternName(PathPattern p);

}  // namespace theta
