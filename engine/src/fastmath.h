// Our own exp and log, written once for float and SIMD batches (see simd.h).
// std::exp/std::log differ between libms (glibc vs. Emscripten's musl), which would
// break bit-identical results across native, wasm and SIMD on/off builds.
#pragma once
#include "simd.h"

namespace theta {

/// e^x, relative error < 2e-7 on [-87, 88]; inputs outside are clamped.
template <class F>
inline F expF(F x) {
    using namespace simd;
    // NaN becomes -87 (operand order of vmax / vmin), so no NaN reaches the int conversion
    x = vmin(F(88.0f), vmax(F(-87.0f), x));
    F k = roundNearest(x * F(1.44269504f));             // x = k ln2 + r
    F r = x - k * F(0.693145752f) - k * F(1.42860677e-6f);  // Cody-Waite: ln2 split hi + lo
    // Taylor polynomial to degree 7 on |r| <= 0.35 (Horner form, no FMA).
    F p = F(1.0f / 5040.0f);
    p = p * r + F(1.0f / 720.0f);
    p = p * r + F(1.0f / 120.0f);
    p = p * r + F(1.0f / 24.0f);
    p = p * r + F(1.0f / 6.0f);
    p = p * r + F(0.5f);
    p = p * r + F(1.0f);
    p = p * r + F(1.0f);
    return p * pow2i(k);
}

/// Natural log for finite x > 0 (float or SIMD batch), relative error < 2e-7.
template <class F>
inline F logF(F x) {
    using namespace simd;
    const auto bits = floatBits(x);
    const auto expo = ((bits >> 23) & 0xff) - 127;
    F m = bitsFloat((bits & 0x007fffff) | 0x3f800000);  // mantissa m in [1, 2)
    const auto big = m > F(1.41421356f);
    m = select(big, m * F(0.5f), m);                      // m in [0.707, 1.414]
    const F e = intToFloat(expo) + select(big, F(1.0f), F(0.0f));
    // log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.172: odd series to s^11.
    const F s = (m - F(1.0f)) / (m + F(1.0f));
    const F s2 = s * s;
    F p = F(1.0f / 11.0f);
    p = p * s2 + F(1.0f / 9.0f);
    p = p * s2 + F(1.0f / 7.0f);
    p = p * s2 + F(1.0f / 5.0f);
    p = p * s2 + F(1.0f / 3.0f);
    p = p * s2 + F(1.0f);
    return F(2.0f) * s * p + e * F(0.693147181f);
}

/// x^y for x > 0 (float or SIMD batch).
template <class F>
inline F powF(F x, F y) {
    return simd::select(x == F(1.0f), F(1.0f), expF(y * logF(x)));
}
inline float powF(float x, float y) { return powF<float>(x, y); }

}  // namespace theta
