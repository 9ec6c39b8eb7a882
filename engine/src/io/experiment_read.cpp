// The experiment file: reading and validating JSON, writing canonical JSON, and the memory
// estimate. One validator serves the CLI, the wasm module, share links and parameter edits.
//
// ---------------------------------------------------------------------------------------
// Experiment file, schema 1 (docs/experiment-file.md is a copy of this block)
//
// One JSON object: UTF-8, at most 4 MiB (kMaxDocumentBytes), nested at most 64 levels, no
// duplicate keys, at most 256 keys per object. A key that is not listed here is an error.
// Every error names the field path and the reason, e.g.
// `network.layers[2].shape: must be 1, 2 or 4 positive integers`.
// Integers may be written as 32 or 32.0; numbers too large for a double (1e999) are refused.
//
// {
//   "schema": 1,               required integer. A newer number is refused with
//                              "schema 2 is newer than this ThetaLab (supports 1)".
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
//         "params": { "PathScale.Rel": 0.3 }    optional: Axon parameter path -> number
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
//     "inputLayer": "Input",   a layer of type "Input"
//     "targetLayer": "Output", a layer of type "Target" ("Pulvinar" with source "fsa")
//     "source": "ra25",        "ra25": Axon's 25 fixed patterns (25-unit input and target layers)
//                              "generate": random binary patterns made from the seed
//                              "inline": the rows of "patterns"
//                              "fsa": the Reber grammar, one token per trial on a 7-unit input
//                              layer (one unit per token: B T S X V P E); the target is the
//                              7-unit Pulvinar layer that predicts the token, and a trial is an
//                              error when its most active unit is not a token the grammar
//                              allows there
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
//                              has units.
//   },
//   "train": {                 optional; defaults shown
//     "trialsPerEpoch": 32,    [1, 100000]
//     "epochs": 100,           [1, 100000], epoch limit per run
//     "nZero": 2,              [0, 1000], stop a run after this many zero-error epochs in a
//                              row (0 = never stop early)
//     "runs": 1,               [1, 1000]
//     "minusCycles": 150,      [1, 10000]
//     "plusCycles": 50,        [1, 10000]
//     "nData": 1               [1, 64], input streams run side by side on one set of weights
//                              (Axon's NData); trialsPerEpoch counts items and must be a
//                              multiple of nData
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
// "generate", "patterns" only with "inline"; no "deep": the paths it added are written in
// "paths"; shapes [N] written as [1, N]; numbers written in the shortest form that reads back
// exactly.
// ---------------------------------------------------------------------------------------
#ifndef JSON_NOEXCEPTION
#define JSON_NOEXCEPTION  // the wasm build has no C++ exceptions; nothing here may throw
#endif
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "io/parse_util.h"
#include "theta/experiment.h"
#include "theta/param_table.h"
#include "theta/vars.h"

namespace theta {
namespace {

using Json = nlohmann::ordered_json;  // keeps params in document order
using parse_util::ErrorList;
using parse_util::inQuotes;

constexpr int kMaxDepth = 64;
// nlohmann's ordered_json looks keys up by linear search, so an object of n keys costs
// O(n^2) to build: one object of 300000 keys took minutes. The largest valid object is a
// layer's params (135 parameters), so the syntax pass refuses objects with more keys.
constexpr std::size_t kMaxObjectKeys = 256;
constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxDescriptionChars = 2000;
constexpr std::size_t kMaxLayerNameChars = 64;
constexpr std::size_t kMaxPatternNameChars = 64;
constexpr int kMaxPatterns = 10000;
constexpr std::uint64_t kMaxSeed = (std::uint64_t{1} << 53) - 1;  // exact in JavaScript
constexpr int kRa25Units = 25;
constexpr int kFsaTokens = 7;  // the Reber grammar's B T S X V P E, one unit each

constexpr const char* kShapeMessage = "must be 1, 2 or 4 positive integers";
constexpr const char* kUnitValueMessage = "must be a number in [0, 1]";
constexpr const char* kSeedMessage = "must be an integer in [0, 9007199254740991]";
constexpr const char* kDriverRequired = "is required for a \"Pulvinar\" layer (the layer whose activity it predicts)";
constexpr const char* kDriverNotAllowed = "is only allowed for \"Pulvinar\" layers";

// ------------------------------------------------------------------- field paths

// ASCII only: <cctype> would depend on the C locale.
bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isPlainKey(std::string_view key) {
    if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
    return std::all_of(key.begin(), key.end(), [](char c) { return isAsciiAlnum(c) || c == '_'; });
}

/// "network" + "layers" -> "network.layers"; keys that are not identifiers are quoted:
/// "params" + "Inhib.Layer.Gi" -> `params["Inhib.Layer.Gi"]`.
std::string member(const std::string& parent, std::string_view key) {
    if (!isPlainKey(key)) return parent + "[" + inQuotes(key) + "]";
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string element(const std::string& parent, std::size_t i) {
    return parent + "[" + std::to_string(i) + "]";
}

// ------------------------------------------------------------------- enum names

template <class E>
struct EnumName {
    E value;
    const char* name;
};
constexpr EnumName<LayerType> kLayerTypes[] = {
    {LayerType::Input, "Input"}, {LayerType::Hidden, "Hidden"}, {LayerType::Target, "Target"},
    {LayerType::Super, "Super"}, {LayerType::CT, "CT"},         {LayerType::Pulvinar, "Pulvinar"}};
constexpr EnumName<PathType> kPathTypes[] = {{PathType::Forward, "Forward"}, {PathType::Back, "Back"},
                                             {PathType::Lateral, "Lateral"}, {PathType::Inhib, "Inhib"},
                                             {PathType::CTCtxt, "CTCtxt"},   {PathType::Maint, "Maint"}};
constexpr EnumName<PathPattern> kPathPatterns[] = {{PathPattern::Full, "Full"},
                                                   {PathPattern::OneToOne, "OneToOne"},
                                                   {PathPattern::PoolOneToOne, "PoolOneToOne"},
                                                   {PathPattern::UniformRandom, "UniformRandom"}};
constexpr const char* kSources[] = {"ra25", "generate", "inline", "fsa"};

template <class E, std::size_t N>
const char* nameOf(const EnumName<E> (&table)[N], E value) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return "?";
}

template <class E, std::size_t N>
bool valueOf(const EnumName<E> (&table)[N], std::string_view name, E& out) {
    for (const auto& entry : table)
        if (name == entry.name) {
            out = entry.value;
            return true;
        }
    return false;
}

/// `must be "A", "B" or "C"`
std::string mustBeOneOf(const std::vector<const char*>& names) {
    std::string s = "must be ";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) s += i + 1 == names.size() ? " or " : ", ";
        s += '"';
        s += names[i];
        s += '"';
    }
    return s;
}

