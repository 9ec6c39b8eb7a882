// The built-in experiments by name (their text is engine/experiments/<name>.json, compiled
// in as builtin_texts.h says, so they go through the same parser and validator as any user
// document), and Axon's ra25 pattern set.
#include <cstdint>
#include <string>
#include <vector>

#include "builtin_texts.h"
#include "theta/experiment.h"

namespace theta {
namespace {

// Axon's sims/ra25/random_5x5_25.tsv (its CSV form is tests/native/data/ra25-axon-patterns.csv,
// which a test compares with this table): the units that are 1, as flat indices in the file's
// column order; all other units are 0.
constexpr int kRa25Units = 25;
constexpr int kRa25On = 6;
struct Ra25Row {
    const char* name;
    std::uint8_t input[kRa25On];
    std::uint8_t target[kRa25On];
};
constexpr Ra25Row kRa25Rows[] = {
    {"evt_0", {0, 12, 13, 14, 17, 20}, {1, 4, 5, 9, 22, 24}},
    {"evt_1", {9, 10, 15, 19, 20, 21}, {7, 8, 9, 16, 18, 20}},
    {"evt_2", {2, 9, 12, 14, 15, 16}, {4, 8, 10, 12, 15, 18}},
    {"evt_3", {0, 7, 8, 14, 17, 20}, {0, 2, 8, 10, 13, 15}},
    {"evt_4", {2, 5, 11, 14, 22, 24}, {2, 7, 8, 9, 18, 19}},
    {"evt_5", {2, 15, 19, 21, 23, 24}, {3, 5, 7, 16, 22, 24}},
    {"evt_6", {1, 5, 7, 9, 13, 23}, {6, 9, 11, 14, 21, 22}},
    {"evt_7", {4, 7, 13, 18, 21, 22}, {0, 1, 2, 3, 6, 8}},
    {"evt_8", {5, 9, 11, 14, 16, 17}, {10, 13, 16, 17, 19, 23}},
    {"evt_9", {5, 10, 12, 19, 22, 24}, {2, 3, 9, 17, 20, 24}},
    {"evt_10", {5, 6, 7, 16, 20, 22}, {1, 10, 12, 20, 21, 22}},
    {"evt_11", {3, 7, 11, 13, 19, 21}, {2, 7, 15, 16, 19, 23}},
    {"evt_12", {6, 8, 9, 12, 19, 22}, {1, 9, 11, 16, 20, 22}},
    {"evt_13", {0, 6, 8, 11, 20, 22}, {5, 6, 9, 13, 15, 23}},
    {"evt_14", {1, 5, 7, 13, 16, 21}, {1, 2, 10, 11, 16, 24}},
    {"evt_15", {2, 3, 10, 12, 14, 24}, {1, 10, 11, 12, 16, 22}},
    {"evt_16", {2, 3, 12, 13, 20, 24}, {2, 5, 7, 9, 13, 18}},
    {"evt_17", {1, 3, 11, 15, 19, 20}, {2, 3, 9, 10, 12, 17}},
    {"evt_18", {4, 6, 15, 16, 21, 24}, {0, 1, 3, 19, 21, 24}},
    {"evt_19", {4, 7, 11, 14, 16, 19}, {2, 5, 6, 16, 20, 22}},
    {"evt_20", {7, 9, 10, 12, 17, 21}, {6, 10, 14, 17, 20, 23}},
    {"evt_21", {0, 8, 15, 17, 23, 24}, {2, 6, 8, 12, 16, 22}},
    {"evt_22", {0, 5, 6, 10, 22, 24}, {1, 4, 11, 12, 18, 22}},
    {"evt_23", {7, 14, 17, 18, 19, 23}, {0, 1, 8, 13, 19, 23}},
    {"evt_24", {3, 4, 10, 13, 14, 21}, {1, 2, 7, 20, 21, 23}},
};

std::vector<float> unitsOn(const std::uint8_t (&on)[kRa25On]) {
    std::vector<float> values(kRa25Units, 0.0f);
    for (std::uint8_t i : on) values[i] = 1.0f;
    return values;
}

std::vector<PatternRow> makeRa25Patterns() {
    std::vector<PatternRow> rows;
    for (const Ra25Row& r : kRa25Rows) rows.push_back({r.name, unitsOn(r.input), unitsOn(r.target)});
    return rows;
}

}  // namespace

std::vector<std::string> builtinExperimentNames() {
    std::vector<std::string> names;
    for (int i = 0; i < kBuiltinTextCount; ++i) names.emplace_back(kBuiltinTexts[i].name);
    return names;
}

std::string builtinExperimentJson(std::string_view name) {
    for (int i = 0; i < kBuiltinTextCount; ++i)
        if (name == kBuiltinTexts[i].name) return kBuiltinTexts[i].json;
    return {};
}

const std::vector<PatternRow>& ra25Patterns() {
    static const std::vector<PatternRow> rows = makeRa25Patterns();
    return rows;
}

}  // namespace theta
