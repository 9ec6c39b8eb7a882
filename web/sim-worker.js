// The simulation worker (a classic worker): the only code that loads the engine or
// touches wasm memory. It answers requests from sim-client.js (message shapes in
// protocol.js), owns the one Sim (and deletes it), and trains in time slices, so a Stop or
// a parameter change is answered within a frame however long a run or a step is.
'use strict';
// ThetaProtocol, ThetaWorkerCommon, ThetaTimeSlicer, ThetaTrainingLoop, ThetaPathActivity,
// createThetaLab
importScripts('protocol.js', 'worker-common.js', 'time-slice.js', 'sim-loop.js', 'path-activity.js');

const P = self.ThetaProtocol;
const { badInput, messageOf, isEngineCrash, engineLoader, errorReply } = self.ThetaWorkerCommon;
const MAX_STEPS = 1e6;    // largest n of a step request, and of cyclesPerFrame

// The page shows the .wasm download's progress (slow connections: a class on bad Wi-Fi).
const loadModule = engineLoader({ onProgress: ({ loaded, total }) => self.postMessage({ type: P.Event.LOAD_PROGRESS, loaded, total }) });
let M = null;             // the module instance, once loaded
let sim = null;           // the current Sim; owned here (deleted before it is replaced)
let net = null;           // the loaded network as frames need it (see describeNetwork)
let crashed = null;       // message of a fatal engine error: no more calls into wasm
let engineFacts = null;   // what every Info carries about the engine itself (see engineInfo)

// View settings (what frames carry) outlive a Sim.
const view = { variable: 'Act', scope: null, raster: null };

// Recordings set mid-trial start at that cycle, not at the trial's cycle 0, so frames
// leave them out until a whole trial has been recorded from its start.
const recordingStart = { midTrial: false, trialsTotal: 0 };

// Statistics not yet posted, and how much of the epoch log frames and events have carried.
let pendingTrials = [];
let pendingEpochs = [];
const epochsSent = { frame: 0, event: 0 };

// ---- errors

function fatal(err) {
  if (crashed) return;
  const text = messageOf(err);
  crashed = /\bOOM\b/.test(text) ? `The engine ran out of memory (${text})` : `The engine crashed (${text})`;
  const goal = loop.abandon();
  if (goal) goal.reject(err);
  self.postMessage({ type: P.Event.FATAL, message: crashed });
}

function requireSim() {
  if (!sim) throw new Error('no experiment loaded');
}

async function requireModule() {
  if (!M) M = await loadModule();
  return M;
}

// ---- the loaded network, info and frames

/** The shortest decimal that reads back as the same float32 (0.9, not 0.8999999761581421), as experiment JSON writes numbers. */
function floatDecimal(x) {
  for (let digits = 1; digits < 9; digits++) {
    const d = Number(x.toPrecision(digits));
    if (Math.fround(d) === x) return d;
  }
  return x;
}

/** {name: default} tables nested by type, with each default as experiment JSON would write it. */
function decimalTables(o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? floatDecimal(v) : decimalTables(v)]));
}

/** The layer types' roles and the parameters' defaults, as the engine has them (the page copies none). */
function engineInfo() {
  engineFacts ??= { layerTypes: M.layerTypes(), paramDefaults: decimalTables(M.paramDefaults()) };
  return engineFacts;
}

