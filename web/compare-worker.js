// The A/B worker (a classic worker; views/compare-panel.js starts it): two Sims, A (the
// page's experiment) and B (the same with changed settings, applied by the engine as
// `thetalab run --set` does), both initialized with the same seed and stepped trial by
// trial together, in lockstep: CHUNK_CYCLES cycles of A, then as many of B, so both are
// always at the same cycle. Training runs in time slices (time-slice.js; the deadline is
// checked after each chunk, so a slice is bounded in time even when one trial is long, as a
// 16-stream deepfsa trial is) and Stop is answered within a frame; frames carry both runs'
// new epochs and A − B of one neuron variable for every layer.
'use strict';
// ThetaProtocol, ThetaWorkerCommon (it loads the engine), ThetaTimeSlicer
importScripts('protocol.js', 'worker-common.js', 'time-slice.js');

const P = self.ThetaProtocol;
const C = P.Compare;
const { badInput, engineLoader, errorReply, isEngineCrash, messageOf } = self.ThetaWorkerCommon;
const loadModule = engineLoader();
const CHUNK_CYCLES = 10;  // cycles per stepCycles() call: about 0.2 ms of ra25, 5 ms of deepfsa
const MAX_TRIALS = 1e6;

let M = null;
let sims = [];            // [A, B], owned here
let layers = [];          // [{ index, name, type, shape, numNeurons }] (the same in A and B)
let variable = 'Act';
let varNames = [];
let epochsSent = [0, 0];  // how much of each epoch log frames have carried
let running = false;
let goal = null;          // a step under way: { left: trials, resolve, reject }
let inTrial = null;       // [A, B]: which of them are still in the trial under way (null: none is)
let frameWanted = true;   // the page has shown the last frame
let crashed = null;
const slicer = new self.ThetaTimeSlicer(slice);

function deleteSims() {
  for (const s of sims) s.delete();
  sims = [];
}

function requireSims() {
  if (crashed) throw new Error(`${crashed}; start the comparison again`);
  if (sims.length !== 2) throw new Error('no comparison loaded');
}

/** Both runs' counters, their new epochs, and A − B of `variable` per layer (transferable copies). */
function makeFrame() {
  const diff = layers.map((l) => {
    const a = sims[0].neuronVarCopy(l.index, variable);
    const b = sims[1].neuronVarView(l.index, variable);   // valid until the next call: used at once
    for (let i = 0; i < a.length; i++) a[i] -= b[i];
    return a;
  });
  const newEpochs = sims.map((s, k) => {
    const list = s.epochLogFrom(epochsSent[k]);
    epochsSent[k] += list.length;
    return list;
  });
  return { counters: sims.map((s) => s.counters()), newEpochs, variable, diff };
}

function post(msg) {
  self.postMessage(msg, msg.frame ? msg.frame.diff.map((d) => d.buffer) : []);
}

/**
 * Advance the trial under way of each run that is not done, CHUNK_CYCLES cycles of A then
 * of B, until both have finished it or `deadline` passes: 'trial' (a trial ended, for
 * each that was not done), 'time' (out of time, mid-trial) or 'done' (both runs are done).
 */
function advancePair(deadline) {
  if (!inTrial) {
    inTrial = sims.map((s) => !s.counters().runDone);
    if (!inTrial.some(Boolean)) {
      inTrial = null;
      return 'done';
    }
  }
  for (;;) {
    sims.forEach((s, k) => {
      // stepCycles stops at the end of the trial (cycle 0 after it), 0 when the run is done
      if (inTrial[k] && (s.stepCycles(CHUNK_CYCLES) === 0 || s.counters().cycle === 0)) inTrial[k] = false;
    });
    if (!inTrial.some(Boolean)) {
      inTrial = null;
      return 'trial';
    }
    if (performance.now() >= deadline) return 'time';
  }
}

function finishStep() {
  const g = goal;
  goal = null;
  g.resolve({ frame: makeFrame() });
}

