// The FS-FFFB inhibition of every layer's pool, cycle by cycle over the current trial: what
// the page's inhibition plot and the scope's inhibition panel draw (FSGi against SSGi).
// The engine records neuron variables only (Sim::setRecordings), so the simulation worker
// steps one cycle at a time and copies every layer's pool variables after each cycle, as
// `thetalab trace` reads them. A classic script: sim-worker.js importScripts() it, Node tests
// require() it; it defines one global, ThetaPoolRecording.
(function (global) {
  'use strict';

  class PoolRecording {
    #stride;          // floats per cycle: layers × pool variables
    #values;          // [cycle][layer][var], one trial
    #cycles = 0;      // cycles of the current (or last) trial recorded from its cycle 0

    /**
     * @param {number} numLayers
     * @param {number} numVars pool variables per layer (M.poolVarNames().length)
     * @param {number} thetaCycles cycles per trial
     */
    constructor(numLayers, numVars, thetaCycles) {
      this.#stride = numLayers * numVars;
      this.#values = new Float32Array(thetaCycles * this.#stride);
    }

    /** Forget the recorded trial (init, a new run): the next one is recorded from its start. */
    reset() {
      this.#cycles = 0;
    }

    /**
     * Up to n cycles of `sim`, one at a time, recording the pools after each; stops after
     * the cycle that ends a trial, as Sim.stepCycles does. Returns the cycles stepped.
     */
    stepCycles(sim, n) {
      let cycle = sim.counters().cycle;   // the cycle about to run
      const thetaCycles = this.#values.length / this.#stride;
      let stepped = 0;
      while (stepped < n && sim.stepCycles(1) === 1) {
        stepped += 1;
        this.#record(cycle, sim.poolVarsView());   // a view: copied at once
        cycle += 1;
        if (cycle === thetaCycles) break;   // the trial ended
      }
      return stepped;
    }

    #record(cycle, values) {
      if (cycle === 0) this.#cycles = 0;
      // A trial joined part way (a checkpoint saved mid-trial) is left out until the next one starts.
      if (cycle !== this.#cycles) return;
      this.#values.set(values, cycle * this.#stride);
      this.#cycles = cycle + 1;
    }

    /** { cycles, values: Float32Array [cycle][layer][var] } of the current trial so far, or the last whole trial. */
    copy() {
      return { cycles: this.#cycles, values: this.#values.slice(0, this.#cycles * this.#stride) };
    }
  }

  global.ThetaPoolRecording = PoolRecording;
})(typeof self !== 'undefined' ? self : globalThis);
