// The synapse panel, for the `synapse` built-in (a drive task with a path: a 1-unit Sender
// and a 1-unit Receiver firing kinasesim's spike trains, one rate in the minus phase and
// another in the plus phase, and the path learning from their calcium): the two rates as
// fields, each trial's spikes of both units and the DWt its learning computed, the run's
// trials as a list, and a sweep of every minus-Hz x plus-Hz pair (5..100 Hz) as a colour map
// beside the error-driven target (PlusHz - MinusHz)/100.
//
// Task fields go to `setTask` (main.js edits the experiment and reloads it, so share links
// carry them). Trials come from the worker's trial events (TrialStats.units and .dwt: the
// whole trial's spikes of each small layer), the last DWt also with each frame (pathDWt).
// The sweep runs in the worker (`sweep`: time-sliced, on its own Sims).
import { fmt } from './colormap.js';
import { SweepMap } from './sweep-map.js';
import { el } from './dom.js';
import { PanelFields } from './panel-fields.js';

const FIELDS = [
  { key: 'spikeHz', id: 'synapse-minus-hz', label: 'Minus-phase rate (Hz)' },
  { key: 'plusHz', id: 'synapse-plus-hz', label: 'Plus-phase rate (Hz)' },
];
const MIN_HZ = 5;
const MAX_HZ = 100;
const HZ = Array.from({ length: MAX_HZ / MIN_HZ }, (_, i) => MIN_HZ * (i + 1));   // 5, 10, ..., 100
const SWEEP_TRIALS = 10;
const RASTER_H = 56;

/** DWt as the page writes it: in units of 1e-6 (the sizes a trial's learning has here). */
export function dwtText(v) {
  return `${(v * 1e6).toFixed(2)}e-6`;
}

export class SynapsePanel {
  #section;
  #actions;
  #inputs = new Map();
  #form;          // the fields as a whole: their lock, on/off, message
  #last;          // the last trial's read-out
  #raster;        // canvas: the last trial's spikes of Sender and Receiver
  #list;          // tbody: the run's trials
  #mean;
  #sweepBtn;
  #stopBtn;
  #progress;
  #sweepNote;
  #scale;
  #maps = null;   // { dwt: SweepMap, target: SweepMap }
  #experiment = null;
  #layers = [];   // [{ index, name }] of the two units' layers: Sender, Receiver
  #phase = { minus: 100, total: 200 };
  #trials = [];   // the current run's trials: { trial, spikes: [[cycles] per layer], dwt }
  #run = -1;
  #generation = 0;   // counts loads: a sweep's results belong to the experiment it started with
  #sweeping = false;
  #idle = false;
  active = false;

