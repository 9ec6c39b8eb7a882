// What reading, validating and writing the experiment file share (experiment_read.cpp,
// experiment_validate.cpp, experiment_write.cpp): the JSON type, field paths for error
// messages, the names of the enums, canonical number text, the messages both the reader and
// the validator give, and the "network.deep" item that exists only while a document is read.
#pragma once
#ifndef JSON_NOEXCEPTION
#define JSON_NOEXCEPTION  // the wasm build has no C++ exceptions; nothing here may throw
#endif
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "io/parse_util.h"
#include "theta/experiment.h"

namespace theta::experiment_doc {

using Json = nlohmann::ordered_json;  // keeps params in document order
using parse_util::ErrorList;
using parse_util::inQuotes;

inline constexpr const char* kShapeMessage = "must be 1, 2 or 4 positive integers";
inline constexpr const char* kUnitValueMessage = "must be a number in [0, 1]";
inline constexpr const char* kSeedMessage = "must be an integer in [0, 9007199254740991]";
inline constexpr const char* kDriverRequired = "is required for a \"Pulvinar\" layer (the layer whose activity it predicts)";
inline constexpr const char* kDriverNotAllowed = "is only allowed for \"Pulvinar\" layers";

// ------------------------------------------------------------------- field paths

// ASCII only: <cctype> would depend on the C locale.
inline bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

inline bool isPlainKey(std::string_view key) {
    if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
    return std::all_of(key.begin(), key.end(), [](char c) { return isAsciiAlnum(c) || c == '_'; });
}

/// "network" + "layers" -> "network.layers"; keys that are not identifiers are quoted:
/// "params" + "Inhib.Layer.Gi" -> `params["Inhib.Layer.Gi"]`.
inline std::string member(const std::string& parent, std::string_view key) {
    if (!isPlainKey(key)) return parent + "[" + inQuotes(key) + "]";
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

inline std::string element(const std::string& parent, std::size_t i) {
    return parent + "[" + std::to_string(i) + "]";
}

// ------------------------------------------------------------------- enum names

template <class E>
struct EnumName {
    E value;
    const char* name;
};
inline constexpr EnumName<LayerType> kLayerTypes[] = {
    {LayerType::Input, "Input"}, {LayerType::Hidden, "Hidden"}, {LayerType::Target, "Target"},
    {LayerType::Super, "Super"}, {LayerType::CT, "CT"},         {LayerType::Pulvinar, "Pulvinar"}};
inline constexpr EnumName<PathType> kPathTypes[] = {{PathType::Forward, "Forward"}, {PathType::Back, "Back"},
                                             {PathType::Lateral, "Lateral"}, {PathType::Inhib, "Inhib"},
                                             {PathType::CTCtxt, "CTCtxt"},   {PathType::Maint, "Maint"}};
inline constexpr EnumName<PathPattern> kPathPatterns[] = {{PathPattern::Full, "Full"},
                                                   {PathPattern::OneToOne, "OneToOne"},
                                                   {PathPattern::PoolOneToOne, "PoolOneToOne"},
                                                   {PathPattern::UniformRandom, "UniformRandom"}};
inline constexpr const char* kSources[] = {"ra25", "generate", "inline", "fsa", "drive"};
/// The orders a pattern task can show its rows in (TaskSpec::order).
inline constexpr const char* kTaskOrders[] = {"permuted", "sequential"};
/// The "drive" task's input modes (TaskSpec::input).
inline constexpr const char* kDriveInputs[] = {"clamp", "spikes", "train"};
/// The "drive" task's fields, in the schema's order (only allowed with source "drive").
inline constexpr const char* kDriveFields[] = {"input", "ge", "gi", "onCycle", "offCycle", "spikeHz", "plusHz",
                                               "senderLayer", "sendDiffHz"};

template <class E, std::size_t N>
inline const char* nameOf(const EnumName<E> (&table)[N], E value) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return "?";
}

template <class E, std::size_t N>
inline bool valueOf(const EnumName<E> (&table)[N], std::string_view name, E& out) {
    for (const auto& entry : table)
        if (name == entry.name) {
            out = entry.value;
            return true;
        }
    return false;
}

/// `must be "A", "B" or "C"`
inline std::string mustBeOneOf(const std::vector<const char*>& names) {
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
inline std::string mustBeOneOf(const EnumName<E> (&table)[N]) {
    std::vector<const char*> names;
    for (const auto& entry : table) names.push_back(entry.name);
    return mustBeOneOf(names);
}

inline bool isKnownSource(const std::string& source) {
    return std::find(std::begin(kSources), std::end(kSources), source) != std::end(kSources);
}

inline std::string mustBeKnownSource() {
    return mustBeOneOf(std::vector<const char*>(std::begin(kSources), std::end(kSources)));
}

// ------------------------------------------------------------------- numbers

/// The shortest decimal that reads back as the same float (0.1f is written 0.1, not
/// 0.10000000149011612). snprintf/strtod run in the C locale: ThetaLab never calls setlocale.
inline std::string shortestFloatText(float f) {
    char buf[32];
    for (int digits = 1; digits <= 9; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(f));
        if (std::strtof(buf, nullptr) == f) break;
    }
    return buf;
}

/// A JSON number: whole values as integers (1, not 1.0), others as doubles, which the
/// serializer prints in their shortest exact form.
inline Json jsonNumber(double v) {
    if (std::floor(v) == v && std::fabs(v) <= 9007199254740992.0)
        return Json(static_cast<std::int64_t>(v));
    return Json(v);
}

inline Json jsonFloat(float f) {
    if (!std::isfinite(f)) return Json(static_cast<double>(f));  // written as null
    return jsonNumber(std::strtod(shortestFloatText(f).c_str(), nullptr));
}

/// A float as the canonical JSON text shows it ("-10", "0.3").
inline std::string floatText(float f) { return jsonFloat(f).dump(); }

/// One "network.deep" item. It exists only while a document is read: parseExperiment turns
/// it into ordinary paths, so experiments, toJson and checkpoints never see it.
struct DeepBuilder {
    std::string super, ct, pulvinar;
    bool ctSelf = true;
};

/// The checks on a document that was read without errors: the deep items become paths
/// (reported at network.deep[i] when they cannot), then the Validator runs as for any
/// Experiment (experiment_validate.cpp).
void validateDocument(const std::vector<DeepBuilder>& deep, Experiment& ex, ErrorList& errors);

}  // namespace theta::experiment_doc
