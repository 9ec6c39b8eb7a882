// Network construction: shapes and pools, connectivity patterns, path types and scaling,
// weight initialisation and symmetry.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "inhib.h"
#include "learn.h"
#include "network.h"
#include "sim_fixture.h"
#include "theta/experiment.h"
#include "theta/sim.h"

using namespace theta;

namespace {

Network build(const std::string& layers, const std::string& paths, std::uint64_t seed = 5) {
    const std::string json = R"({"schema":1,"seed":)" + std::to_string(seed) + R"(,"network":{"layers":[)" + layers +
                             R"(],"paths":[)" + paths +
                             R"(]},"task":{"source":"generate","generate":{"count":4,"on":2,"minDiff":1}}})";
    return test::makeNetwork(json, seed);
}

const char* kInOut = R"({"name":"Input","type":"Input","shape":[4,4]},{"name":"Output","type":"Target","shape":[2,2]})";

}  // namespace

TEST_CASE("layers: 2D shapes, 4D pool shapes, padding and pools") {
    Network net = build(std::string(kInOut) + R"(,{"name":"H","type":"Hidden","shape":[2,3,2,2]})",
                        R"({"from":"Input","to":"H"},{"from":"H","to":"Output"})");
    const Layer& h = net.layers[2];
    CHECK(h.numNeurons == 24);
    CHECK(h.numPools == 1 + 6);
    CHECK(h.nPad % 8 == 0);
    CHECK(h.off % 8 == 0);
    // pool 0 is the layer pool; sub-pool 3 (pools are Y-major) holds units 12..15
    CHECK(net.pools[h.poolStart + 1 + 3].nStart == 12);
    CHECK(net.pools[h.poolStart + 1 + 3].nEnd == 16);
    CHECK(net.layers[0].numPools == 1);
}

TEST_CASE("paths: Full, OneToOne, PoolOneToOne and UniformRandom connect what they should") {
    Network net = build(std::string(kInOut) + R"(,{"name":"A","type":"Hidden","shape":[2,2,2,2]},
                                               {"name":"B","type":"Hidden","shape":[2,2,3,3]},
                                               {"name":"C","type":"Hidden","shape":[4,4]})",
                        R"({"from":"Input","to":"C","pattern":"OneToOne"},
                           {"from":"A","to":"B","pattern":"PoolOneToOne"},
                           {"from":"Input","to":"A","pattern":"UniformRandom","pcon":0.25},
                           {"from":"C","to":"C","type":"Lateral"},
                           {"from":"B","to":"Output"})");
    const Path& oneToOne = net.paths[0];
    CHECK(oneToOne.numSyn() == 16);
    for (int s = 0; s < 16; ++s) CHECK(oneToOne.recvIndex[oneToOne.sendStart[s]] == static_cast<std::uint32_t>(s));
    const Path& poolPath = net.paths[1];
    CHECK(poolPath.numSyn() == 4u * 4 * 9);  // 4 pools, each 4 senders x 9 receivers
    CHECK(poolPath.recvIndex[poolPath.sendStart[4]] == 9u);  // sender 4 is in pool 1 -> receivers 9..17
    const Path& rnd = net.paths[2];
    for (int r = 0; r < rnd.nRecv; ++r) CHECK(rnd.recvStart[r + 1] - rnd.recvStart[r] == 4u);  // 0.25 x 16
    const Path& lateral = net.paths[3];
    CHECK(lateral.numSyn() == 16u * 15);  // no self connections
    for (int s = 0; s < 16; ++s)
        for (auto syn = lateral.sendStart[s]; syn < lateral.sendStart[s + 1]; ++syn)
            CHECK(lateral.recvIndex[syn] != static_cast<std::uint32_t>(s));
    CHECK(net.paths[4].dense);
    CHECK_FALSE(rnd.dense);
}

