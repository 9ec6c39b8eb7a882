// Fuzz findings as doctest regressions, and every saved fuzz input replayed through the
// same checks the libFuzzer targets make (tests/fuzz/fuzz_*.cpp, compiled in here with
// THETA_FUZZ_REPLAY, where a failed check throws). The native, native-scalar and
// native-asan (gcc ASan + UBSan) builds run them; the fuzz preset replays the same files
// under clang's sanitizers (scripts/fuzz.sh). docs/testing.md "Fuzzing and sanitizers".
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>  // before fuzz_lesson.cpp, which the replay includes inside a namespace

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "network.h"
#include "share_link.h"
#include "io/checkpoint_format.h"
#include "theta/experiment.h"
#include "theta/lesson.h"
#include "theta/settings.h"
#include "theta/sim.h"

#define THETA_FUZZ_REPLAY 1
#include "../fuzz/fuzz_common.h"

// Each target's LLVMFuzzerTestOneInput under its own name, in its own namespace.
namespace replay_experiment {
#define LLVMFuzzerTestOneInput replayExperiment
#include "../fuzz/fuzz_experiment.cpp"
#undef LLVMFuzzerTestOneInput
}  // namespace replay_experiment
namespace replay_pattern_table {
#define LLVMFuzzerTestOneInput replayPatternTable
#include "../fuzz/fuzz_pattern_table.cpp"
#undef LLVMFuzzerTestOneInput
}  // namespace replay_pattern_table
namespace replay_checkpoint {
#define LLVMFuzzerTestOneInput replayCheckpoint
#include "../fuzz/fuzz_checkpoint.cpp"
#undef LLVMFuzzerTestOneInput
}  // namespace replay_checkpoint
namespace replay_checkpoint_fixsum {
#define THETA_FUZZ_FIX_CHECKSUM 1
#define LLVMFuzzerTestOneInput replayCheckpointFixsum
#include "../fuzz/fuzz_checkpoint.cpp"
#undef LLVMFuzzerTestOneInput
#undef THETA_FUZZ_FIX_CHECKSUM
}  // namespace replay_checkpoint_fixsum
namespace replay_share_link {
#define LLVMFuzzerTestOneInput replayShareLink
#include "../fuzz/fuzz_share_link.cpp"
#undef LLVMFuzzerTestOneInput
}  // namespace replay_share_link

namespace replay_settings {
#define LLVMFuzzerTestOneInput replaySettings
#include "../fuzz/fuzz_settings.cpp"
#undef LLVMFuzzerTestOneInput
}  // namespace replay_settings

namespace replay_lesson {
#define LLVMFuzzerTestOneInput replayLesson
#include "../fuzz/fuzz_lesson.cpp"
#undef LLVMFuzzerTestOneInput
}  // namespace replay_lesson

using namespace theta;
namespace fs = std::filesystem;

