// Reading the experiment file: a syntax pass over the JSON text, then the tree into an
// Experiment (types, required and unknown keys); parseExperiment hands the result to the
// validator (experiment_validate.cpp). Writing is experiment_write.cpp.
//
// ---------------------------------------------------------------------------------------
// Experiment file, schema 2 (docs/experiment-file.md is a copy of this block)
//
// One JSON object: UTF-8, at most 4 MiB (kMaxDocumentBytes), nested at most 64 levels, no
// duplicate keys, at most 256 keys per object. A key that is not listed here is an error.
// Every error names the field path and the reason, e.g.
// `network.layers[2].shape: must be 1, 2 or 4 positive integers`.
// Integers may be written as 32 or 32.0; numbers too large for a double (1e999) are refused.
//
// {
//   "schema": 2,               required integer: 2, or 1 (schema 1 is schema 2 without the
//                              "drive" task and train.learn; it is read as the same
//                              experiment and written back as 2). A newer number is refused
//                              with "schema 3 is newer than this ThetaLab (supports 2)".
//   "name": "ra25",            optional string, at most 200 characters (default "")
//   "description": "...",      optional string, at most 2000 characters (default "")
//   "seed": 1,                 optional integer in [0, 2^53 - 1] (default 1)
//   "network": {               required
//     "layers": [              required, 1 to 64 layers
//       { "name": "Input",     required: 1 to 64 characters from A-Z a-z 0-9 _ - . ; unique
//         "type": "Input",     "Input" | "Hidden" | "Target" | "Super" | "CT" | "Pulvinar"
//                              (default "Hidden"; see "Layer types" below)
//         "driver": "Input",   required for a "Pulvinar" layer, not allowed for other types:
//                              the layer whose activity it shows in the plus phase; not a
//                              "Pulvinar" layer, and with as many units
//         "shape": [5, 5],     required: [N] (read as [1, N]), [Y, X] or [PoolsY, PoolsX, Y, X];
//                              positive integers, at most 65536 units in all
//         "params": { "Inhib.Layer.Gi": 0.9 }   optional: Axon parameter path -> number
//       } ],
//     "paths": [               optional, at most 256, counting the paths "deep" adds; two paths
//                              with the same from and to must have different types
//       { "from": "Input", "to": "Hidden1",     required: names of layers above
//         "type": "Forward",   "Forward" | "Back" | "Lateral" | "Inhib" | "CTCtxt" | "Maint"
//                              (default "Forward"). "CTCtxt" goes into a "CT" layer from a
//                              "Super" or "CT" layer; "Maint" goes from a "CT" layer to itself.
//                              A path from a layer to itself must be "Lateral" or "Inhib", or
//                              on a "CT" layer also "CTCtxt" or "Maint". Forward paths may not
//                              form a cycle (top-down paths are "Back").
//         "pattern": "Full",   "Full" | "OneToOne" | "PoolOneToOne" | "UniformRandom"
//                              (default "Full"). OneToOne needs layers with equal unit counts,
//                              PoolOneToOne layers with equal pool counts.
//         "pcon": 0.5,         connection probability in (0, 1]; required with "UniformRandom",
//                              not allowed with other patterns
//         "selfCon": false,    connect a unit to itself when from == to (default false)
//         "params": { "PathScale.Rel": 0.3 },   optional: Axon parameter path -> number
//         "weights": [0, 1, ...]  optional, schema 2, "Full" paths only: every synapse's
//                              initial weight in [0, 1], sender-major (sender s, receiver r
//                              at s x (units of "to") + r); without it weights are drawn
//                              from SWts.Init
//       } ],
//     "deep": [                optional, at most 256 items: the paths of a Super/CT/Pulvinar
//                              trio, written for you (see "The deep builder" below)
//       { "super": "Hidden",   required: a "Super" layer
//         "ct": "HiddenCT",    required: a "CT" layer
//         "pulvinar": "InputP", required: a "Pulvinar" layer
//         "ctSelf": true       optional (default true): also the CT layer's two self paths
//       } ]
//   },
//   "task": {                  optional; defaults shown
//     "inputLayer": "Input",   a layer of type "Input" (with "drive": the driven layer, of
//                              type "Hidden" or "Super")
//     "targetLayer": "Output", a layer of type "Target" ("Pulvinar" with source "fsa"); not
//                              used with "drive". Schema 2: "" with "inline" or "generate"
//                              means none (a test-only run: rows have no "target", nothing
//                              is scored, train.nZero must be 0)
//     "source": "ra25",        "ra25": Axon's 25 fixed patterns (25-unit input and target layers)
//                              "generate": random binary patterns made from the seed
//                              "inline": the rows of "patterns"
//                              "fsa": the Reber grammar, one token per trial on a 7-unit input
//                              layer (one unit per token: B T S X V P E); the target is the
//                              7-unit Pulvinar layer that predicts the token, and a trial is an
//                              error when its most active unit is not a token the grammar
//                              allows there
//                              "drive" (schema 2): no patterns; every unit of inputLayer
//                              gets its input conductances set each cycle, as Axon's
//                              sims/neuron does (the fields below)
//     "input": "clamp",        "drive" only: "clamp" holds GeRaw = ge while the input is on
//                              (GeSyn = ge x Acts.Dt.GeTau); "spikes" gives one-cycle pulses of
//                              ge, one every floor(1000 / Hz) + 1 cycles from onCycle; "train"
//                              gives them at the spikes of kinasesim's random, near-regular
//                              trains (intervals of 1 + Poisson(1000 / Hz) cycles; none at 5 Hz
//                              or less), new in every trial and run
//     "ge": 0.15,              "drive" only: excitatory input in [0, 10] (times Acts.Gbar.E nS)
//     "gi": 0.1,               "drive" only: inhibitory input on every cycle, in [0, 10]
//                              (GiRaw = gi, GiSyn = gi x Acts.Dt.GiTau)
//     "onCycle": 10,           "drive" only: ge is on for onCycle <= cycle < offCycle of each
//     "offCycle": 160,         trial; integers in [0, minusCycles + plusCycles], on <= off
//     "spikeHz": 50,           "drive" only: pulses per second in the minus phase, [0, 1000]
//     "plusHz": 50,            "drive" only: pulses per second in the plus phase, [0, 1000]
//                              (default: spikeHz)
//     "senderLayer": "Sender", "drive" with "train" only, optional: a second driven layer (a
//                              "Hidden" or "Super" layer, not inputLayer) with trains of its own
//     "sendDiffHz": 0,         with senderLayer: its rate minus inputLayer's, in [-1000, 1000]
//     "order": "permuted",     "ra25", "generate", "inline": "permuted" shows the rows in a new
//                              random order on every pass; "sequential" (schema 2) in order
//     "generate": { "count": 25, "on": 6, "minDiff": 3 },
//                              only with "generate" (defaults shown): count in [1, 10000];
//                              on = active units per pattern, in [1, units of the smaller of the
//                              two layers]; minDiff = minimum Hamming distance between patterns,
//                              in [0, the same unit count]. If no such set exists, the engine
//                              reports it when it generates the patterns.
//     "patterns": [ { "name": "p0", "input": [0, 1, ...], "target": [1, 0, ...] } ]
//                              required with "inline", not allowed otherwise: 1 to 10000 rows;
//                              name optional (at most 64 characters, default ""); input and
//                              target hold exactly as many numbers in [0, 1] as their layer
//                              has units (no target without a targetLayer).
//   },
//   "train": {                 optional; defaults shown
//     "trialsPerEpoch": 32,    [1, 100000]
//     "epochs": 100,           [1, 100000], epoch limit per run
//     "nZero": 2,              [0, 1000], stop a run after this many zero-error epochs in a
//                              row (0 = never stop early)
//     "runs": 1,               [1, 1000]
//     "minusCycles": 150,      [1, 10000]
//     "plusCycles": 50,        [1, 10000]
//     "nData": 1,              [1, 64], input streams run side by side on one set of weights
//                              (Axon's NData); trialsPerEpoch counts items and must be a
//                              multiple of nData
//     "learn": true            schema 2: false keeps every weight as it is (a test-only run)
//   }
// }
//
// Layer types: "Input" is clamped to the task's input, "Target" to the task's target in the
// plus phase; a "Hidden" layer learns from the change of its own activity from the minus to
// the plus phase. Deep predictive learning (Axon's deep package; docs/model.md):
// a "Super" layer is a hidden layer (cortical layers 2/3) whose thresholded plus-phase
// activity is its burst; a "CT" layer (layer 6 corticothalamic) gets that burst as context
// once per trial through "CTCtxt" paths, keeps it through its "Maint" path, and predicts
// through a Forward path into a "Pulvinar" layer, whose minus phase is that prediction and
// whose plus phase shows what its driver layer actually did.
//
// The deep builder: each "deep" item adds these paths, all "Full", after those of "paths" and
// in this order (Axon's AddSuperCT, ConnectCTSelf and ConnectToPulv):
//   super -> ct "CTCtxt";
//   if ctSelf: ct -> ct "CTCtxt" (selfCon, PathScale.Rel 0.5) and ct -> ct "Maint" (selfCon,
//   PathScale.Abs 0.5);
//   ct -> pulvinar "Forward"; pulvinar -> super "Back" (PathScale.Rel 0.1);
//   pulvinar -> ct "Back" (PathScale.Rel 0.1).
// A path that "paths" or an earlier item already has is an error at network.deep[i]. The
// builder sets no other parameters: to set parameters of these paths, leave out the builder
// (or set "ctSelf": false for the self paths) and write the paths in "paths".
//
// Parameters: every field of theta::LayerParams (layers) and theta::PathParams (paths) by its
// Axon path ("Acts.Spikes.Tr", "Learn.LRate.Base"), each with an inclusive range listed in
// engine/src/io/param_table.cpp. Integer parameters (Acts.Spikes.Tr, Acts.Dt.VmSteps, Com.Delay,
// ...) take whole numbers; on/off parameters (Acts.KNa.On, Learn.RLRate.On, ...) take 0 or 1,
// or false/true. Values not given keep the engine's defaults for the layer or path type.
// Also Acts.VmRange.Min <= Max, Learn.TrgAvgAct.TrgRange.Min <= Max, SWts.Limit.Min <= Max.
//
// Memory: the engine state estimated from the network must stay within 1024 MiB
// ("network: needs about 2300 MB of state, over the 1024 MB limit").
//
// Canonical form (toJson and share links): keys in the order above, every field written;
// "driver" only for "Pulvinar" layers, "pcon" only with "UniformRandom", "generate" only with
// "generate", "patterns" only with "inline", "order" with the pattern sources, the drive
// fields (and no "targetLayer") only with "drive", "weights" when given; no "deep": the
// paths it added are written in
// "paths"; shapes [N] written as [1, N]; numbers written in the shortest form that reads back
// exactly.
// ---------------------------------------------------------------------------------------
#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "io/experiment_doc.h"
#include "theta/experiment.h"
#include "theta/param_table.h"

