// The page: wires the controls and views to the simulation worker (through SimClient) and
// draws the frames it sends. All simulation happens in sim-worker.js; the page owns only
// snapshots and its own state (views/state.js).
import { SimClient } from './sim-client.js';
import { Controls } from './views/controls.js';
import { CurvesView } from './views/curves.js';
import { drawLegendBar, fmt } from './views/colormap.js';
import { Editor } from './views/editor.js';
import { withPatterns } from './views/experiment-edit.js';
import { NetworkView, unitRowCol } from './views/network-view.js';
import { PatternsUpload } from './views/patterns-upload.js';
import { RasterView } from './views/raster.js';
import { ScopeView } from './views/scope.js';
import {
  BUILTIN_TASKS, MAX_SCOPE_UNITS, createState, defaultSelection, phaseCycles, randomSeed, viewRequest,
} from './views/state.js';
import { Status, epochText, positionText } from './views/status.js';
import { WEIGHT_SCALE, describeVar, scaleFor, varUnit } from './views/vars.js';

const WEIGHTS_REFRESH_MS = 500;   // while running, weights of the selected unit at most this often
const $ = (id) => document.getElementById(id);

const state = createState();
const client = new SimClient('sim-worker.js');
/** Counters for tests and scripts/bench-page.mjs (frames received from the worker and drawn). */
const stats = { framesReceived: 0, framesDrawn: 0 };
// For the browser console, tests and the bench: the page's client and its frame counters.
globalThis.thetaLab = { stats, client };

const status = new Status({ restart });
const controls = new Controls({
  init: () => initRun(state.seed, 'Initialized'),
  newSeed: () => initRun(randomSeed(), 'New seed'),
  run,
  stop,
  step: (unit, n) => act(`Stepped ${n} ${unit}${n > 1 ? 's' : ''}`, () => client.step(unit, n)),
  speed: (n) => {
    state.speed = n;
    request(() => client.setSpeed({ cyclesPerFrame: n }));
  },
  task: (value) => chooseTask(value),
  variable: (name) => {
    state.variable = name;
    updateView();
  },
  autoRange: (on) => {
    state.autoRange = on;
    draw();
  },
  colourBy: (mode) => {
    state.colourBy = mode;
    refreshWeights();
    draw();
  },
  clearCurves: () => curves.clearOld(),
});
const network = new NetworkView($('network'), { onSelect: select, onPoint: point, describe: describeUnit });
const scope = new ScopeView($('scope'));
const raster = new RasterView($('raster'));
const curves = new CurvesView($('curves'));
const editor = new Editor($('editor'), {
  setParam: async (target) => (await client.setParam(target)).experiment,
  load: (json) => loadExperiment({ json }, 'Rebuilt the network'),
});
new PatternsUpload(
  { input: $('patterns-file'), dropZone: $('drop-zone'), message: $('patterns-message') },
  { parse: async (text) => (await client.parsePatterns({ text })).rows, use: usePatterns },
);
$('raster-layer').addEventListener('change', (ev) => {
  state.rasterLayer = Number(ev.target.value);
  updateView();
});

// ---- requests

function setMode(mode) {
  state.mode = mode;
  controls.setMode(mode);
}

/** A request that does not lock the controls (view changes, speed); errors are shown. */
async function request(fn) {
  try {
    const reply = await fn();
    if (reply?.frame) receive(reply.frame);
    return reply;
  } catch (err) {
    if (state.mode !== 'error') status.error(err);
    return null;
  }
}

/** Run one request (a step or init) with the controls locked but Stop; show its frame, or its error. */
async function act(label, fn) {
  status.clearError();
  setMode('stepping');
  try {
    const { frame } = await fn();
    receive(frame);
    status.say(`${label}. Now at ${positionText(frame.counters)}.`);
    setMode('ready');
    refreshWeights();
  } catch (err) {
    if (state.mode === 'error') return;
    status.error(err);
    status.say(`${label} failed.`);
    setMode('ready');
  }
}

function traceLabel(run) {
  return `${state.info?.name || 'experiment'} · seed ${state.seed} · run ${run}`;
}

async function initRun(seed, label) {
  state.seed = seed;
  controls.setSeed(seed);
  status.resetEpochs();
  curves.startTrace(traceLabel(0));
  await act(`${label} (seed ${seed})`, () => client.init({ seed }));
}

