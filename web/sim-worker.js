// The simulation worker (a classic worker): the only code that loads thetalab.js or
// touches wasm memory. It answers requests from sim-client.js (see protocol.js), owns the
// one Sim (and deletes it), and runs training in time slices so Stop answers within a frame.
'use strict';
importScripts('protocol.js', 'thetalab.js');  // ThetaProtocol, createThetaLab

const P = self.ThetaProtocol;
const SLICE_MS = 8;         // compute this long, then yield to incoming messages
const FRAME_VAR = 'Act';    // the unit variable sent with each frame

const modulePromise = createThetaLab();
let M = null;               // the module instance, once loaded
let sim = null;             // the current Sim; owned here (sim.delete() before replacing)
let layers = [];            // layerInfo() of each layer, plus its offset into frame values
let sentEpochs = 0;         // epochLog() entries already sent to the page
let crashed = null;         // message of a fatal engine error: no more calls into wasm

// Run loop state: one loop at a time; `stopWaiters` are resolved when it ends.
const run = { active: false, stopRequested: false, frameWanted: true, stopWaiters: [] };
// Yield through a MessageChannel, not setTimeout (nested timeouts are clamped to >= 4 ms).
const yieldChannel = new MessageChannel();
yieldChannel.port1.onmessage = () => runSlice();

// ---- helpers

function requireSim() {
  if (!sim) throw new Error('no experiment loaded');
}

function requireIdle() {
  if (run.active) throw new Error('the simulation is running: stop it first');
}

/** Copy out the page's view of the current state (a transferable snapshot). */
function makeFrame() {
  const total = layers.reduce((n, l) => n + l.numNeurons, 0);
  const values = new Float32Array(total);
  for (let li = 0; li < layers.length; li++) {
    // A view is valid only until the next call into the module: use it at once.
    values.set(sim.neuronVarView(li, FRAME_VAR), layers[li].offset);
  }
  const log = sim.epochLog();
  if (log.length < sentEpochs) sentEpochs = 0;  // the log was cleared (init)
  const epochs = log.slice(sentEpochs);
  sentEpochs = log.length;
  return {
    counters: sim.counters(),
    lastTrial: sim.lastTrial(),
    epochs,
    var: FRAME_VAR,
    values: values.buffer,
  };
}

function post(msg) {
  const transfer = msg.frame ? [msg.frame.values] : [];
  self.postMessage(msg, transfer);
}

function stepOnce(unit) {
  switch (unit) {
    case P.Step.CYCLE: return sim.stepCycle();
    case P.Step.PHASE: return sim.stepPhase();
    case P.Step.TRIAL: return sim.stepTrial();
    case P.Step.EPOCH: return sim.stepEpoch();
    default: throw new Error(`unknown step unit "${unit}"`);
  }
}

// ---- the time-sliced run loop

function runSlice() {
  if (!run.active || crashed) return;
  let more = true;
  try {
    // Step cycle by cycle so a slice never overruns by more than one cycle.
    const t0 = performance.now();
    while (!run.stopRequested && performance.now() - t0 < SLICE_MS) {
      if (!sim.stepCycle()) {
        more = false;
        break;
      }
    }
    if (!more || run.stopRequested) {
      finishRun(more ? 'stopped' : 'done');
      return;
    }
    if (run.frameWanted) {
      run.frameWanted = false;
      post({ type: P.Event.FRAME, frame: makeFrame() });
    }
  } catch (err) {
    fatal(err);
    return;
  }
  yieldChannel.port2.postMessage(null);
}

function finishRun(reason) {
  run.active = false;
  run.stopRequested = false;
  post({ type: P.Event.STOPPED, reason, frame: makeFrame() });
  for (const resolve of run.stopWaiters.splice(0)) resolve();
}

function stopRun() {
  if (!run.active) return Promise.resolve();
  run.stopRequested = true;
  return new Promise((resolve) => run.stopWaiters.push(resolve));
}

// ---- request handlers: each returns the reply's fields (or throws)

const handlers = {
  async [P.Req.LOAD]({ builtin, json }) {
    M = M ?? (await modulePromise);
    await stopRun();
    const text = builtin !== undefined ? M.builtinExperimentJson(String(builtin)) : json;
    if (text === null) throw new Error(`unknown built-in experiment "${builtin}"`);
    const next = M.createSim(text);  // throws an Error with .fieldErrors when refused
    if (sim) sim.delete();
    sim = next;
    sentEpochs = 0;
    layers = [];
    let offset = 0;
    for (let li = 0; li < sim.numLayers(); li++) {
      const info = sim.layerInfo(li);
      layers.push({ ...info, offset });
      offset += info.numNeurons;
    }
    const ex = JSON.parse(sim.experimentJson());
    return {
      info: {
        arch: M.simdArch(),
        lanes: M.simdLanes(),
        name: ex.name ?? '',
        description: ex.description ?? '',
        seed: sim.experimentSeed(),
        layers,
        varNames: M.neuronVarNames(),
        stateBytes: sim.stateBytes(),
      },
      frame: makeFrame(),
    };
  },

  async [P.Req.INIT]({ seed }) {
    requireSim();
    await stopRun();
    M.throwIfFieldErrors(sim.init(seed ?? sim.experimentSeed()), 'init refused');
    return { frame: makeFrame() };
  },

  async [P.Req.STEP]({ unit, n = 1 }) {
    requireSim();
    requireIdle();
    for (let i = 0; i < n && stepOnce(unit); i++);
    return { frame: makeFrame() };
  },

  async [P.Req.RUN]() {
    requireSim();
    if (!run.active) {
      Object.assign(run, { active: true, stopRequested: false, frameWanted: true });
      yieldChannel.port2.postMessage(null);
    }
    return { running: true };
  },

  async [P.Req.STOP]() {
    requireSim();
    await stopRun();  // Event.STOPPED, sent first, carries the final frame
    return { stopped: true };
  },
};

// ---- the one error path

/** A trap or abort inside wasm leaves the module unusable: say so once, refuse further calls. */
function fatal(err) {
  crashed = String(err && err.message ? err.message : err);
  run.active = false;
  for (const resolve of run.stopWaiters.splice(0)) resolve();
  self.postMessage({ type: P.Event.FATAL, message: `The engine stopped: ${crashed}` });
}

function isEngineCrash(err) {
  return err instanceof WebAssembly.RuntimeError || /^(Aborted|abort)\b/.test(String(err && err.message));
}

self.onmessage = async ({ data }) => {
  if (data && data.type === P.FRAME_ACK) {
    run.frameWanted = true;
    return;
  }
  const { id, type, ...args } = data ?? {};
  try {
    if (crashed) throw new Error(`the engine stopped earlier (${crashed}); reload the page`);
    const handler = Object.prototype.hasOwnProperty.call(handlers, type) ? handlers[type] : null;
    if (!handler) throw new Error(`unknown request "${type}"`);
    post({ id, type: P.Reply.OK, ...(await handler(args)) });
  } catch (err) {
    if (isEngineCrash(err)) fatal(err);
    self.postMessage({
      id,
      type: P.Reply.ERROR,
      message: String(err && err.message ? err.message : err),
      fieldErrors: (err && err.fieldErrors) || [],
    });
  }
};
