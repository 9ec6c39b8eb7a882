// The checkpoint envelope and the FNV-1a hash it (and Sim::stateHash) uses:
//
//   "THETALAB" | u32 version | u32 flags (0) | u64 payload bytes | payload | u64 FNV-1a
//
// checkpoint.cpp writes and checks it; the fuzzers and their regression tests use
// resealCheckpoint() to make edited bytes pass the checksum and reach the structural checks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace theta {

constexpr char kCheckpointMagic[8] = {'T', 'H', 'E', 'T', 'A', 'L', 'A', 'B'};
/// 2: data-parallel state (NData) and the deep-layer neuron variables.
constexpr std::uint32_t kCheckpointVersion = 3;  // 3: the spike noise's four neuron variables
constexpr std::size_t kCheckpointHeaderBytes = 8 + 4 + 4 + 8;
constexpr std::size_t kCheckpointSizeOffset = 16;  ///< where the payload size is stored
constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;

/// 64-bit FNV-1a of `n` bytes, continuing from `h` (pass the previous result to chain).
inline std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = kFnvOffsetBasis) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/// Make the payload size and the trailing checksum agree with the bytes (no-op when too short).
inline void resealCheckpoint(std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < kCheckpointHeaderBytes + 8) return;
    const std::uint64_t payload = bytes.size() - kCheckpointHeaderBytes - 8;
    std::memcpy(bytes.data() + kCheckpointSizeOffset, &payload, sizeof payload);
    const std::uint64_t sum = fnv1a(bytes.data(), bytes.size() - 8);
    std::memcpy(bytes.data() + bytes.size() - 8, &sum, sizeof sum);
}

}  // namespace theta