namespace theta {
using namespace experiment_doc;
namespace {

constexpr int kMaxDepth = 64;
// nlohmann's ordered_json looks keys up by linear search, so an object of n keys costs
// O(n^2) to build: one object of 300000 keys took minutes. The largest valid object is a
// layer's params (135 parameters), so the syntax pass refuses objects with more keys.
constexpr std::size_t kMaxObjectKeys = 256;

/// Any JSON number as a double (NaN for non-numbers; callers check the type first).
double numberValue(const Json& v) {
    if (const auto* u = v.get_ptr<const Json::number_unsigned_t*>()) return static_cast<double>(*u);
    if (const auto* i = v.get_ptr<const Json::number_integer_t*>()) return static_cast<double>(*i);
    if (const auto* f = v.get_ptr<const Json::number_float_t*>()) return *f;
    return std::numeric_limits<double>::quiet_NaN();
}

/// A number for an int field: whole numbers are clamped to the int range (still out of every
/// field's range, so the range check reports them), fractions become INT_MIN, which no
/// integer field accepts. Conversions stay defined for any input.
int clampedInt(double d) {
    if (!std::isfinite(d) || std::floor(d) != d || d <= INT_MIN) return INT_MIN;
    return d >= INT_MAX ? INT_MAX : static_cast<int>(d);
}

/// double -> float without undefined behaviour for values beyond the float range.
float toFloat(double d) {
    if (std::fabs(d) > FLT_MAX) return d > 0 ? HUGE_VALF : -HUGE_VALF;
    return static_cast<float>(d);
}

// ------------------------------------------------------------------- syntax pass

/// First pass over the text with nlohmann's SAX parser: finds syntax errors (with their byte
/// offset), nesting deeper than kMaxDepth and duplicate keys before any tree is built, and
/// keeps track of the field path so those errors can name it.
class SyntaxCheck : public nlohmann::json_sax<Json> {
public:
    SyntaxCheck(std::string_view text, ErrorList& errors) : text_(text), errors_(errors) {}

