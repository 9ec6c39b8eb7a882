// Training by time slices, for every worker that trains: sim-worker.js (through
// sim-loop.js), batch-worker.js and compare-worker.js importScripts() this classic script;
// it defines the global ThetaTimeSlicer.
//
// A worker answers messages only between tasks, so training in one long task would leave a
// Stop, a parameter change or the batch pool's termination waiting (Chromium lets a
// terminated worker finish its task, for up to 2 s). Training therefore runs in slices of
// about SLICE_MS, each its own task; the next slice is queued behind the messages that came
// meanwhile, through a MessageChannel (setTimeout would clamp nested calls to >= 4 ms).
(function (global) {
  'use strict';
  const SLICE_MS = 8;   // train this long, then yield to messages: half a 60 Hz frame

  class TimeSlicer {
    #work;
    #scheduled = false;
    #channel = new MessageChannel();

    /**
     * @param {(deadline: number) => void} work  one slice: train in chunks until
     *   performance.now() passes `deadline` (or the work is over), then return; call
     *   schedule() (from work or elsewhere) for another slice.
     */
    constructor(work) {
      this.#work = work;
      this.#channel.port1.onmessage = () => {
        this.#scheduled = false;
        this.#work(performance.now() + SLICE_MS);
      };
    }

    /** Run one more slice after the messages already queued (once, however often this is called meanwhile). */
    schedule() {
      if (this.#scheduled) return;
      this.#scheduled = true;
      this.#channel.port2.postMessage(null);
    }
  }

  TimeSlicer.SLICE_MS = SLICE_MS;
  global.ThetaTimeSlicer = TimeSlicer;
})(self);