function describeNetwork() {
  const layers = [];
  let offset = 0;
  const experiment = sim.experimentJson();
  const ex = JSON.parse(experiment);
  // A "drive" task has no target layer (the canonical form leaves targetLayer out).
  const indexOf = (name) => (typeof name === 'string' ? sim.layerIndex(name) : -1);
  const inputLayer = indexOf(ex.task.inputLayer);
  const targetLayer = indexOf(ex.task.targetLayer);
  // The fsa task: unit t of its input and Pulvinar (target) layers stands for token t (the
  // engine refuses those layers unless they have one unit per token).
  const tokens = ex.task.source === 'fsa' ? M.fsaTokenNames() : null;
  for (let li = 0; li < sim.numLayers(); li++) {
    const { name, type, shape, numNeurons } = sim.layerInfo(li);
    const driver = ex.network.layers.find((l) => l.name === name)?.driver;   // Pulvinar layers only
    const labelled = tokens && (li === inputLayer || li === targetLayer);
    layers.push({ index: li, name, type, shape, numNeurons, offset, ...(driver && { driver }), ...(labelled && { unitLabels: tokens }) });
    offset += numNeurons;
  }
  const { minusCycles, plusCycles } = ex.train;
  const poolVarNames = M.poolVarNames();
  return {
    layers,
    // each path's share of its receiver's input, estimated per frame (path-activity.js)
    pathActivity: self.ThetaPathActivity.create(sim, layers, engineInfo().paramDefaults, ex.train.minusCycles),
    totalNeurons: offset,
    experiment,
    ex,
    minusCycles,
    thetaCycles: minusCycles + plusCycles,
    inputLayer,
    targetLayer,
    varNames: M.neuronVarNames(),
    poolVarNames,
    // a test-only run (train.learn false) sends each layer's mean activity per trial
    learns: ex.train.learn !== false,
    // layers each trial is summarised for (TrialStats.units): recording slots 2, 3, ...
    summaryLayers: layers.filter((l) => l.numNeurons <= P.SUMMARY_MAX_UNITS).map((l) => l.index),
    // what the theta-cycle scope records: a driven neuron's inputs rather than learning calcium
    scopeVars: ex.task.source === 'drive' ? P.DRIVE_SCOPE_VARS : P.SCOPE_VARS,
  };
}

function makeInfo() {
  const { ex } = net;
  return {
    name: ex.name,
    description: ex.description,
    experiment: net.experiment,
    seed: sim.experimentSeed(),
    arch: M.simdArch(),
    lanes: M.simdLanes(),
    wasm: { build: loadModule.build, why: loadModule.why },   // which module runs ('simd' | 'scalar')
    varNames: net.varNames,
    poolVarNames: net.poolVarNames,
    learns: net.learns,
    stateBytes: sim.stateBytes(),
    layers: net.layers,
    paths: ex.network.paths.map((p) => ({
      from: p.from, to: p.to, type: p.type, pattern: p.pattern,
      fromIndex: sim.layerIndex(p.from), toIndex: sim.layerIndex(p.to),
    })),
    trialsPerEpoch: ex.train.trialsPerEpoch,
    nData: ex.train.nData ?? 1,
    taskSource: ex.task?.source ?? '',
    epochs: ex.train.epochs,
    runs: ex.train.runs,
    minusCycles: ex.train.minusCycles,
    plusCycles: ex.train.plusCycles,
    inputLayer: net.inputLayer,
    targetLayer: net.targetLayer,
    ...engineInfo(),
  };
}

/** Copy out the page's view of the current state (a transferable snapshot). */
function makeFrame() {
  // All layers share one buffer, so a frame's layers are one transfer.
  const values = new Float32Array(net.totalNeurons);
  const poolVariable = net.poolVarNames.includes(view.variable);
  const layers = net.layers.map((l, li) => {
    const out = values.subarray(l.offset, l.offset + l.numNeurons);
    // a pool variable has one value per layer: every unit of the layer shows it
    if (poolVariable) out.fill(sim.poolVar(li, view.variable));
    else out.set(sim.neuronVarView(li, view.variable));  // a view is valid until the next call: use it at once
    return out;
  });
  const newEpochs = sim.epochLogFrom(epochsSent.frame);
  epochsSent.frame += newEpochs.length;
  const counters = sim.counters();
  const usable = recordingUsable(counters);
  const cycles = usable ? sim.recordedCycles() : 0;
  const recorded = (k) => (usable ? sim.recordedCopy(k) : new Float32Array(0));
  const { scope, raster } = view;
  return {
    counters,
    lastTrial: sim.lastTrial(),
    newEpochs,
    variable: view.variable,
    layers,
    scope: scope && { layer: scope.layer, units: scope.units.slice(), vars: net.scopeVars.slice(), cycles, values: recorded(0) },
    raster: raster && { layer: raster.layer, cycles, values: recorded(1) },
    pools: { vars: net.poolVarNames, layers: net.layers.length, cycles, values: usable ? sim.recordedPoolsCopy() : new Float32Array(0) },
    pathActivity: net.pathActivity.frame(counters, net.experiment, performance.now()),
    pathDWt: pathDWts(),
  };
}