template <class E, std::size_t N>
std::string mustBeOneOf(const EnumName<E> (&table)[N]) {
    std::vector<const char*> names;
    for (const auto& entry : table) names.push_back(entry.name);
    return mustBeOneOf(names);
}

bool isKnownSource(const std::string& source) {
    return std::find(std::begin(kSources), std::end(kSources), source) != std::end(kSources);
}

std::string mustBeKnownSource() {
    return mustBeOneOf(std::vector<const char*>(std::begin(kSources), std::end(kSources)));
}

// ------------------------------------------------------------------- numbers

/// The shortest decimal that reads back as the same float (0.1f is written 0.1, not
/// 0.10000000149011612). snprintf/strtod run in the C locale: ThetaLab never calls setlocale.
std::string shortestFloatText(float f) {
    char buf[32];
    for (int digits = 1; digits <= 9; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(f));
        if (std::strtof(buf, nullptr) == f) break;
    }
    return buf;
}

/// A JSON number: whole values as integers (1, not 1.0), others as doubles, which the
/// serializer prints in their shortest exact form.
Json jsonNumber(double v) {
    if (std::floor(v) == v && std::fabs(v) <= 9007199254740992.0)
        return Json(static_cast<std::int64_t>(v));
    return Json(v);
}

Json jsonFloat(float f) {
    if (!std::isfinite(f)) return Json(static_cast<double>(f));  // written as null
    return jsonNumber(std::strtod(shortestFloatText(f).c_str(), nullptr));
}

/// A float as the canonical JSON text shows it ("-10", "0.3").
std::string floatText(float f) { return jsonFloat(f).dump(); }

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

/// One "network.deep" item. It exists only while a document is read: parseExperiment turns
/// it into ordinary paths (expandDeep), so experiments, toJson and checkpoints never see it.
struct DeepBuilder {
    std::string super, ct, pulvinar;
    bool ctSelf = true;
};

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
        checkKeys(root, "", {"schema", "name", "description", "seed", "network", "task", "train"});
        readString(root, "", "name", ex.name);
        readString(root, "", "description", ex.description);
        readSeed(root, ex.seed);
        readNetwork(root, ex, deep);
        readTask(root, ex.task);
        readTrain(root, ex.train);
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
        if (!isObject(v, path, {"from", "to", "type", "pattern", "pcon", "selfCon", "params"}))
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
    }

    void readTask(const Json& root, TaskSpec& out) {
        if (const Json* task = get(root, "", "task");
            task != nullptr &&
            isObject(*task, "task", {"inputLayer", "targetLayer", "source", "generate", "patterns"})) {
            readString(*task, "task", "inputLayer", out.inputLayer);
            readString(*task, "task", "targetLayer", out.targetLayer);
            readString(*task, "task", "source", out.source);
            const bool known = isKnownSource(out.source);
            if (!known) errors_.add("task.source", mustBeKnownSource());
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
            readValues(row, path, "target", r.target);
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

    void readTrain(const Json& root, TrainSpec& out) {
        const Json* train = get(root, "", "train");
        if (train == nullptr || !isObject(*train, "train",
                                          {"trialsPerEpoch", "epochs", "nZero", "runs", "minusCycles", "plusCycles", "nData"}))
            return;
        readInt(*train, "train", "trialsPerEpoch", out.trialsPerEpoch);
        readInt(*train, "train", "epochs", out.epochs);
        readInt(*train, "train", "nZero", out.nZero);
        readInt(*train, "train", "runs", out.runs);
        readInt(*train, "train", "minusCycles", out.minusCycles);
        readInt(*train, "train", "plusCycles", out.plusCycles);
        readInt(*train, "train", "nData", out.nData);
    }

    ErrorList& errors_;
};

// ------------------------------------------------------------------- validation

/// Units of a valid shape (1, 2 or 4 positive integers), else -1. A double, since four
/// dimensions of up to 2^31 overflow any integer; only small values need to be exact.
double shapeUnits(const std::vector<int>& shape) {
    if (shape.size() != 1 && shape.size() != 2 && shape.size() != 4) return -1;
    double n = 1;
    for (int d : shape) {
        if (d < 1) return -1;
        n *= d;
    }
    return n;
}

/// Units of a layer the engine can build (valid shape within kMaxLayerUnits), else 0.
std::int64_t buildableUnits(const LayerSpec& layer) {
    const double n = shapeUnits(layer.shape);
    return n >= 1 && n <= kMaxLayerUnits ? static_cast<std::int64_t>(n) : 0;
}

std::int64_t poolCount(const LayerSpec& layer) {
    return layer.shape.size() == 4 ? std::int64_t{layer.shape[0]} * layer.shape[1] : 1;
}

bool isValidLayerName(const std::string& name) {
    if (name.empty() || name.size() > kMaxLayerNameChars) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return isAsciiAlnum(c) || c == '_' || c == '-' || c == '.'; });
}