  /**
   * @param {HTMLElement} section
   * @param {{setTask(key, value): Promise, sweep(args, onProgress): Promise<{results, stopped}>, stopSweep(): Promise}} actions
   */
  constructor(section, actions) {
    this.#section = section;
    this.#actions = actions;
    const body = section.querySelector('.synapse-body');
    const fields = el('fieldset', { className: 'neuron-fields' }, el('legend', { textContent: 'Rates (the task)' }));
    for (const f of FIELDS) {
      const input = el('input', { type: 'number', id: f.id, min: String(MIN_HZ), max: String(MAX_HZ), step: '5', inputMode: 'numeric' });
      input.addEventListener('change', () => this.#change(f, input));
      this.#inputs.set(f.key, input);
      fields.append(el('div', { className: 'neuron-field' }, el('label', { htmlFor: f.id, textContent: f.label }), input));
    }
    this.#form = new PanelFields(fields, 'synapse-message', () => this.#fill());
    this.#last = el('p', { id: 'synapse-last', className: 'neuron-spikes' });
    this.#last.setAttribute('aria-live', 'polite');
    this.#raster = el('canvas', { id: 'synapse-raster', className: 'synapse-raster' });
    this.#raster.setAttribute('role', 'img');
    this.#raster.setAttribute('aria-label', 'The last trial’s spikes of Sender and Receiver');
    this.#list = el('tbody');
    const table = el('table', { id: 'synapse-trials', className: 'synapse-trials' },
      el('caption', { textContent: 'This run’s trials: spikes in the minus | plus phase, and the DWt the trial’s learning computed' }),
      el('thead', {}, el('tr', {}, ...['Trial', 'Sender', 'Receiver', 'DWt'].map((h) => el('th', { scope: 'col', textContent: h })))),
      this.#list);
    this.#mean = el('p', { id: 'synapse-mean', className: 'neuron-spikes' });
    this.#sweepBtn = el('button', { type: 'button', id: 'btn-synapse-sweep', textContent: 'Sweep all rates' });
    this.#sweepBtn.title = `Every minus and plus rate from ${MIN_HZ} to ${MAX_HZ} Hz in steps of ${MIN_HZ} (400 pairs), ${SWEEP_TRIALS} trials each, in the worker`;
    this.#sweepBtn.addEventListener('click', () => this.sweep());
    this.#stopBtn = el('button', { type: 'button', id: 'btn-synapse-sweep-stop', textContent: 'Stop sweep', disabled: true });
    this.#stopBtn.addEventListener('click', () => this.#actions.stopSweep());
    this.#progress = el('progress', { id: 'synapse-sweep-progress', max: 400, value: 0, hidden: true });
    this.#sweepNote = el('p', { id: 'synapse-sweep-note', className: 'hint', textContent:
      'The sweep shows the mean DWt of every pair of rates (rows: minus phase, columns: plus phase) beside the error-driven target (plus − minus)/100. '
      + 'Above the diagonal the receiver fires faster in the outcome than in its prediction: the synapse potentiates (orange). '
      + 'Below it, slower: it depresses (blue). On the diagonal, a steady rate, DWt stays near 0.' });
    this.#scale = el('p', { id: 'synapse-sweep-scale', className: 'hint' });
    const maps = el('div', { className: 'sweep-maps', id: 'synapse-maps' });
    body.append(fields, this.#form.message, this.#last, this.#raster, table, this.#mean,
      el('div', { className: 'field-row' }, this.#sweepBtn, this.#stopBtn, this.#progress), this.#sweepNote, maps, this.#scale);
    const common = { rows: HZ, cols: HZ, rowLabel: 'minus Hz', colLabel: 'plus Hz' };
    this.#maps = {
      dwt: new SweepMap(maps, { ...common, id: 'synapse-map-dwt', title: 'Mean DWt (the synapse’s learning)',
        describe: (minus, plus, v) => `minus ${minus} Hz, plus ${plus} Hz: mean DWt ${Number.isNaN(v) ? 'not measured yet' : dwtText(v)}` }),
      target: new SweepMap(maps, { ...common, id: 'synapse-map-target', title: 'Target: (plus − minus)/100',
        describe: (minus, plus, v) => `minus ${minus} Hz, plus ${plus} Hz: target ${fmt(v)}` }),
    };
    this.#maps.target.setMany(0, HZ.flatMap((minus) => HZ.map((plus) => (plus - minus) / 100)));
    this.#maps.target.setScale(0.95);
    this.#showTrials();
  }

  #change(f, input) {
    const v = Number(input.value);
    if (!Number.isInteger(v) || v < MIN_HZ || v > MAX_HZ) {
      this.#form.refuse(`${f.label}: "${input.value}" is not a whole number from ${MIN_HZ} to ${MAX_HZ}.`);
      return;
    }
    this.#form.send(() => this.#actions.setTask(f.key, v));
  }

  /** Is this the synapse task: a drive task whose driven layer receives a path? */
  static fits(info) {
    return info.taskSource === 'drive' && info.paths.length > 0;
  }