    bool null() override { return scalar(); }
    bool boolean(bool) override { return scalar(); }
    bool number_integer(number_integer_t) override { return scalar(); }
    bool number_unsigned(number_unsigned_t) override { return scalar(); }
    bool number_float(number_float_t, const string_t&) override { return scalar(); }
    bool string(string_t&) override { return scalar(); }
    bool binary(binary_t&) override { return scalar(); }
    bool start_object(std::size_t) override { return open(false); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& key) override {
        Frame& frame = frames_.back();
        if (frame.keys.size() >= kMaxObjectKeys) {
            const std::string where = pathOf(frames_.size() - 1);
            errors_.add(where, std::string(where.empty() ? "the document has" : "has") + " more than " +
                                   std::to_string(kMaxObjectKeys) + " keys");
            return false;
        }
        if (!frame.keys.insert(key).second) {
            errors_.add(member(pathOf(frames_.size() - 1), key), "duplicate key");
            return false;
        }
        frame.key = key;
        return true;
    }

    bool parse_error(std::size_t position, const std::string& lastToken,
                     const nlohmann::detail::exception& ex) override {
        // nlohmann counts the offending byte as read: position - 1 is its 0-based offset. A
        // number too large for a double (id 406) is a value problem: point at its first
        // byte and name its field.
        const bool overflow = ex.id == 406;
        const std::size_t read = overflow ? lastToken.size() : 1;
        const std::size_t offset = std::min(position >= read ? position - read : 0, text_.size());
        const std::string_view before = text_.substr(0, offset);
        const auto line = 1 + std::count(before.begin(), before.end(), '\n');
        const std::size_t lastNewline = before.rfind('\n');
        const std::size_t column = lastNewline == std::string_view::npos ? offset + 1 : offset - lastNewline;
        const std::string where = "line " + std::to_string(line) + ", column " + std::to_string(column) +
                                  " (byte " + std::to_string(offset) + ")";
        errors_.add(overflow ? path() : "", "invalid JSON at " + where + ": " + reason(ex));
        return false;
    }

private:
    struct Frame {
        bool array;
        std::size_t index = 0;       // of the current element, for arrays
        std::string key;             // of the current member, for objects
        std::set<std::string> keys;  // seen so far, for objects
    };

