// Every SIMD kernel against its scalar twin, bit for bit: on ragged sizes (tails),
// and on a whole network where one copy runs the SIMD neuron kernel and the other the
// scalar one. (The whole-build comparison, SIMD vs the native-scalar build and wasm vs
// native, is `thetalab hash`, checked by scripts/test.sh and the Node tests.)
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "act.h"
#include "chans.h"
#include "cycle.h"
#include "fastmath.h"
#include "learn.h"
#include "theta_trial.h"
#include "network.h"
#include "rng.h"
#include "sim_fixture.h"
#include "simd.h"
#include "theta/experiment.h"
#include "theta/sim.h"

using namespace theta;

namespace {

bool sameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Apply fn over n inputs once with forEach (SIMD + tail) and once purely scalar.
template <class Fn> void checkTwin(const char* name, Fn fn) {
    for (std::size_t n = 1; n <= 3 * simd::kWidth + 1; ++n) {
        std::vector<float> x(n), outSimd(n), outScalar(n);
        Rng rng(7, RngStream::Patterns, n);
        for (auto& v : x) v = -120.0f + 140.0f * rng.uniform();
        simd::forEach(n, [&](auto tag, std::size_t i) { simd::store(&outSimd[i], fn(simd::load(&x[i], tag))); });
        for (std::size_t i = 0; i < n; ++i) outScalar[i] = fn(x[i]);
        for (std::size_t i = 0; i < n; ++i) {
            INFO(name << " n=" << n << " i=" << i << " x=" << x[i]);
            CHECK(sameBits(outSimd[i], outScalar[i]));
        }
    }
}

/// One training trial driven by hand (as Sim does), with the SIMD kernels or their scalar
/// twins; `slowAdapt` makes this trial's weight update also run the slow SWt adaptation.
void trainTrial(Network& net, const std::vector<float>& input, const std::vector<float>& target, bool scalar,
                bool slowAdapt) {
    trialStart(net, 0, &input, static_cast<int>(net.layers.size()) - 1, &target);
    if (slowAdapt) net.ctx.slowCounter = Context::kSlowInterval - 1;   // read by wtFromDWt only
    runThetaTrial(net, scalar);
}

/// In a THETA_SIMD=OFF build (native-scalar, wasm-scalar) the "SIMD" kernels are the scalar
/// twins themselves, so comparing them could not fail: those builds skip the twin tests
/// (ctest lists one skipped entry for them, tests/native/CMakeLists.txt); their bits are
/// checked against the SIMD build's by `thetalab hash` (scripts/compare-hashes.sh) instead.
constexpr bool kScalarBuild = !THETA_SIMD;

}  // namespace

TEST_CASE("simd: the engine reports the arch and lane count its kernels use") {
    const std::string arch = simdArchName();
    MESSAGE("arch " << arch << ", " << simd::kWidth << " lanes");
    CHECK(simdLanes() == static_cast<int>(simd::kWidth));
    CHECK((arch == "scalar") == kScalarBuild);
    CHECK((simd::kWidth == 1) == kScalarBuild);
}

TEST_CASE("simd: channel functions equal their scalar twins on ragged sizes" * doctest::skip(kScalarBuild)) {
    checkTwin("expF", [](auto v) { return expF(v * decltype(v)(0.5f)); });
    checkTwin("logF", [](auto v) { return logF(simd::vabs(v) + decltype(v)(1e-3f)); });
    checkTwin("powF", [](auto v) { using F = decltype(v); return powF(simd::vabs(v) * F(0.01f) + F(0.001f), F(1.0f / 6)); });
    checkTwin("mgG", [](auto v) { return chans::mgG(v, 1.2f); });
    checkTwin("caV", [](auto v) { return chans::caV(v); });
    checkTwin("gababS", [](auto v) { return chans::gababS(v * decltype(v)(0.01f), 10.0f); });
    checkTwin("gababGV", [](auto v) { return chans::gababGV(v); });
    checkTwin("efun", [](auto v) { return chans::efun(v * decltype(v)(0.1f)); });
    checkTwin("vgccMInf", [](auto v) { return chans::vgccMInf(v); });
    checkTwin("gak", [](auto v) { return chans::gak(v, 0.1f, 0.076f, 0.075f, 2.0f, -37.0f); });
}

