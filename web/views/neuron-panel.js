// The neuron panel, for a "drive" task (the `neuron` built-in: one neuron whose input
// conductances the task sets every cycle, Axon's sims/neuron): the task's drive (Ge, Gi, when
// Ge is on, clamped or as pulses) and the layer's channel parameters as labelled fields, the
// number of spikes of the last trial, and a plot that overlays the trace of every trial run
// since the last "Reset plot", each labelled by what changed before it.
//
// The panel edits nothing itself: a task field goes to `setTask` (main.js edits the
// experiment JSON and reloads it through the page's load path, so share links carry it), a
// layer parameter to `setLayerParam` (the worker's setParam, applied at once). Traces come
// from the scope recording in the frames (the worker records Vm, Spike, Act, Ge and Gi of the
// driven unit with a drive task: protocol.js DRIVE_SCOPE_VARS).
import { Chart, axis, drawPhases, theme } from './charts.js';
import { fmt } from './colormap.js';
import { el } from './dom.js';
import { PanelFields } from './panel-fields.js';

/** Task fields (experiment task.*), in the order shown. */
const TASK_FIELDS = [
  { key: 'ge', id: 'neuron-ge', label: 'Ge (excitatory input)', step: 0.01, min: 0, max: 10, short: 'Ge' },
  { key: 'gi', id: 'neuron-gi', label: 'Gi (inhibitory input)', step: 0.01, min: 0, max: 10, short: 'Gi' },
  { key: 'onCycle', id: 'neuron-on', label: 'Ge on from cycle', step: 1, min: 0, integer: true, short: 'on' },
  { key: 'offCycle', id: 'neuron-off', label: 'Ge off at cycle', step: 1, min: 0, integer: true, short: 'off' },
  { key: 'spikeHz', id: 'neuron-hz', label: 'Pulse rate (Hz)', step: 1, min: 0, max: 1000, short: 'pulse rate' },
];
/** Layer parameters (Axon paths) of the driven layer, set live. */
const LAYER_FIELDS = [
  { key: 'Acts.NMDA.Ge', id: 'neuron-nmda', label: 'NMDA Ge', step: 0.001, short: 'NMDA Ge' },
  { key: 'Acts.GabaB.Gk', id: 'neuron-gabab', label: 'GABA-B Gk', step: 0.001, short: 'GABA-B Gk' },
  { key: 'Acts.KNa.On', id: 'neuron-kna', label: 'KNa adaptation on', check: true, short: 'KNa' },
  { key: 'Acts.Mahp.Gk', id: 'neuron-mahp', label: 'mAHP Gk', step: 0.01, short: 'mAHP Gk' },
  { key: 'Acts.Erev.E', id: 'neuron-erev-e', label: 'Erev E (mV)', step: 1, short: 'Erev E' },
  { key: 'Acts.Erev.I', id: 'neuron-erev-i', label: 'Erev I (mV)', step: 1, short: 'Erev I' },
  // Axon's neuron sim: one number for both noise conductances (random input spikes at 100
  // Hz excitatory, 200 Hz inhibitory); 0 turns the noise off
  { key: 'Acts.Noise.Ge', id: 'neuron-noise', label: 'Noise (0 = off)', step: 0.01, min: 0, max: 10, short: 'Noise', noise: true },
];
/** What the overlay can show (recorded with a drive task). */
const PLOT_VARS = [
  { name: 'Vm', label: 'Vm (mV), ticks: spikes', digits: 1 },
  { name: 'Act', label: 'Act', digits: 3 },
  { name: 'Ge', label: 'Ge', digits: 3 },
  { name: 'Gi', label: 'Gi', digits: 3 },
];
const COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#7f7f7f', '#000000'];
const MAX_TRACES = 12;
const HEIGHT = 220;

export class NeuronPanel {
  #section;
  #actions;
  #inputs = new Map();     // field key -> input element
  #mode;                   // the input mode select
  #form;                   // the fields as a whole: their lock, on/off, message
  #spikes;
  #plotVar;
  #chart;
  #chartBox;
  #traces = [];            // { serial, label, spikes, spikeCycles, values: {Vm, Act, Ge, Gi} }
  #serial = 0;
  #pending = new Map();    // what changed since the last kept trace: short name -> value text
  #experiment = null;      // the parsed experiment (task and driven layer's params)
  #defaults = {};          // the driven layer type's parameter defaults
  #layerName = '';
  #layerIndex = -1;
  #phase = { minus: 150, total: 200 };
  #lastKey = null;         // the trial last kept (run/trialsTotal)
  #chartKey = '';
  active = false;