    bool open(bool array) {
        if (frames_.size() >= static_cast<std::size_t>(kMaxDepth)) {
            errors_.add(path(), "nested deeper than " + std::to_string(kMaxDepth) + " levels");
            return false;
        }
        frames_.push_back(Frame{array, 0, {}, {}});
        return true;
    }
    bool close() {
        frames_.pop_back();
        return scalar();
    }
    bool scalar() {  // a value ended: the next array element gets the next index
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
        return true;
    }

    /// Path of the value being read ("network.layers[2].shape").
    std::string path() const { return pathOf(frames_.size()); }

    /// Path given by the first `depth` open containers; pathOf(n - 1) is the innermost
    /// container itself.
    std::string pathOf(std::size_t depth) const {
        std::string p;
        for (std::size_t i = 0; i < depth; ++i)
            p = frames_[i].array ? element(p, frames_[i].index) : member(p, frames_[i].key);
        return p;
    }

    /// nlohmann's message without its "[json.exception...] parse error at line 1, column 13: "
    /// prefix; printable ASCII only and short, since it can quote the document.
    static std::string reason(const nlohmann::detail::exception& ex) {
        std::string_view what = ex.what();
        const std::size_t column = what.find("column ");
        const std::size_t colon = what.find(": ", column == std::string_view::npos ? 0 : column);
        if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
        else if (const std::size_t bracket = what.find("] "); bracket != std::string_view::npos)
            what.remove_prefix(bracket + 2);
        std::string out;
        for (char c : what.substr(0, 160)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
        return out;
    }

    std::string_view text_;
    ErrorList& errors_;
    std::vector<Frame> frames_;
};

// ------------------------------------------------------------------- reading the tree

/// Reads the JSON tree into an Experiment, reporting wrong types, missing required keys and
/// unknown keys. Values of the right type are stored as they are; their ranges and the links
/// between fields are checked afterwards by the Validator, so that the same rules hold for
/// documents and for experiments built in code.
class DocReader {
public:
    explicit DocReader(ErrorList& errors) : errors_(errors) {}

