// Benchmark warm-up, shared by the Chromium bench worker and scripts/bench.mjs (Node).
//
// V8 first runs wasm code from its baseline compiler (Liftoff) and tiers a function up to the
// optimizing compiler (TurboFan) in the background once it is hot; a call already running
// keeps its baseline code (there is no on-stack replacement for wasm). Timing the first call
// of runBench therefore measured mostly baseline code in Chromium (ra25: 5.3-7 ms per trial
// against 3.3-3.6 after tier-up, and a third of the memory bandwidth), which is what made a
// Chromium worker look 2x slower than Node. Calling it for about a second first lets every
// function tier up, so the timed call measures what a page that keeps training runs.
'use strict';
(function (root) {
  const WARM_UP_MS = 1000;

  /** Call M.runBench(net, 1) until WARM_UP_MS have passed (at least twice). */
  function warmUpBench(M, net) {
    const t0 = Date.now();
    for (let calls = 0; calls < 2 || Date.now() - t0 < WARM_UP_MS; ++calls) M.runBench(net, 1);
  }

  if (typeof module === 'object' && module.exports) module.exports = { warmUpBench };
  else root.warmUpBench = warmUpBench;
})(typeof self !== 'undefined' ? self : globalThis);
