// The "A/B comparison" panel: A is the page's experiment, B the same with changed settings
// (the engine reads them, as `thetalab run --set` does). Both start from the same seed and
// step trial by trial together in their own worker (compare-worker.js); their curves are
// overlaid and the network view's colour map shows A − B of a chosen variable and layer.
import '../protocol.js';
import { WorkerRpc } from '../worker-rpc.js';
import { workerUrl } from '../worker-url.js';
import { BandChart } from './band-chart.js';
import { drawLegendBar, fmt, signedScale } from './colormap.js';
import { METRICS } from '../batch/results.js';
import { NetworkView } from './network-view.js';
import { MAIN_VARS, varUnit } from './vars.js';
import { firstHiddenLike } from './state.js';

const P = globalThis.ThetaProtocol;
const C = P.Compare;
const $ = (id) => document.getElementById(id);

/** The settings typed for B: separated by spaces, semicolons or new lines. */
export function parseSettingsList(text) {
  return String(text).split(/[\s;]+/).filter(Boolean);
}

export class ComparePanel {
  #source;
  #rpc = null;
  #info = null;
  #frame = null;
  #epochs = [[], []];     // every finished epoch of A and of B
  #mode = 'idle';         // 'idle' | 'busy' (loading) | 'ready' | 'stepping' | 'running'
  #chart;
  #diffView;
  #layer = 0;
  #drawScheduled = false;
  #suggested = 'Hidden1';   // the layer of the suggested setting for B (index.html's value)
  #el = {
    setting: $('ab-setting'), start: $('btn-ab-start'), step: $('btn-ab-step'), epoch: $('btn-ab-epoch'),
    run: $('btn-ab-run'), stop: $('btn-ab-stop'), status: $('ab-status'), error: $('ab-error'), view: $('ab-view'),
    counterA: $('ab-counter-a'), counterB: $('ab-counter-b'), labelB: $('ab-label-b'), metric: $('ab-metric'),
    variable: $('ab-variable'), layer: $('ab-layer'), legend: $('ab-legend'), lo: $('ab-legend-lo'), hi: $('ab-legend-hi'),
    readout: $('ab-readout'),
  };

  /** @param {object} source  experiment() -> JSON text of the page's experiment (parameter changes and seed) */
  constructor(source) {
    this.#source = source;
    const el = this.#el;
    el.metric.replaceChildren(...METRICS.map((m) => new Option(m.label, m.key)));
    this.#chart = new BandChart($('ab-chart'), 180);
    this.#diffView = new NetworkView($('ab-diff'), {
      onSelect: () => {},
      onPoint: (sel) => { if (sel) el.readout.textContent = this.#describe(sel); },
      describe: (sel) => this.#describe(sel),
      readout: 'ab-readout',
      keyHint: 'Arrow keys move between units and read out A − B.',
    });
    el.start.addEventListener('click', () => this.start());
    el.step.addEventListener('click', () => this.#step(1, 'Stepped one trial'));
    // A trial step trains nData items (streams side by side): an epoch is trialsPerEpoch / nData steps.
    el.epoch.addEventListener('click', () => this.#step(Math.ceil(this.#info.trialsPerEpoch / (this.#info.nData ?? 1)), 'Stepped one epoch'));
    el.run.addEventListener('click', () => this.#run());
    el.stop.addEventListener('click', () => this.#request(C.STOP));
    el.metric.addEventListener('change', () => this.#drawCurves());
    el.variable.addEventListener('change', () => this.#setVariable(el.variable.value));
    el.layer.addEventListener('change', () => {
      this.#layer = Number(el.layer.value);
      this.#showLayer();
    });
    this.#setMode('idle');
  }

  /**
   * The loaded network's first hidden-like layer: the setting for B follows it while it is
   * still the suggested one ("Hidden1:Inhib.Layer.Gi=1.3" for ra25).
   */
  suggestTarget(layerName) {
    const suggestion = (name) => `${name}:Inhib.Layer.Gi=1.3`;
    if (!layerName || this.#el.setting.value !== suggestion(this.#suggested)) return;
    this.#el.setting.value = suggestion(layerName);
    this.#suggested = layerName;
  }

  /** Load A and B (same seed) from the page's experiment and the settings typed for B. */
  async start() {
    const el = this.#el;
    this.#clearError();
    const settings = parseSettingsList(el.setting.value);
    const old = this.#rpc;
    this.#rpc = null;   // first, so its 'dead' event is not taken for a failure
    old?.terminate('the comparison was started again');
    const rpc = new WorkerRpc(workerUrl('compare-worker.js'));
    this.#rpc = rpc;
    rpc.addEventListener(C.FRAME, (e) => {
      rpc.post({ type: P.FRAME_ACK });   // the worker sends the next frame once this one is in
      this.#receive(e.detail.frame);
    });
    rpc.addEventListener(C.STOPPED, (e) => this.#stopped(e.detail));
    rpc.addEventListener('dead', (e) => {
      if (rpc === this.#rpc && this.#mode !== 'idle') this.#fail(new Error(e.detail.message));
    });
    this.#setMode('busy');
    this.#say('Building A and B…');
    try {
      const { info, frame } = await rpc.request(C.LOAD, { experiment: this.#source.experiment(), settings });
      this.#info = info;
      this.#epochs = [[], []];
      el.labelB.textContent = settings.join(' ');
      el.layer.replaceChildren(...info.layers.map((l) => new Option(`${l.name} (${l.numNeurons} units)`, String(l.index))));
      const hidden = firstHiddenLike(info) ?? info.layers[0];
      this.#layer = hidden.index;
      el.layer.value = String(this.#layer);
      const vars = [...MAIN_VARS.filter((v) => info.varNames.includes(v)), ...info.varNames.filter((v) => !MAIN_VARS.includes(v))];
      el.variable.replaceChildren(...vars.map((v) => new Option(v, v)));
      el.variable.value = frame.variable;
      el.view.hidden = false;
      this.#showLayer();
      this.#receive(frame);
      this.#setMode('ready');
      this.#say(`A and B are ready (seed ${info.seed}). Step or Run trains both, trial by trial.`);
    } catch (err) {
      if (rpc !== this.#rpc) return;
      this.#rpc = null;
      rpc.terminate();
      this.#fail(err);
    }
  }

  // ---- requests

  async #request(type, args = {}) {
    try {
      const reply = await this.#rpc.request(type, args);
      if (reply.frame) this.#receive(reply.frame);
      return reply;
    } catch (err) {
      this.#fail(err);
      return null;
    }
  }

  async #step(trials, label) {
    this.#clearError();
    this.#setMode('stepping');
    const reply = await this.#request(C.STEP, { trials });
    if (!reply) return;
    this.#setMode('ready');
    this.#say(`${label}. ${this.#position()}`);
  }

  async #run() {
    this.#clearError();
    this.#setMode('running');
    this.#say('Running A and B together.');
    if (!(await this.#request(C.RUN))) this.#setMode('ready');
  }

  #stopped({ reason, frame, message }) {
    if (frame) this.#receive(frame);
    if (reason === P.StopReason.ERROR) {
      this.#fail(new Error(message ?? 'the comparison stopped with an error'));
      return;
    }
    this.#setMode('ready');
    this.#say(`${reason === P.StopReason.DONE ? 'Both runs are done' : 'Stopped'}. ${this.#position()}`);
  }

  async #setVariable(name) {
    await this.#request(C.VIEW, { variable: name });
  }

  // ---- frames

  #receive(frame) {
    this.#frame = frame;
    frame.newEpochs.forEach((list, k) => this.#epochs[k].push(...list));
    const [a, b] = frame.counters;
    this.#el.counterA.textContent = `epoch ${a.epoch}, trial ${a.trial}${a.runDone ? ' (done)' : ''}`;
    this.#el.counterB.textContent = `epoch ${b.epoch}, trial ${b.trial}${b.runDone ? ' (done)' : ''}`;
    this.#el.view.dataset.trials = `${a.trialsTotal},${b.trialsTotal}`;
    this.#el.view.dataset.epochs = `${this.#epochs[0].length},${this.#epochs[1].length}`;
    this.#el.view.dataset.variable = frame.variable;
    if (this.#drawScheduled) return;
    this.#drawScheduled = true;
    requestAnimationFrame(() => {
      this.#drawScheduled = false;
      this.#drawCurves();
      this.#drawDiff();
    });
  }

  #position() {
    const [a, b] = this.#frame.counters;
    return `A at epoch ${a.epoch}, trial ${a.trial}; B at epoch ${b.epoch}, trial ${b.trial}.`;
  }

  #drawCurves() {
    const metric = METRICS.find((m) => m.key === this.#el.metric.value) ?? METRICS[0];
    const n = Math.max(this.#epochs[0].length, this.#epochs[1].length);
    const xs = Array.from({ length: n }, (_, i) => i);
    const line = (list, label) => ({ label, values: xs.map((i) => (list[i] ? metric.value(list[i]) : null)) });
    this.#chart.set(xs, [line(this.#epochs[0], 'A'), line(this.#epochs[1], 'B')], metric.axis, metric.key === 'pctErr' ? [0, 100] : null);
  }

  /** A − B on a signed scale fitted to the largest difference (0 = grey: the networks agree). */
  #drawDiff() {
    const frame = this.#frame;
    if (!frame || !this.#info) return;
    const values = frame.diff[this.#layer];
    let m = 0;
    for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
    const scale = signedScale(m > 1e-6 ? m : 1);
    this.#diffView.render(frame.diff, scale);
    drawLegendBar(this.#el.legend, scale);
    this.#el.lo.textContent = fmt(scale.lo);
    this.#el.hi.textContent = fmt(scale.hi);
    this.#el.view.dataset.maxDiff = String(m);
  }

  #showLayer() {
    this.#diffView.setLayers([this.#info.layers[this.#layer]]);
    this.#drawDiff();
  }

  #describe(sel) {
    const l = this.#info.layers[sel.layer];
    const v = this.#frame?.diff[sel.layer]?.[sel.unit] ?? NaN;
    const name = this.#frame?.variable ?? '';
    return `${l.name} #${sel.unit}: ${name} A − B = ${fmt(v)}${varUnit(name)}`;
  }

  // ---- state and messages

  #setMode(mode) {
    this.#mode = mode;
    const el = this.#el;
    const ready = mode === 'ready';
    el.start.disabled = mode === 'busy';
    el.step.disabled = !ready;
    el.epoch.disabled = !ready;
    el.run.disabled = !ready;
    el.stop.disabled = mode !== 'running' && mode !== 'stepping';
    el.view.dataset.mode = mode;
  }

  #fail(err) {
    const fields = (err.fieldErrors ?? []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
    const msg = String(err.message ?? err);
    this.#el.error.textContent = [msg, ...fields.filter((f) => !msg.includes(f))].join('\n');
    this.#el.error.hidden = false;
    this.#setMode(this.#rpc?.alive && this.#info ? 'ready' : 'idle');
    this.#say('The comparison stopped with an error.');
  }

  #clearError() {
    this.#el.error.hidden = true;
    this.#el.error.textContent = '';
  }

  #say(text) {
    this.#el.status.textContent = text;
  }
}