/// Two parameters where the first must not exceed the second.
struct OrderedParams {
    const char* low;
    const char* high;
};
constexpr OrderedParams kLayerOrder[] = {{"Acts.VmRange.Min", "Acts.VmRange.Max"},
                                         {"Learn.TrgAvgAct.TrgRange.Min", "Learn.TrgAvgAct.TrgRange.Max"}};
constexpr OrderedParams kPathOrder[] = {{"SWts.Limit.Min", "SWts.Limit.Max"}};

/// `"Input" has 25`, for messages that compare two layers.
std::string layerHas(const std::string& name, std::int64_t n) {
    return inQuotes(name) + " has " + std::to_string(n);
}

std::string rangeMessage(const char* what, std::int64_t lo, std::int64_t hi) {
    return std::string(what) + " in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

int layerIndex(const Experiment& ex, const std::string& name) {
    for (std::size_t i = 0; i < ex.layers.size(); ++i)
        if (ex.layers[i].name == name) return static_cast<int>(i);
    return -1;
}

/// Index of the layer `name` when it exists and has type `type`; else reports why at `path`
/// and returns -1.
int layerOfType(const Experiment& ex, ErrorList& errors, const std::string& path, const std::string& name,
                LayerType type) {
    const int i = layerIndex(ex, name);
    if (i < 0) {
        errors.add(path, "no layer named " + inQuotes(name));
    } else if (ex.layers[i].type != type) {
        errors.add(path, "layer " + inQuotes(name) + " has type \"" + nameOf(kLayerTypes, ex.layers[i].type) +
                             "\", not \"" + nameOf(kLayerTypes, type) + "\"");
        return -1;
    }
    return i;
}

bool sameEnds(const PathSpec& a, const PathSpec& b) {
    return a.from == b.from && a.to == b.to && a.type == b.type;
}

/// Which paths of an experiment the network.deep builders added: paths[first + k] came from
/// builder builderOf[k]. Errors about those paths name the builder, the only place in the
/// document they come from.
struct AddedPaths {
    std::size_t first = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> builderOf;

    std::size_t explicitCount(std::size_t total) const { return std::min(total, first); }
    std::string field(std::size_t path) const {
        return path < first ? element("network.paths", path) : element("network.deep", builderOf[path - first]);
    }
};

/// The paths one builder stands for, in the order the schema lists them.
std::vector<PathSpec> builderPaths(const DeepBuilder& b) {
    const auto full = [](const std::string& from, const std::string& to, PathType type, bool selfCon,
                         std::vector<ParamSetting> params) {
        return PathSpec{from, to, type, PathPattern::Full, 1, selfCon, std::move(params)};
    };
    std::vector<PathSpec> out;
    out.push_back(full(b.super, b.ct, PathType::CTCtxt, false, {}));
    if (b.ctSelf) {  // Axon's ConnectCTSelf: context from the CT layer's own burst, and maintenance
        out.push_back(full(b.ct, b.ct, PathType::CTCtxt, true, {{"PathScale.Rel", 0.5}}));
        out.push_back(full(b.ct, b.ct, PathType::Maint, true, {{"PathScale.Abs", 0.5}}));
    }
    out.push_back(full(b.ct, b.pulvinar, PathType::Forward, false, {}));  // the prediction
    out.push_back(full(b.pulvinar, b.super, PathType::Back, false, {{"PathScale.Rel", 0.1}}));
    out.push_back(full(b.pulvinar, b.ct, PathType::Back, false, {{"PathScale.Rel", 0.1}}));
    return out;
}

/// Appends the builders' paths to ex.paths, after the document's own. A builder that names a
/// missing layer or one of the wrong type adds nothing; a path that is there already is
/// reported at its builder and not added, so the Validator does not report it a second time.
AddedPaths expandDeep(const std::vector<DeepBuilder>& builders, Experiment& ex, ErrorList& errors) {
    AddedPaths added;
    added.first = ex.paths.size();
    // Too many paths already (the Validator says so): skip the quadratic duplicate search.
    if (ex.paths.size() > static_cast<std::size_t>(kMaxPaths)) return added;
    for (std::size_t i = 0; i < builders.size(); ++i) {
        const DeepBuilder& b = builders[i];
        const std::string path = element("network.deep", i);
        const int super = layerOfType(ex, errors, path + ".super", b.super, LayerType::Super);
        const int ct = layerOfType(ex, errors, path + ".ct", b.ct, LayerType::CT);
        const int pulvinar = layerOfType(ex, errors, path + ".pulvinar", b.pulvinar, LayerType::Pulvinar);
        if (super < 0 || ct < 0 || pulvinar < 0) continue;
        for (PathSpec& p : builderPaths(b)) {
            const auto same = std::find_if(ex.paths.begin(), ex.paths.end(),
                                           [&](const PathSpec& q) { return sameEnds(p, q); });
            if (same != ex.paths.end()) {
                errors.add(path, std::string("its \"") + nameOf(kPathTypes, p.type) + "\" path from " +
                                     inQuotes(p.from) + " to " + inQuotes(p.to) + " is already made by " +
                                     added.field(static_cast<std::size_t>(same - ex.paths.begin())) +
                                     (p.from == p.to ? " (with \"ctSelf\": false this item leaves out the CT self paths)" : ""));
                continue;
            }
            ex.paths.push_back(std::move(p));
            added.builderOf.push_back(i);
        }
    }
    return added;
}

/// The checks on an Experiment: ranges, names and the references between fields, the
/// patterns, and finally (when everything else is valid) the memory estimate.
class Validator {
public:
    /// `added`: the paths that network.deep builders added (none for experiments built in code).
    Validator(const Experiment& ex, ErrorList& errors, AddedPaths added = {})
        : ex_(ex), errors_(errors), added_(std::move(added)) {}

    void run() {
        checkHeader();
        checkLayers();
        checkPaths();
        checkTask();
        checkTrain();
        if (!errors_.any()) checkMemory();
    }

private:
    void checkHeader() {
        if (ex_.schema != kSchemaVersion)
            errors_.add("schema", "must be " + std::to_string(kSchemaVersion));
        checkText("name", ex_.name, kMaxNameChars);
        checkText("description", ex_.description, kMaxDescriptionChars);
        if (ex_.seed > kMaxSeed) errors_.add("seed", kSeedMessage);
    }

    void checkText(const std::string& path, const std::string& text, std::size_t maxChars) {
        if (parse_util::firstInvalidUtf8(text) != std::string_view::npos)
            errors_.add(path, "is not valid UTF-8");
        else if (parse_util::utf8Length(text) > maxChars)
            errors_.add(path, "must be at most " + std::to_string(maxChars) + " characters");
    }

    void checkLayers() {
        const auto& layers = ex_.layers;
        if (layers.empty() || layers.size() > static_cast<std::size_t>(kMaxLayers)) {
            // Beyond the limit the per-layer checks (quadratic in the count) are skipped.
            errors_.add("network.layers", "must have 1 to " + std::to_string(kMaxLayers) + " layers");
            if (!layers.empty()) return;
        }
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const std::string path = element("network.layers", i);
            const LayerSpec& layer = layers[i];
            if (!isValidLayerName(layer.name))
                errors_.add(path + ".name", "must be 1 to 64 letters, digits, '_', '-' or '.'");
            else if (layerIndex(layer.name) != static_cast<int>(i))
                errors_.add(path + ".name", "duplicate layer name " + inQuotes(layer.name));
            checkDriver(path + ".driver", layer);
            checkShape(path + ".shape", layer.shape);
            checkParams<LayerParams>(path, layer.params, findLayerParam, kLayerOrder);
        }
    }

    /// A Pulvinar layer shows its driver's activity unit by unit in the plus phase, so the
    /// two must have the same number of units.
    void checkDriver(const std::string& path, const LayerSpec& layer) {
        if (layer.type != LayerType::Pulvinar) {
            if (!layer.driver.empty()) errors_.add(path, kDriverNotAllowed);
            return;
        }
        if (layer.driver.empty()) {
            errors_.add(path, kDriverRequired);
            return;
        }
        const int d = knownLayer(path, layer.driver);
        if (d < 0) return;
        const LayerSpec& driver = ex_.layers[d];
        if (driver.type == LayerType::Pulvinar) {
            errors_.add(path, "must name a layer that is not a \"Pulvinar\" layer (" + inQuotes(driver.name) + " is)");
            return;
        }
        const std::int64_t units = buildableUnits(layer), driverUnits = buildableUnits(driver);
        if (units != 0 && driverUnits != 0 && units != driverUnits)  // 0: a shape error, reported already
            errors_.add(path, "must name a layer with as many units as this one (" + layerHas(driver.name, driverUnits) +
                                  " units, " + layerHas(layer.name, units) + ")");
    }

    void checkShape(const std::string& path, const std::vector<int>& shape) {
        const double units = shapeUnits(shape);
        if (units < 0) {
            errors_.add(path, kShapeMessage);
        } else if (units > kMaxLayerUnits) {
            char count[32];
            std::snprintf(count, sizeof count, "%.0f", units);
            errors_.add(path, std::string("has ") + count + " units, over the limit of " +
                                  std::to_string(kMaxLayerUnits));
        }
    }

    template <class Params, std::size_t N>
    void checkParams(const std::string& path, const std::vector<ParamSetting>& params,
                     const ParamInfo* (*find)(std::string_view), const OrderedParams (&order)[N]) {
        const std::string base = path + ".params";
        Params effective;  // defaults plus the valid settings, for the ordering checks
        for (std::size_t j = 0; j < params.size(); ++j) {
            const ParamSetting& setting = params[j];
            const std::string p = member(base, setting.name);
            const ParamInfo* info = find(setting.name);
            const auto sameName = [&](const ParamSetting& s) { return s.name == setting.name; };
            if (info == nullptr) {
                errors_.add(p, "unknown parameter");
            } else if (std::any_of(params.begin(), params.begin() + j, sameName)) {
                errors_.add(p, "is set more than once");
            } else if (const char* why = checkParamValue(*info, setting.value)) {
                errors_.add(p, why);
            } else {
                paramRef(effective, *info) = static_cast<float>(setting.value);
            }
        }
        for (const OrderedParams& pair : order) {
            const ParamInfo* low = find(pair.low);
            const ParamInfo* high = find(pair.high);
            if (low == nullptr || high == nullptr) continue;  // the table no longer has them
            const float lo = paramRef(effective, *low), hi = paramRef(effective, *high);
            if (lo > hi)
                errors_.add(base, std::string(pair.low) + " (" + floatText(lo) + ") is above " + pair.high +
                                      " (" + floatText(hi) + ")");
        }
    }

    void checkPaths() {
        const auto& paths = ex_.paths;
        constexpr auto kMax = static_cast<std::size_t>(kMaxPaths);
        if (paths.size() > kMax) {
            const std::size_t written = added_.explicitCount(paths.size());
            if (written > kMax)
                errors_.add("network.paths", "must have at most " + std::to_string(kMaxPaths) + " paths");
            else
                errors_.add("network.deep", "adds " + std::to_string(paths.size() - written) + " paths to the " +
                                                std::to_string(written) + " of network.paths, over the limit of " +
                                                std::to_string(kMaxPaths) + " paths");
            return;  // as for layers
        }
        for (std::size_t i = 0; i < paths.size(); ++i) {
            const std::string path = added_.field(i);
            const PathSpec& p = paths[i];
            const int from = knownLayer(path + ".from", p.from);
            const int to = knownLayer(path + ".to", p.to);
            // Two paths may join the same layers when their types differ: a CT layer has a
            // CTCtxt and a Maint path onto itself.
            for (std::size_t k = 0; k < i; ++k)
                if (sameEnds(paths[k], p)) {
                    errors_.add(path, "same from, to and type as " + added_.field(k));
                    break;
                }
            if (from >= 0 && to >= 0) {
                checkPattern(path, p, ex_.layers[from], ex_.layers[to]);
                checkPathType(path, p, ex_.layers[from], ex_.layers[to]);
            }
            checkParams<PathParams>(path, p.params, findPathParam, kPathOrder);
        }
        checkForwardCycles();
    }

    /// What each path type may connect (docs/model.md): context goes into CT
    /// layers from the Super layer (or CT layer) whose burst it carries; maintenance is a CT
    /// layer's own lateral path.
    void checkPathType(const std::string& path, const PathSpec& p, const LayerSpec& from, const LayerSpec& to) {
        const bool self = p.from == p.to;
        switch (p.type) {
            case PathType::CTCtxt:
                if (to.type != LayerType::CT)
                    errors_.add(path + ".to", "a \"CTCtxt\" path must go into a \"CT\" layer (" + typeOf(to) + ")");
                else if (from.type != LayerType::Super && from.type != LayerType::CT)
                    errors_.add(path + ".from", "a \"CTCtxt\" path must come from a \"Super\" or \"CT\" layer (" +
                                                    typeOf(from) + ")");
                break;
            case PathType::Maint:
                if (!self || to.type != LayerType::CT)
                    errors_.add(path + ".type", "a \"Maint\" path must go from a \"CT\" layer to itself");
                break;
            case PathType::Forward:
            case PathType::Back:
                if (!self) break;
                if (to.type == LayerType::CT)
                    errors_.add(path + ".type", "a path from a \"CT\" layer to itself must be \"Lateral\", \"Inhib\", "
                                                "\"CTCtxt\" or \"Maint\"");
                else
                    errors_.add(path + ".type", "a path from a layer to itself must be \"Lateral\" or \"Inhib\"");
                break;
            case PathType::Lateral:
            case PathType::Inhib: break;
        }
    }

    /// `"Hidden" has type "Super"`
    static std::string typeOf(const LayerSpec& layer) {
        return inQuotes(layer.name) + " has type \"" + nameOf(kLayerTypes, layer.type) + "\"";
    }

    /// Forward paths carry activity up the hierarchy and Back paths carry it down (weaker,
    /// PathScale.Rel 0.1 by default); a cycle of Forward paths means one of them should be
    /// Back, so it is refused, naming the path that closes the cycle.
    void checkForwardCycles() {
        const auto& paths = ex_.paths;
        const int n = static_cast<int>(ex_.layers.size());
        std::vector<std::vector<std::pair<int, std::size_t>>> up(n);  // layer -> (layer above, path)
        for (std::size_t i = 0; i < paths.size(); ++i) {
            const int from = layerIndex(paths[i].from), to = layerIndex(paths[i].to);
            if (from >= 0 && to >= 0 && from != to && paths[i].type == PathType::Forward) up[from].push_back({to, i});
        }
        std::vector<int> state(n, 0);  // 0 unvisited, 1 on the current walk, 2 done
        std::vector<std::pair<int, std::size_t>> stack;  // (layer, next edge): iterative DFS
        for (int start = 0; start < n; ++start) {
            if (state[start] != 0) continue;
            stack.push_back({start, 0});
            state[start] = 1;
            while (!stack.empty()) {
                auto& [layer, next] = stack.back();
                if (next == up[layer].size()) {
                    state[layer] = 2;
                    stack.pop_back();
                    continue;
                }
                const auto [above, pathIndex] = up[layer][next++];
                if (state[above] == 1) {
                    errors_.add(added_.field(pathIndex),
                                "Forward paths form a cycle through " + inQuotes(ex_.layers[above].name) +
                                    "; make the top-down path \"Back\"");
                    return;
                }
                if (state[above] == 0) {
                    state[above] = 1;
                    stack.push_back({above, 0});
                }
            }
        }
    }

    /// Index of the layer named `name`, reporting an unknown name at `path`.
    int knownLayer(const std::string& path, const std::string& name) {
        const int i = layerIndex(name);
        if (i < 0) errors_.add(path, "no layer named " + inQuotes(name));
        return i;
    }

    void checkPattern(const std::string& path, const PathSpec& p, const LayerSpec& from,
                      const LayerSpec& to) {
        const std::int64_t sendUnits = buildableUnits(from), recvUnits = buildableUnits(to);
        if (sendUnits == 0 || recvUnits == 0) return;  // the shape error is reported already
        if (p.pattern == PathPattern::OneToOne && sendUnits != recvUnits)
            errors_.add(path + ".pattern", "\"OneToOne\" needs layers of equal size (" +
                                               layerHas(from.name, sendUnits) + " units, " +
                                               layerHas(to.name, recvUnits) + ")");
        if (p.pattern == PathPattern::PoolOneToOne && poolCount(from) != poolCount(to))
            errors_.add(path + ".pattern", "\"PoolOneToOne\" needs layers with equal pool counts (" +
                                               layerHas(from.name, poolCount(from)) + ", " +
                                               layerHas(to.name, poolCount(to)) + ")");
        if (p.pattern == PathPattern::UniformRandom && !(p.pcon > 0 && p.pcon <= 1))
            errors_.add(path + ".pcon", "must be in (0, 1]");
    }

    void checkTask() {
        const TaskSpec& task = ex_.task;
        if (!isKnownSource(task.source))
            errors_.add("task.source", mustBeKnownSource());
        // "fsa" is scored on a Pulvinar layer's prediction; the other sources clamp a Target layer.
        const bool fsa = task.source == "fsa";
        const LayerType targetType = fsa ? LayerType::Pulvinar : LayerType::Target;
        const std::int64_t inUnits = taskLayerUnits("task.inputLayer", task.inputLayer, LayerType::Input);
        const std::int64_t outUnits = taskLayerUnits("task.targetLayer", task.targetLayer, targetType);
        if (inUnits == 0 || outUnits == 0) return;
        if (fsa) {
            checkFsaUnits("task.inputLayer", task.inputLayer, inUnits);
            checkFsaUnits("task.targetLayer", task.targetLayer, outUnits);
            return;  // no pattern rows: the engine walks the grammar
        }
        if (task.source == "ra25" && (inUnits != kRa25Units || outUnits != kRa25Units)) {
            errors_.add("task.source", "\"ra25\" needs 25-unit input and target layers (" +
                                           layerHas(task.inputLayer, inUnits) + ", " +
                                           layerHas(task.targetLayer, outUnits) + ")");
            return;
        }
        if (task.source == "generate") checkGenerate(task, std::min(inUnits, outUnits));
        if (task.source == "inline" && (task.patterns.empty() || task.patterns.size() > kMaxPatterns))
            errors_.add("task.patterns", "must have 1 to " + std::to_string(kMaxPatterns) + " rows");
        if (task.source != "generate") checkRows(task.patterns, inUnits, outUnits);
    }

    /// Units of the task layer `name`, which must exist and have type `type`; 0 when it
    /// does not or its shape is invalid.
    std::int64_t taskLayerUnits(const std::string& path, const std::string& name, LayerType type) {
        const int i = layerOfType(ex_, errors_, path, name, type);
        return i < 0 ? 0 : buildableUnits(ex_.layers[i]);
    }

    void checkFsaUnits(const std::string& path, const std::string& name, std::int64_t units) {
        if (units != kFsaTokens)
            errors_.add(path, "\"fsa\" needs a layer of 7 units, one per token (B T S X V P E); " +
                                  layerHas(name, units));
    }

    void checkGenerate(const TaskSpec& task, std::int64_t units) {
        if (task.generateCount < 1 || task.generateCount > kMaxPatterns)
            errors_.add("task.generate.count", rangeMessage("must be an integer", 1, kMaxPatterns));
        if (task.generateOn < 1 || task.generateOn > units)
            errors_.add("task.generate.on", rangeMessage("must be an integer", 1, units) +
                                                " (the units of the smaller task layer)");
        if (task.generateMinDiff < 0 || task.generateMinDiff > units)
            errors_.add("task.generate.minDiff", rangeMessage("must be an integer", 0, units) +
                                                     " (the units of the smaller task layer)");
    }

    void checkRows(const std::vector<PatternRow>& rows, std::int64_t inUnits, std::int64_t outUnits) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::string path = element("task.patterns", i);
            checkText(path + ".name", rows[i].name, kMaxPatternNameChars);
            checkValues(path + ".input", rows[i].input, inUnits, ex_.task.inputLayer);
            checkValues(path + ".target", rows[i].target, outUnits, ex_.task.targetLayer);
        }
    }

    void checkValues(const std::string& path, const std::vector<float>& values, std::int64_t units,
                     const std::string& layer) {
        if (static_cast<std::int64_t>(values.size()) != units) {
            errors_.add(path, "has " + std::to_string(values.size()) + " values, expected " +
                                  std::to_string(units) + " (the units of " + inQuotes(layer) + ")");
            return;
        }
        const auto outside = [](float v) { return !(v >= 0 && v <= 1); };  // NaN too
        const auto bad = std::find_if(values.begin(), values.end(), outside);
        if (bad != values.end()) errors_.add(element(path, bad - values.begin()), kUnitValueMessage);
    }

    void checkTrain() {
        const TrainSpec& t = ex_.train;
        checkInt("train.trialsPerEpoch", t.trialsPerEpoch, kTrialsPerEpochRange.min, kTrialsPerEpochRange.max);
        checkInt("train.epochs", t.epochs, kEpochsRange.min, kEpochsRange.max);
        checkInt("train.nZero", t.nZero, kNZeroRange.min, kNZeroRange.max);
        checkInt("train.runs", t.runs, 1, 1000);
        checkInt("train.minusCycles", t.minusCycles, 1, 10000);
        checkInt("train.plusCycles", t.plusCycles, 1, 10000);
        checkInt("train.nData", t.nData, 1, 64);
        if (t.nData >= 1 && t.trialsPerEpoch % t.nData != 0)
            errors_.add("train.trialsPerEpoch", "must be a multiple of train.nData (" + std::to_string(t.nData) +
                                                    "): each step presents nData items");
    }

    void checkInt(const char* path, int value, int lo, int hi) {
        if (value < lo || value > hi) errors_.add(path, rangeMessage("must be an integer", lo, hi));
    }

    void checkMemory();

    int layerIndex(const std::string& name) const { return theta::layerIndex(ex_, name); }

    const Experiment& ex_;
    ErrorList& errors_;
    const AddedPaths added_;
};

