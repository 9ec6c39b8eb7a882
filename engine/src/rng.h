// Counter-based random numbers: every stream is a pure function of (seed, stream id),
// so results never depend on the order of draws elsewhere, the SIMD width or the build.
#pragma once
#include <cstdint>

namespace theta {

/// splitmix64 finaliser: a well-mixed 64-bit hash of one word.
inline std::uint64_t mix64(std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/// Stream ids, so that different consumers never share numbers.
enum class RngStream : std::uint64_t { Weights = 1, TrgAvg = 2, Env = 3, Patterns = 4, Fsa = 5, Drive = 6, Noise = 7 };

class Rng {
public:
    Rng(std::uint64_t seed, RngStream stream, std::uint64_t sub = 0)
        : key_(mix64(mix64(seed) ^ mix64(static_cast<std::uint64_t>(stream) * 0x100000001b3ull + sub))) {}
    std::uint64_t next() { return mix64(key_ + 0x9e3779b97f4a7c15ull * ++counter_); }
    /// Uniform in [0, 1) with 24 random bits (exact in float).
    float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }
    /// Uniform integer in [0, n), n > 0 (multiply-shift, no modulo bias worth noting for n << 2^32).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
    }
    /// Draws taken so far; seek(n) continues a stream from there (checkpoints store the count).
    std::uint64_t draws() const { return counter_; }
    void seek(std::uint64_t draws) { counter_ = draws; }
    /// Fisher-Yates shuffle of idx[0..n).
    template <class T> void shuffle(T* idx, std::uint32_t n) {
        for (std::uint32_t i = n; i > 1; --i) {
            std::uint32_t j = below(i);
            T t = idx[i - 1]; idx[i - 1] = idx[j]; idx[j] = t;
        }
    }

private:
    std::uint64_t key_;
    std::uint64_t counter_ = 0;
};

}  // namespace theta