    void read(const Json& root, Experiment& ex, std::vector<DeepBuilder>& deep) {
        if (!root.is_object()) {
            errors_.add("", "the document must be a JSON object");
            return;
        }
        if (!readSchema(root, ex.schema)) return;  // a newer schema: the rest would be misread
        schema_ = ex.schema;
        checkKeys(root, "", {"schema", "name", "description", "seed", "network", "task", "train"});
        readString(root, "", "name", ex.name);
        readString(root, "", "description", ex.description);
        readSeed(root, ex.seed);
        readNetwork(root, ex, deep);
        readTask(root, ex.task, ex.schema);
        readTrain(root, ex.train, ex.schema);
        // Migration: a schema-1 document is the same experiment in schema 2 (which only adds
        // the "drive" task and train.learn), so it is held, validated and written as schema 2.
        if (ex.schema >= kOldestSchemaVersion) ex.schema = kSchemaVersion;
    }

private:
    enum class Need { Optional, Required };

    /// The member `key` of `obj`; nullptr when absent (an error if it is required).
    const Json* get(const Json& obj, const std::string& path, const char* key,
                    Need need = Need::Optional) {
        const auto it = obj.find(key);
        if (it != obj.end()) return &*it;
        if (need == Need::Required) errors_.add(member(path, key), "is required");
        return nullptr;
    }

    void checkKeys(const Json& obj, const std::string& path,
                   std::initializer_list<std::string_view> known) {
        for (auto it = obj.begin(); it != obj.end(); ++it)
            if (std::find(known.begin(), known.end(), it.key()) == known.end())
                errors_.add(member(path, it.key()), "unknown key");
    }

    /// True when `value` is an object (and reports its unknown keys), else reports the type.
    bool isObject(const Json& value, const std::string& path,
                  std::initializer_list<std::string_view> known) {
        if (!value.is_object()) {
            errors_.add(path, "must be an object");
            return false;
        }
        checkKeys(value, path, known);
        return true;
    }

    bool readSchema(const Json& root, int& out) {
        const Json* v = get(root, "", "schema", Need::Required);
        if (v == nullptr) return true;
        const double d = numberValue(*v);
        if (!v->is_number() || std::floor(d) != d) {
            errors_.add("schema", "must be an integer");
            return true;
        }
        out = clampedInt(d);
        if (d < kOldestSchemaVersion) {
            errors_.add("schema", "must be " + std::to_string(kOldestSchemaVersion) + " to " +
                                      std::to_string(kSchemaVersion) + " (this ThetaLab writes " +
                                      std::to_string(kSchemaVersion) + ")");
            return false;
        }
        if (d > kSchemaVersion) {
            errors_.add("schema", "schema " + std::to_string(out) + " is newer than this ThetaLab (supports " +
                                      std::to_string(kSchemaVersion) + ")");
            return false;
        }
        return true;  // older or invalid numbers are reported by the Validator
    }

    void readString(const Json& obj, const std::string& path, const char* key, std::string& out,
                    Need need = Need::Optional) {
        const Json* v = get(obj, path, key, need);
        if (v == nullptr) return;
        if (const auto* s = v->get_ptr<const std::string*>()) out = *s;
        else errors_.add(member(path, key), "must be a string");
    }

    void readBool(const Json& obj, const std::string& path, const char* key, bool& out) {
        const Json* v = get(obj, path, key);
        if (v == nullptr) return;
        if (const auto* b = v->get_ptr<const bool*>()) out = *b;
        else errors_.add(member(path, key), "must be true or false");
    }

    void readInt(const Json& obj, const std::string& path, const char* key, int& out) {
        const Json* v = get(obj, path, key);
        if (v == nullptr) return;
        if (v->is_number()) out = clampedInt(numberValue(*v));
        else errors_.add(member(path, key), "must be an integer");
    }

    void readFloat(const Json& obj, const std::string& path, const char* key, float& out) {
        const Json* v = get(obj, path, key);
        if (v == nullptr) return;
        if (v->is_number()) out = toFloat(numberValue(*v));
        else errors_.add(member(path, key), "must be a number");
    }