// ------------------------------------------------------------------- memory estimate

// What the engine allocates, roughly: every neuron variable (vars.h) plus a few per-neuron
// extras, in arrays padded to the widest SIMD width; 60 CaSyn bins per neuron (3 thetas of
// 20 bins); per synapse Wt, LWt, SWt, DWt, DSWt, the sender-major receiver index and the
// receiver-major synapse index (28 B), plus 8 B of temporaries while the paths are built
// (the estimate must cover the peak, which in wasm has to fit a 2 GiB heap with the page's
// own copies); per path and receiving neuron a spike delay ring of Delay + 1 floats; the
// pattern rows.
constexpr std::uint64_t kFloatsPerNeuron = 80;
static_assert(kNeuronVarCount <= static_cast<int>(kFloatsPerNeuron), "update the estimate");
constexpr std::uint64_t kCaSynBins = 60;
constexpr std::uint64_t kNeuronPadding = 16;
constexpr std::uint64_t kBytesPerSynapse = 28 + 8;

std::uint64_t synapseCount(const PathSpec& p, const LayerSpec& from, const LayerSpec& to) {
    const std::uint64_t s = buildableUnits(from), r = buildableUnits(to);
    if (s == 0 || r == 0) return 0;  // also guarantees valid shapes, so pool counts are >= 1
    const std::uint64_t full = s * r - (p.from == p.to && !p.selfCon ? s : 0);
    switch (p.pattern) {
        case PathPattern::OneToOne: return std::min(s, r);
        case PathPattern::PoolOneToOne: {
            const std::uint64_t pools = static_cast<std::uint64_t>(std::min(poolCount(from), poolCount(to)));
            return pools * (s / static_cast<std::uint64_t>(poolCount(from))) *
                   (r / static_cast<std::uint64_t>(poolCount(to)));
        }
        case PathPattern::UniformRandom: {
            const double pcon = p.pcon >= 0 && p.pcon <= 1 ? p.pcon : 1;
            return static_cast<std::uint64_t>(std::ceil(pcon * static_cast<double>(full)));
        }
        case PathPattern::Full: break;
    }
    return full;
}