  setInfo(info) {
    this.#generation += 1;
    this.active = SynapsePanel.fits(info);
    this.#section.hidden = !this.active;
    this.#trials = [];
    this.#run = -1;
    if (this.#sweeping) this.#actions.stopSweep().catch(() => {});
    if (!this.active) {
      this.#experiment = null;
      return;
    }
    const p = info.paths[0];
    this.#layers = [p.fromIndex, p.toIndex].map((i) => ({ index: i, name: info.layers[i].name }));
    this.#phase = { minus: info.minusCycles, total: info.minusCycles + info.plusCycles };
    this.experimentChanged(info.experiment);
    this.#showTrials();
  }

  experimentChanged(json) {
    if (!this.active) return;
    this.#experiment = JSON.parse(json);
    this.#fill();
  }

  #fill() {
    const task = this.#experiment?.task ?? {};
    for (const f of FIELDS) this.#inputs.get(f.key).value = String(task[f.key] ?? '');
  }

  setMode(mode) {
    this.#idle = mode === 'ready';
    this.#form.enable(this.#idle && !this.#sweeping);
  }

  /** Trial statistics from the worker (TrialStats with .units and .dwt). */
  trials(list) {
    if (!this.active) return;
    let changed = false;
    for (const t of list) {
      if (!t.units || !t.dwt) continue;
      if (t.run !== this.#run || t.trial === 0) {   // a new run (or its first trial again)
        this.#run = t.run;
        this.#trials = [];
      }
      const spikes = this.#layers.map((l) => t.units.find((u) => u.layer === l.index)?.spikeCycles[0] ?? []);
      this.#trials.push({ trial: t.trial, spikes, dwt: t.dwt[0] });
      changed = true;
    }
    if (changed) this.#showTrials();
  }

  /** The frame's DWt (lastTrialDWt of the path), for the read-out before any trial event. */
  frame(frame) {
    if (!this.active || !frame?.pathDWt) return;
    this.#section.dataset.frameDwt = String(frame.pathDWt[0] ?? 0);
  }

  /** The mean DWt over the run's trials so far (NaN before any). */
  get meanDWt() {
    return this.#trials.length ? this.#trials.reduce((a, t) => a + t.dwt, 0) / this.#trials.length : NaN;
  }

  /** What the status line adds after a run. */
  get summaryText() {
    return this.#trials.length ? `Mean DWt over ${this.#trials.length} trials: ${dwtText(this.meanDWt)}` : '';
  }

  #split(cycles) {
    const minus = cycles.filter((c) => c < this.#phase.minus).length;
    return `${minus} | ${cycles.length - minus}`;
  }

  #showTrials() {
    this.#section.dataset.trials = String(this.#trials.length);   // for tests
    this.#section.dataset.meanDwt = String(this.meanDWt);
    const last = this.#trials[this.#trials.length - 1];
    const names = this.#layers.map((l) => l.name);
    this.#last.textContent = last
      ? `Trial ${last.trial + 1}: ${names[0]} ${last.spikes[0].length} spikes, ${names[1]} ${last.spikes[1].length} spikes (minus | plus: ${this.#split(last.spikes[0])}, ${this.#split(last.spikes[1])}); DWt ${dwtText(last.dwt)}.`
      : 'Run (10 trials) or Step by trial to see each trial’s spikes and the DWt its learning computes.';
    this.#list.replaceChildren(...this.#trials.map((t) => el('tr', {},
      el('td', { textContent: String(t.trial + 1) }),
      el('td', { textContent: this.#split(t.spikes[0]) }),
      el('td', { textContent: this.#split(t.spikes[1]) }),
      el('td', { textContent: dwtText(t.dwt), className: t.dwt > 0 ? 'pos' : t.dwt < 0 ? 'neg' : '' }))));
    const mean = this.meanDWt;
    this.#mean.textContent = this.#trials.length
      ? `Mean DWt over ${this.#trials.length} trial${this.#trials.length === 1 ? '' : 's'}: ${dwtText(mean)} (${mean > 0 ? 'potentiation' : mean < 0 ? 'depression' : 'no change'}).`
      : '';
    this.#drawRaster(last);
  }

