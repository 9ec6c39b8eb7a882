// Checkpoints restore a simulation exactly and refuse damaged or foreign data.
#include <doctest/doctest.h>

#include "network.h"
#include "theta/sim.h"

using namespace theta;

namespace {
std::unique_ptr<Sim> ra25() {
    ParseResult r = parseExperiment(builtinExperimentJson("ra25"));
    REQUIRE(r.ok());
    std::vector<ValidationError> errors;
    auto sim = Sim::create(r.experiment, errors);
    REQUIRE(sim);
    return sim;
}
}  // namespace

TEST_CASE("checkpoint: save then load gives the same state, and both continue identically") {
    auto a = ra25();
    a->stepTrial();
    a->stepTrial();
    for (int c = 0; c < 37; ++c) a->stepCycle();  // mid-trial, mid-minus-phase
    REQUIRE(a->setLayerParam("Hidden1", "Inhib.Layer.Gi", 1.1).empty());
    const std::vector<std::uint8_t> bytes = a->saveCheckpoint();
    std::vector<ValidationError> errors;
    auto b = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
    REQUIRE(b);
    CHECK(errors.empty());
    CHECK(b->stateHash() == a->stateHash());
    CHECK(b->counters().cycle == 37);
    CHECK(b->network().layers[1].params.Inhib.Layer.Gi == 1.1f);
    for (int t = 0; t < 3; ++t) {
        a->stepTrial();
        b->stepTrial();
    }
    CHECK(b->stateHash() == a->stateHash());
    CHECK(b->epochLog().size() == a->epochLog().size());
}

TEST_CASE("checkpoint: damaged, truncated, foreign and newer data are refused with a reason") {
    auto a = ra25();
    a->stepTrial();
    const std::vector<std::uint8_t> good = a->saveCheckpoint();
    std::vector<ValidationError> errors;
    auto expectRefused = [&](std::vector<std::uint8_t> bytes, const char* why) {
        auto sim = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
        CHECK_FALSE(sim);
        REQUIRE(errors.size() >= 1);
        CHECK(errors[0].path == "checkpoint");
        CHECK(errors[0].message.find(why) != std::string::npos);
    };
    auto flipped = good;
    flipped[good.size() / 2] ^= 0x40;
    expectRefused(flipped, "checksum");
    expectRefused(std::vector<std::uint8_t>(good.begin(), good.begin() + good.size() / 3), "size");
    expectRefused({'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "not a ThetaLab");
    auto newer = good;
    newer[8] = 99;
    expectRefused(newer, "newer");
    expectRefused({}, "not a ThetaLab");
}

TEST_CASE("checkpoint: two identical simulations save identical bytes (no stale padding)") {
    for (const char* name : {"ra25", "deepfsa"}) {
        CAPTURE(name);
        std::vector<std::uint8_t> saved[2];
        for (auto& bytes : saved) {
            // a little unrelated work between the two, so stack and heap contents differ
            std::vector<int> noise(1000 + 7 * static_cast<int>(bytes.size()), 0x5a5a5a5a);
            ParseResult r = parseExperiment(builtinExperimentJson(name));
            REQUIRE(r.ok());
            std::vector<ValidationError> errors;
            auto sim = Sim::create(r.experiment, errors);
            REQUIRE(sim);
            sim->stepTrial();
            for (int c = 0; c < 23; ++c) sim->stepCycle();
            bytes = sim->saveCheckpoint();
            CHECK(noise[0] == 0x5a5a5a5a);
        }
        CHECK(saved[0] == saved[1]);
    }
}