/** lastTrialDWt of every path (the mean DWt the last trial's learning computed). */
function pathDWts() {
  const out = [];
  for (let p = 0; p < sim.numPaths(); p++) out.push(sim.lastTrialDWt(p));
  return out;
}

/** The buffers of a message that are moved rather than copied to the page. */
function transfersOf(msg) {
  const out = [];
  const f = msg.frame;
  if (f) {
    if (f.layers.length) out.push(f.layers[0].buffer);   // every layer's (see makeFrame)
    if (f.scope) out.push(f.scope.values.buffer);
    if (f.raster) out.push(f.raster.values.buffer);
    out.push(f.pools.values.buffer);
    out.push(f.pathActivity.share.buffer, f.pathActivity.drive.buffer, f.pathActivity.driverShare.buffer);
  }
  for (const w of [...(msg.recv ?? []), ...(msg.send ?? [])]) out.push(w.weights.buffer);
  if (msg.bytes instanceof ArrayBuffer) out.push(msg.bytes);
  return out;
}

function post(msg) {
  self.postMessage(msg, transfersOf(msg));
}

// Recording slot 0 is the theta-cycle scope, slot 1 the spike raster (empty when off), then
// the trial summaries' layers; every layer's pool inhibition is recorded too (the inhibition
// plot, the scope's Gi panel).
function applyRecordings() {
  const { scope, raster } = view;
  const none = { layer: 0, neurons: [], vars: [] };
  M.throwIfFieldErrors(sim.setRecordings([
    scope ? { layer: scope.layer, neurons: scope.units, vars: net.scopeVars } : none,
    raster ? { layer: raster.layer, neurons: [...Array(net.layers[raster.layer].numNeurons).keys()], vars: ['Spike'] } : none,
    ...net.summaryLayers.map((li) => ({ layer: li, neurons: [...Array(net.layers[li].numNeurons).keys()], vars: ['Spike', 'Act'] })),
  ]), 'view refused');
  sim.setPoolRecording(true);
  const c = sim.counters();
  recordingStart.midTrial = c.cycle > 0;
  recordingStart.trialsTotal = c.trialsTotal;
}

function recordingUsable(c) {
  if (!recordingStart.midTrial) return true;
  const finished = c.trialsTotal - recordingStart.trialsTotal;  // trials ended since
  return finished > 1 || (finished === 1 && c.cycle > 0);
}

// ---- statistics: every trial and epoch, posted once per slice

/**
 * The trial that just ended, per unit of each small layer: its spikes (count and cycles)
 * and mean Act, from the summary recordings (slots 2, 3, ...); null if they do not hold the
 * whole trial (recordings set mid-trial).
 */
function trialSummary(counters) {
  if (!net.summaryLayers.length || !recordingUsable(counters) || sim.recordedCycles() !== net.thetaCycles) return null;
  const cycles = net.thetaCycles;
  const units = net.summaryLayers.map((li, k) => {
    const n = net.layers[li].numNeurons;
    const v = sim.recordedCopy(2 + k);   // [cycle][Spike, Act][unit]
    const spikeCycles = Array.from({ length: n }, () => []);
    const act = new Array(n).fill(0);
    for (let c = 0; c < cycles; c++) {
      for (let u = 0; u < n; u++) {
        if (v[(c * 2) * n + u] > 0) spikeCycles[u].push(c);
        act[u] += v[(c * 2 + 1) * n + u] / cycles;
      }
    }
    return { layer: li, spikes: spikeCycles.map((s) => s.length), spikeCycles, act };
  });
  return { units, dwt: pathDWts() };
}

/** A test-only run's statistic in place of the error: each layer's mean ActM in the trial. */
function layerActs() {
  return net.learns ? null : { layerActM: net.layers.map((l) => sim.layerTrialAct(l.index, 'minus')) };
}

function collectTrial(counters) {
  pendingTrials.push({ ...sim.lastTrial(), ...trialSummary(counters), ...layerActs() });
  if (counters.trial === 0) {  // the trial ended an epoch
    const epochs = sim.epochLogFrom(epochsSent.event);
    epochsSent.event += epochs.length;
    pendingEpochs.push(...epochs);
  }
}