  #drawRaster(last) {
    const c = this.#raster;
    if (this.#section.hidden) return;
    const pr = devicePixelRatio || 1;
    const w = Math.max(200, c.clientWidth || c.parentElement.clientWidth);
    c.style.height = `${RASTER_H}px`;
    c.width = Math.round(w * pr);
    c.height = Math.round(RASTER_H * pr);
    const ctx = c.getContext('2d');
    ctx.scale(pr, pr);
    const css = getComputedStyle(document.documentElement);
    const muted = css.getPropertyValue('--muted').trim() || '#5f6368';
    const plus = css.getPropertyValue('--plus-tint').trim() || 'rgba(245,147,34,0.10)';
    const left = 64;
    const x = (cyc) => left + (cyc / this.#phase.total) * (w - left - 4);
    ctx.fillStyle = plus;
    ctx.fillRect(x(this.#phase.minus), 0, x(this.#phase.total) - x(this.#phase.minus), RASTER_H);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    this.#layers.forEach((l, k) => {
      const y = 14 + k * 22;
      ctx.fillStyle = muted;
      ctx.fillText(l.name, 2, y);
      ctx.strokeStyle = k === 0 ? '#0072b2' : '#d55e00';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (const cyc of last?.spikes[k] ?? []) {
        const xx = Math.round(x(cyc)) + 0.5;
        ctx.moveTo(xx, y - 8);
        ctx.lineTo(xx, y + 8);
      }
      ctx.stroke();
    });
  }

  /** Results from index `from` into the DWt map, on a scale of the largest |DWt| so far. */
  #showResults(from, results) {
    this.#maps.dwt.setMany(from, results.map((r) => r.dwt));
    // The scale: the 90th percentile of |DWt|, so the few large depressions (a fast
    // prediction, a nearly silent outcome) do not wash out the rest.
    const mags = this.#maps.dwt.values.filter(Number.isFinite).map(Math.abs).sort((a, b) => a - b);
    const m = Math.max(1e-9, mags[Math.floor(0.9 * (mags.length - 1))] ?? 0);
    this.#maps.dwt.setScale(m);
    this.#scale.textContent = `Colours saturate at ±${dwtText(m)} (the 90th percentile of |DWt|): orange potentiates, blue depresses. The target map's scale is ±0.95.`;
  }

  /** The sweep's mean DWt, rows minus Hz, columns plus Hz (NaN: not measured), with the rates. */
  get sweepResult() {
    return { hz: HZ.slice(), dwt: this.#maps.dwt.values };
  }

  /** Sweep every pair of rates in the worker; the DWt map fills in as conditions finish. */
  async sweep() {
    if (this.#sweeping || !this.#experiment) return;
    const generation = this.#generation;
    const conditions = [];
    for (const minus of HZ) for (const plus of HZ) conditions.push({ task: { spikeHz: minus, plusHz: plus } });
    this.#sweeping = true;
    this.#sweepBtn.disabled = true;
    this.#stopBtn.disabled = false;
    this.#progress.hidden = false;
    this.#progress.value = 0;
    this.#progress.max = conditions.length;
    this.#maps.dwt.clear();
    this.#section.dataset.sweep = 'running';
    this.setMode(this.#idle ? 'ready' : 'busy');
    this.#form.say('');
    try {
      const { results, stopped } = await this.#actions.sweep({
        json: JSON.stringify(this.#experiment), conditions, trials: SWEEP_TRIALS, measure: { dwtPath: 0 },
      }, ({ done, total, from, results: some }) => {
        if (generation !== this.#generation) return;
        this.#progress.value = done;
        this.#progress.max = total;
        this.#showResults(from, some);
      });
      if (generation !== this.#generation) return;
      this.#showResults(0, results);
      this.#section.dataset.sweep = stopped ? 'stopped' : 'done';
      this.#progress.value = results.length;
      this.#sweepNote.dataset.done = String(results.length);
    } catch (err) {
      this.#form.say(`The sweep failed: ${err.message}`);
      this.#section.dataset.sweep = 'failed';
    } finally {
      this.#sweeping = false;
      this.#sweepBtn.disabled = false;
      this.#stopBtn.disabled = true;
      this.setMode(this.#idle ? 'ready' : 'busy');
    }
  }
}
