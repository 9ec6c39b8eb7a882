// The page: wires the controls and views to the simulation worker (through SimClient) and
// draws the frames it sends. All simulation happens in sim-worker.js; the page owns only
// snapshots and its own state (views/state.js).
import { SimClient } from './sim-client.js';
import { startEmbedBridge } from './embed/bridge.js';
import { createEmbedCommands } from './page/embed-commands.js';
import { createImportExport } from './page/import-export.js';
import { createLinks } from './page/links.js';
import { createLessonActions } from './page/lesson-actions.js';
import { createLessonSources } from './page/lesson-sources.js';
import { lessonFromUrl } from './page/lesson-url.js';
import { createDoAction } from './page/do-action.js';
import { EMBED_HIDDEN, LinkView } from './views/link-view.js';
import { SharePanel } from './views/share-panel.js';
import { BatchPanel } from './views/batch-panel.js';
import { ComparePanel } from './views/compare-panel.js';
import { Controls } from './views/controls.js';
import { CurvesView } from './views/curves.js';
import { drawLegendBar, fmt } from './views/colormap.js';
import { Editor } from './views/editor.js';
import { Folds } from './views/fold.js';
import { FrameBudget } from './views/frame-budget.js';
import { guardView } from './views/guard.js';
import { withPatterns } from './views/experiment-edit.js';
import { NetworkText } from './views/network-text.js';
import { NeuronPanel } from './views/neuron-panel.js';
import { SynapsePanel } from './views/synapse-panel.js';
import { DetectorPanel } from './views/detector-panel.js';
import { InhibPanel } from './views/inhib-panel.js';
import { LessonPane } from './views/lesson-pane.js';
import { StabilityPanel } from './views/stability-panel.js';
import { FICurve } from './views/fi-curve.js';
import { NetworkView, unitRowCol } from './views/network-view.js';
import { ParamInspector } from './views/param-inspector.js';
import { PoolCyclePlot } from './views/pool-cycle-plot.js';
import { linkText } from './views/paths.js';
import { PatternsUpload } from './views/patterns-upload.js';
import { Presenter } from './views/present.js';
import { RasterView } from './views/raster.js';
import { ScopeView } from './views/scope.js';
import {
  BUILTIN_TASKS, SCOPE_UNITS_SHOWN, createState, defaultRasterLayer, defaultSelection, firstHiddenLike, hasDeepLayers,
  phaseCycles, randomSeed, streamsOf, viewRequest,
} from './views/state.js';
import { Status, epochText, positionText } from './views/status.js';
import { TrialTimeline } from './views/timeline.js';
import { TrialActPlot } from './views/trial-act-plot.js';
import { WEIGHT_SCALE, describeVar, scaleFor, varUnit } from './views/vars.js';

const WEIGHTS_REFRESH_MS = 500;   // while running, weights of the selected unit at most this often
const $ = (id) => document.getElementById(id);

const state = createState();
const client = new SimClient();
// Embed mode (index.html?embed=1&parent=<host origin>): minimal chrome and the embed bridge.
const query = new URLSearchParams(window.location.search);
const embedded = query.get('embed') === '1';
if (embedded) document.body.classList.add('embed');
/** Counters for tests and scripts/bench-page.mjs (frames received from the worker and drawn, trials of the newest). */
const stats = { framesReceived: 0, framesDrawn: 0, trialsTotal: 0 };
// For the browser console, tests and the bench: the page's client and its frame counters
// (error-report.js made globalThis.thetaLab, with the page's errors).
Object.assign(globalThis.thetaLab, { stats, client });
/** A view whose failure stays in its own panel (views/guard.js). */
const guarded = (label, container, create) => guardView(label, container.closest('section') ?? container, create);

