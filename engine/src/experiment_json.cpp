// The experiment file: reading and validating JSON, writing canonical JSON, and the memory
// estimate. One validator serves the CLI, the wasm module, share links and parameter edits.
//
// ---------------------------------------------------------------------------------------
// Experiment file, schema 1 (README "Experiment file" is a copy of this block)
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
//         "type": "Input",     "Input" | "Hidden" | "Target" (default "Hidden")
//         "shape": [5, 5],     required: [N] (read as [1, N]), [Y, X] or [PoolsY, PoolsX, Y, X];
//                              positive integers, at most 65536 units in all
//         "params": { "Inhib.Layer.Gi": 0.9 }   optional: Axon parameter path -> number
//       } ],
//     "paths": [               optional, at most 256; at most one path per (from, to)
//       { "from": "Input", "to": "Hidden1",     required: names of layers above
//         "type": "Forward",   "Forward" | "Back" | "Lateral" | "Inhib" (default "Forward")
//                              a path from a layer to itself must be "Lateral" or "Inhib";
//                              Forward paths may not form a cycle (top-down paths are "Back")
//         "pattern": "Full",   "Full" | "OneToOne" | "PoolOneToOne" | "UniformRandom"
//                              (default "Full"). OneToOne needs layers with equal unit counts,
//                              PoolOneToOne layers with equal pool counts.
//         "pcon": 0.5,         connection probability in (0, 1]; required with "UniformRandom",
//                              not allowed with other patterns
//         "selfCon": false,    connect a unit to itself when from == to (default false)
//         "params": { "PathScale.Rel": 0.3 }    optional: Axon parameter path -> number
//       } ]
//   },
//   "task": {                  optional; defaults shown
//     "inputLayer": "Input",   a layer of type "Input"
//     "targetLayer": "Output", a layer of type "Target"
//     "source": "ra25",        "ra25": Axon's 25 fixed patterns (25-unit input and target layers)
//                              "generate": random binary patterns made from the seed
//                              "inline": the rows of "patterns"
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
//     "plusCycles": 50         [1, 10000]
//   }
// }
//
// Parameters: every field of theta::LayerParams (layers) and theta::PathParams (paths) by its
// Axon path ("Acts.Spikes.Tr", "Learn.LRate.Base"), each with an inclusive range listed in
// engine/src/param_table.cpp. Integer parameters (Acts.Spikes.Tr, Acts.Dt.VmSteps, Com.Delay,
// ...) take whole numbers; on/off parameters (Acts.KNa.On, Learn.RLRate.On, ...) take 0 or 1,
// or false/true. Values not given keep the engine's defaults for the layer or path type.
// Also Acts.VmRange.Min <= Max, Learn.TrgAvgAct.TrgRange.Min <= Max, SWts.Limit.Min <= Max.
//
// Memory: the engine state estimated from the network must stay within 1024 MiB
// ("network: needs about 2300 MB of state, over the 1024 MB limit").
//
// Canonical form (toJson and share links): keys in the order above, every field written;
// "pcon" only with "UniformRandom", "generate" only with "generate", "patterns" only with
// "inline"; shapes [N] written as [1, N]; numbers written in the shortest form that reads back
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

#include "parse_util.h"
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

constexpr const char* kShapeMessage = "must be 1, 2 or 4 positive integers";
constexpr const char* kUnitValueMessage = "must be a number in [0, 1]";
constexpr const char* kSeedMessage = "must be an integer in [0, 9007199254740991]";

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
    {LayerType::Input, "Input"}, {LayerType::Hidden, "Hidden"}, {LayerType::Target, "Target"}};
constexpr EnumName<PathType> kPathTypes[] = {{PathType::Forward, "Forward"},
                                             {PathType::Back, "Back"},
                                             {PathType::Lateral, "Lateral"},
                                             {PathType::Inhib, "Inhib"}};
constexpr EnumName<PathPattern> kPathPatterns[] = {{PathPattern::Full, "Full"},
                                                   {PathPattern::OneToOne, "OneToOne"},
                                                   {PathPattern::PoolOneToOne, "PoolOneToOne"},
                                                   {PathPattern::UniformRandom, "UniformRandom"}};
constexpr const char* kSources[] = {"ra25", "generate", "inline"};

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

/// Reads the JSON tree into an Experiment, reporting wrong types, missing required keys and
/// unknown keys. Values of the right type are stored as they are; their ranges and the links
/// between fields are checked afterwards by the Validator, so that the same rules hold for
/// documents and for experiments built in code.
class DocReader {
public:
    explicit DocReader(ErrorList& errors) : errors_(errors) {}