async function run() {
  status.clearError();
  setMode('running');
  try {
    if (state.frame?.counters.runDone) {
      const { frame } = await client.newRun();
      receive(frame);
      curves.startTrace(traceLabel(frame.counters.run), frame.counters.run);
    }
    status.say('Running.');
    await client.run();
  } catch (err) {
    if (state.mode === 'error') return;
    status.error(err);
    setMode('ready');
  }
}

async function stop() {
  try {
    await client.stop();  // the 'stopped' event updates the page
  } catch (err) {
    if (state.mode !== 'error') status.error(err);
  }
}

// ---- frames: text at once, canvases on the next animation frame (newest frame only)

let drawScheduled = false;

function receive(frame) {
  stats.framesReceived += 1;
  state.frame = frame;
  controls.setCounters(frame.counters);
  const epochs = frame.newEpochs ?? [];
  if (epochs.length) {
    curves.addEpochs(epochs, traceLabel);
    status.epoch(epochs[epochs.length - 1], state.mode === 'running');
  }
  if (state.mode === 'running' && state.colourBy !== 'var') refreshWeights(true);
  scheduleDraw();
}

function scheduleDraw() {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    draw();
    stats.framesDrawn += 1;
  });
}

/** Values and scale the network view shows: the variable, or the selection's weights. */
function shown() {
  const frame = state.frame;
  const w = state.weights;
  const sel = state.selection;
  if (state.colourBy !== 'var' && sel && w && w.key === `${sel.layer}:${sel.unit}`) {
    const list = state.colourBy === 'recv' ? w.recv : w.send;
    const values = state.info.layers.map((l) => list.find((e) => e.layer === l.index)?.weights
      ?? new Float32Array(l.numNeurons).fill(NaN));
    const name = state.info.layers[sel.layer].name;
    const recv = state.colourBy === 'recv';
    return {
      values,
      scale: WEIGHT_SCALE,
      label: recv ? `weights onto ${name} #${sel.unit} (r.Wt)` : `weights from ${name} #${sel.unit} (s.Wt)`,
      about: recv
        ? `Receiving weights: how strongly each unit's spikes drive ${name} #${sel.unit} (0 to 1). Grey: no synapse.`
        : `Sending weights: how strongly ${name} #${sel.unit} drives each unit (0 to 1). Grey: no synapse.`,
    };
  }
  const values = frame?.layers ?? [];
  return {
    values,
    scale: scaleFor(state.variable, values, state.autoRange),
    label: `${state.variable}${varUnit(state.variable)}`,
    about: describeVar(state.variable),
  };
}

let lastLegend = '';

function draw() {
  const frame = state.frame;
  if (!frame || !state.info) return;
  const { values, scale, label, about } = shown();
  network.render(values, scale, state.selection, state.scopeUnits);
  if ($('variable-desc').textContent !== about) $('variable-desc').textContent = about;
  const legendKey = `${scale.signed}|${fmt(scale.lo)}|${fmt(scale.hi)}|${label}`;
  if (legendKey !== lastLegend) {   // redrawn only when it changes
    lastLegend = legendKey;
    drawLegendBar($('legend'), scale);
    $('legend-lo').textContent = fmt(scale.lo);
    $('legend-hi').textContent = fmt(scale.hi);
    $('legend-label').textContent = label;
  }
  const layerName = (li) => state.info.layers[li]?.name ?? '?';
  scope.render(frame.scope, (frame.scope?.units ?? []).map((u) => `${layerName(frame.scope.layer)} #${u}`));
  raster.render(frame.raster, frame.raster ? state.info.layers[frame.raster.layer]?.numNeurons ?? 0 : 0);
  $('scope-empty').hidden = (frame.scope?.cycles ?? 0) > 0;
  updateSelectionInfo();
}

// ---- units: hover, selection, weights

function describeUnit(sel) {
  const l = state.info.layers[sel.layer];
  const { row, col } = unitRowCol(l.shape, sel.unit);
  const where = `${l.name} #${sel.unit} (row ${row}, column ${col})`;
  const v = network.valueOf(sel);
  if (state.colourBy !== 'var' && state.selection && state.weights) {
    const s = state.selection;
    const other = `${state.info.layers[s.layer].name} #${s.unit}`;
    if (Number.isNaN(v)) return `${where}: no synapse with ${other}`;
    return state.colourBy === 'recv' ? `${where} → ${other}: weight ${fmt(v)}` : `${other} → ${where}: weight ${fmt(v)}`;
  }
  return `${where}: ${state.variable} = ${fmt(v)}${varUnit(state.variable)}`;
}

