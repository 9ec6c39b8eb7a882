// Helpers of the experiment-file suites: editing a base document, the first error of a
// parse, and field-by-field comparisons of experiments (each CHECK names the field that
// differs, which a whole-struct comparison would not).
#pragma once
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "theta/experiment.h"

namespace theta::test {

/// `text` with the one occurrence of `from` replaced by `to` (fails the test if `from` is
/// missing or ambiguous, so an edit cannot silently miss).
inline std::string replaceOnce(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "not in the base document: " << from);
    REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "ambiguous: " << from);
    return text.replace(at, from.size(), to);
}

inline std::string firstError(const ParseResult& r) { return r.errors.empty() ? "(no error)" : r.errors[0].str(); }

inline void checkSameRows(const std::vector<PatternRow>& a, const std::vector<PatternRow>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(i);
        CHECK(a[i].name == b[i].name);
        CHECK(a[i].input == b[i].input);
        CHECK(a[i].target == b[i].target);
    }
}

inline void checkSameParams(const std::vector<ParamSetting>& a, const std::vector<ParamSetting>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].name == b[i].name);
        CHECK(a[i].value == b[i].value);
    }
}

inline void checkSameExperiment(const Experiment& a, const Experiment& b) {
    CHECK(a.schema == b.schema);
    CHECK(a.name == b.name);
    CHECK(a.description == b.description);
    CHECK(a.seed == b.seed);
    REQUIRE(a.layers.size() == b.layers.size());
    for (std::size_t i = 0; i < a.layers.size(); ++i) {
        CAPTURE(i);
        CHECK(a.layers[i].name == b.layers[i].name);
        CHECK(a.layers[i].type == b.layers[i].type);
        CHECK(a.layers[i].shape == b.layers[i].shape);
        CHECK(a.layers[i].driver == b.layers[i].driver);
        checkSameParams(a.layers[i].params, b.layers[i].params);
    }
    REQUIRE(a.paths.size() == b.paths.size());
    for (std::size_t i = 0; i < a.paths.size(); ++i) {
        CAPTURE(i);
        CHECK(a.paths[i].from == b.paths[i].from);
        CHECK(a.paths[i].to == b.paths[i].to);
        CHECK(a.paths[i].type == b.paths[i].type);
        CHECK(a.paths[i].pattern == b.paths[i].pattern);
        CHECK(a.paths[i].pcon == b.paths[i].pcon);
        CHECK(a.paths[i].selfCon == b.paths[i].selfCon);
        checkSameParams(a.paths[i].params, b.paths[i].params);
    }
    CHECK(a.task.inputLayer == b.task.inputLayer);
    CHECK(a.task.targetLayer == b.task.targetLayer);
    CHECK(a.task.source == b.task.source);
    CHECK(a.task.generateCount == b.task.generateCount);
    CHECK(a.task.generateOn == b.task.generateOn);
    CHECK(a.task.generateMinDiff == b.task.generateMinDiff);
    checkSameRows(a.task.patterns, b.task.patterns);
    CHECK(a.train.trialsPerEpoch == b.train.trialsPerEpoch);
    CHECK(a.train.epochs == b.train.epochs);
    CHECK(a.train.nZero == b.train.nZero);
    CHECK(a.train.runs == b.train.runs);
    CHECK(a.train.minusCycles == b.train.minusCycles);
    CHECK(a.train.plusCycles == b.train.plusCycles);
    CHECK(a.train.nData == b.train.nData);
}

}  // namespace theta::test