const status = new Status({ restart });
// What a link (or the embed mode) hides or locks; shortcuts of those controls do nothing.
const linkView = new LinkView({ note: $('link-note'), watch: [$('editor')] });
if (embedded) linkView.setBase(EMBED_HIDDEN);
const controls = new Controls({
  init: () => initRun(state.seed, 'Initialized'),
  newSeed: () => initRun(randomSeed(), 'New seed'),
  run: () => run(),
  stop,
  step: (unit, n) => {
    if (!linkView.blocked('step')) act(stepLabel(unit, n), () => stepFrom(unit, n));
  },
  speed: (n) => {
    state.speed = n;
    request(() => client.setSpeed({ cyclesPerFrame: n }));
  },
  task: (value) => chooseTask(value),
  variable: (name) => {
    if (variableLocked(() => controls.selectVariable(state.variable))) return;
    state.variable = name;
    updateView();
  },
  autoRange: (on) => {
    state.autoRange = on;
    budget.invalidate();
  },
  colourBy: (mode) => {
    if (variableLocked(() => controls.setColourBy(state.colourBy))) return;
    state.colourBy = mode;
    refreshWeights();
    budget.invalidate();
  },
  clearCurves: () => curves.clearOld(),
});
const network = guarded('The network view', $('network'), () => new NetworkView($('network'), {
  onSelect: select, onPoint: point, describe: describeUnit, onLayer: openLayer, onLink: openLink, legend: $('path-legend'),
  describeLink: (link, activity) => linkText(state.info, JSON.parse(state.experiment), link, activity),
  availableHeight: () => (presenter.active ? $('net-stage').clientHeight : null),
}));
const networkText = guarded('The network as text', $('net-text'), () => new NetworkText($('net-text'), { onLayer: openLayer, onLink: openLink }));
const timeline = guarded('The trial timeline', $('timeline'), () => new TrialTimeline($('timeline')));
const scope = guarded('The theta-cycle scope', $('scope'), () => new ScopeView($('scope')));
const raster = guarded('The spike raster', $('raster'), () => new RasterView($('raster'), $('raster-summary')));
const poolPlot = guarded('The inhibition plot', $('pool-plot'), () => new PoolCyclePlot($('pool-plot'), $('pool-summary')));
const curves = guarded('The training curves', $('curves'), () => new CurvesView($('curves')));
// A test-only run (train.learn false) learns nothing: each layer's mean activity per trial instead.
const trialPlot = guarded('The trial plot', $('trial-act'), () => new TrialActPlot($('trial-act'), $('trial-act-summary')));
/** Set a layer or path parameter live; the views that show parameters follow. */
async function setParam(target) {
  const { experiment } = await client.setParam(target);
  state.experiment = experiment;
  inspector.update(experiment);
  networkText.setExperiment(experiment);
  neuron.experimentChanged(experiment);
  fiCurve.experimentChanged(experiment);
  synapse.experimentChanged(experiment);
  detector.experimentChanged(experiment);
  inhib.experimentChanged(experiment);
  stability.experimentChanged(experiment);
  return experiment;
}
// A "drive" task (the neuron built-in): its inputs and channels, and every trial's trace.
const neuron = guarded('The neuron panel', $('neuron-section'), () => new NeuronPanel($('neuron-section'), {
  setTask: (key, value) => rebuildTask(key, value),
  setLayerParam: async (layer, name, value) => {
    editor.experimentChanged(await setParam({ layer, name, value }));
  },
}));
/** Sweeps run in the worker on their own Sims (the loaded one is left alone). */
const sweeps = {
  sweep: (args, onProgress) => client.sweep(args, onProgress),
  stopSweep: () => client.stopSweep(),
};
// The neuron's f-I curve (under the neuron panel): Ge swept in the worker.
const fiCurve = guarded('The f-I curve', $('fi-body'), () => new FICurve($('fi-body'), sweeps));
// The synapse built-in (a drive task with a path): its two rates, each trial's spikes and
// DWt, and the sweep of every pair of rates.
const synapse = guarded('The synapse panel', $('synapse-section'), () => new SynapsePanel($('synapse-section'), {
  setTask: (key, value) => rebuildTask(key, value),
  ...sweeps,
}));
// The detector built-in (patterns shown to one unit, no target): its leak and each digit's spikes.
const detector = guarded('The detector panel', $('detector-section'), () => new DetectorPanel($('detector-section'), {
  setLayerParam: async (layer, name, value) => {
    editor.experimentChanged(await setParam({ layer, name, value }));
  },
}));
/** Several parameters live, in order (a field that sets every layer); the editor follows once. */
async function setParams(changes) {
  let experiment = state.experiment;
  for (const change of changes) experiment = await setParam(change);
  editor.experimentChanged(experiment);
}
// The inhib built-in (a network with interneurons): FS-FFFB or the interneurons, and their parameters.
const inhib = guarded('The inhibition panel', $('inhib-section'), () => new InhibPanel($('inhib-section'), { setParams }));
// The stability built-in (patterns into hidden layers, no target): NMDA, GABA-B and Gi on every hidden layer.
const stability = guarded('The stability panel', $('stability-section'), () => new StabilityPanel($('stability-section'), { setParams }));
Object.assign(globalThis.thetaLab, { synapse, detector, fiCurve });   // for the console and tests
client.addEventListener('trial', ({ detail }) => {
  trialPlot.addTrials(detail.trials);
  synapse.trials(detail.trials);
  detector.trials(detail.trials);
});
const editor = guarded('The parameter editor', $('editor'), () => new Editor($('editor'), {
  setParam,
  load: (json) => loadExperiment({ json }, 'Rebuilt the network'),
}));
// A layer's or path's parameters, opened from the network view (a click on its name or line).
const inspector = guarded('Layer and path parameters', $('param-inspector'), () => new ParamInspector($('param-inspector'), {
  setParam,
  applied: (experiment) => editor.experimentChanged(experiment),
}));
// Panels fold to their heading (folded at first on a phone); folded views are not drawn.
const folds = guarded('Folding panels', document.body, () => new Folds(document.querySelectorAll('section[data-fold]'), {
  onUnfold: () => budget.invalidate(),
}));
const presenter = guarded('Presenting', $('btn-present'), () => new Presenter($('btn-present'), {
  onChange: (active) => status.say(active ? 'Presenting: f or Esc leaves; r runs, s stops, c p t e step.' : 'Left presenting.'),
}));
const patternsUpload = guarded('Pattern upload', $('drop-zone'), () => new PatternsUpload(
  { input: $('patterns-file'), dropZone: $('drop-zone'), message: $('patterns-message') },
  { parse: async (text) => (await client.parsePatterns({ text })).rows, use: usePatterns },
));
$('raster-layer').addEventListener('change', (ev) => {
  state.rasterLayer = Number(ev.target.value);
  updateView();
});
// Every layer's pool is recorded each cycle, so another layer draws at once.
$('pool-layer').addEventListener('change', (ev) => {
  state.poolLayer = Number(ev.target.value);
  budget.invalidate();
});