function flushStats() {
  if (pendingTrials.length) post({ type: P.Event.TRIAL, trials: pendingTrials });
  if (pendingEpochs.length) post({ type: P.Event.EPOCH, epochs: pendingEpochs });
  pendingTrials = [];
  pendingEpochs = [];
}

/** After init() cleared the epoch log, or when a new Sim replaces the old one. */
function resetStats(eventsFrom) {
  pendingTrials = [];
  pendingEpochs = [];
  epochsSent.frame = 0;       // the next frame carries the whole log
  epochsSent.event = eventsFrom;
}

// ---- the time-sliced loop (sim-loop.js): runs, and steps (a step is a run with a goal)

const loop = new self.ThetaTrainingLoop({
  stepCycles: (n) => sim.stepCycles(n),
  counters: () => sim.counters(),
  minusCycles: () => net.minusCycles,
  thetaCycles: () => net.thetaCycles,
}, {
  trialEnded: collectTrial,
  sliceEnded: flushStats,
  sendFrame: () => post({ type: P.Event.FRAME, frame: makeFrame() }),
  finished({ mode, goal, reason, error }) {
    let frame = null;
    try {
      frame = makeFrame();
    } catch (err) {
      error = err;
      reason = P.StopReason.ERROR;
      if (isEngineCrash(err)) fatal(err);  // posts Event.FATAL; a step's promise is refused below
    }
    if (mode === 'step') {
      if (error) goal.reject(error);
      else goal.resolve({ frame });
    } else if (!crashed) {
      post({ type: P.Event.STOPPED, reason, frame, ...(error && { message: messageOf(error) }) });
    }
  },
  failed(err) {
    if (isEngineCrash(err)) fatal(err);
    else loop.stop(P.StopReason.ERROR, err);
  },
});

// ---- sweeps: one condition after another, each on a fresh Sim, in time slices

let sweepJob = null;   // { base, conditions, trials, measure, results, sim, trial, sums, resolve, reject, progress }
const sweepSlicer = new self.ThetaTimeSlicer((deadline) => sweepSlice(deadline));

/** A fresh Sim of the sweep's experiment with condition `c` applied. */
function sweepSim(job, c) {
  const ex = JSON.parse(job.base);
  Object.assign(ex.task, c.task ?? {});
  const s = M.createSim(JSON.stringify(ex));
  try {
    for (const [layer, params] of Object.entries(c.layers ?? {})) {
      for (const [name, value] of Object.entries(params)) M.throwIfFieldErrors(s.setLayerParam(layer, name, value), 'parameter refused');
    }
    if (job.measure.spikesLayer !== undefined) {
      const li = s.layerIndex(job.measure.spikesLayer);
      M.throwIfFieldErrors(s.setRecordings([{ layer: li, neurons: [0], vars: ['Spike'] }]), 'recording refused');
    }
  } catch (err) {
    s.delete();
    throw err;
  }
  return s;
}

/** Run the current condition's next trial; true when the condition is done. */
function sweepTrial(job) {
  const s = job.sim;
  do {
    if (s.stepCycles(job.thetaCycles) === 0) return true;   // the condition's run is done
  } while (s.counters().cycle !== 0);
  job.trial += 1;
  if (job.measure.dwtPath !== undefined) job.sum += s.lastTrialDWt(job.measure.dwtPath);
  else {
    const v = s.recordedCopy(0);
    for (let i = 0; i < v.length; i++) if (v[i] > 0) job.sum += 1;
  }
  return job.trial >= job.trials || s.counters().runDone;
}

function endSweep(stopped, err) {
  const job = sweepJob;
  sweepJob = null;
  if (job.sim) job.sim.delete();
  if (err) job.reject(err);
  else job.resolve({ results: job.results, stopped });
}

function sweepSlice(deadline) {
  const job = sweepJob;
  if (!job) return;
  try {
    while (performance.now() < deadline && job.results.length < job.conditions.length) {
      if (!job.sim) {
        job.sim = sweepSim(job, job.conditions[job.results.length]);
        job.trial = 0;
        job.sum = 0;
      }
      if (sweepTrial(job)) {
        const mean = job.trial ? job.sum / job.trial : NaN;
        job.results.push({ [job.measure.dwtPath !== undefined ? 'dwt' : 'spikes']: mean, trials: job.trial });
        job.sim.delete();
        job.sim = null;
      }
    }
  } catch (err) {
    if (isEngineCrash(err)) fatal(err);
    endSweep(false, err);
    return;
  }
  job.progress(job.results.length, job.conditions.length);
  if (job.results.length >= job.conditions.length) endSweep(false);
  else sweepSlicer.schedule();
}

