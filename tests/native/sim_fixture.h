// Building what a test runs from an experiment document: a Sim, or a bare Network with fresh
// weights. A refused document fails the test with the parser's or builder's messages.
#pragma once
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "network.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"

namespace theta::test {

inline Experiment parsedExperiment(const std::string& json) {
    ParseResult r = parseExperiment(json);
    for (const ValidationError& e : r.errors) MESSAGE(e.str());
    REQUIRE(r.ok());
    return r.experiment;
}

inline std::unique_ptr<Sim> makeSim(const std::string& json) {
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::create(parsedExperiment(json), errors);
    for (const ValidationError& e : errors) MESSAGE(e.str());
    REQUIRE(sim);
    return sim;
}

/// A built-in experiment with settings applied, as `thetalab ... --set` builds it.
inline Experiment builtinWith(const std::string& name, const std::vector<std::string>& settings) {
    Experiment ex = parsedExperiment(builtinExperimentJson(name));
    const std::vector<ValidationError> errors = applySettings(ex, settings);
    for (const ValidationError& e : errors) MESSAGE(e.str());
    REQUIRE(errors.empty());
    return ex;
}

/// A Sim of a validated experiment (the builder's messages when it refuses).
inline std::unique_ptr<Sim> simOf(const Experiment& ex) {
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::create(ex, errors);
    for (const ValidationError& e : errors) MESSAGE(e.str());
    REQUIRE(sim);
    return sim;
}

/// buildNetwork then initWeights(seed), as a new run starts.
inline Network makeNetwork(const std::string& json, std::uint64_t seed) {
    Network net;
    const std::vector<ValidationError> errors = buildNetwork(parsedExperiment(json), net);
    for (const ValidationError& e : errors) MESSAGE(e.str());
    REQUIRE(errors.empty());
    initWeights(net, seed);
    return net;
}

}  // namespace theta::test