namespace {

fs::path fuzzDir() {
#ifdef THETA_TEST_DATA_DIR
    return fs::path(THETA_TEST_DATA_DIR) / ".." / ".." / "fuzz";
#else
    return fs::path(__FILE__).parent_path() / ".." / "fuzz";
#endif
}

std::vector<std::uint8_t> readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot read " << path.string());
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The regular files of a directory, sorted (a missing directory has none).
std::vector<fs::path> filesIn(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

using Target = int (*)(const std::uint8_t*, std::size_t);

/// Runs every file of the given directories through a target; returns how many.
int replay(Target target, const std::vector<std::string>& dirs) {
    int n = 0;
    for (const std::string& dir : dirs)
        for (const fs::path& file : filesIn(fuzzDir() / dir)) {
            CAPTURE(file.string());
            const std::vector<std::uint8_t> bytes = readBytes(file);
            std::string failure;
            try {
                target(bytes.data(), bytes.size());
            } catch (const std::exception& e) {
                failure = e.what();
            }
            CHECK_MESSAGE(failure.empty(), failure);
            ++n;
        }
    return n;
}

std::unique_ptr<Sim> build(const std::string& json) {
    const ParseResult r = parseExperiment(json);
    REQUIRE_MESSAGE(r.ok(), (r.errors.empty() ? "" : r.errors[0].str()));
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::create(r.experiment, errors);
    REQUIRE(sim);
    return sim;
}

std::string fileText(const char* relative) {
    const std::vector<std::uint8_t> b = readBytes(fuzzDir() / relative);
    return std::string(b.begin(), b.end());
}

}  // namespace

TEST_CASE("fuzz: every regression input and seed passes its target's checks") {
    // regressions/<target>/ holds the inputs that once failed; corpus/<target>/ the seeds.
    CHECK(replay(replay_experiment::replayExperiment, {"regressions/experiment", "corpus/experiment"}) > 20);
    CHECK(replay(replay_pattern_table::replayPatternTable, {"regressions/pattern_table", "corpus/pattern_table"}) > 5);
    CHECK(replay(replay_checkpoint::replayCheckpoint, {"regressions/checkpoint", "corpus/checkpoint"}) > 5);
    CHECK(replay(replay_checkpoint_fixsum::replayCheckpointFixsum,
                 {"regressions/checkpoint_fixsum", "corpus/checkpoint"}) > 5);
    CHECK(replay(replay_share_link::replayShareLink, {"regressions/share_link", "corpus/share_link"}) > 5);
    CHECK(replay(replay_settings::replaySettings, {"regressions/settings", "corpus/settings"}) > 5);
    CHECK(replay(replay_lesson::replayLesson, {"regressions/lesson", "corpus/lesson"}) > 5);
}

// Found by fuzz_checkpoint (and by ctest --preset native-asan): Reader::bytes passed the null
// data() of an empty vector (the epoch log of a fresh Sim) to memcpy, which UBSan reports.
TEST_CASE("fuzz regression: a checkpoint with an empty epoch log loads") {
    // made here rather than read from the stored input, which follows the checkpoint version
    const std::vector<std::uint8_t> bytes = build(builtinExperimentJson("testnet"))->saveCheckpoint();
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
    REQUIRE_MESSAGE(sim, (errors.empty() ? "" : errors[0].str()));
    CHECK(sim->epochLog().empty());
    CHECK(sim->counters().cyclesTotal == 0);
}

// Found by fuzz_experiment: a checkpoint saved between trials (after any finished trial: the
// looper shows cycle 0 while the network's ctx.cycle stays at the end of the trial) was
// refused as "its state does not fit its experiment". The page saves between trials.
TEST_CASE("fuzz regression: a checkpoint saved between trials loads and continues identically") {
    {  // ra25 after one trial (a whole epoch of ra25 takes long under the sanitizers)
        std::unique_ptr<Sim> a = build(builtinExperimentJson("ra25"));
        a->stepTrial();
        const std::vector<std::uint8_t> bytes = a->saveCheckpoint();
        std::vector<ValidationError> errors;
        std::unique_ptr<Sim> b = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
        REQUIRE_MESSAGE(b, (errors.empty() ? "" : errors[0].str()));
        a->stepTrial();
        b->stepTrial();
        CHECK(b->stateHash() == a->stateHash());
    }
    for (const std::string& json : {fileText("regressions/experiment/checkpoint-between-trials-refused.json"),
                                     builtinExperimentJson("testnet")}) {
        std::unique_ptr<Sim> a = build(json);
        a->stepTrial();
        for (int when = 0; when < 2; ++when) {  // after a trial, then after an epoch
            CAPTURE(when);
            REQUIRE(a->counters().cycle == 0);
            const std::vector<std::uint8_t> bytes = a->saveCheckpoint();
            std::vector<ValidationError> errors;
            std::unique_ptr<Sim> b = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
            REQUIRE_MESSAGE(b, (errors.empty() ? "" : errors[0].str()));
            CHECK(b->stateHash() == a->stateHash());
            std::unique_ptr<Sim> c = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
            REQUIRE(c);
            if (!a->counters().runDone) {
                a->stepTrial();
                b->stepTrial();
                CHECK(b->stateHash() == a->stateHash());
                CHECK(b->counters().trialsTotal == a->counters().trialsTotal);
            }
            a = std::move(c);
            a->stepEpoch();
        }
    }
}


// Found by fuzz_checkpoint_fixsum: a crafted checkpoint with a valid checksum stored 32 in
// the byte of a bool (Sim's trialActive); reading it as a bool is undefined behaviour. The
// loader now checks every bool's byte (0 or 1) before it reads one.
TEST_CASE("fuzz regression: a checkpoint whose bools hold other bytes is refused") {
    // (the stored input invalid-bool-trialActive.ckpt is a version-1 checkpoint, now refused
    // by its version; the same edit of a current checkpoint:) trialActive follows the JSON and the seed.
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = build(builtinExperimentJson("testnet"));
    sim->stepCycle();
    const std::vector<std::uint8_t> good = sim->saveCheckpoint();
    std::uint64_t jsonLen = 0;
    std::memcpy(&jsonLen, good.data() + 24, 8);
    const std::size_t trialActive = 32 + jsonLen + 8 + sizeof(Counters);
    REQUIRE(good[trialActive] == 1);
    for (std::uint8_t value : {2, 0x20, 0xFF}) {
        std::vector<std::uint8_t> bad = good;
        bad[trialActive] = value;
        resealCheckpoint(bad);
        CHECK_FALSE(Sim::loadCheckpoint(bad.data(), bad.size(), errors));
    }
    std::vector<std::uint8_t> same = good;
    resealCheckpoint(same);
    CHECK(same == good);
    CHECK(Sim::loadCheckpoint(same.data(), same.size(), errors));
}

// Found by fuzz_experiment and tests/native/test_limits.cpp: dwtTargetPath (learn.cpp) kept
// the sender's CaSyn bins in `float aP[64], aD[64]`, but a trial has numBins =
// ceil((minusCycles + plusCycles) / 10) bins, up to 2000 for a valid experiment: any trial
// longer than 640 cycles wrote past the stack buffers at its end (a 1-unit network with 641
// cycles is enough). Fixed with scratch buffers of numBins floats in Network.
TEST_CASE("fuzz regression: a trial longer than 640 cycles learns without overflowing the bin buffers") {
    const std::string base = fileText("regressions/experiment/long-trial-target-bins-overflow.json");
    const std::string longest = base.substr(0, base.find("\"train\"")) + R"("train": {"minusCycles": 10000, "plusCycles": 10000}})";
    for (const std::string& json : {base, longest}) {
        std::unique_ptr<Sim> sim = build(json);
        CAPTURE(sim->experiment().train.minusCycles + sim->experiment().train.plusCycles);
        REQUIRE(sim->stepTrial());
        CHECK(sim->counters().trialsTotal == 1);
        float w = 0;
        REQUIRE(sim->recvWeights(1, 0, 0, &w));
        CHECK(std::isfinite(w));
    }
}

// Found by fuzz_checkpoint_fixsum: a crafted checkpoint with a valid checksum may hold NaN in
// any state array; expF's clamp let NaN through (vmax(NaN, lo) is NaN), and roundNearest then
// converted NaN to int32: undefined behaviour, INT_MIN on x86 but 0 in wasm's saturating
// conversion. Fixed in expF by the operand order of the clamp, which maps NaN to -87 in the
// scalar, SSE2 and wasm kernels alike. Only the sanitizers see this one (native-asan builds
// with -fsanitize=float-cast-overflow, which gcc's "undefined" leaves out).
TEST_CASE("fuzz regression: a checkpoint holding NaN state can be stepped") {
    // The fuzzer's input was a version-1 checkpoint, which the loader now refuses before its
    // state is read; the same state is made here in the current format: every neuron
    // variable NaN, saved with a valid checksum, loaded and stepped.
    std::unique_ptr<Sim> source = build(builtinExperimentJson("testnet"));
    FloatArray& state = source->network().neurons;
    std::fill(state.data(), state.data() + state.size(), std::numeric_limits<float>::quiet_NaN());
    const std::vector<std::uint8_t> bytes = source->saveCheckpoint();
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
    REQUIRE_MESSAGE(sim, (errors.empty() ? std::string("refused") : errors[0].str()));
    for (int c = 0; c < 3; ++c) sim->stepCycle();
    CHECK(sim->counters().cyclesTotal >= 3);
}

namespace {
/// Byte offsets of the looper's fields in a checkpoint (engine/src/io/checkpoint.cpp writes them
/// in this order after the experiment JSON).
struct CheckpointLayout {
    std::size_t counters, trialActive, orderPos, currentPattern, lastTrial, epochTrials, epochLogCount, ctx;
    explicit CheckpointLayout(const std::vector<std::uint8_t>& b) {
        std::uint64_t jsonLen = 0, orderCount = 0, logCount = 0;
        std::memcpy(&jsonLen, b.data() + 24, 8);
        counters = 32 + jsonLen + 8;  // after the seed
        trialActive = counters + sizeof(Counters);
        std::memcpy(&orderCount, b.data() + trialActive + 1, 8);
        orderPos = trialActive + 1 + 8 + 4 * orderCount;
        currentPattern = orderPos + 8 + 8;  // after orderPos and permutations
        // vectors: currentPattern (count, one int per data index: 1), then the fsa streams
        // (count, none for testnet)
        lastTrial = currentPattern + 8 + 4 + 8;
        epochTrials = lastTrial + sizeof(TrialStats) + sizeof(EpochStats);
        epochLogCount = epochTrials + 4;
        std::memcpy(&logCount, b.data() + epochLogCount, 8);
        ctx = epochLogCount + 8 + logCount * sizeof(EpochStats);
    }
};
}  // namespace

// Found by review of the checkpoint loader while fuzzing (reproduced by the regression inputs
// counter-*-intmax-overflow.ckpt): a crafted checkpoint could set the looper's counters to
// INT_MAX, and the next trial or epoch overflowed them (signed overflow, UB). The loader now
// checks them against the experiment's schedule.
TEST_CASE("fuzz regression: checkpoint counters outside the schedule are refused") {
    std::unique_ptr<Sim> sim = build(builtinExperimentJson("testnet"));
    sim->stepEpoch();
    for (int t = 0; t < 3; ++t) sim->stepTrial();
    for (int c = 0; c < 199; ++c) sim->stepCycle();  // the next cycle ends a trial and an epoch
    const std::vector<std::uint8_t> good = sim->saveCheckpoint();
    const CheckpointLayout at(good);
    std::vector<ValidationError> errors;
    std::int32_t epochTrials = -1;
    std::memcpy(&epochTrials, good.data() + at.epochTrials, 4);
    REQUIRE(epochTrials == 3);  // the layout above is right
    REQUIRE(Sim::loadCheckpoint(good.data(), good.size(), errors));

    struct Edit {
        const char* what;
        std::size_t offset;
        std::int64_t value;
        int bytes;
    };
    const Edit edits[] = {
        {"run INT_MAX", at.counters + offsetof(Counters, run), INT32_MAX, 4},
        {"run -1", at.counters + offsetof(Counters, run), -1, 4},
        {"epoch INT_MAX", at.counters + offsetof(Counters, epoch), INT32_MAX, 4},
        {"epoch past the limit", at.counters + offsetof(Counters, epoch), 101, 4},
        {"trial INT_MAX", at.counters + offsetof(Counters, trial), INT32_MAX, 4},
        {"trial = trialsPerEpoch", at.counters + offsetof(Counters, trial), 4, 4},
        {"phase 7", at.counters + offsetof(Counters, phase), 7, 4},
        {"epochTrials INT_MAX", at.epochTrials, INT32_MAX, 4},
        {"lastTrial.pattern 99", at.lastTrial + offsetof(TrialStats, pattern), 99, 4},
        {"ctx.minusCycles", at.ctx + offsetof(Context, minusCycles), 10, 4},
        {"ctx.slowCounter INT_MAX", at.ctx + offsetof(Context, slowCounter), INT32_MAX, 4},
        {"ctx.cyclesTotal INT64_MAX", at.ctx + offsetof(Context, cyclesTotal), INT64_MAX, 8},
        {"ctx.trialsTotal INT64_MAX", at.ctx + offsetof(Context, trialsTotal), INT64_MAX, 8},
        {"epochLog[0].nZero INT_MAX", at.epochLogCount + 8 + offsetof(EpochStats, nZero), INT32_MAX, 4},
    };
    for (const Edit& e : edits) {
        CAPTURE(e.what);
        std::vector<std::uint8_t> bad = good;
        if (e.bytes == 4) {
            const std::int32_t v = static_cast<std::int32_t>(e.value);
            std::memcpy(bad.data() + e.offset, &v, 4);
        } else {
            std::memcpy(bad.data() + e.offset, &e.value, 8);
        }
        resealCheckpoint(bad);
        REQUIRE(bad != good);
        std::unique_ptr<Sim> loaded = Sim::loadCheckpoint(bad.data(), bad.size(), errors);
        CHECK_FALSE(loaded);
        if (loaded) loaded->stepTrial();  // what overflowed before the fix
    }
}

// Found by fuzz_checkpoint_fixsum (regressions/checkpoint_fixsum/epochtrials-ahead-of-trial.ckpt):
// the loader took an epoch item count (epochTrials) ahead of the trial counter; a trial
// later it reached trialsPerEpoch, so the checkpoint saved then was refused. The two
// counters always move together, and the loader now requires them equal.
TEST_CASE("fuzz regression: a checkpoint whose epoch item count is not its trial counter is refused") {
    std::unique_ptr<Sim> sim = build(builtinExperimentJson("testnet"));
    sim->stepTrial();
    for (int c = 0; c < 50; ++c) sim->stepCycle();
    const std::vector<std::uint8_t> good = sim->saveCheckpoint();
    const CheckpointLayout at(good);
    std::int32_t epochTrials = -1;
    std::memcpy(&epochTrials, good.data() + at.epochTrials, 4);
    REQUIRE(epochTrials == 1);
    std::vector<ValidationError> errors;
    REQUIRE(Sim::loadCheckpoint(good.data(), good.size(), errors));
    for (std::int32_t value : {0, 2, 3}) {
        std::vector<std::uint8_t> bad = good;
        std::memcpy(bad.data() + at.epochTrials, &value, 4);
        resealCheckpoint(bad);
        CHECK_FALSE(Sim::loadCheckpoint(bad.data(), bad.size(), errors));
    }
}

// Found by fuzz_settings (regressions/settings/more-than-50-errors.txt): 64 bad settings gave
// 64 errors, where every other parser stops at 50 and says more were left out.
TEST_CASE("fuzz regression: a settings list with more than 50 errors lists 50 and says so") {
    const std::vector<std::string> bad(64, "Nowhere:Inhib.Layer.Gi=1");
    std::vector<SettingsCondition> conditions;
    CHECK(expandSettings(std::vector<std::string>(64, "x"), conditions).size() == 51);
    Experiment ex = parseExperiment(builtinExperimentJson("ra25")).experiment;
    const std::vector<ValidationError> errors = applySettings(ex, bad);
    REQUIRE(errors.size() == 51);
    CHECK(errors[0].path == "settings[0]");
    CHECK(errors[50].message == "too many errors: only the first 50 are listed");
}
