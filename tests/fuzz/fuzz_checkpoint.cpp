// libFuzzer target: the checkpoint loader (Sim::loadCheckpoint), on any bytes.
//
// Built twice (tests/fuzz/CMakeLists.txt):
//  * fuzz_checkpoint: the bytes as they come, which mostly exercises the header, size and
//    checksum checks (engine/src/io/checkpoint.cpp: "THETALAB" | u32 version | u32 flags |
//    u64 payload bytes | payload | u64 FNV-1a);
//  * fuzz_checkpoint_fixsum (THETA_FUZZ_FIX_CHECKSUM): before loading, the payload size in
//    the header and the trailing FNV-1a checksum are recomputed over the mutated bytes, so
//    mutations reach the structural checks behind the checksum (the experiment JSON, the
//    looper's counters, the pools, every state array's length): a checksum is no defence
//    against a crafted file.
//
// Properties: no crash, hang, leak or UB; a refused checkpoint gets a clean error report and
// no Sim; an accepted one can be stepped, hashed, saved and loaded again to the same state.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "io/checkpoint_format.h"
#include "fuzz_common.h"
#include "theta/experiment.h"
#include "theta/sim.h"

using namespace theta;
using theta::fuzz::checkErrorReport;
using theta::fuzz::fuzzCheck;

namespace {


}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A copy on the heap, exactly `size` bytes long, so ASan sees any read past the end.
    std::vector<std::uint8_t> bytes(data, data + size);
#if THETA_FUZZ_FIX_CHECKSUM
    resealCheckpoint(bytes);
#endif
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = Sim::loadCheckpoint(bytes.data(), bytes.size(), errors);
    checkErrorReport(errors);
    if (!sim) {
        fuzzCheck(!errors.empty(), "a checkpoint was refused without a reason");
        return 0;
    }
    if (!errors.empty()) theta::fuzz::fuzzFail("a checkpoint was loaded and errors were reported", errors[0].str());

    // What the page does next: show it, step it, save it again.
    for (int li = 0; li < sim->numLayers(); ++li) (void)sim->layerInfo(li);
    for (int c = 0; c < 3; ++c) sim->stepCycle();
    const std::uint64_t hash = sim->stateHash();
    const std::vector<std::uint8_t> saved = sim->saveCheckpoint();
    std::unique_ptr<Sim> again = Sim::loadCheckpoint(saved.data(), saved.size(), errors);
    fuzzCheck(again != nullptr, "a checkpoint saved from a loaded checkpoint is refused",
              errors.empty() ? "" : errors[0].str());
    fuzzCheck(again->stateHash() == hash, "a checkpoint round trip changed the state hash");
    return 0;
}