function point(sel) {
  if (sel) $('unit-readout').textContent = describeUnit(sel);
}

function select(sel, add) {
  const same = (a, b) => a.layer === b.layer && a.unit === b.unit;
  if (add && state.selection && sel.layer === state.scopeUnits[0]?.layer) {
    const i = state.scopeUnits.findIndex((u) => same(u, sel));
    if (i >= 0 && state.scopeUnits.length > 1) state.scopeUnits.splice(i, 1);
    else if (i < 0 && state.scopeUnits.length < MAX_SCOPE_UNITS) state.scopeUnits.push(sel);
  } else {
    state.selection = sel;
    state.scopeUnits = [sel];
    if (state.colourBy === 'var') {
      state.colourBy = 'recv';
      controls.setColourBy('recv');
    }
  }
  refreshWeights();
  updateView();
  status.say(`Selected ${describeUnitName(state.selection)}. The network shows its ${state.colourBy === 'send' ? 'sending' : 'receiving'} weights; the scope shows its theta cycle.`);
}

function describeUnitName(sel) {
  return `${state.info.layers[sel.layer].name} unit ${sel.unit}`;
}

function updateSelectionInfo() {
  const el = $('selection-info');
  const scopeText = $('scope-units');
  if (!state.selection) {
    el.textContent = '';
    scopeText.textContent = '';
    return;
  }
  const v = state.frame?.layers?.[state.selection.layer]?.[state.selection.unit];
  el.textContent = `Selected: ${describeUnitName(state.selection)}, ${state.variable} = ${fmt(v ?? NaN)}${varUnit(state.variable)}. `
    + 'Shift+click units of the same layer to compare up to 4 in the scope.';
  const names = state.scopeUnits.map((u) => `#${u.unit}`).join(', ');
  scopeText.textContent = `${state.info.layers[state.scopeUnits[0]?.layer ?? state.selection.layer].name}, `
    + `unit${state.scopeUnits.length > 1 ? 's' : ''} ${names} (dots of the same colour mark them in the network)`;
}

let weightsInFlight = false;
let weightsAt = 0;

/** Fetch the selected unit's weights (when shown); `throttled` limits it while running. */
async function refreshWeights(throttled = false) {
  const sel = state.selection;
  if (!sel || state.colourBy === 'var' || weightsInFlight) return;
  if (throttled && performance.now() - weightsAt < WEIGHTS_REFRESH_MS) return;
  weightsInFlight = true;
  weightsAt = performance.now();
  try {
    const { recv, send } = await client.getWeights({ layer: sel.layer, unit: sel.unit });
    state.weights = { key: `${sel.layer}:${sel.unit}`, recv, send };
    scheduleDraw();
  } catch (err) {
    if (state.mode !== 'error') status.error(err);
  } finally {
    weightsInFlight = false;
  }
}

/** Tell the worker what to record (variable, scope, raster); its frame is drawn. */
function updateView() {
  return request(() => client.setView(viewRequest(state)));
}

// ---- experiments and tasks

/** Load an experiment into the worker and rebuild every view for it. Rejects on errors. */
async function loadExperiment(source, label) {
  status.clearError();
  setMode('busy');
  try {
    const { info, frame } = await client.load(source);
    await applyInfo(info, frame);
    status.say(`${label}: ${info.name || 'experiment'}, ${info.layers.length} layers. Press Run to train.`);
    setMode('ready');
  } catch (err) {
    if (state.mode !== 'error') setMode(state.info ? 'ready' : 'error');
    throw err;
  }
}