  /**
   * @param {HTMLElement} section the panel (shown only for a drive task)
   * @param {{setTask(key: string, value: number|string): Promise, setLayerParam(name: string, value: number): Promise}} actions
   */
  constructor(section, actions) {
    this.#section = section;
    this.#actions = actions;
    const body = section.querySelector('.neuron-body');
    const drive = el('fieldset', { className: 'neuron-fields' }, el('legend', { textContent: 'Input (the task)' }));
    for (const f of TASK_FIELDS) drive.append(this.#numberField(f, 'task'));
    this.#mode = el('select', { id: 'neuron-input' },
      new Option('clamp (held)', 'clamp'), new Option('spikes (pulses)', 'spikes'));
    this.#mode.title = 'clamp: Ge held while on; spikes: Ge in one-cycle pulses at the pulse rate';
    this.#mode.addEventListener('change', () => this.#changeTask('input', this.#mode.value, `input ${this.#mode.value}`));
    drive.insertBefore(el('div', { className: 'neuron-field' }, el('label', { htmlFor: 'neuron-input', textContent: 'Input' }), this.#mode),
      this.#inputs.get('spikeHz').closest('.neuron-field'));
    const channels = el('fieldset', { className: 'neuron-fields' }, el('legend', { textContent: 'Channels (the layer’s parameters)' }));
    for (const f of LAYER_FIELDS) channels.append(f.check ? this.#checkField(f) : this.#numberField(f, 'layer'));
    this.#spikes = el('p', { id: 'neuron-spikes', className: 'neuron-spikes' });
    this.#spikes.setAttribute('aria-live', 'polite');
    this.#plotVar = el('select', { id: 'neuron-plot-var' }, ...PLOT_VARS.map((v) => new Option(v.name, v.name)));
    this.#plotVar.addEventListener('change', () => this.#draw());
    const reset = section.querySelector('#btn-neuron-reset');
    reset.addEventListener('click', () => this.reset());
    this.#chartBox = el('div', { id: 'neuron-chart', className: 'chart' });
    const fields = el('div', { className: 'neuron-inputs' }, drive, channels);
    this.#form = new PanelFields(fields, 'neuron-message', () => this.#fill());
    body.append(fields, this.#form.message, this.#spikes,
      el('div', { className: 'field-row' }, el('label', { htmlFor: 'neuron-plot-var', textContent: 'Plot' }), this.#plotVar,
        el('span', { className: 'hint', textContent: ' every trial since the last reset, labelled by what changed' })),
      this.#chartBox);
    this.#chart = new Chart(this.#chartBox, HEIGHT);
    this.#showSpikes();
    this.#draw();
  }

  #numberField(f, kind) {
    const input = el('input', { type: 'number', id: f.id, step: String(f.step), inputMode: f.integer ? 'numeric' : 'decimal' });
    if (f.min !== undefined) input.min = String(f.min);
    if (f.max !== undefined) input.max = String(f.max);
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v) || (f.integer && !Number.isInteger(v))) {
        this.#form.refuse(`${f.label}: "${input.value}" is not ${f.integer ? 'a whole number' : 'a number'}.`);
        return;
      }
      if (kind === 'task') this.#changeTask(f.key, v, `${f.short} ${fmt(v)}`);
      else if (f.noise) this.#changeNoise(v, `${f.short} ${fmt(v)}`);
      else this.#changeLayer(f.key, v, `${f.short} ${fmt(v)}`);
    });
    this.#inputs.set(f.key, input);
    return el('div', { className: 'neuron-field' }, el('label', { htmlFor: f.id, textContent: f.label }), input);
  }

  #checkField(f) {
    const input = el('input', { type: 'checkbox', id: f.id });
    input.addEventListener('change', () => this.#changeLayer(f.key, input.checked ? 1 : 0, `${f.short} ${input.checked ? 'on' : 'off'}`));
    this.#inputs.set(f.key, input);
    return el('div', { className: 'neuron-field' }, el('label', { className: 'check' }, input, ` ${f.label}`));
  }

  #changeTask(key, value, what) {
    return this.#form.send(async () => {
      await this.#actions.setTask(key, value);   // reloads: setInfo fills the fields
      this.#pending.set(what.replace(/ [^ ]*$/, ''), what);
    });
  }

  #changeLayer(key, value, what) {
    return this.#form.send(async () => {
      await this.#actions.setLayerParam(this.#layerName, key, value);
      this.#pending.set(what.replace(/ [^ ]*$/, ''), what);
    });
  }

  /** Noise on at `value` for both conductances, or off at 0 (Acts.Noise.On, Ge, Gi). */
  #changeNoise(value, what) {
    return this.#form.send(async () => {
      if (value > 0) {
        await this.#actions.setLayerParam(this.#layerName, 'Acts.Noise.Ge', value);
        await this.#actions.setLayerParam(this.#layerName, 'Acts.Noise.Gi', value);
      }
      await this.#actions.setLayerParam(this.#layerName, 'Acts.Noise.On', value > 0 ? 1 : 0);
      this.#pending.set(what.replace(/ [^ ]*$/, ''), what);
    });
  }

  /**
   * A newly loaded experiment (the worker's info): the panel shows for a drive task. Traces
   * stay (a changed task field reloads the experiment), unless the task is not a drive one.
   */
  setInfo(info) {
    this.active = info.taskSource === 'drive' && (info.paths?.length ?? 0) === 0;   // the synapse has its own panel
    this.#section.hidden = !this.active;
    this.#lastKey = null;
    if (!this.active) {
      this.#traces = [];
      this.#pending.clear();
      this.#experiment = null;
      return;
    }
    const layer = info.layers[info.inputLayer];
    this.#layerName = layer?.name ?? '';
    this.#layerIndex = layer?.index ?? -1;
    this.#defaults = info.paramDefaults?.layer?.[layer?.type ?? 'Hidden'] ?? {};
    this.#phase = { minus: info.minusCycles, total: info.minusCycles + info.plusCycles };
    this.#chartKey = '';
    this.experimentChanged(info.experiment);
    this.#draw();
  }

  /** The experiment changed (a parameter set here or elsewhere): the fields follow. */
  experimentChanged(json) {
    if (!this.active) return;
    this.#experiment = JSON.parse(json);
    this.#fill();
  }

  #fill() {
    const ex = this.#experiment;
    if (!ex) return;
    const task = ex.task ?? {};
    for (const f of TASK_FIELDS) this.#inputs.get(f.key).value = String(task[f.key] ?? '');
    const total = this.#phase.total;
    this.#inputs.get('onCycle').max = String(total);
    this.#inputs.get('offCycle').max = String(total);
    const input = task.input ?? 'clamp';
    // An input mode this panel does not describe (a newer engine's) is shown as it is named.
    if (![...this.#mode.options].some((o) => o.value === input)) this.#mode.add(new Option(input, input));
    this.#mode.value = input;
    this.#inputs.get('spikeHz').disabled = this.#mode.value !== 'spikes';
    const params = ex.network.layers.find((l) => l.name === this.#layerName)?.params ?? {};
    for (const f of LAYER_FIELDS) {
      let v = params[f.key] ?? this.#defaults[f.key];
      if (f.noise && !(params['Acts.Noise.On'] ?? this.#defaults['Acts.Noise.On'])) v = 0;
      const input = this.#inputs.get(f.key);
      if (f.check) input.checked = Boolean(v);
      else input.value = v === undefined ? '' : String(v);
    }
  }

  /** Fields are off while the page runs or loads (`mode`: the page's state). */
  setMode(mode) {
    const idle = mode === 'ready';
    this.#form.enable(idle);
    if (idle) this.#inputs.get('spikeHz').disabled = this.#mode.value !== 'spikes';
  }

  /** A frame from the worker: a whole trial of the driven unit becomes a trace. */
  frame(frame) {
    const s = frame?.scope;
    if (!this.active || !s || s.layer !== this.#layerIndex) return;
    if (s.cycles < this.#phase.total) {   // a trial under way, or a fresh start (init, new run)
      this.#lastKey = null;
      return;
    }
    const key = `${frame.counters.run}/${frame.counters.trialsTotal}`;
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    this.#keep(s);
  }

  #keep(s) {
    const nv = s.vars.length;
    const nu = s.units.length;
    const k = Math.max(0, s.units.indexOf(0));
    const col = (name) => {
      const vi = s.vars.indexOf(name);
      const out = new Array(s.cycles);
      for (let c = 0; c < s.cycles; c++) out[c] = vi < 0 ? null : s.values[(c * nv + vi) * nu + k];
      return out;
    };
    const spikeCycles = [];
    col('Spike').forEach((v, c) => { if (v > 0) spikeCycles.push(c); });
    const values = Object.fromEntries(PLOT_VARS.map((v) => [v.name, col(v.name)]));
    const changed = [...this.#pending.values()].join(', ');
    const task = this.#experiment?.task ?? {};
    const what = changed || (this.#traces.length === 0 ? `Ge ${fmt(task.ge)}, Gi ${fmt(task.gi)}` : 'same settings');
    this.#pending.clear();
    this.#serial += 1;
    this.#traces.push({ serial: this.#serial, label: `${this.#serial}. ${what}`, spikes: spikeCycles.length, spikeCycles, values });
    if (this.#traces.length > MAX_TRACES) this.#traces.shift();
    this.#showSpikes();
    this.#draw();
  }

  /** The last trial's spike count, as the panel says it ('' before any). */
  get spikeText() {
    const last = this.#traces[this.#traces.length - 1];
    return last ? `Spikes in the last trial: ${last.spikes}` : '';
  }

  #showSpikes() {
    this.#spikes.textContent = this.spikeText || 'Run a trial (Run, or Step by trial) to see its spikes.';
  }

  /** Forget every trace (the "Reset plot" button). */
  reset() {
    this.#traces = [];
    this.#pending.clear();
    this.#serial = 0;
    this.#showSpikes();
    this.#draw();
  }

  #draw() {
    this.#section.dataset.traces = String(this.#traces.length);   // for tests
    if (this.#section.hidden) return;
    const v = PLOT_VARS.find((p) => p.name === this.#plotVar.value) ?? PLOT_VARS[0];
    const key = `${v.name}/${this.#phase.total}/${this.#traces.map((t) => t.serial).join(',')}`;
    if (key !== this.#chartKey) {
      this.#chartKey = key;
      this.#create(v);
    }
    const total = this.#phase.total;
    const xs = Array.from({ length: total }, (_, i) => i);
    this.#chart.setData([xs, ...this.#traces.map((t) => xs.map((c) => t.values[v.name][c] ?? null))], true);
  }

  #create(v) {
    const { minus, total } = this.#phase;
    const last = this.#traces.length - 1;
    const series = [{ label: 'cycle' }, ...this.#traces.map((t, k) => ({
      label: `${t.label} · ${t.spikes} spike${t.spikes === 1 ? '' : 's'}`,
      stroke: COLORS[(t.serial - 1) % COLORS.length],
      width: k === last ? 2 : 1.25,
      value: (u, x) => (x == null ? '—' : x.toFixed(v.digits)),
    }))];
    const opts = {
      scales: {
        x: { time: false, range: [0, total] },
        y: v.name === 'Vm' ? { range: (u, lo, hi) => [Math.min(-90, lo ?? -90), Math.max(-30, hi ?? -30)] }
          : { range: (u, lo, hi) => [0, Math.max(0.1, (hi ?? 0) * 1.1)] },
      },
      axes: [axis('cycle (ms) in the trial'), axis(v.label)],
      series,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        drawClear: [(u) => drawPhases(u.ctx, u.bbox, (x) => u.valToPos(x, 'x', true), minus, total, false, devicePixelRatio || 1)],
        draw: [(u) => this.#drawMarks(u, v.name === 'Vm')],
      },
    };
    this.#chart.create(opts, [[], ...series.slice(1).map(() => [])]);
  }

  /** The Ge on/off cycles as dotted lines; on the Vm plot each trace's spikes as ticks along the top. */
  #drawMarks(u, spikes) {
    const { ctx } = u;
    const pr = devicePixelRatio || 1;
    const task = this.#experiment?.task ?? {};
    ctx.save();
    ctx.strokeStyle = theme().muted;
    ctx.lineWidth = pr;
    ctx.setLineDash([2 * pr, 3 * pr]);
    ctx.beginPath();
    for (const c of [task.onCycle, task.offCycle]) {
      if (typeof c !== 'number') continue;
      const x = Math.round(u.valToPos(c, 'x', true)) + 0.5;
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (spikes) {
      this.#traces.forEach((t, k) => {
        ctx.strokeStyle = COLORS[(t.serial - 1) % COLORS.length];
        ctx.lineWidth = 1.5 * pr;
        ctx.beginPath();
        const y = u.bbox.top + 14 * pr + k * 6 * pr;
        for (const c of t.spikeCycles) {
          const x = Math.round(u.valToPos(c, 'x', true)) + 0.5;
          ctx.moveTo(x, y);
          ctx.lineTo(x, y + 5 * pr);
        }
        ctx.stroke();
      });
    }
    ctx.restore();
  }
}