// ---- request arguments

function wholeNumber(v, path, lo, hi) {
  if (!Number.isInteger(v) || v < lo || v > hi) throw badInput(path, `must be a whole number in [${lo}, ${hi}]`);
  return v;
}

function layerIndex(v, path) {
  return wholeNumber(v, path, 0, net.layers.length - 1);
}

function unitIndex(v, layer, path) {
  return wholeNumber(v, path, 0, net.layers[layer].numNeurons - 1);
}

function checkScope(scope) {
  if (scope === null) return null;
  if (typeof scope !== 'object') throw badInput('scope', 'must be {layer, units} or null');
  const layer = layerIndex(scope.layer, 'scope.layer');
  if (!Array.isArray(scope.units) || scope.units.length < 1 || scope.units.length > P.MAX_SCOPE_UNITS) {
    throw badInput('scope.units', `must list 1 to ${P.MAX_SCOPE_UNITS} units`);
  }
  return { layer, units: scope.units.map((u, i) => unitIndex(u, layer, `scope.units[${i}]`)) };
}

function checkRaster(raster) {
  if (raster === null) return null;
  if (typeof raster !== 'object') throw badInput('raster', 'must be {layer} or null');
  const layer = layerIndex(raster.layer, 'raster.layer');
  const n = net.layers[layer].numNeurons;
  if (n > P.MAX_RASTER_UNITS) throw badInput('raster.layer', `has ${n} units; a raster shows at most ${P.MAX_RASTER_UNITS}`);
  return { layer };
}

/** Drop scope and raster settings that do not fit a newly loaded network. */
function fitViewToNetwork() {
  try { view.scope = view.scope && checkScope(view.scope); } catch { view.scope = null; }
  try { view.raster = view.raster && checkRaster(view.raster); } catch { view.raster = null; }
}

/** Replace the Sim (after a load): the old one's run stops, and the view carries over. */
function adopt(next) {
  loop.stop();
  if (sim) sim.delete();
  sim = next;
  net = describeNetwork();
  resetStats(sim.epochLogSize());
  fitViewToNetwork();
  applyRecordings();
  return { info: makeInfo(), frame: makeFrame() };
}

/**
 * The layer and path parameters that differ from `before` to `after` (the same network: a
 * setting changes values, never layers), and whether anything else changed (a train or task
 * field: only a rebuild applies it).
 */
function settingChanges(before, after) {
  const changes = [];
  const changed = (a, b) => Object.keys(b).filter((k) => a[k] !== b[k]);
  after.network.layers.forEach((l, i) => {
    for (const name of changed(before.network.layers[i].params ?? {}, l.params ?? {})) changes.push({ layer: l.name, name, value: l.params[name] });
  });
  after.network.paths.forEach((p, i) => {
    for (const name of changed(before.network.paths[i].params ?? {}, p.params ?? {})) changes.push({ from: p.from, to: p.to, name, value: p.params[name] });
  });
  const withoutParams = (ex) => JSON.stringify({
    ...ex,
    network: { ...ex.network, layers: ex.network.layers.map(({ params, ...l }) => l), paths: ex.network.paths.map(({ params, ...p }) => p) },
  });
  return { changes, rebuild: withoutParams(before) !== withoutParams(after) };
}

// ---- request handlers: each returns the reply's fields (or throws)