TEST_CASE("paths: scaling from expected activity, Rel and Abs, inhibitory paths scale apart") {
    Network net = build(std::string(kInOut) + R"(,{"name":"H","type":"Hidden","shape":[5,5]})",
                        R"({"from":"Input","to":"H","params":{"PathScale.Abs":2}},
                           {"from":"Output","to":"H","type":"Back"},
                           {"from":"H","to":"H","type":"Inhib","pattern":"UniformRandom","pcon":0.5})");
    // Input: 16 units at nominal 0.15 (Input default 0.1 in Axon; 0.1 x 16 = 1.6 -> 2 active)
    const float inAct = std::max(1.0f, std::round(net.layers[0].params.Inhib.ActAvg.Nominal * 16));
    const float relIn = 1.0f / 1.1f;  // Back default Rel 0.1
    CHECK(net.paths[0].gScale == doctest::Approx(2.0f * relIn / inAct).epsilon(1e-6));
    CHECK(net.paths[1].relNorm == doctest::Approx(0.1f / 1.1f).epsilon(1e-6));
    CHECK(net.paths[2].inhibitory);
    CHECK(net.paths[2].relNorm == 1.0f);  // alone among the inhibitory paths
    CHECK(net.paths[2].params.SWts.Adapt.On == 0);
}

TEST_CASE("weights: mean and variance of the initial weights, SWt mean rescaled, symmetry") {
    // layer order matters for symmetry: paths from lower to higher layers are copied back
    Network net = build(R"({"name":"Input","type":"Input","shape":[4,4]},{"name":"H","type":"Hidden","shape":[10,10]},
                           {"name":"Output","type":"Target","shape":[2,2]})",
                        R"({"from":"Input","to":"H"},{"from":"H","to":"Output"},{"from":"Output","to":"H","type":"Back"})");
    const Path& in = net.paths[0];
    float mn = 1, mx = 0, sum = 0;
    for (std::size_t i = 0; i < in.numSyn(); ++i) {
        mn = std::min(mn, in.Wt[i]);
        mx = std::max(mx, in.Wt[i]);
        sum += in.Wt[i];
        CHECK(in.Wt[i] == doctest::Approx(in.SWt[i] * 2 * sigFromLWt(in.LWt[i], 6)).epsilon(1e-5));
    }
    CHECK(mn >= 0.25f);
    CHECK(mx <= 0.75f);
    CHECK(sum / in.numSyn() == doctest::Approx(0.5).epsilon(0.05));
    // each receiver's SWt averages Init.Mean after the rescale
    for (int r = 0; r < in.nRecv; ++r) {
        float s = 0;
        for (auto k = in.recvStart[r]; k < in.recvStart[r + 1]; ++k) s += in.SWt[in.recvSyn[k]];
        CHECK(s / (in.recvStart[r + 1] - in.recvStart[r]) == doctest::Approx(0.5).epsilon(1e-4));
    }
    // paths into the Target layer keep SWt at the mean (SPct 0)
    for (std::size_t i = 0; i < net.paths[1].numSyn(); ++i) CHECK(net.paths[1].SWt[i] == 0.5f);
    // symmetry: Output->H (r -> s) mirrors H->Output (s -> r)
    const Path& fwd = net.paths[1];
    const Path& back = net.paths[2];
    for (int s = 0; s < fwd.nSend; ++s)
        for (auto syn = fwd.sendStart[s]; syn < fwd.sendStart[s + 1]; ++syn) {
            const auto r = fwd.recvIndex[syn];
            CHECK(back.Wt[back.sendStart[r] + s] == fwd.Wt[syn]);
        }
}

TEST_CASE("inhibition: a 4D layer's pools inhibit locally, bounded by the layer") {
    std::string layers = R"({"name":"Input","type":"Input","shape":[2,2,2,2]},
                            {"name":"H","type":"Hidden","shape":[2,2,3,3],"params":{"Inhib.Pool.On":1}},
                            {"name":"Output","type":"Target","shape":[2,2]})";
    const std::string json = R"({"schema":1,"network":{"layers":[)" + layers +
                             R"(],"paths":[{"from":"Input","to":"H","pattern":"PoolOneToOne"},{"from":"H","to":"Output"}]},
        "task":{"source":"inline","patterns":[{"input":[1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0],"target":[1,0,0,0]}]}})";
    auto sim = test::makeSim(json);
    for (int c = 0; c < 100; ++c) sim->stepCycle();
    const float* gi = sim->neuronVar(1, NeuronVar::PoolGi);
    const float* act = sim->neuronVar(1, NeuronVar::CaP);
    // only pool 0 gets input: its units are active and its pool inhibition is the highest
    float act0 = 0, actRest = 0;
    for (int i = 0; i < 9; ++i) act0 += act[i];
    for (int i = 9; i < 36; ++i) actRest += act[i];
    CHECK(act0 > 0);
    CHECK(actRest == 0);
    CHECK(gi[0] >= gi[9]);
    CHECK(gi[0] > 0);
}