async function applyInfo(info, frame) {
  const prev = state.info;
  state.info = info;
  state.experiment = info.experiment;
  state.seed = info.seed;
  const ex = JSON.parse(info.experiment);
  $('experiment-name').textContent = info.name || ex.name || '';
  $('experiment-description').textContent = info.description ?? ex.description ?? '';
  $('simd-arch').textContent = info.arch;
  $('simd-lanes').textContent = String(info.lanes);
  controls.setSeed(info.seed);
  if (!info.varNames.includes(state.variable)) state.variable = 'Act';
  controls.setVariables(info.varNames, state.variable);

  // Keep the selection and raster layer when the new network has them (by layer name).
  const byName = (li) => (prev ? info.layers.find((l) => l.name === prev.layers[li]?.name) : null);
  const keep = (sel) => {
    const l = sel && byName(sel.layer);
    return l && sel.unit < l.numNeurons ? { layer: l.index, unit: sel.unit } : null;
  };
  state.selection = keep(state.selection) ?? defaultSelection(info);
  state.scopeUnits = state.scopeUnits.map(keep).filter((u) => u && u.layer === state.selection.layer);
  if (state.scopeUnits.length === 0) state.scopeUnits = [state.selection];
  const hidden = info.layers.find((l) => l.type === 'Hidden') ?? info.layers[0];
  state.rasterLayer = byName(state.rasterLayer)?.index ?? hidden.index;
  state.weights = null;
  const rasterSelect = $('raster-layer');
  rasterSelect.replaceChildren(...info.layers.map((l) => new Option(`${l.name} (${l.numNeurons} units)`, String(l.index))));
  rasterSelect.value = String(state.rasterLayer);

  const { minus, plus } = phaseCycles(info);
  scope.setPhases(minus, plus);
  raster.setPhases(minus, plus);
  network.setLayers(info.layers);
  editor.setExperiment(info.experiment);
  status.resetEpochs();
  curves.startTrace(traceLabel(0));
  receive(frame);
  await request(() => client.setSpeed({ cyclesPerFrame: state.speed }));
  await updateView();
  refreshWeights();
}

async function chooseTask(value) {
  state.task = value;
  if (state.mode === 'running') await stop();
  const upload = state.uploads.find((u) => u.value === value);
  try {
    if (upload) await loadExperiment({ json: upload.json }, 'Loaded your patterns');
    else await loadExperiment({ builtin: value.replace(/^builtin:/, '') }, 'Loaded');
  } catch (err) {
    status.error(err);
  }
}

async function usePatterns(rows, fileName) {
  const name = `${fileName}`.slice(0, 120);
  const json = JSON.stringify(withPatterns(JSON.parse(state.experiment), rows, name));
  await loadExperiment({ json }, `Loaded ${rows.length} patterns`);
  const value = `upload:${state.uploads.length + 1}`;
  state.uploads.push({ value, label: `Your patterns: ${name} (${rows.length})`, json });
  state.task = value;
  controls.setTasks([...BUILTIN_TASKS, ...state.uploads], value);
}

// ---- worker events

// SimClient acknowledges each frame one animation frame after it arrived (the worker then
// sends the next), so at most one frame per animation frame reaches the page.
client.addEventListener('frame', ({ detail }) => receive(detail.frame));

client.addEventListener('stopped', ({ detail }) => {
  receive(detail.frame);
  const c = detail.frame.counters;
  const last = status.lastEpoch;
  if (detail.reason === 'done') status.say(`Run finished at ${positionText(c)}.${last ? ` ${epochText(last)}.` : ''} Run again to train a new run.`);
  else if (detail.reason === 'error') {
    status.error(new Error(detail.message ?? 'the run stopped with an error'));
    status.say(`Stopped by an error at ${positionText(c)}.`);
  }
  else status.say(`Stopped at ${positionText(c)}.`);
  setMode('ready');
  refreshWeights();
});

client.addEventListener('fatal', ({ detail }) => {
  status.fatal(detail.message);
  status.say('The simulation engine stopped with an error. Restart it to go on.');
  setMode('error');
});

async function restart() {
  setMode('busy');
  try {
    const { info, frame } = await client.restart();
    status.clearFatal();
    await applyInfo(info, frame);
    status.say('The engine was restarted with your last experiment.');
    setMode('ready');
  } catch (err) {
    status.fatal(`Restart failed: ${err.message}`);
    setMode('error');
  }
}

// ---- start

async function start() {
  setMode('loading');
  controls.setTasks(BUILTIN_TASKS, state.task);
  try {
    await loadExperiment({ builtin: 'ra25' }, 'Ready');
    performance.mark('thetalab:interactive');   // read by scripts/bench-page.mjs
  } catch (err) {
    status.error(err);
    status.say('The engine could not be loaded.');
    setMode('error');
  }
}

start();
