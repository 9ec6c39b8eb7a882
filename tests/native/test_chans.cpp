// Channel-function sweeps (bounds, continuity, monotonicity), like axon's chans tests,
// plus the accuracy of our own exp and log against the C library.
#include <doctest/doctest.h>

#include <cmath>

#include "chans.h"
#include "fastmath.h"

using namespace theta;

namespace {
/// Sweep f over [lo, hi] in small steps; the largest jump between neighbours bounds continuity.
template <class Fn> float maxJump(Fn f, float lo, float hi, float step) {
    float prev = f(lo), worst = 0;
    for (float v = lo + step; v <= hi; v += step) {
        const float cur = f(v);
        worst = std::max(worst, std::fabs(cur - prev));
        prev = cur;
    }
    return worst;
}
}  // namespace

TEST_CASE("fastmath: expF and logF track the C library") {
    for (float x = -80; x < 80; x += 0.37f) CHECK(expF(x) == doctest::Approx(std::exp(x)).epsilon(3e-7));
    CHECK(expF(0.0f) == 1.0f);
    for (float x = 1e-6f; x < 1e6f; x *= 1.7f) CHECK(logF(x) == doctest::Approx(std::log(x)).epsilon(1e-6).scale(1));
    CHECK(logF(1.0f) == 0.0f);
    CHECK(powF(5.6666665f, 1.0f / 6) == doctest::Approx(std::pow(5.6666665f, 1.0f / 6)).epsilon(1e-6));
}

TEST_CASE("chans: NMDA Mg block is zero at and above 0 mV, positive and continuous below") {
    for (float v = -100; v < 0; v += 0.5f) CHECK(chans::mgG(v, 1.4f) > 0);
    CHECK(chans::mgG(0.0f, 1.4f) == 0.0f);
    CHECK(chans::mgG(20.0f, 1.4f) == 0.0f);
    CHECK(maxJump([](float v) { return chans::mgG(v, 1.4f); }, -100, 0, 0.01f) < 0.01f);
    // more Mg blocks more
    CHECK(chans::mgG(-40.0f, 2.0f) < chans::mgG(-40.0f, 1.0f));
}

TEST_CASE("chans: Ca driving factor is positive, continuous through its singularity at 0") {
    for (float v = -100; v <= 20; v += 0.25f) CHECK(chans::caV(v) > 0);
    CHECK(maxJump([](float v) { return chans::caV(v); }, -2, 2, 0.001f) < 0.01f);
    CHECK(chans::caV(-0.49f) == doctest::Approx(chans::caV(-0.51f)).epsilon(0.01));
    // decreasing with depolarisation (less driving force for Ca influx)
    CHECK(maxJump([](float v) { return chans::caV(v); }, -100, 20, 0.05f) < 0.1f);
    for (float v = -99; v < 20; v += 1) CHECK(chans::caV(v) > chans::caV(v + 1));
}

TEST_CASE("chans: GABA-B sigmoid is bounded and monotone, voltage factor peaks near -80 mV") {
    float prev = 0;
    for (float gi = 0; gi < 5; gi += 0.01f) {
        const float s = chans::gababS(gi, 10.0f);
        CHECK(s >= prev);
        CHECK(s <= 1.0f);
        prev = s;
    }
    CHECK(chans::gababGV(-90.0f) == 0.0f);
    CHECK(chans::gababGV(-100.0f) == 0.0f);
    CHECK(chans::gababGV(-80.0f) > chans::gababGV(-60.0f));
    CHECK(chans::gababGV(-60.0f) > chans::gababGV(-50.0f));
    CHECK(chans::gababGV(-80.0f) == doctest::Approx(1.2).epsilon(0.05));
}

TEST_CASE("chans: efun is continuous at 0 and VGCC gates are in [0, 1] and monotone") {
    CHECK(maxJump([](float x) { return chans::efun(x); }, -1, 1, 1e-5f) < 1e-3f);
    CHECK(chans::efun(0.0f) == 1.0f);
    float prevM = 0, prevH = 1;
    for (float v = -100; v <= 0; v += 0.5f) {
        const float m = chans::vgccMInf(v), h = chans::vgccHInf(v);
        CHECK((m >= 0 && m <= 1 && h >= 0 && h <= 1));
        CHECK(m >= prevM);
        CHECK(h <= prevH);
        prevM = m;
        prevH = h;
    }
}

TEST_CASE("chans: A-type K is small at rest and grows with depolarisation up to Vmax") {
    CHECK(chans::gak(-70.0f, 0.1f, 0.076f, 0.075f, 2.0f, -37.0f) < 0.005f);
    CHECK(chans::gak(-40.0f, 0.1f, 0.076f, 0.075f, 2.0f, -37.0f) > chans::gak(-70.0f, 0.1f, 0.076f, 0.075f, 2.0f, -37.0f));
    CHECK(chans::gak(0.0f, 0.1f, 0.076f, 0.075f, 2.0f, -37.0f) == chans::gak(-37.0f, 0.1f, 0.076f, 0.075f, 2.0f, -37.0f));
}
