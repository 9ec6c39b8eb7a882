// The "Batch runs" panel: N seeds × a grid of parameter values, trained in background
// workers (batch/pool.js), with progress for the whole batch, Cancel, mean ± SE curves per
// condition, epochs to criterion per condition and the batch CSV. The engine reads the
// settings (the same strings as `thetalab run --set`); this panel only assembles them.
import { BatchPool, MAX_RUNS, MAX_WORKERS, defaultWorkers } from '../batch/pool.js';
import { METRICS, batchCsv, criterionSummary, curveStats } from '../batch/results.js';
import { BandChart } from './band-chart.js';
import { download, fileStem } from './share-panel.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_ROW = { target: 'Hidden1', name: 'Inhib.Layer.Gi', values: '' };

/** The setting string of a grid row ("Hidden1:Inhib.Layer.Gi=1,1.1"), or null when it has no values. */
export function rowSetting({ target, name, values }) {
  const v = values.replace(/\s+/g, '');
  if (!v) return null;
  return target.trim() ? `${target.trim()}:${name.trim()}=${v}` : `${name.trim()}=${v}`;
}

export class BatchPanel {
  #source;
  #pool = new BatchPool();
  #chart;
  #results = null;    // the batch shown once finished, cancelled or opened (while running: pool.current)
  #token = 0;         // which batch the panel shows: a batch replaced by another (or a bundle) stays quiet
  #drawScheduled = false;
  #lastProgress = null;   // the pool's last 'progress' detail
  #suggested = DEFAULT_ROW.target;   // the first row's target as the panel last set it
  #el = {
    seeds: $('batch-seeds'), workers: $('batch-workers'), epochs: $('batch-epochs'), rows: $('batch-grid-rows'),
    start: $('btn-batch-start'), cancel: $('btn-batch-cancel'), progress: $('batch-progress'),
    status: $('batch-status'), error: $('batch-error'), results: $('batch-results'), metric: $('batch-metric'),
    table: $('batch-table-body'), csv: $('btn-batch-csv'),
  };

  /**
   * @param {object} source  experiment() -> JSON text of the current experiment (with its
   *   parameter changes and seed); name() -> its name (for file names)
   */
  constructor(source) {
    this.#source = source;
    const el = this.#el;
    el.workers.max = String(MAX_WORKERS);
    el.workers.value = String(defaultWorkers());
    el.seeds.max = String(MAX_RUNS);
    el.metric.replaceChildren(...METRICS.map((m) => new Option(m.label, m.key)));
    this.#chart = new BandChart($('batch-chart'), 200);
    this.#addRow(DEFAULT_ROW);
    $('btn-batch-add-row').addEventListener('click', () => this.#addRow({ target: '', name: '', values: '' }, true));
    el.start.addEventListener('click', () => this.start());
    el.cancel.addEventListener('click', () => this.cancel());
    el.metric.addEventListener('change', () => this.#draw());
    el.csv.addEventListener('click', () => this.#exportCsv());
    this.#pool.addEventListener('progress', (e) => this.#progress(e.detail));
    this.#pool.addEventListener('epoch', () => this.#scheduleDraw());
  }

  /** The pool (tests and scripts/bench-batch.mjs read liveWorkers). */
  get pool() { return this.#pool; }

  /** The batch results shown, for the bundle (null when none). */
  get results() { return this.#results; }

  /** The settings the inputs describe: grid rows, then the epoch limit. */
  settings() {
    const out = [...this.#el.rows.querySelectorAll('tr')].map((tr) => rowSetting({
      target: tr.querySelector('[data-field="target"]').value,
      name: tr.querySelector('[data-field="name"]').value,
      values: tr.querySelector('[data-field="values"]').value,
    })).filter(Boolean);
    const epochs = this.#el.epochs.value.trim();
    if (epochs) out.push(`train.epochs=${epochs}`);
    return out;
  }

  async start() {
    const el = this.#el;
    if (this.#pool.running) return;
    this.#clearError();
    const runs = Number(el.seeds.value);
    const workers = Number(el.workers.value);
    const t0 = performance.now();
    el.start.disabled = true;
    el.cancel.disabled = false;
    el.status.dataset.ms = '';
    this.#say('Starting the batch…');
    this.#results = null;
    this.#lastProgress = null;
    const token = ++this.#token;
    try {
      const results = await this.#pool.run({ experiment: this.#source.experiment(), grid: this.settings(), runs, workers });
      if (token !== this.#token) return;
      this.#results = results;
      const ms = performance.now() - t0;
      el.status.dataset.ms = String(Math.round(ms));
      el.progress.value = el.progress.max;
      const used = Math.min(workers, results.jobs.length);
      this.#say(`Batch done: ${results.jobs.length} run${results.jobs.length === 1 ? '' : 's'} of `
        + `${results.conditions.length} condition${results.conditions.length === 1 ? '' : 's'} in ${(ms / 1000).toFixed(1)} s `
        + `with ${used} worker${used === 1 ? '' : 's'}.`);
      this.#draw();
    } catch (err) {
      if (token !== this.#token) return;
      if (err.cancelled) {
        this.#say(`Cancelled: ${this.#doneText()}. Every worker was stopped.`);
      } else {
        this.#showError(err);
        this.#say(`The batch stopped with an error: ${this.#doneText()}.`);
      }
      this.#keepFinishedRuns();
      this.#draw();
    } finally {
      el.start.disabled = false;
      el.cancel.disabled = true;
    }
  }

  /**
   * The loaded network's first hidden-like layer: the first grid row's target follows it
   * while it still holds the previous suggestion (Hidden1 for ra25, Hidden for deepfsa).
   */
  suggestTarget(layerName) {
    const box = this.#el.rows.querySelector('tr [data-field="target"]');
    if (!layerName || !box || box.value !== this.#suggested) return;
    box.value = layerName;
    this.#suggested = layerName;
  }

  /** Stop every worker now; finished runs stay on the chart and in the table. */
  cancel() {
    this.#pool.cancel();
  }

  /** Show results opened from a bundle. */
  show(results) {
    this.#token += 1;
    this.#pool.cancel();
    this.#results = results;
    this.#lastProgress = null;
    this.#clearError();
    this.#say(`Opened a batch: ${results.jobs.length} runs of ${results.conditions.length} condition${results.conditions.length === 1 ? '' : 's'} (seed ${results.seed}).`);
    this.#draw();
  }

  // ---- progress

  #progress(p) {
    this.#lastProgress = p;
    const el = this.#el;
    // A run in progress counts by the epochs it has trained, out of its epoch limit at most.
    el.progress.max = p.total;
    el.progress.value = p.done;
    el.progress.setAttribute('aria-valuetext', `${p.done} of ${p.total} runs done`);
    this.#say(`Batch: ${this.#doneText()}, ${p.epochs} epoch${p.epochs === 1 ? '' : 's'} trained; `
      + `${p.running.length} worker${p.running.length === 1 ? '' : 's'} busy.`);
  }

  #doneText() {
    const p = this.#lastProgress;
    return p ? `${p.done} of ${p.total} runs done` : 'no run done';
  }

  /** After Cancel or an error: only runs trained to their end stay (a cut-off run would bias the means). */
  #keepFinishedRuns() {
    const r = this.#pool.current;
    if (!r) return;
    const done = new Set(this.#pool.finishedJobs);
    this.#results = { ...r, jobs: r.jobs.filter((j, k) => done.has(k)) };
  }

  // ---- results

  #scheduleDraw() {
    if (this.#drawScheduled) return;
    this.#drawScheduled = true;
    requestAnimationFrame(() => {
      this.#drawScheduled = false;
      this.#draw();
    });
  }

  #draw() {
    const results = this.#results ?? (this.#pool.running ? this.#pool.current : null);
    const el = this.#el;
    el.results.hidden = !results;
    if (!results) return;
    const metric = METRICS.find((m) => m.key === el.metric.value) ?? METRICS[0];
    const curves = results.conditions.map((c, k) => ({ label: c.label, ...curveStats(results, k, metric.key) }));
    const last = Math.max(-1, ...curves.map((c) => c.epochs.length - 1));
    const xs = Array.from({ length: last + 1 }, (_, i) => i);
    const lines = curves.map((c) => ({
      label: c.label,
      values: xs.map((i) => c.mean[i] ?? null),
      se: xs.map((i) => c.se[i] ?? 0),
    }));
    this.#chart.set(xs, lines, metric.axis, metric.key === 'pctErr' ? [0, 100] : null);
    el.results.dataset.conditions = String(results.conditions.length);
    el.results.dataset.runs = String(results.jobs.filter((j) => j.epochs.length).length);
    this.#fillTable(results);
  }

  #fillTable(results) {
    const rows = results.conditions.map((c, k) => {
      const s = criterionSummary(results, k);
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = c.label;   // user text: never HTML
      const cells = [
        String(s.runs),
        s.median === null ? '—' : String(s.median),
        s.min === null ? '—' : s.min === s.max ? String(s.min) : `${s.min}–${s.max}`,
        String(s.never),
      ].map((t) => {
        const td = document.createElement('td');
        td.textContent = t;
        return td;
      });
      tr.append(th, ...cells);
      return tr;
    });
    this.#el.table.replaceChildren(...rows);
  }

  #exportCsv() {
    const results = this.#results;
    if (!results) return;
    download(`${fileStem(this.#source.name())}-batch.csv`, new Blob([batchCsv(results)], { type: 'text/csv' }));
    const rows = results.jobs.reduce((n, j) => n + j.epochs.length, 0);
    this.#say(`Saved the batch as CSV: ${rows} row${rows === 1 ? '' : 's'} (condition, run, epoch).`);
  }

  // ---- grid rows

  #addRow({ target, name, values }, focus = false) {
    const tr = document.createElement('tr');
    const n = this.#el.rows.children.length + 1;
    const input = (field, value, label, placeholder) => {
      const td = document.createElement('td');
      const box = document.createElement('input');
      box.type = 'text';
      box.dataset.field = field;
      box.value = value;
      box.placeholder = placeholder;
      box.spellcheck = false;
      box.setAttribute('aria-label', `${label}, grid row ${n}`);
      td.append(box);
      return td;
    };
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'small';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove grid row ${n}`);
    remove.addEventListener('click', () => tr.remove());
    const removeTd = document.createElement('td');
    removeTd.append(remove);
    tr.append(
      input('target', target, 'Target', 'Hidden1, Input>Hidden1, *'),
      input('name', name, 'Parameter', 'Inhib.Layer.Gi'),
      input('values', values, 'Values', '1.0, 1.1'),
      removeTd,
    );
    this.#el.rows.append(tr);
    if (focus) tr.querySelector('input').focus();
  }

  // ---- messages

  #say(text) {
    this.#el.status.textContent = text;
  }

  #showError(err) {
    const fields = (err.fieldErrors ?? []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
    const msg = String(err.message ?? err);
    this.#el.error.textContent = [msg, ...fields.filter((f) => !msg.includes(f))].join('\n');
    this.#el.error.hidden = false;
  }

  #clearError() {
    this.#el.error.hidden = true;
    this.#el.error.textContent = '';
  }
}