    void read(const Json& root, Experiment& ex) {
        if (!root.is_object()) {
            errors_.add("", "the document must be a JSON object");
            return;
        }
        if (!readSchema(root, ex.schema)) return;  // a newer schema: the rest would be misread
        checkKeys(root, "", {"schema", "name", "description", "seed", "network", "task", "train"});
        readString(root, "", "name", ex.name);
        readString(root, "", "description", ex.description);
        readSeed(root, ex.seed);
        readNetwork(root, ex);
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

    void readNetwork(const Json& root, Experiment& ex) {
        const Json* net = get(root, "", "network", Need::Required);
        if (net == nullptr || !isObject(*net, "network", {"layers", "paths"})) return;
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
    }

    void readLayer(const Json& v, const std::string& path, LayerSpec& out) {
        if (!isObject(v, path, {"name", "type", "shape", "params"})) return;
        readString(v, path, "name", out.name, Need::Required);
        readEnum(v, path, "type", kLayerTypes, out.type);
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
                                          {"trialsPerEpoch", "epochs", "nZero", "runs", "minusCycles", "plusCycles"}))
            return;
        readInt(*train, "train", "trialsPerEpoch", out.trialsPerEpoch);
        readInt(*train, "train", "epochs", out.epochs);
        readInt(*train, "train", "nZero", out.nZero);
        readInt(*train, "train", "runs", out.runs);
        readInt(*train, "train", "minusCycles", out.minusCycles);
        readInt(*train, "train", "plusCycles", out.plusCycles);
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

/// The checks on an Experiment: ranges, names and the references between fields, the
/// patterns, and finally (when everything else is valid) the memory estimate.
class Validator {
public:
    Validator(const Experiment& ex, ErrorList& errors) : ex_(ex), errors_(errors) {}

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
            checkShape(path + ".shape", layer.shape);
            checkParams<LayerParams>(path, layer.params, findLayerParam, kLayerOrder);
        }
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
        if (paths.size() > static_cast<std::size_t>(kMaxPaths)) {
            errors_.add("network.paths", "must have at most " + std::to_string(kMaxPaths) + " paths");
            return;  // as for layers
        }
        for (std::size_t i = 0; i < paths.size(); ++i) {
            const std::string path = element("network.paths", i);
            const PathSpec& p = paths[i];
            const int from = knownLayer(path + ".from", p.from);
            const int to = knownLayer(path + ".to", p.to);
            for (std::size_t k = 0; k < i; ++k)
                if (paths[k].from == p.from && paths[k].to == p.to) {
                    errors_.add(path, "same from and to as " + element("network.paths", k));
                    break;
                }
            if (from >= 0 && to >= 0) checkPattern(path, p, ex_.layers[from], ex_.layers[to]);
            if (from >= 0 && from == to && p.type != PathType::Lateral && p.type != PathType::Inhib)
                errors_.add(path + ".type", "a path from a layer to itself must be \"Lateral\" or \"Inhib\"");
            checkParams<PathParams>(path, p.params, findPathParam, kPathOrder);
        }
        checkForwardCycles();
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
                    errors_.add(element("network.paths", pathIndex),
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
        const std::int64_t inUnits = taskLayerUnits("task.inputLayer", task.inputLayer, LayerType::Input);
        const std::int64_t outUnits = taskLayerUnits("task.targetLayer", task.targetLayer, LayerType::Target);
        if (inUnits == 0 || outUnits == 0) return;
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
        const int i = knownLayer(path, name);
        if (i < 0) return 0;
        const LayerSpec& layer = ex_.layers[i];
        if (layer.type != type) {
            errors_.add(path, "layer " + inQuotes(name) + " has type \"" + nameOf(kLayerTypes, layer.type) +
                                  "\", not \"" + nameOf(kLayerTypes, type) + "\"");
            return 0;
        }
        return buildableUnits(layer);
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
    }

    void checkInt(const char* path, int value, int lo, int hi) {
        if (value < lo || value > hi) errors_.add(path, rangeMessage("must be an integer", lo, hi));
    }

    void checkMemory();

    int layerIndex(const std::string& name) const {
        for (std::size_t i = 0; i < ex_.layers.size(); ++i)
            if (ex_.layers[i].name == name) return static_cast<int>(i);
        return -1;
    }

    const Experiment& ex_;
    ErrorList& errors_;
};

// ------------------------------------------------------------------- memory estimate

// What the engine allocates, roughly: every neuron variable (vars.h) plus a few per-neuron
// extras, in arrays padded to the widest SIMD width; 60 CaSyn bins per neuron (3 thetas of
// 20 bins); per synapse Wt, LWt, SWt, DWt, DSWt, the sender-major receiver index and the
// receiver-major synapse index (28 B), plus 8 B of temporaries while the paths are built
// (the estimate must cover the peak, which in wasm has to fit a 2 GiB heap with the page's
// own copies); per path and receiving neuron a spike delay ring of Delay + 1 floats; the
// pattern rows.
constexpr std::uint64_t kFloatsPerNeuron = 70;
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
    for (const LayerSpec& layer : ex.layers) {
        const std::uint64_t units = static_cast<std::uint64_t>(buildableUnits(layer));
        const std::uint64_t padded = (units + kNeuronPadding - 1) / kNeuronPadding * kNeuronPadding;
        bytes += padded * (kFloatsPerNeuron + kCaSynBins) * 4;
    }
    for (const PathSpec& p : ex.paths) {
        const LayerSpec* from = find(p.from);
        const LayerSpec* to = find(p.to);
        if (from == nullptr || to == nullptr) continue;
        bytes += synapseCount(p, *from, *to) * kBytesPerSynapse;
        bytes += static_cast<std::uint64_t>(buildableUnits(*to)) * delaySlots(p) * 4;
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
                        {"minusCycles", t.minusCycles},       {"plusCycles", t.plusCycles}};
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
    DocReader(errors).read(root, result.experiment);
    if (!errors.any()) Validator(result.experiment, errors).run();
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
