// The page: loads the built-in ra25 experiment in the worker, wires the controls and draws
// each frame the worker sends. All simulation work happens in sim-worker.js.
import { SimClient } from './sim-client.js';
import { NetworkView } from './views/network-view.js';
import { drawLegend } from './views/colormap.js';

const EXPERIMENT = 'ra25';
const ANNOUNCE_EVERY_MS = 3000;  // screen-reader progress updates while running, at most

const $ = (id) => document.getElementById(id);
const ui = {
  init: $('btn-init'),
  run: $('btn-run'),
  stop: $('btn-stop'),
  stepTrial: $('btn-step-trial'),
  status: $('status'),
  error: $('error'),
  epochSummary: $('epoch-summary'),
  counters: {
    run: $('counter-run'),
    epoch: $('counter-epoch'),
    trial: $('counter-trial'),
    cycle: $('counter-cycle'),
  },
};

const client = new SimClient('sim-worker.js');
const network = new NetworkView($('network'));
let latestFrame = null;    // the newest frame not yet drawn
let drawScheduled = false;
let lastEpoch = null;      // newest epoch stats seen
let lastAnnounce = 0;

// ---- state: 'loading' | 'ready' | 'busy' | 'running' | 'error' (also on <body data-state>)

function setState(state) {
  document.body.dataset.state = state;
  const idle = state === 'ready';
  ui.init.disabled = !idle;
  ui.run.disabled = !idle;
  ui.stepTrial.disabled = !idle;
  ui.stop.disabled = state !== 'running';
}

function say(text) {
  ui.status.textContent = text;
}

function showError(err) {
  ui.error.textContent = err.message;  // textContent: never parsed as HTML; fieldErrors are in the message
  ui.error.hidden = false;
}

function clearError() {
  ui.error.hidden = true;
  ui.error.textContent = '';
}

// ---- frames: text at once, canvases on the next animation frame (newest frame only)

function showFrame(frame) {
  for (const e of frame.epochs) lastEpoch = e;
  const c = frame.counters;
  ui.counters.run.textContent = c.run;
  ui.counters.epoch.textContent = c.epoch;
  ui.counters.trial.textContent = c.trial;
  ui.counters.cycle.textContent = c.cycle;
  ui.epochSummary.textContent = lastEpoch ? epochText(lastEpoch) : '';
  latestFrame = frame;
  if (!drawScheduled) {
    drawScheduled = true;
    requestAnimationFrame(drawLatest);
  }
}

function drawLatest() {
  drawScheduled = false;
  const frame = latestFrame;
  latestFrame = null;
  if (!frame) return;
  network.draw(new Float32Array(frame.values));
  client.ackFrame();  // the worker may send the next frame now
}

function epochText(e) {
  const pct = (100 * e.pctErr).toFixed(1);
  const zero = e.firstZero >= 0 ? `; first zero-error epoch: ${e.firstZero}` : '';
  return `Epoch ${e.epoch}: ${pct}% of trials wrong, SSE ${e.sse.toFixed(2)}${zero}`;
}

function position(c) {
  return `run ${c.run}, epoch ${c.epoch}, trial ${c.trial}, cycle ${c.cycle}`;
}

// ---- worker events

client.addEventListener('frame', ({ detail }) => {
  showFrame(detail.frame);
  const now = performance.now();
  if (lastEpoch && now - lastAnnounce > ANNOUNCE_EVERY_MS) {
    lastAnnounce = now;
    say(`Running. ${epochText(lastEpoch)}`);
  }
});

client.addEventListener('stopped', ({ detail }) => {
  showFrame(detail.frame);
  const c = detail.frame.counters;
  say(detail.reason === 'done'
    ? `Run finished at ${position(c)}.${lastEpoch ? ` ${epochText(lastEpoch)}` : ''}`
    : `Stopped at ${position(c)}.`);
  setState('ready');
});

client.addEventListener('fatal', ({ detail }) => {
  showError(new Error(`${detail.message}. Reload the page to start again.`));
  say('The simulation stopped with an error.');
  setState('error');
});

// ---- controls

/** Run one request with the controls locked; show its frame, or its error. */
async function act(label, request) {
  clearError();
  setState('busy');
  try {
    const { frame } = await request();
    showFrame(frame);
    say(`${label} at ${position(frame.counters)}.`);
    setState('ready');
  } catch (err) {
    showError(err);
    say(`${label} failed.`);
    setState(document.body.dataset.state === 'error' ? 'error' : 'ready');
  }
}

ui.init.addEventListener('click', () => {
  lastEpoch = null;
  act('Initialized', () => client.init());
});
ui.stepTrial.addEventListener('click', () => act('Stepped one trial', () => client.step('trial')));
ui.run.addEventListener('click', async () => {
  clearError();
  setState('running');
  say('Running.');
  lastAnnounce = performance.now();
  try {
    await client.run();
  } catch (err) {
    showError(err);
    setState('ready');
  }
});
ui.stop.addEventListener('click', async () => {
  ui.stop.disabled = true;
  try {
    await client.stop();  // the 'stopped' event updates the page
  } catch (err) {
    showError(err);
  }
});

// ---- start

async function start() {
  setState('loading');
  drawLegend($('legend'));
  try {
    const { info, frame } = await client.load({ builtin: EXPERIMENT });
    $('simd-arch').textContent = info.arch;
    $('simd-lanes').textContent = String(info.lanes);
    $('experiment-name').textContent = info.name;
    $('experiment-description').textContent = info.description;
    document.querySelector('.var-name').textContent = `(${frame.var})`;
    network.setLayers(info.layers, frame.var);
    showFrame(frame);
    say(`Ready: ${info.name}, ${info.layers.length} layers. Press Run to train.`);
    setState('ready');
  } catch (err) {
    showError(err);
    say('The engine could not be loaded.');
    setState('error');
  }
}

start();
