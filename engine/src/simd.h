// The one place that includes xsimd. Kernels are written once as templates over
// F = float (the scalar twin) or F = Batch (xsimd, 4 lanes on SSE2 and wasm), using
// only the helpers below, so both builds run the same operation sequence and give
// bit-identical results (tested in tests/native/test_simd_scalar.cpp).
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if THETA_SIMD
#include <xsimd/xsimd.hpp>
static_assert(XSIMD_VERSION_MAJOR >= 13, "xsimd >= 13 required (scripts/fetch-xsimd.sh)");
#if defined(__EMSCRIPTEN__)
static_assert(std::is_same<xsimd::default_arch, xsimd::wasm>::value,
              "the wasm build must use xsimd's wasm arch (compile with -msimd128)");
#endif
#endif

#if defined(__GNUC__)
#define THETA_FORCE_INLINE inline __attribute__((always_inline))
#else
#define THETA_FORCE_INLINE inline
#endif

namespace theta::simd {

/// Every neuron range is padded to a multiple of kPad floats, whatever the ISA,
/// so layouts and results never depend on the build.
constexpr std::size_t kPad = 8;

inline std::size_t padded(std::size_t n) { return (n + kPad - 1) / kPad * kPad; }

/// The lanes a kernel computes for n units when it may skip padding lanes whose values
/// nothing reads: n rounded up to 4, whole SIMD batches on SSE2 and wasm (a wider ISA would
/// take the last ones through the scalar twin). The same lanes in every build, so even the
/// skipped padding lanes (and a checkpoint that holds them) stay identical across builds.
inline std::size_t unitLanes(std::size_t n) { return (n + 3) / 4 * 4; }

// ------------------------------------------------------------- scalar twin
inline float load(const float* p, float) { return *p; }
inline void store(float* p, float v) { *p = v; }
inline float select(bool c, float a, float b) { return c ? a : b; }
// min/max with one exact semantics on every target (signed zeros and NaN included):
// vmin(a, b) = b < a ? b : a, vmax(a, b) = a < b ? b : a (SSE minps/maxps with swapped
// operands, wasm pmin/pmax), so the SIMD builds use one instruction and still match.
inline float vmin(float a, float b) { return b < a ? b : a; }
inline float vmax(float a, float b) { return a < b ? b : a; }
/// |a| by clearing the sign bit (one instruction; -0 gives +0).
inline float vabs(float a) { return std::fabs(a); }
inline float clamp(float x, float lo, float hi) { return vmin(vmax(x, lo), hi); }
/// 2^k for integer-valued k in [-126, 127] (exact, by building the exponent bits).
inline float pow2i(float k) {
    std::int32_t bits = (static_cast<std::int32_t>(k) + 127) << 23;
    float r;
    std::memcpy(&r, &bits, sizeof r);
    return r;
}
/// The bits of a float as an int, and back (for exponent manipulation in exp/log).
inline std::int32_t floatBits(float x) { std::int32_t b; std::memcpy(&b, &x, sizeof b); return b; }
inline float bitsFloat(std::int32_t b) { float x; std::memcpy(&x, &b, sizeof x); return x; }
inline float intToFloat(std::int32_t i) { return static_cast<float>(i); }
/// Round to nearest integer (ties away from zero is fine: used only for range reduction):
/// truncate x + 0.5 with x's sign (a bit operation, where a select took four instructions).
inline float roundNearest(float x) { return static_cast<float>(static_cast<std::int32_t>(x + std::copysign(0.5f, x))); }

#if THETA_SIMD
using Batch = xsimd::batch<float>;
using BatchMask = xsimd::batch_bool<float>;
constexpr std::size_t kWidth = Batch::size;
static_assert(kPad % kWidth == 0, "kPad must be a multiple of the SIMD width");

inline Batch load(const float* p, Batch) { return Batch::load_unaligned(p); }
inline void store(float* p, Batch v) { v.store_unaligned(p); }
inline Batch select(BatchMask c, Batch a, Batch b) { return xsimd::select(c, a, b); }
#if defined(__wasm_simd128__)
inline Batch vmin(Batch a, Batch b) { return Batch(wasm_f32x4_pmin(a, b)); }
inline Batch vmax(Batch a, Batch b) { return Batch(wasm_f32x4_pmax(a, b)); }
#elif defined(__SSE2__) && !defined(__AVX__)
inline Batch vmin(Batch a, Batch b) { return Batch(_mm_min_ps(b, a)); }
inline Batch vmax(Batch a, Batch b) { return Batch(_mm_max_ps(b, a)); }
#else
inline Batch vmin(Batch a, Batch b) { return xsimd::select(b < a, b, a); }
inline Batch vmax(Batch a, Batch b) { return xsimd::select(a < b, b, a); }
#endif
inline Batch vabs(Batch a) { return xsimd::abs(a); }
inline Batch clamp(Batch x, Batch lo, Batch hi) { return vmin(vmax(x, lo), hi); }
inline Batch pow2i(Batch k) {
    auto ki = xsimd::batch_cast<std::int32_t>(k);
    auto bits = (ki + 127) << 23;
    return xsimd::bitwise_cast<float>(bits);
}
using IntBatch = xsimd::batch<std::int32_t>;
inline IntBatch floatBits(Batch x) { return xsimd::bitwise_cast<std::int32_t>(x); }
inline Batch bitsFloat(IntBatch b) { return xsimd::bitwise_cast<float>(b); }
inline Batch intToFloat(IntBatch i) { return xsimd::batch_cast<float>(i); }
inline Batch roundNearest(Batch x) {
    return xsimd::batch_cast<float>(xsimd::batch_cast<std::int32_t>(x + xsimd::copysign(Batch(0.5f), x)));
}
#else
constexpr std::size_t kWidth = 1;
#endif

/// Broadcast a uniform to the kernel's type.
template <class F> inline F splat(float v) { return F(v); }

}  // namespace theta::simd

namespace theta::simd {
/// Run fn(F{}, i) over [0, n): SIMD batches first, then the scalar twin on the tail.
/// Both see the same per-element operations, so the split never changes a result.
/// With scalarOnly, every element takes the scalar twin (used to test twin equality).
template <class Fn> inline void forEach(std::size_t n, Fn&& fn, bool scalarOnly = false) {
    std::size_t i = 0;
#if THETA_SIMD
    if (!scalarOnly)
        for (; i + kWidth <= n; i += kWidth) fn(Batch(0.0f), i);
#else
    (void)scalarOnly;
#endif
    for (; i < n; ++i) fn(0.0f, i);
}
}  // namespace theta::simd