function slice(deadline) {
  if (!running && !goal) return;
  try {
    let done = false;
    for (;;) {
      const r = advancePair(deadline);
      if (r === 'done') {
        done = true;
        break;
      }
      if (r === 'time') break;
      if (goal && --goal.left === 0) break;
      if (performance.now() >= deadline) break;
    }
    if (goal) {
      if (goal.left === 0 || done) finishStep();
      else slicer.schedule();
    } else if (done) {
      running = false;
      post({ type: C.STOPPED, reason: P.StopReason.DONE, frame: makeFrame() });
    } else {
      if (frameWanted) {
        frameWanted = false;
        post({ type: C.FRAME, frame: makeFrame() });
      }
      slicer.schedule();
    }
  } catch (err) {
    fail(err);
  }
}

function fail(err) {
  running = false;
  const g = goal;
  goal = null;
  if (isEngineCrash(err)) {
    crashed = `The engine crashed (${messageOf(err)})`;
    sims = [];   // the module is unusable: no more calls into it, not even delete
  }
  if (g) g.reject(err);
  else self.postMessage({ type: C.STOPPED, reason: P.StopReason.ERROR, message: messageOf(err), frame: null });
}

function stopNow() {
  if (goal) finishStep();
  if (running) {
    running = false;
    post({ type: C.STOPPED, reason: P.StopReason.STOPPED, frame: makeFrame() });
  }
}

const handlers = {
  async [C.LOAD]({ experiment, settings }) {
    M ??= await loadModule();
    if (crashed) throw new Error(`${crashed}; start the comparison again`);
    if (typeof experiment !== 'string') throw badInput('experiment', 'must be the experiment JSON text');
    if (!Array.isArray(settings) || settings.length === 0 || !settings.every((s) => typeof s === 'string')) {
      throw badInput('settings', 'give at least one setting for B, e.g. "Hidden1:Inhib.Layer.Gi=1.3"');
    }
    stopNow();
    const applied = M.applySettings(experiment, settings);
    M.throwIfFieldErrors(applied.errors, 'the settings for B were refused');
    const next = [M.createSim(experiment)];
    try {
      next.push(M.createSim(applied.json));
      const sizes = (s) => Array.from({ length: s.numLayers() }, (_, li) => s.layerInfo(li).numNeurons).join(',');
      if (sizes(next[0]) !== sizes(next[1])) throw badInput('settings', 'B must have the same layers as A to compare their units');
      const seed = next[0].experimentSeed();
      for (const s of next) M.throwIfFieldErrors(s.init(seed), 'init refused');
    } catch (err) {
      for (const s of next) s.delete();
      throw err;
    }
    deleteSims();
    sims = next;
    inTrial = null;
    layers = Array.from({ length: sims[0].numLayers() }, (_, li) => ({ index: li, ...sims[0].layerInfo(li) }));
    varNames = M.neuronVarNames();
    epochsSent = [0, 0];
    const ex = JSON.parse(sims[0].experimentJson());
    return {
      info: {
        layers, varNames, seed: sims[0].experimentSeed(), trialsPerEpoch: ex.train.trialsPerEpoch, nData: ex.train.nData ?? 1, settings,
        layerTypes: M.layerTypes(),
      },
      frame: makeFrame(),
    };
  },

  [C.STEP]({ trials }) {
    requireSims();
    if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) throw badInput('trials', `must be a whole number in [1, ${MAX_TRIALS}]`);
    if (running || goal) throw new Error('the comparison is running: stop it first');
    return new Promise((resolve, reject) => {
      goal = { left: trials, resolve, reject };
      slicer.schedule();
    });
  },

  async [C.RUN]() {
    requireSims();
    if (goal) throw new Error('a step is under way: stop it first');
    if (!running) {
      running = true;
      frameWanted = true;
      slicer.schedule();
    }
    return { running: true };
  },

  async [C.STOP]() {
    requireSims();
    stopNow();
    return { stopped: true };
  },

  async [C.VIEW]({ variable: name }) {
    requireSims();
    if (!varNames.includes(name)) throw badInput('variable', `unknown variable "${name}"`);
    variable = name;
    return { frame: makeFrame() };
  },
};

self.onmessage = async ({ data }) => {
  if (data && data.type === P.FRAME_ACK) {
    frameWanted = true;
    return;
  }
  const { id, type, ...args } = data && typeof data === 'object' ? data : {};
  try {
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : null;
    if (!handler) throw new Error(`unknown request "${type}"`);
    post({ id, type: P.Reply.OK, ...(await handler(args)) });
  } catch (err) {
    self.postMessage(errorReply(id, err));
  }
};