std::uint64_t delaySlots(const PathSpec& p) {
    double delay = PathParams{}.Com.Delay;
    for (const ParamSetting& s : p.params)
        if (s.name == "Com.Delay" && s.value >= 0 && s.value <= 16) delay = s.value;
    return static_cast<std::uint64_t>(delay) + 1;
}

/// Works on any Experiment, valid or not: unknown layers and invalid shapes count as empty.
std::uint64_t stateBytes64(const Experiment& ex) {
    const auto find = [&](const std::string& name) -> const LayerSpec* {
        for (const LayerSpec& l : ex.layers)
            if (l.name == name) return &l;
        return nullptr;
    };
    std::uint64_t bytes = 0;
    const std::uint64_t nData = static_cast<std::uint64_t>(std::min(std::max(ex.train.nData, 1), 64));
    for (const LayerSpec& layer : ex.layers) {
        const std::uint64_t units = static_cast<std::uint64_t>(buildableUnits(layer));
        const std::uint64_t padded = (units + kNeuronPadding - 1) / kNeuronPadding * kNeuronPadding;
        bytes += padded * (kFloatsPerNeuron + kCaSynBins) * 4 * nData;
    }
    for (const PathSpec& p : ex.paths) {
        const LayerSpec* from = find(p.from);
        const LayerSpec* to = find(p.to);
        if (from == nullptr || to == nullptr) continue;
        bytes += synapseCount(p, *from, *to) * kBytesPerSynapse;
        bytes += static_cast<std::uint64_t>(buildableUnits(*to)) * delaySlots(p) * 4 * nData;
    }
    const LayerSpec* in = find(ex.task.inputLayer);
    const LayerSpec* out = find(ex.task.targetLayer);
    if (in != nullptr && out != nullptr) {
        const std::uint64_t rows = ex.task.source == "generate"
                                       ? static_cast<std::uint64_t>(std::max(ex.task.generateCount, 0))
                                       : ex.task.patterns.size();
        bytes += rows * static_cast<std::uint64_t>(buildableUnits(*in) + buildableUnits(*out)) * 4;
    }
    return bytes;
}

