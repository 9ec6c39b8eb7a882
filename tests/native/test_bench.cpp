// The speed benchmark's report (thetalab bench, runBench in wasm): what it measures, not how
// fast (speed is never a test here). deepfsa is stepped as the Sim steps it, 16 streams at a
// time, so its time per item is the step's time over the streams.
#include <doctest/doctest.h>

#include "theta/bench.h"

using namespace theta;

TEST_CASE("bench: deepfsa reports its 16 streams and the time per item") {
    const BenchReport r = runBench("deepfsa", 2);
    CHECK(r.net == "deepfsa");
    CHECK(r.trials == 2);
    CHECK(r.dataStreams == 16);
    CHECK(r.neurons > 0);
    CHECK(r.synapses > 0);
    CHECK(r.msPerTrial > 0);
    CHECK(r.msPerItem == doctest::Approx(r.msPerTrial / 16));
    CHECK(r.spikesPerSecond > 0);  // spikes of every stream are counted
}

TEST_CASE("bench: a pattern net is one stream, and an unknown net reports nothing") {
    const BenchReport r = runBench("ra25", 2);
    CHECK(r.dataStreams == 1);
    CHECK(r.msPerItem == r.msPerTrial);
    CHECK(r.neurons == 250);
    const BenchReport none = runBench("nope", 2);
    CHECK(none.neurons == 0);
    CHECK(none.msPerTrial == 0);
}