/** Is what the network shows locked (by a link)? Then the control is put back with `restore`. */
function variableLocked(restore) {
  if (!linkView.blocked('variable')) return false;
  restore();
  return true;
}

// ---- requests

/** "Stepped 3 trials", and with streams side by side "Stepped 3 trials (48 items, 16 streams)". */
function stepLabel(unit, n, by = '') {
  const streams = streamsOf(state.info);
  const items = unit === 'trial' && streams > 1 ? ` (${n * streams} items, ${streams} streams)` : '';
  return `Stepped ${n} ${unit}${n > 1 ? 's' : ''}${items}${by}`;
}

/** The position the counters show, as text (the step under way with streams side by side). */
function position(counters) {
  return positionText(counters, streamsOf(state.info));
}

/** Open a layer's parameters (by its index in info.layers) in the editor panel. */
function openLayer(li, focus = null) {
  folds.unfold($('param-inspector').closest('section'));
  inspector.show({ layer: state.info.layers[li].name }, focus);
}

/** Open a path's parameters, or for a Pulvinar's driver the Pulvinar's drive scale. */
function openLink(link) {
  if (link.path < 0) {
    openLayer(link.to, 'Pulvinar.DriveScale');
    return;
  }
  folds.unfold($('param-inspector').closest('section'));
  inspector.show({ path: link.path });
}