void Validator::checkMemory() {
    const std::uint64_t bytes = stateBytes64(ex_);
    if (bytes <= kMaxStateBytes) return;
    constexpr std::uint64_t kMB = 1u << 20;
    const std::uint64_t mb = (bytes + kMB / 2) / kMB;
    errors_.add("network", "needs about " + std::to_string(mb) + " MB of state, over the " +
                               std::to_string(kMaxStateBytes / kMB) + " MB limit");
}

// ------------------------------------------------------------------- writing

Json paramsJson(const std::vector<ParamSetting>& params) {
    Json out = Json::object();
    for (const ParamSetting& s : params) out[s.name] = jsonNumber(s.value);
    return out;
}

Json floatsJson(const std::vector<float>& values) {
    Json out = Json::array();
    for (float v : values) out.push_back(jsonFloat(v));
    return out;
}

Json experimentTree(const Experiment& ex) {
    Json doc = Json::object();
    doc["schema"] = ex.schema;
    doc["name"] = ex.name;
    doc["description"] = ex.description;
    doc["seed"] = ex.seed;
    Json layers = Json::array();
    for (const LayerSpec& l : ex.layers) {
        Json layer = Json::object();
        layer["name"] = l.name;
        layer["type"] = layerTypeName(l.type);
        if (l.type == LayerType::Pulvinar) layer["driver"] = l.driver;
        layer["shape"] = l.shape;
        layer["params"] = paramsJson(l.params);
        layers.push_back(std::move(layer));
    }
    Json paths = Json::array();
    for (const PathSpec& p : ex.paths) {
        Json path = Json::object();
        path["from"] = p.from;
        path["to"] = p.to;
        path["type"] = pathTypeName(p.type);
        path["pattern"] = pathPatternName(p.pattern);
        if (p.pattern == PathPattern::UniformRandom) path["pcon"] = jsonFloat(p.pcon);
        path["selfCon"] = p.selfCon;
        path["params"] = paramsJson(p.params);
        paths.push_back(std::move(path));
    }
    doc["network"] = Json{{"layers", std::move(layers)}, {"paths", std::move(paths)}};
    Json task = Json::object();
    task["inputLayer"] = ex.task.inputLayer;
    task["targetLayer"] = ex.task.targetLayer;
    task["source"] = ex.task.source;
    if (ex.task.source == "generate")
        task["generate"] = Json{{"count", ex.task.generateCount},
                                {"on", ex.task.generateOn},
                                {"minDiff", ex.task.generateMinDiff}};
    if (ex.task.source == "inline") {
        Json rows = Json::array();
        for (const PatternRow& r : ex.task.patterns)
            rows.push_back(
                Json{{"name", r.name}, {"input", floatsJson(r.input)}, {"target", floatsJson(r.target)}});
        task["patterns"] = std::move(rows);
    }
    doc["task"] = std::move(task);
    const TrainSpec& t = ex.train;
    doc["train"] = Json{{"trialsPerEpoch", t.trialsPerEpoch}, {"epochs", t.epochs},
                        {"nZero", t.nZero},                   {"runs", t.runs},
                        {"minusCycles", t.minusCycles},       {"plusCycles", t.plusCycles},
                        {"nData", t.nData}};
    return doc;
}