const handlers = {
  async [P.Req.LOAD]({ builtin, json }) {
    await requireModule();
    let text = json;
    if (builtin !== undefined) {
      if (typeof builtin !== 'string') throw badInput('builtin', 'must be the name of a built-in experiment');
      text = M.builtinExperimentJson(builtin);
      if (text === null) throw badInput('builtin', `unknown built-in experiment "${builtin}"`);
    }
    // Build first: a refused experiment leaves the current one (and its run) alone.
    return adopt(M.createSim(text));  // throws an Error with .fieldErrors when refused
  },

  async [P.Req.LOAD_CHECKPOINT]({ bytes }) {
    await requireModule();
    if (!(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes))) throw badInput('bytes', 'must be an ArrayBuffer');
    return adopt(M.loadCheckpoint(bytes));
  },

  async [P.Req.INIT]({ seed }) {
    requireSim();
    loop.stop();
    M.throwIfFieldErrors(sim.init(seed ?? sim.experimentSeed()), 'init refused');
    net.pathActivity.reset();
    resetStats(0);
    recordingStart.midTrial = false;  // init and newRun restart the recordings at cycle 0
    return { frame: makeFrame() };
  },

  async [P.Req.NEW_RUN]() {
    requireSim();
    loop.stop();
    sim.newRun();
    net.pathActivity.reset();
    recordingStart.midTrial = false;
    return { frame: makeFrame() };
  },

  [P.Req.STEP]({ unit, n = 1 }) {
    requireSim();
    if (!Object.values(P.Step).includes(unit)) throw badInput('unit', `must be one of ${Object.values(P.Step).join(', ')}`);
    wholeNumber(n, 'n', 1, MAX_STEPS);
    if (loop.mode) throw new Error('the simulation is running: stop it first');
    return new Promise((resolve, reject) => loop.start('step', { unit, left: n, resolve, reject }));
  },

  async [P.Req.RUN]() {
    requireSim();
    if (loop.mode === 'step') throw new Error('a step is under way: stop it first');
    if (!loop.mode) loop.start('run');
    return { running: true };
  },

  async [P.Req.STOP]() {
    requireSim();
    loop.stop();  // Event.STOPPED, posted first, carries the final frame
    return { stopped: true };
  },

  async [P.Req.SET_SPEED]({ cyclesPerFrame }) {
    loop.setSpeed(wholeNumber(cyclesPerFrame, 'cyclesPerFrame', 0, MAX_STEPS));
    return { cyclesPerFrame };
  },

  async [P.Req.SET_VIEW]({ variable, scope, raster }) {
    requireSim();
    if (variable !== undefined && !net.varNames.includes(variable) && !net.poolVarNames.includes(variable)) {
      throw badInput('variable', `unknown variable "${variable}"`);
    }
    const nextScope = scope === undefined ? view.scope : checkScope(scope);
    const nextRaster = raster === undefined ? view.raster : checkRaster(raster);
    const recordingsChange = JSON.stringify([nextScope, nextRaster]) !== JSON.stringify([view.scope, view.raster]);
    if (variable !== undefined) view.variable = variable;
    view.scope = nextScope;
    view.raster = nextRaster;
    if (recordingsChange) applyRecordings();  // which starts them over: only when they change
    return { view: structuredClone(view), frame: makeFrame() };
  },

  async [P.Req.SET_PARAM]({ layer, from, to, name, value }) {
    requireSim();
    if (typeof name !== 'string') throw badInput('name', 'must be a parameter name, e.g. "Inhib.Layer.Gi"');
    const v = typeof value === 'boolean' ? Number(value) : value;
    if (typeof v !== 'number') throw badInput('value', 'must be a number');
    let errors;
    if (typeof layer === 'string') errors = sim.setLayerParam(layer, name, v);
    else if (typeof from === 'string' && typeof to === 'string') errors = sim.setPathParam(from, to, name, v);
    else throw badInput('layer', 'give a layer name, or the from and to layer names of a path');
    M.throwIfFieldErrors(errors, 'parameter refused');
    net.experiment = sim.experimentJson();
    return { experiment: net.experiment };
  },

  async [P.Req.GET_WEIGHTS]({ layer, unit }) {
    requireSim();
    const li = layerIndex(layer, 'layer');
    const lni = unitIndex(unit, li, 'unit');
    const recv = [];
    const send = [];
    for (let other = 0; other < net.layers.length; other++) {
      const r = sim.recvWeightsCopy(li, lni, other);
      if (r) recv.push({ layer: other, weights: r });
      const s = sim.sendWeightsCopy(li, lni, other);
      if (s) send.push({ layer: other, weights: s });
    }
    return { recv, send };
  },

  async [P.Req.PARSE_PATTERNS]({ text }) {
    requireSim();
    if (net.inputLayer < 0 || net.targetLayer < 0) throw new Error('the experiment has no input or target layer');
    const sizeOf = (li) => net.layers[li].numNeurons;
    return { rows: M.parsePatternTable(text, sizeOf(net.inputLayer), sizeOf(net.targetLayer)) };
  },

  async [P.Req.SAVE_CHECKPOINT]() {
    requireSim();
    return { bytes: sim.saveCheckpoint().buffer };
  },

  async [P.Req.GET_STATE]() {
    requireSim();
    return { counters: sim.counters(), lastTrial: sim.lastTrial(), epochLog: sim.epochLog(), hash: sim.stateHash() };
  },

  async [P.Req.SWEEP]({ json, conditions, trials, measure }, id) {
    await requireModule();
    if (sweepJob) throw new Error('a sweep is under way: stop it first');
    if (typeof json !== 'string') throw badInput('json', 'must be experiment JSON text');
    if (!Array.isArray(conditions) || conditions.length < 1 || conditions.length > 10000) throw badInput('conditions', 'must list 1 to 10000 conditions');
    wholeNumber(trials, 'trials', 1, 1000);
    if (!measure || typeof measure !== 'object') throw badInput('measure', 'must be { dwtPath } or { spikesLayer }');
    if (measure.dwtPath !== undefined) wholeNumber(measure.dwtPath, 'measure.dwtPath', 0, 1000);
    else if (typeof measure.spikesLayer !== 'string') throw badInput('measure', 'must be { dwtPath } or { spikesLayer }');
    const { train } = JSON.parse(json);
    return new Promise((resolve, reject) => {
      sweepJob = {
        thetaCycles: train.minusCycles + train.plusCycles,
        base: json, conditions, trials, measure, results: [], sim: null, trial: 0, sum: 0, resolve, reject,
        sent: 0,   // results already posted with progress
        progress(done, total) {
          self.postMessage({ id, type: P.SWEEP_PROGRESS, done, total, from: this.sent, results: this.results.slice(this.sent) });
          this.sent = this.results.length;
        },
      };
      sweepSlicer.schedule();
    });
  },

  async [P.Req.SWEEP_STOP]() {
    if (!sweepJob) return { stopped: false };
    endSweep(true);
    return { stopped: true };
  },

  async [P.Req.LESSON]({ builtin, text }) {
    requireSim();
    let lesson = text;
    if (builtin !== undefined) {
      if (typeof builtin !== 'string') throw badInput('builtin', 'must be the name of a built-in experiment');
      lesson = M.builtinLessonText(builtin);
      if (lesson === '') return { text: '', ok: true, errors: [], doc: null };
    } else if (typeof text !== 'string') throw badInput('text', 'must be the lesson\'s Markdown');
    return { text: lesson, ...M.checkLessonForSim(lesson, sim) };
  },

  async [P.Req.SETTING_CHANGES]({ setting }) {
    requireSim();
    if (typeof setting !== 'string') throw badInput('setting', 'must be one setting, e.g. "Hidden1:Inhib.Layer.Gi=0.8"');
    const { json, errors } = M.applySettings(sim.experimentJson(), [setting]);
    M.throwIfFieldErrors(errors, 'setting refused');
    return { json, ...settingChanges(JSON.parse(sim.experimentJson()), JSON.parse(json)) };
  },

  async [P.Req.TEST_CRASH]({ kind }) {
    (await requireModule()).testOnlyCrash(String(kind));
    return {};
  },
};

// ---- the one error path: refusals reply 'error'; crashes also post Event.FATAL

async function handleRequest({ id, type, ...args }) {
  try {
    if (crashed) throw new Error(`${crashed}; restart the engine to continue`);
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : null;
    if (!handler) throw new Error(`unknown request "${type}"`);
    post({ id, type: P.Reply.OK, ...(await handler(args, id)) });
  } catch (err) {
    if (isEngineCrash(err)) fatal(err);
    self.postMessage(errorReply(id, err));
  }
}

self.onmessage = ({ data }) => {
  if (data && data.type === P.FRAME_ACK) loop.frameAck();
  else handleRequest(data && typeof data === 'object' ? data : {});
};