    /// Returns false when the value is present but not one of the names.
    template <class E, std::size_t N>
    bool readEnum(const Json& obj, const std::string& path, const char* key,
                  const EnumName<E> (&table)[N], E& out) {
        const Json* v = get(obj, path, key);
        if (v == nullptr) return true;
        const auto* s = v->get_ptr<const std::string*>();
        if (s != nullptr && valueOf(table, *s, out)) return true;
        errors_.add(member(path, key), mustBeOneOf(table));
        return false;
    }

    void readSeed(const Json& root, std::uint64_t& out) {
        const Json* v = get(root, "", "seed");
        if (v == nullptr) return;
        if (const auto* u = v->get_ptr<const Json::number_unsigned_t*>()) {
            out = *u;  // the Validator checks the range
            return;
        }
        const double d = numberValue(*v);
        if (v->is_number_float() && d >= 0 && std::floor(d) == d) {
            out = d < 1.8e19 ? static_cast<std::uint64_t>(d) : UINT64_MAX;
            return;
        }
        errors_.add("seed", kSeedMessage);
    }

    void readNetwork(const Json& root, Experiment& ex, std::vector<DeepBuilder>& deep) {
        const Json* net = get(root, "", "network", Need::Required);
        if (net == nullptr || !isObject(*net, "network", {"layers", "paths", "deep"})) return;
        if (const Json* layers = get(*net, "network", "layers", Need::Required)) {
            if (!layers->is_array()) errors_.add("network.layers", "must be an array");
            else
                for (const Json& layer : *layers) {
                    const std::string path = element("network.layers", ex.layers.size());
                    readLayer(layer, path, ex.layers.emplace_back());
                }
        }
        if (const Json* paths = get(*net, "network", "paths")) {
            if (!paths->is_array()) errors_.add("network.paths", "must be an array");
            else
                for (const Json& item : *paths) {
                    const std::string path = element("network.paths", ex.paths.size());
                    readPath(item, path, ex.paths.emplace_back());
                }
        }
        if (const Json* items = get(*net, "network", "deep")) {
            // Bounded here: each item becomes up to 6 paths before the path limit is checked.
            if (!items->is_array()) errors_.add("network.deep", "must be an array");
            else if (items->size() > static_cast<std::size_t>(kMaxPaths))
                errors_.add("network.deep", "must have at most " + std::to_string(kMaxPaths) + " items");
            else
                for (const Json& item : *items) {
                    const std::string path = element("network.deep", deep.size());
                    readDeep(item, path, deep.emplace_back());
                }
        }
    }

    void readDeep(const Json& v, const std::string& path, DeepBuilder& out) {
        if (!isObject(v, path, {"super", "ct", "pulvinar", "ctSelf"})) return;
        readString(v, path, "super", out.super, Need::Required);
        readString(v, path, "ct", out.ct, Need::Required);
        readString(v, path, "pulvinar", out.pulvinar, Need::Required);
        readBool(v, path, "ctSelf", out.ctSelf);
    }

    void readLayer(const Json& v, const std::string& path, LayerSpec& out) {
        if (!isObject(v, path, {"name", "type", "driver", "shape", "params"})) return;
        readString(v, path, "name", out.name, Need::Required);
        if (readEnum(v, path, "type", kLayerTypes, out.type)) {
            // Checked here as well as by the Validator, so that "driver": "" is not dropped silently.
            const bool pulvinar = out.type == LayerType::Pulvinar;
            const bool hasDriver = get(v, path, "driver") != nullptr;
            if (pulvinar && !hasDriver) errors_.add(member(path, "driver"), kDriverRequired);
            if (!pulvinar && hasDriver) errors_.add(member(path, "driver"), kDriverNotAllowed);
        }
        readString(v, path, "driver", out.driver);
        readShape(v, path, out.shape);
        readParams(v, path, findLayerParam, out.params);
    }

    void readShape(const Json& obj, const std::string& path, std::vector<int>& out) {
        const Json* v = get(obj, path, "shape", Need::Required);
        if (v == nullptr) return;
        if (!v->is_array() || !std::all_of(v->begin(), v->end(), [](const Json& d) { return d.is_number(); })) {
            errors_.add(member(path, "shape"), kShapeMessage);
            return;
        }
        for (const Json& d : *v) out.push_back(clampedInt(numberValue(d)));
        if (out.size() == 1) out.insert(out.begin(), 1);  // [N] is a row of N units
    }