/// Serializer text of a scalar or of a container written on one line. Invalid UTF-8 (only
/// possible in experiments built in code) becomes U+FFFD instead of an error.
std::string compact(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool isFlat(const Json& v) {
    return std::none_of(v.begin(), v.end(), [](const Json& x) { return x.is_structured(); });
}

/// Indented output with arrays of numbers kept on one line, so that shapes and pattern rows
/// stay readable (nlohmann's indented dump puts every number on its own line).
void writeIndented(const Json& v, int indent, std::string& out) {
    if (!v.is_structured() || v.empty() || (v.is_array() && isFlat(v))) {
        out += compact(v);
        return;
    }
    const bool object = v.is_object();
    out += object ? "{\n" : "[\n";
    std::size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it) {
        out.append(static_cast<std::size_t>(indent + 2), ' ');
        if (object) out += compact(Json(it.key())) + ": ";
        writeIndented(it.value(), indent + 2, out);
        out += ++i < v.size() ? ",\n" : "\n";
    }
    out.append(static_cast<std::size_t>(indent), ' ');
    out += object ? '}' : ']';
}

}  // namespace

const char* layerTypeName(LayerType t) { return nameOf(kLayerTypes, t); }
const char* pathTypeName(PathType t) { return nameOf(kPathTypes, t); }
const char* pathPatternName(PathPattern p) { return nameOf(kPathPatterns, p); }

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
    AddedPaths added = expandDeep(deep, result.experiment, errors);
    Validator(result.experiment, errors, std::move(added)).run();
    return result;
}

std::vector<ValidationError> validateExperiment(const Experiment& ex) {
    std::vector<ValidationError> out;
    ErrorList errors(out);
    Validator(ex, errors).run();
    return out;
}

std::string toJson(const Experiment& ex) {
    std::string out;
    writeIndented(experimentTree(ex), 0, out);
    out += '\n';
    return out;
}

std::size_t estimateStateBytes(const Experiment& ex) {
    const std::uint64_t bytes = stateBytes64(ex);
    // size_t is 32 bits in wasm: saturate rather than wrap.
    return bytes > std::numeric_limits<std::size_t>::max() ? std::numeric_limits<std::size_t>::max()
                                                           : static_cast<std::size_t>(bytes);
}

}  // namespace theta