function setMode(mode) {
  state.mode = mode;
  budget.running = mode === 'running';
  controls.setMode(mode);
  neuron.setMode(mode);
  synapse.setMode(mode);
  detector.setMode(mode);
  inhib.setMode(mode);
  stability.setMode(mode);
  linkView.apply();   // locked controls stay disabled whatever the mode
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
async function act(label, fn, { rethrow = false } = {}) {
  status.clearError();
  setMode('stepping');
  try {
    const reply = await fn();
    receive(reply.frame);
    status.say(`${label}. Now at ${position(reply.frame.counters)}.`);
    setMode('ready');
    refreshWeights();
    return reply;
  } catch (err) {
    if (state.mode !== 'error') {
      status.error(err);
      status.say(`${label} failed.`);
      setMode('ready');
    }
    if (rethrow) throw err;
    return null;
  }
}

/** Does the loaded task score nothing (a drive task, or patterns without a target layer)? */
function isUnscored(info = state.info) {
  return info?.taskSource === 'drive' || (info?.targetLayer ?? 0) < 0;
}

/** Trials in one run of the loaded experiment. */
function trialsPerRun(info = state.info) {
  return (info?.trialsPerEpoch ?? 1) * (info?.epochs ?? 1);
}

/**
 * A step request. A drive task's run is one trial and learns nothing: a step after its end
 * starts the next run (as Run does), so each step shows a new trial.
 */
async function stepFrom(unit, n) {
  if (isUnscored() && state.frame?.counters.runDone) receive((await client.newRun()).frame);
  return client.step(unit, n);
}

/**
 * Set a field of a drive task (task.ge, task.onCycle, ...): the experiment (with its
 * parameter changes) is edited and loaded again, so share links carry the new value. A
 * pulse rate applies to both phases (spikeHz and plusHz).
 */
async function rebuildTask(key, value) {
  if (state.mode === 'running') await stop();
  const ex = JSON.parse(state.experiment);
  ex.task[key] = value;
  // the neuron panel's pulse rate is one rate for both phases; the synapse sets each
  if (key === 'spikeHz' && ex.task.input === 'spikes') ex.task.plusHz = value;
  await loadExperiment({ json: JSON.stringify(ex) }, `Set task.${key} to ${value}`);
}

function traceLabel(run) {
  return `${state.info?.name || 'experiment'} · seed ${state.seed} · run ${run}`;
}

async function initRun(seed, label, options) {
  state.seed = String(seed);
  controls.setSeed(state.seed);
  status.resetEpochs();
  curves.startTrace(traceLabel(0));
  trialPlot.clear();
  return act(`${label} (seed ${state.seed})`, () => client.init({ seed }), options);
}

async function run({ rethrow = false } = {}) {
  status.clearError();
  setMode('running');
  try {
    if (state.frame?.counters.runDone) {
      const { frame } = await client.newRun();
      receive(frame);
      curves.startTrace(traceLabel(frame.counters.run), frame.counters.run);
    }
    status.say('Running.');
    return await client.run();
  } catch (err) {
    if (state.mode !== 'error') {
      status.error(err);
      setMode('ready');
    }
    if (rethrow) throw err;
    return null;
  }
}

async function stop() {
  try {
    await client.stop();  // the 'stopped' event updates the page
  } catch (err) {
    if (state.mode !== 'error') status.error(err);
  }
}

// ---- frames: text at once, views when the frame budget says (views/frame-budget.js)

/** Is a view in a panel that can be seen (not folded, on screen)? */
const onScreen = new Map();
const shown = (el) => folds.isShown(el) !== false && onScreen.get(el.closest('section')) !== false;
const visibility = new IntersectionObserver((entries) => {
  for (const e of entries) onScreen.set(e.target, e.isIntersecting);
  budget.invalidate();
});
const budget = new FrameBudget();
// The network, its paths, timeline and legend first; the scope and raster when their panel
// shows; the selection's text (a paragraph that reflows) at most four times a second.
budget.add('network', { share: 0.5, draw: drawNetwork });
budget.add('traces', { share: 0.15, visible: () => shown($('scope')), draw: drawTraces });
budget.add('text', { share: 0.05, minMs: 250, draw: updateSelectionInfo });
globalThis.thetaLab.budget = budget;

function receive(frame) {
  stats.framesReceived += 1;
  stats.trialsTotal = frame.counters.trialsTotal;
  state.frame = frame;
  controls.setCounters(frame.counters);
  const epochs = frame.newEpochs ?? [];
  neuron.frame(frame);
  synapse.frame(frame);
  if (epochs.length && !isUnscored()) {   // a drive task's or a target-less task's epochs have no error to show
    curves.addEpochs(epochs, traceLabel);
    status.epoch(epochs[epochs.length - 1], state.mode === 'running');
  }
  if (state.mode === 'running' && state.colourBy !== 'var') refreshWeights(true);
  budget.invalidate();
}

/** Values and scale the network view shows: the variable, or the selection's weights. */
function shownValues() {
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
    label: `${state.variable}${varUnit(state.variable)}${poolVariable() ? ' (pool: one value per layer)' : ''}`,
    about: describeVar(state.variable),
  };
}

let lastLegend = '';

function drawNetwork() {
  const frame = state.frame;
  if (!frame || !state.info) return;
  stats.framesDrawn += 1;
  const { values, scale, label, about } = shownValues();
  network.render(values, scale, state.selection, state.scopeUnits);
  network.renderPaths(frame.pathActivity);
  networkText.update(frame.pathActivity);
  timeline.render(frame.counters, state.mode === 'running');
  if ($('variable-desc').textContent !== about) $('variable-desc').textContent = about;
  const legendKey = `${scale.signed}|${fmt(scale.lo)}|${fmt(scale.hi)}|${label}`;
  if (legendKey !== lastLegend) {   // redrawn only when it changes
    lastLegend = legendKey;
    drawLegendBar($('legend'), scale);
    $('legend-lo').textContent = fmt(scale.lo);
    $('legend-hi').textContent = fmt(scale.hi);
    $('legend-label').textContent = label;
  }
}