TEST_CASE("padding lanes stay inert with a base conductance (Acts.Init.GeBase > 0)") {
    // Hidden has 5 units in a padded range of 8: with GeBase strong enough to make its units
    // spike, the 3 padding lanes must not spike or build calcium (they feed the pool sums).
    const std::string json = R"({"schema":1,"seed":3,"network":{"layers":[)"
        R"({"name":"Input","type":"Input","shape":[4,4]},{"name":"Hidden","type":"Hidden","shape":[1,5],)"
        R"("params":{"Acts.Init.GeBase":0.3}},{"name":"Output","type":"Target","shape":[2,2]}],)"
        R"("paths":[{"from":"Input","to":"Hidden"},{"from":"Hidden","to":"Output"}]},)"
        R"("task":{"source":"generate","generate":{"count":4,"on":2,"minDiff":1}}})";
    std::unique_ptr<Sim> sim = test::makeSim(json);
    sim->stepTrial();
    Network& net = sim->network();
    const Layer& hidden = net.layers[1];
    REQUIRE(hidden.nPad > static_cast<std::size_t>(hidden.numNeurons));
    const float* caP = net.layerVar(hidden, NeuronVar::CaP, 0);
    float unitsCaP = 0;
    for (int i = 0; i < hidden.numNeurons; ++i) unitsCaP += caP[i];
    CHECK(unitsCaP > 0);   // the real units did spike
    for (std::size_t i = hidden.numNeurons; i < hidden.nPad; ++i) {
        CAPTURE(i);
        CHECK(caP[i] == 0);
        CHECK(net.layerVar(hidden, NeuronVar::GeSyn, 0)[i] == 0);
    }
}

TEST_CASE("inhibition: the layer pool's sums leave out padding lanes, whatever they hold") {
    // Hidden has 5 units in 8 lanes. Whatever a padding lane holds must not reach the pool's
    // feedback, feedforward and CaP / CaD summaries that drive FS-FFFB inhibition and bursting.
    Network net = build(std::string(kInOut) + R"(,{"name":"Hidden","type":"Hidden","shape":[1,5]})",
                        R"({"from":"Input","to":"Hidden"},{"from":"Hidden","to":"Output"})");
    const Layer& ly = net.layers[2];
    REQUIRE(ly.nPad > static_cast<std::size_t>(ly.numNeurons));
    for (bool scalarOnly : {false, true}) {
        CAPTURE(scalarOnly);
        for (NeuronVar v : {NeuronVar::Spike, NeuronVar::GeRaw, NeuronVar::GeExt, NeuronVar::CaP, NeuronVar::CaD}) {
            float* x = net.layerVar(ly, v, 0);
            for (int i = 0; i < ly.numNeurons; ++i) x[i] = 0.25f;
            for (std::size_t i = ly.numNeurons; i < ly.nPad; ++i) x[i] = 1.0f;  // phantom activity
        }
        poolSums(net, ly, 0, scalarOnly);
        const Pool& pool = net.pool(ly, 0, 0);
        CHECK(pool.fbsRaw == doctest::Approx(5 * 0.25f));
        CHECK(pool.ffsRaw == doctest::Approx(0.25f));
        CHECK(pool.geExtRaw == doctest::Approx(0.25f));
        CHECK(pool.caPAvg == doctest::Approx(0.25f));
        CHECK(pool.caPMax == 0.25f);
        CHECK(pool.caDMax == 0.25f);
    }
}