    void readParams(const Json& obj, const std::string& path,
                    const ParamInfo* (*find)(std::string_view), std::vector<ParamSetting>& out) {
        const Json* v = get(obj, path, "params");
        if (v == nullptr) return;
        const std::string base = member(path, "params");
        if (!v->is_object()) {
            errors_.add(base, "must be an object of parameter names and numbers");
            return;
        }
        for (auto it = v->begin(); it != v->end(); ++it) {
            const ParamInfo* info = find(it.key());
            const Json& value = it.value();
            if (info == nullptr) {
                errors_.add(member(base, it.key()), "unknown parameter");
            } else if (value.is_number()) {
                out.push_back({it.key(), numberValue(value)});
            } else if (value.is_boolean() && info->kind == ParamKind::Bool) {
                out.push_back({it.key(), value.get<bool>() ? 1.0 : 0.0});
            } else {
                errors_.add(member(base, it.key()), info->kind == ParamKind::Bool
                                                        ? "must be 0 or 1 (or false or true)"
                                                        : "must be a number");
            }
        }
    }

    void readPath(const Json& v, const std::string& path, PathSpec& out) {
        if (!isObject(v, path, {"from", "to", "type", "pattern", "pcon", "selfCon", "params", "weights"}))
            return;
        readString(v, path, "from", out.from, Need::Required);
        readString(v, path, "to", out.to, Need::Required);
        readEnum(v, path, "type", kPathTypes, out.type);
        if (readEnum(v, path, "pattern", kPathPatterns, out.pattern)) {
            const bool random = out.pattern == PathPattern::UniformRandom;
            const bool hasPcon = get(v, path, "pcon") != nullptr;
            if (random && !hasPcon)
                errors_.add(member(path, "pcon"), "is required with pattern \"UniformRandom\"");
            if (!random && hasPcon)
                errors_.add(member(path, "pcon"), "is only allowed with pattern \"UniformRandom\"");
        }
        readFloat(v, path, "pcon", out.pcon);
        readBool(v, path, "selfCon", out.selfCon);
        readParams(v, path, findPathParam, out.params);
        if (get(v, path, "weights") != nullptr) {
            if (schema_ < 2) errors_.add(member(path, "weights"), "needs schema 2");
            readValues(v, path, "weights", out.weights);
        }
    }

    void readTask(const Json& root, TaskSpec& out, int schema) {
        if (const Json* task = get(root, "", "task");
            task != nullptr &&
            isObject(*task, "task", {"inputLayer", "targetLayer", "source", "generate", "patterns", "input", "ge", "gi",
                                     "onCycle", "offCycle", "spikeHz", "plusHz", "senderLayer", "sendDiffHz", "order"})) {
            readString(*task, "task", "inputLayer", out.inputLayer);
            readString(*task, "task", "targetLayer", out.targetLayer);
            readString(*task, "task", "source", out.source);
            const bool known = isKnownSource(out.source);
            if (!known) errors_.add("task.source", mustBeKnownSource());
            if (out.source == "drive" && schema < 2) errors_.add("task.source", "\"drive\" needs schema 2");
            readDrive(*task, out, known);
            if (get(*task, "task", "order") != nullptr && schema < 2) errors_.add("task.order", "needs schema 2");
            readString(*task, "task", "order", out.order);
            const Json* generate = get(*task, "task", "generate");
            if (generate != nullptr && known && out.source != "generate")
                errors_.add("task.generate", "is only allowed with source \"generate\"");
            else if (generate != nullptr)
                readGenerate(*generate, out);
            const Json* patterns = get(*task, "task", "patterns");
            if (patterns == nullptr && out.source == "inline")
                errors_.add("task.patterns", "is required with source \"inline\"");
            else if (patterns != nullptr && known && out.source != "inline")
                errors_.add("task.patterns", "is only allowed with source \"inline\"");
            else if (patterns != nullptr)
                readPatterns(*patterns, out.patterns);
        }
        if (out.source == "ra25") out.patterns = ra25Patterns();
    }