function drawTraces() {
  const frame = state.frame;
  if (!frame || !state.info) return;
  const layerName = (li) => state.info.layers[li]?.name ?? '?';
  scope.render(frame.scope, (frame.scope?.units ?? []).map((u) => `${layerName(frame.scope.layer)} #${u}`),
    frame.pools, layerName(frame.scope?.layer));
  poolPlot.render(frame.pools, state.poolLayer, layerName(state.poolLayer));
  raster.render(frame.raster, frame.raster ? state.info.layers[frame.raster.layer]?.numNeurons ?? 0 : 0, layerName(frame.raster?.layer));
  $('scope-empty').hidden = (frame.scope?.cycles ?? 0) > 0;
}

// ---- units: hover, selection, weights

function describeUnit(sel) {
  const l = state.info.layers[sel.layer];
  const { row, col } = unitRowCol(l.shape, sel.unit);
  const token = l.unitLabels?.[sel.unit];
  const where = `${l.name} #${sel.unit} (${token ? `token ${token}, ` : ''}row ${row}, column ${col})`;
  const v = network.valueOf(sel);
  if (state.colourBy !== 'var' && state.selection && state.weights) {
    const s = state.selection;
    const other = `${state.info.layers[s.layer].name} #${s.unit}`;
    if (Number.isNaN(v)) return `${where}: no synapse with ${other}`;
    return state.colourBy === 'recv' ? `${where} → ${other}: weight ${fmt(v)}` : `${other} → ${where}: weight ${fmt(v)}`;
  }
  if (poolVariable()) return `${where}: ${state.variable} = ${fmt(v)}, the value of ${l.name}’s pool (every unit of the layer shows it)`;
  return `${where}: ${state.variable} = ${fmt(v)}${varUnit(state.variable)}`;
}

/** Is the network coloured by a layer pool's variable (one value per layer)? */
function poolVariable() {
  return state.info?.poolVarNames.includes(state.variable) ?? false;
}

function point(sel) {
  if (sel) $('unit-readout').textContent = describeUnit(sel);
}