TEST_CASE("simd: a whole ra25 network trains to identical bits with every kernel's scalar twin" * doctest::skip(kScalarBuild)) {
    // Copy A runs the SIMD kernels (gather, neuron update, spike send, DWt, WtFromDWt);
    // copy B runs the scalar twin of each. Compared after every trial, learning included.
    Network a = test::makeNetwork(builtinExperimentJson("ra25"), 3);
    Network b = test::makeNetwork(builtinExperimentJson("ra25"), 3);
    const auto& pats = ra25Patterns();
    for (int trial = 0; trial < 4; ++trial) {
        const PatternRow& row = pats[trial * 7 % pats.size()];
        // the last trial also runs the slow SWt adaptation and synaptic scaling
        trainTrial(a, row.input, row.target, false, trial == 3);
        trainTrial(b, row.input, row.target, true, trial == 3);
        INFO("trial " << trial);
        CHECK(std::memcmp(a.neurons.data(), b.neurons.data(), a.neurons.size() * sizeof(float)) == 0);
        CHECK(std::memcmp(a.caBins.data(), b.caBins.data(), a.caBins.size() * sizeof(float)) == 0);
        for (std::size_t pi = 0; pi < a.paths.size(); ++pi) {
            CHECK(std::memcmp(a.paths[pi].Wt.data(), b.paths[pi].Wt.data(), a.paths[pi].Wt.size() * sizeof(float)) == 0);
            CHECK(std::memcmp(a.paths[pi].SWt.data(), b.paths[pi].SWt.data(), a.paths[pi].SWt.size() * sizeof(float)) == 0);
            CHECK(std::memcmp(a.paths[pi].LWt.data(), b.paths[pi].LWt.data(), a.paths[pi].LWt.size() * sizeof(float)) == 0);
            CHECK(std::memcmp(a.paths[pi].gBuf.data(), b.paths[pi].gBuf.data(), a.paths[pi].gBuf.size() * sizeof(float)) == 0);
        }
    }
    // the network did something: spikes, and weights moved away from their initial values
    float actSum = 0;
    for (int i = 0; i < a.layers[1].numNeurons; ++i) actSum += a.layerVar(a.layers[1], NeuronVar::CaD, 0)[i];
    CHECK(actSum > 0);
}

TEST_CASE("simd: networks of ragged sizes (1 to 3 x lanes + 1 units) train identically with the scalar twins" * doctest::skip(kScalarBuild)) {
    for (int n = 1; n <= static_cast<int>(3 * simd::kWidth + 1); ++n) {
        const std::string shape = "[1," + std::to_string(n) + "]";
        const std::string json = R"({"schema":1,"seed":)" + std::to_string(n) + R"(,"network":{"layers":[
            {"name":"Input","type":"Input","shape":)" + shape + R"(},{"name":"Hidden","shape":)" + shape + R"(},
            {"name":"Output","type":"Target","shape":)" + shape + R"(}],"paths":[{"from":"Input","to":"Hidden"},
            {"from":"Hidden","to":"Output"},{"from":"Output","to":"Hidden","type":"Back"}]},
            "task":{"source":"generate","generate":{"count":3,"on":1,"minDiff":0}}})";
        Network a = test::makeNetwork(json, 11);
        Network b = test::makeNetwork(json, 11);
        std::vector<float> pat(n, 0.0f);
        pat[0] = 1;
        for (int trial = 0; trial < 2; ++trial) {
            trainTrial(a, pat, pat, false, trial == 1);
            trainTrial(b, pat, pat, true, trial == 1);
        }
        INFO("units per layer: " << n);
        CHECK(std::memcmp(a.neurons.data(), b.neurons.data(), a.neurons.size() * sizeof(float)) == 0);
        for (std::size_t pi = 0; pi < a.paths.size(); ++pi) {
            CHECK(std::memcmp(a.paths[pi].Wt.data(), b.paths[pi].Wt.data(), a.paths[pi].Wt.size() * sizeof(float)) == 0);
            CHECK(std::memcmp(a.paths[pi].LWt.data(), b.paths[pi].LWt.data(), a.paths[pi].LWt.size() * sizeof(float)) == 0);
        }
    }
}