    /// The "drive" task's fields; with another source each is refused by name.
    void readDrive(const Json& task, TaskSpec& out, bool knownSource) {
        const bool drive = out.source == "drive";
        for (const char* key : kDriveFields)
            if (knownSource && !drive && get(task, "task", key) != nullptr)
                errors_.add(member("task", key), "is only allowed with source \"drive\"");
        if (!drive) return;
        readString(task, "task", "input", out.input);
        readFloat(task, "task", "ge", out.ge);
        readFloat(task, "task", "gi", out.gi);
        readInt(task, "task", "onCycle", out.onCycle);
        readInt(task, "task", "offCycle", out.offCycle);
        readFloat(task, "task", "spikeHz", out.spikeHz);
        out.plusHz = out.spikeHz;  // one rate for the whole trial unless plusHz is given
        readFloat(task, "task", "plusHz", out.plusHz);
        readString(task, "task", "senderLayer", out.senderLayer);
        readFloat(task, "task", "sendDiffHz", out.sendDiffHz);
    }

    void readGenerate(const Json& v, TaskSpec& out) {
        if (!isObject(v, "task.generate", {"count", "on", "minDiff"})) return;
        readInt(v, "task.generate", "count", out.generateCount);
        readInt(v, "task.generate", "on", out.generateOn);
        readInt(v, "task.generate", "minDiff", out.generateMinDiff);
    }

    void readPatterns(const Json& v, std::vector<PatternRow>& out) {
        if (!v.is_array()) {
            errors_.add("task.patterns", "must be an array of {\"name\", \"input\", \"target\"} rows");
            return;
        }
        for (const Json& row : v) {
            const std::string path = element("task.patterns", out.size());
            PatternRow& r = out.emplace_back();
            if (!isObject(row, path, {"name", "input", "target"})) continue;
            readString(row, path, "name", r.name);
            readValues(row, path, "input", r.input);
            if (get(row, path, "target") != nullptr) readValues(row, path, "target", r.target);  // none without a target layer
        }
    }

    void readValues(const Json& obj, const std::string& path, const char* key, std::vector<float>& out) {
        const Json* v = get(obj, path, key, Need::Required);
        if (v == nullptr) return;
        const std::string p = member(path, key);
        if (!v->is_array()) {
            errors_.add(p, "must be an array of numbers in [0, 1]");
            return;
        }
        out.reserve(v->size());
        for (const Json& x : *v) {
            if (!x.is_number()) {
                errors_.add(element(p, out.size()), kUnitValueMessage);
                return;
            }
            out.push_back(toFloat(numberValue(x)));
        }
    }

    void readTrain(const Json& root, TrainSpec& out, int schema) {
        const Json* train = get(root, "", "train");
        if (train == nullptr ||
            !isObject(*train, "train",
                      {"trialsPerEpoch", "epochs", "nZero", "runs", "minusCycles", "plusCycles", "nData", "learn"}))
            return;
        if (schema < 2 && get(*train, "train", "learn") != nullptr) errors_.add("train.learn", "needs schema 2");
        readBool(*train, "train", "learn", out.learn);
        readInt(*train, "train", "trialsPerEpoch", out.trialsPerEpoch);
        readInt(*train, "train", "epochs", out.epochs);
        readInt(*train, "train", "nZero", out.nZero);
        readInt(*train, "train", "runs", out.runs);
        readInt(*train, "train", "minusCycles", out.minusCycles);
        readInt(*train, "train", "plusCycles", out.plusCycles);
        readInt(*train, "train", "nData", out.nData);
    }

    ErrorList& errors_;
    int schema_ = kSchemaVersion;  ///< the document's schema (features of a newer one are refused)
};

}  // namespace

ParseResult parseExperiment(std::string_view json) {
    ParseResult result;
    ErrorList errors(result.errors);
    if (json.size() > kMaxDocumentBytes) {
        errors.add("", "the document is " + std::to_string(json.size()) + " bytes, over the limit of " +
                           std::to_string(kMaxDocumentBytes) + " bytes (4 MB)");
        return result;
    }
    if (const std::size_t bad = parse_util::firstInvalidUtf8(json); bad != std::string_view::npos) {
        errors.add("", "invalid UTF-8 at byte " + std::to_string(bad));
        return result;
    }
    SyntaxCheck syntax(json, errors);
    if (!Json::sax_parse(json, &syntax)) return result;
    const Json root = Json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) {  // not expected after the syntax pass, but never read a bad tree
        errors.add("", "invalid JSON");
        return result;
    }
    std::vector<DeepBuilder> deep;
    DocReader(errors).read(root, result.experiment, deep);
    if (errors.any()) return result;
    validateDocument(deep, result.experiment, errors);
    return result;
}

}  // namespace theta