function select(sel, add) {
  const same = (a, b) => a.layer === b.layer && a.unit === b.unit;
  if (add && state.selection && sel.layer === state.scopeUnits[0]?.layer) {
    const i = state.scopeUnits.findIndex((u) => same(u, sel));
    if (i >= 0 && state.scopeUnits.length > 1) state.scopeUnits.splice(i, 1);
    else if (i < 0 && state.scopeUnits.length < SCOPE_UNITS_SHOWN) state.scopeUnits.push(sel);
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

/** With streams side by side (train.nData), which one the network, scope and raster show. */
function showStreamNote(streams) {
  const note = $('stream-note');
  note.hidden = streams <= 1;
  if (streams <= 1) {
    note.replaceChildren();
    return;
  }
  const head = document.createElement('strong');
  head.textContent = `Showing stream 1 of ${streams}.`;
  note.replaceChildren(head, ` ${streams} streams of items train side by side on the same weights; `
    + 'each has its own activity. The error curves count every stream\'s items.');
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
  el.textContent = `Selected: ${describeUnitName(state.selection)}, ${state.variable} = ${fmt(v ?? NaN)}${varUnit(state.variable)}${poolVariable() ? ' (its layer pool’s)' : ''}. `
    + `Shift+click units of the same layer to compare up to ${SCOPE_UNITS_SHOWN} in the scope.`;
  const names = state.scopeUnits.map((u) => `#${u.unit}`).join(', ');
  const streams = streamsOf(state.info);
  scopeText.textContent = `${state.info.layers[state.scopeUnits[0]?.layer ?? state.selection.layer].name}, `
    + `unit${state.scopeUnits.length > 1 ? 's' : ''} ${names} (dots of the same colour mark them in the network)`
    + (streams > 1 ? `; stream 1 of ${streams}, as the network and the raster show` : '');
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
    budget.invalidate();
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
    const n = trialsPerRun(info);
    const press = !isUnscored(info) ? 'train' : n === 1 ? 'run a trial' : `run ${n} trials`;
    status.say(`${label}: ${info.name || 'experiment'}, ${info.layers.length} layer${info.layers.length === 1 ? '' : 's'}. Press Run to ${press}.`);
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
  $('experiment-description').title = $('experiment-description').textContent;
  showEngine(info);
  controls.setSeed(info.seed);
  if (!info.varNames.includes(state.variable) && !info.poolVarNames.includes(state.variable)) state.variable = 'Act';
  const deep = hasDeepLayers(info.layers, info.layerTypes);
  controls.setVariables(info.varNames, state.variable, { deep, poolVars: info.poolVarNames });
  const streams = streamsOf(info);
  controls.setStreams(streams, info.trialsPerEpoch);
  showStreamNote(streams);
  const fsa = info.taskSource === 'fsa';
  const drive = info.taskSource === 'drive';
  const unscored = isUnscored(info);
  curves.setTask(fsa ? 'fsa' : 'patterns', info.layers[info.targetLayer]?.name);
  // A drive task, or patterns without a target layer, score nothing: a note replaces the curves.
  $('curves').hidden = unscored;
  $('btn-clear-curves').hidden = unscored;
  $('curves-drive-note').hidden = !unscored;
  $('curves-drive-note').textContent = unscoredNote(info);
  // A test-only run (a pattern task that does not learn) plots each layer's activity per trial.
  $('trial-plot').hidden = info.learns || drive;
  trialPlot.setNetwork(info);
  $('scope-hint').hidden = drive;
  // (the drive hint describes the neuron's Ge and Gi; the synapse's own panel says what drives it)
  $('scope-hint-drive').hidden = !drive || SynapsePanel.fits(info);
  neuron.setInfo(info);
  fiCurve.setInfo(info, neuron.active);
  synapse.setInfo(info);
  detector.setInfo(info);
  inhib.setInfo(info);
  stability.setInfo(info);
  patternsUpload.setEnabled(!fsa && !unscored, drive
    ? 'This task drives a neuron with set inputs and has no patterns: pattern files are for tasks with a Target layer, such as ra25.'
    : fsa ? 'This task is generated by the engine (the Reber grammar, predicted on a Pulvinar layer): pattern files are for tasks with a Target layer, such as ra25.'
      : 'This task has no target layer: pattern files pair each input with a target, for tasks with a Target layer, such as ra25.');
  const firstHidden = firstHiddenLike(info)?.name;
  batchPanel.suggestTarget(firstHidden);
  comparePanel.suggestTarget(firstHidden);

  // Keep the selection and raster layer when the new network has them (by layer name).
  const byName = (li) => (prev ? info.layers.find((l) => l.name === prev.layers[li]?.name) : null);
  const keep = (sel) => {
    const l = sel && byName(sel.layer);
    return l && sel.unit < l.numNeurons ? { layer: l.index, unit: sel.unit } : null;
  };
  state.selection = keep(state.selection) ?? defaultSelection(info);
  state.scopeUnits = state.scopeUnits.map(keep).filter((u) => u && u.layer === state.selection.layer);
  if (state.scopeUnits.length === 0) state.scopeUnits = [state.selection];
  state.rasterLayer = byName(state.rasterLayer)?.index ?? defaultRasterLayer(info);
  state.poolLayer = byName(state.poolLayer)?.index ?? defaultRasterLayer(info);
  const poolSelect = $('pool-layer');
  poolSelect.replaceChildren(...info.layers.map((l) => new Option(l.name, String(l.index))));
  poolSelect.value = String(state.poolLayer);
  state.weights = null;
  const rasterSelect = $('raster-layer');
  rasterSelect.replaceChildren(...info.layers.map((l) => new Option(`${l.name} (${l.numNeurons} units)`, String(l.index))));
  rasterSelect.value = String(state.rasterLayer);

  const { minus, plus } = phaseCycles(info);
  scope.setPhases(minus, plus);
  raster.setPhases(minus, plus);
  poolPlot.setPhases(minus, plus);
  timeline.setPhases(minus, plus);
  network.setLayers(info.layers, { paths: info.paths, layerTypes: info.layerTypes });
  networkText.set(info, [...(network.layout?.rows ?? [])].reverse(), network.links, info.experiment);
  editor.setExperiment(info.experiment, info);
  inspector.setNetwork(info, info.experiment);
  status.resetEpochs();
  curves.startTrace(traceLabel(0));
  receive(frame);
  // A new network's selection text at once: the budget may hold the text slot back for a
  // quarter second when the load follows other frames closely (a task picked during a run).
  updateSelectionInfo();
  await request(() => client.setSpeed({ cyclesPerFrame: state.speed }));
  await updateView();
  refreshWeights();
}

/** What replaces the training curves for a task that scores nothing. */
function unscoredNote(info) {
  if (SynapsePanel.fits(info)) {
    return 'This task drives a sender and a receiver with set spike rates: there is no target, so no error to plot. The Synapse panel lists each trial’s spikes and DWt.';
  }
  if (info.taskSource === 'drive') {
    return 'This task drives a neuron with set inputs and learns nothing: there is no target, so no error to plot. The Neuron panel counts each trial’s spikes and overlays its traces.';
  }
  return 'This task shows patterns to a network without a target layer: nothing is scored, so no error to plot.'
    + (DetectorPanel.fits(info) ? ' The Detector panel counts the receiving neuron’s spikes for each pattern.' : '')
    + (info.learns ? '' : ' Below: each layer’s mean activity in every trial.');
}

async function chooseTask(value) {
  state.task = value;
  if (state.mode === 'running') await stop();
  const upload = state.uploads.find((u) => u.value === value);
  try {
    if (upload) await loadExperiment({ json: upload.json }, 'Loaded your patterns');
    else await loadExperiment({ builtin: value.replace(/^builtin:/, '') }, 'Loaded');
    await lessons.show();
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
  await lessons.show();   // your own patterns have no lesson
}

// ---- the engine: which build runs, and its download

/** "Engine: WebAssembly SIMD (wasm, 4 lanes)", or the scalar build and why it was chosen. */
function showEngine(info) {
  const { build, why } = info.wasm;
  document.body.dataset.wasm = build;
  $('load-progress').hidden = true;
  $('engine-line').textContent = build === 'simd'
    ? `Engine: WebAssembly SIMD (${info.arch}, ${info.lanes} lanes)`
    : `Engine: WebAssembly without SIMD (${why}; same results, slower)`;
}

const KB = 1024;
client.addEventListener('loadprogress', ({ detail: { loaded, total } }) => {
  if (state.info) return;   // the first load only (a restart reads the browser's cache)
  const bar = $('load-progress');
  bar.hidden = false;
  if (total > 0) {
    bar.max = total;
    bar.value = Math.min(loaded, total);
    status.say(`Loading the engine… ${Math.round(loaded / KB)} of ${Math.round(total / KB)} KB`);
  } else {
    bar.removeAttribute('value');   // indeterminate: the server did not say the size
    status.say(`Loading the engine… ${Math.round(loaded / KB)} KB`);
  }
});

// ---- worker events

// SimClient acknowledges each frame one animation frame after it arrived (the worker then
// sends the next), so at most one frame per animation frame reaches the page.
// A frame while the page is idle means a run started elsewhere (the embed API, the console):
// the page's running state follows the worker's events, not only its own buttons.
client.addEventListener('frame', ({ detail }) => {
  if (state.mode === 'ready') {
    setMode('running');
    status.say('Running.');
  }
  receive(detail.frame);
});

client.addEventListener('stopped', ({ detail }) => {
  receive(detail.frame);
  const c = detail.frame.counters;
  const last = status.lastEpoch;
  if (detail.reason === 'done' && isUnscored()) {
    const one = trialsPerRun() === 1;
    const summary = [neuron.active && neuron.spikeText, synapse.active && synapse.summaryText, detector.active && detector.summaryText].filter(Boolean)[0];
    status.say(`${one ? 'Trial' : 'Run'} finished at ${position(c)}.${summary ? ` ${summary}.` : ''} Run again for another ${one ? 'trial' : 'run'}.`);
  } else if (detail.reason === 'done') status.say(`Run finished at ${position(c)}.${last ? ` ${epochText(last)}.` : ''} Run again to train a new run.`);
  else if (detail.reason === 'error') {
    status.error(new Error(detail.message ?? 'the run stopped with an error'));
    status.say(`Stopped by an error at ${position(c)}.`);
  }
  else status.say(`Stopped at ${position(c)}.`);
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

// ---- the lesson pane: the loaded task's lesson, whose links act through the page's own paths

const lessonActions = createLessonActions({
  state, linkView, folds, initRun, run, stop, setParams, loadExperiment, position,
  step: (unit, n) => act(stepLabel(unit, n), () => stepFrom(unit, n), { rethrow: true }),
  settingChanges: (setting) => client.settingChanges(setting),
  showVariable: (name) => {
    state.variable = name;
    controls.selectVariable(name);
    state.colourBy = 'var';   // a unit's selection shows its weights: the variable is what was asked for
    controls.setColourBy('var');
    return updateView();
  },
  selectUnit: (sel) => {
    state.selection = sel;
    state.scopeUnits = [sel];
    refreshWeights();
    return updateView();
  },
  whenDrawn: () => {
    budget.invalidate();
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  },
});
const lessonPane = guarded('The lesson', $('lesson-content'), () => new LessonPane($('lesson-section'), lessonActions));

// Which lesson shows: the loaded task's built-in's, or one given to it by a link (l=),
// ?lesson=, the host page (embed mode, where built-in lessons are not shown) or a bundle.
const lessons = createLessonSources({ state, client, pane: lessonPane, builtins: !embedded });

/** Check a lesson's Markdown against the loaded experiment and show it; `source` keys its answers. */
async function showLessonText(text, source) {
  lessonPane.show(await client.lesson({ text }), source);
}
globalThis.thetaLab.lesson = { pane: lessonPane, showText: showLessonText };   // for the console and tests

// ---- links, import and export, embedding (page/*.js), and the panels that use them

/** List an experiment that did not come from the task picker under Task (reloadable). */
function addTaskOption(label, json) {
  const value = `upload:${state.uploads.length + 1}`;
  state.uploads.push({ value, label: label.slice(0, 160), json });
  state.task = value;
  controls.setTasks([...BUILTIN_TASKS, ...state.uploads], value);
}

let bridge = null;   // the embed bridge, in embed mode
const { loadCheckpointBytes, importFile } = createImportExport({
  state, client, status, curves, setMode, applyInfo, loadExperiment, addTaskOption, lessons,
  showBatch: (results) => batchPanel.show(results), position, traceLabel,
});
const links = createLinks({
  state, client, controls, linkView, loadExperiment, loadCheckpointBytes, addTaskOption, updateView, run, lessons,
  onError: (text) => bridge?.error(text),
});
const embedCommands = createEmbedCommands({
  state, client, editor, initRun, run, act, stepLabel, lessons, doAction: createDoAction({ client, actions: lessonActions }),
});

// Batch runs and the A/B comparison start from the experiment as a link carries it: with
// the parameter changes made since it loaded, and the current seed.
const batchPanel = guarded('Batch runs', $('batch-chart'),
  () => new BatchPanel({ experiment: () => links.linkExperiment(), name: () => state.info?.name }));
const comparePanel = guarded('The A/B comparison', $('ab-chart'), () => new ComparePanel({ experiment: () => links.linkExperiment() }));
globalThis.thetaLab.batch = batchPanel;

guarded('Share and export', $('share-out'), () => new SharePanel({
  experiment: () => links.linkExperiment(),
  variable: () => state.variable,
  checkpoint: async () => new Uint8Array((await client.saveCheckpoint()).bytes),
  epochLog: async () => (await client.getState()).epochLog ?? [],
  name: () => state.info?.name,
  batch: () => batchPanel.results,
  lesson: () => lessonPane.lesson,
  checkLesson: (text) => client.lesson({ text }),
  importFile,
  blocked: (group) => linkView.blocked(group),
}));

// ---- start

async function start() {
  setMode('loading');
  for (const section of document.querySelectorAll('main section')) visibility.observe(section);
  controls.setTasks(BUILTIN_TASKS, state.task);
  if (embedded) {
    bridge = startEmbedBridge({ client, commands: embedCommands, hostOrigin: query.get('parent'), contentElement: document.body });
  }
  try {
    await links.openFragment(window.location.hash, true);
    performance.mark('thetalab:interactive');   // read by scripts/bench-page.mjs
    // ?lesson=<url>: a lesson published beside the page, unless the link carries its own
    if (query.has('lesson') && !lessons.given) lessons.give(await lessonFromUrl(query.get('lesson')));
    await lessons.show().catch((err) => status.error(err));   // the sim works without its lesson
    bridge?.ready({ name: state.info?.name ?? '', linkError: links.errorText || undefined });
  } catch (err) {
    $('load-progress').hidden = true;
    status.error(err);
    status.say('The engine could not be loaded.');
    setMode('error');
    bridge?.error(`The engine could not be loaded: ${err.message}`);
  }
  window.addEventListener('hashchange', () => {
    links.openFragment(window.location.hash, false).then(() => lessons.show()).catch((err) => status.error(err));
  });
}

start();
