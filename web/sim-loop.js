// The simulation worker's training loop: a classic script that sim-worker.js imports after
// time-slice.js; it defines the global ThetaTrainingLoop. It never touches wasm itself: the
// worker hands it the engine calls it needs and hears back when trials, slices, runs and
// steps end.
//
// A run trains until it is stopped or the experiment's run is done; a step is a run with a
// goal (n cycles, phases, trials or epochs). Work is done in time slices (ThetaTimeSlicer),
// each a series of chunks (one stepCycles() call, about CHUNK_MS). Between slices the worker
// answers messages, so a Stop, a parameter or a view change waits one slice at most.
// Frames: unthrottled, one after a slice whenever the page wants one (it acknowledges each
// frame after an animation frame); throttled, one after every `cyclesPerFrame` cycles, and
// those cycles start only when the page wants the next frame.
(function (global) {
  'use strict';
  const P = global.ThetaProtocol;
  const CHUNK_MS = 1;   // aim for one stepCycles() call, so a slice overruns by ~1 ms at most

  class TrainingLoop {
    #engine;
    #hooks;
    #mode = null;           // null | 'run' | 'step'
    #goal = null;           // step: { unit, left, ... } (the worker's promise callbacks ride along)
    #cyclesPerFrame = 0;    // 0 = unthrottled
    #frameWanted = true;    // the page has shown the last frame
    #tickLeft = 0;          // throttled run: cycles left before this frame's cycles are done
    #waitingForAck = false; // throttled run: paused until the page wants the next frame
    #slicer = new global.ThetaTimeSlicer((deadline) => this.#runSlice(deadline));
    #counters = null;       // after the last chunk
    #cyclesPerMs = 0;       // measured speed, which sizes the chunks ...
    #learnMs = 0;           // ... and the learning step at a trial's end

    /**
     * @param {object} engine  { stepCycles(n) -> cycles stepped (stops at a trial's end, 0 when
     *   the run is done), counters() -> Counters, minusCycles(), thetaCycles() }
     * @param {object} hooks   { trialEnded(counters), sliceEnded(), sendFrame(),
     *   finished({ mode, goal, reason, error }), failed(error) } where reason is a
     *   P.StopReason; failed() must end the loop (stop(ERROR, error) or abandon()).
     */
    constructor(engine, hooks) {
      this.#engine = engine;
      this.#hooks = hooks;
    }

    get mode() { return this.#mode; }

    /** Start a run (goal null) or a step (goal { unit: P.Step.*, left: n }). */
    start(mode, goal = null) {
      this.#mode = mode;
      this.#goal = goal;
      this.#counters = this.#engine.counters();
      this.#tickLeft = 0;
      this.#waitingForAck = false;
      if (mode === 'run') this.#frameWanted = true;  // a run shows its first frame at once
      if (this.#throttled()) this.#startTickWhenWanted();
      else this.#slicer.schedule();
    }

    /** End the run or step now (between slices), reporting `reason` through hooks.finished. */
    stop(reason = P.StopReason.STOPPED, error = undefined) {
      if (!this.#mode) return;
      const mode = this.#mode;
      const goal = this.#goal;
      this.abandon();
      this.#hooks.sliceEnded();
      this.#hooks.finished({ mode, goal, reason, error });
    }

    /** End without reporting (the engine crashed): returns the goal of a step under way. */
    abandon() {
      const goal = this.#goal;
      this.#mode = null;
      this.#goal = null;
      this.#tickLeft = 0;
      this.#waitingForAck = false;
      return goal;
    }

    /** cyclesPerFrame: N >= 1, or 0 = unthrottled; a run under way switches at once. */
    setSpeed(cyclesPerFrame) {
      this.#cyclesPerFrame = cyclesPerFrame;
      if (this.#mode !== 'run') return;
      this.#tickLeft = 0;
      if (this.#throttled()) {
        this.#startTickWhenWanted();
      } else {
        this.#waitingForAck = false;
        this.#slicer.schedule();
      }
    }

    /** The page has shown the last frame: it may have the next one. */
    frameAck() {
      this.#frameWanted = true;
      if (this.#mode === 'run' && this.#waitingForAck) this.#startTickWhenWanted();
    }

    #throttled() {
      return this.#mode === 'run' && this.#cyclesPerFrame > 0;
    }

    /** Throttled runs: the next cyclesPerFrame cycles start once the page wants a frame. */
    #startTickWhenWanted() {
      this.#waitingForAck = !this.#frameWanted;
      if (this.#frameWanted) {
        this.#tickLeft = this.#cyclesPerFrame;
        this.#slicer.schedule();
      }
    }

    #sendFrame() {
      this.#frameWanted = false;
      this.#hooks.sendFrame();
    }

    #runSlice(deadline) {
      if (!this.#mode || this.#waitingForAck) return;
      try {
        const end = this.#trainSlice(deadline);
        this.#hooks.sliceEnded();
        if (end) {
          this.stop(end);
        } else if (this.#throttled()) {
          if (this.#tickLeft > 0) {
            this.#slicer.schedule();  // this frame's cycles take more than a slice
          } else {
            this.#sendFrame();
            this.#startTickWhenWanted();
          }
        } else {
          if (this.#frameWanted) this.#sendFrame();
          this.#slicer.schedule();
        }
      } catch (err) {
        this.#hooks.failed(err);
      }
    }

    /** Steps cycles until `deadline`; returns DONE (run over) or STOPPED (goal reached), else null. */
    #trainSlice(deadline) {
      const throttled = this.#throttled();
      if (throttled && this.#tickLeft <= 0) return null;
      for (let first = true; ; first = false) {
        const tChunk = performance.now();
        const msLeft = deadline - tChunk;
        if (msLeft <= 0) return null;
        let limit = this.#chunkLimit(msLeft, first);
        if (limit === 0) return null;
        if (throttled) limit = Math.min(limit, this.#tickLeft);
        const toPhaseEnd = this.#cyclesToPhaseEnd();
        if (this.#goal) limit = Math.min(limit, this.#goalLimit(toPhaseEnd));

        const stepped = this.#engine.stepCycles(limit);  // stops early at the end of a trial
        if (stepped === 0) return P.StopReason.DONE;
        const c = this.#engine.counters();
        this.#counters = c;
        const trialEnded = c.cycle === 0;
        this.#measure(stepped, performance.now() - tChunk, trialEnded);
        if (trialEnded) this.#hooks.trialEnded(c);
        if (this.#goal && this.#goalReached(stepped, toPhaseEnd, trialEnded, c)) return P.StopReason.STOPPED;
        if (c.runDone) return P.StopReason.DONE;
        if (throttled && (this.#tickLeft -= stepped) === 0) return null;
      }
    }

    // Chunk sizes come from measured speed: cycles per ms, and the cost of the learning step
    // (DWt, WtFromDWt) that the last cycle of a trial adds, which can be worth many cycles.

    /** Cycles for the next chunk: about CHUNK_MS, and a trial's end only if its learning fits the slice. */
    #chunkLimit(msLeft, firstOfSlice) {
      if (!(this.#cyclesPerMs > 0)) return 1;  // nothing measured yet
      const limit = Math.max(1, Math.floor(Math.min(msLeft, CHUNK_MS) * this.#cyclesPerMs));
      const toTrialEnd = this.#engine.thetaCycles() - this.#counters.cycle;
      if (limit < toTrialEnd || this.#learnMs + toTrialEnd / this.#cyclesPerMs <= msLeft) return limit;
      // The end of the trial would overrun this slice: go up to just before it, and leave
      // the end itself to the start of the next slice (where it runs even if it takes longer).
      if (toTrialEnd > 1) return toTrialEnd - 1;
      return firstOfSlice ? 1 : 0;
    }

    #measure(stepped, ms, trialEnded) {
      const ema = (old, x) => (old > 0 ? 0.7 * old + 0.3 * x : x);
      if (!trialEnded) this.#cyclesPerMs = ema(this.#cyclesPerMs, stepped / Math.max(ms, 0.01));
      else if (this.#cyclesPerMs > 0) this.#learnMs = ema(this.#learnMs, Math.max(0, ms - stepped / this.#cyclesPerMs));
    }

    #cyclesToPhaseEnd() {
      const c = this.#counters;
      return (c.phase === 'minus' ? this.#engine.minusCycles() : this.#engine.thetaCycles()) - c.cycle;
    }

    /** The most cycles the next chunk may take without overshooting the step's goal. */
    #goalLimit(toPhaseEnd) {
      if (this.#goal.unit === P.Step.CYCLE) return this.#goal.left;
      if (this.#goal.unit === P.Step.PHASE) return toPhaseEnd;
      return Infinity;  // trials and epochs end at a trial's end, where stepCycles stops anyway
    }

    #goalReached(stepped, toPhaseEnd, trialEnded, c) {
      const goal = this.#goal;
      switch (goal.unit) {
        case P.Step.CYCLE: goal.left -= stepped; break;
        case P.Step.PHASE: if (stepped === toPhaseEnd) goal.left--; break;
        case P.Step.TRIAL: if (trialEnded) goal.left--; break;
        case P.Step.EPOCH: if (trialEnded && c.trial === 0) goal.left--; break;
      }
      return goal.left <= 0;
    }
  }

  global.ThetaTrainingLoop = TrainingLoop;
})(self);
