// Runs a batch: N seeds (runs 0..N-1 of the experiment's seed) for every condition of a
// settings grid, on a pool of batch workers (batch-worker.js), each job (condition, run)
// on the next free worker. The main thread only hands out jobs and collects epochs; Cancel
// terminates every worker, which stops them at once.
//
//   const pool = new BatchPool();
//   pool.addEventListener('progress', (e) => show(e.detail));   // {done, total, epochs, running}
//   pool.addEventListener('epoch', (e) => plot(e.detail));      // {condition, run, epoch}
//   const results = await pool.run({ experiment, grid: ['Hidden1:Inhib.Layer.Gi=1,1.1'], runs: 5, workers: 2 });
//
// run() resolves with BatchResults (protocol.js) or rejects: a refused grid (fieldErrors),
// a failed job, or cancel() (err.cancelled = true).
import '../protocol.js';
import { WorkerRpc } from '../worker-rpc.js';
import { workerUrl } from '../worker-url.js';

const B = globalThis.ThetaProtocol.Batch;
export const MAX_WORKERS = 8;
export const MAX_RUNS = 1000;   // the schema's limit of runs per experiment
export const MAX_JOBS = 4000;

/** One worker per core, at most MAX_WORKERS. */
export function defaultWorkers() {
  return Math.max(1, Math.min(MAX_WORKERS, globalThis.navigator?.hardwareConcurrency || 1));
}

function cancelledError() {
  const err = new Error('the batch was cancelled');
  err.cancelled = true;
  return err;
}

export class BatchPool extends EventTarget {
  #workerUrl;
  #workers = [];
  #abort = null;   // rejects the batch under way
  #current = null;  // BatchResults of the last batch, filled in as its epochs arrive
  #finished = [];   // indices (in #current.jobs) of the runs trained to their end

  /** @param {string|URL} [url] the worker script (default: web/batch-worker.js) */
  constructor(url = workerUrl('batch-worker.js')) {
    super();
    this.#workerUrl = url;
  }

  /** Workers alive now (0 when no batch runs: they are terminated at its end). */
  get liveWorkers() {
    return this.#workers.filter((w) => w.alive).length;
  }

  get running() {
    return this.#abort !== null;
  }

  /** The last batch's results so far (also after a cancel or a failure), or null. */
  get current() {
    return this.#current;
  }

  /** Indices of current.jobs that trained to their end. */
  get finishedJobs() {
    return this.#finished.slice();
  }

  /** ({experiment: JSON text, grid: [setting strings], runs, workers}) -> BatchResults */
  async run({ experiment, grid, runs, workers }) {
    if (this.#abort) throw new Error('a batch is already running');
    if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) throw new Error(`seeds: must be a whole number from 1 to ${MAX_RUNS}`);
    if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) throw new Error(`workers: must be a whole number from 1 to ${MAX_WORKERS}`);
    this.#current = null;
    this.#finished = [];
    const aborted = new Promise((resolve, reject) => { this.#abort = reject; });
    aborted.catch(() => {});
    try {
      // The first worker plans while the others load the engine.
      this.#workers = [new WorkerRpc(this.#workerUrl)];
      const plan = Promise.race([this.#workers[0].request(B.PLAN, { experiment, settings: grid }), aborted]);
      for (let k = 1; k < workers; k++) this.#workers.push(new WorkerRpc(this.#workerUrl));
      const { conditions, seed } = await plan;
      const total = conditions.length * runs;
      if (total > MAX_JOBS) throw new Error(`the batch has ${total} runs; at most ${MAX_JOBS} run at once`);
      const results = {
        experiment,
        seed,
        runs,
        grid: grid.slice(),
        conditions: conditions.map(({ label, settings }) => ({ label, settings })),
        jobs: [],
      };
      for (let c = 0; c < conditions.length; c++) {
        for (let r = 0; r < runs; r++) results.jobs.push({ condition: c, run: r, epochs: [] });
      }
      this.#current = results;
      // Fewer jobs than workers: the spare ones go at once.
      this.#workers.splice(total).forEach((w) => w.terminate());
      await Promise.race([this.#drain(results, conditions), aborted]);
      return results;
    } finally {
      this.#abort = null;
      this.#stopWorkers('the batch ended');
    }
  }

  /** Stop the batch under way now: every worker is terminated, run() rejects (err.cancelled). */
  cancel() {
    if (!this.#abort) return;
    this.#stopWorkers('the batch was cancelled');
    this.#abort(cancelledError());
  }

  #stopWorkers(reason) {
    for (const w of this.#workers) w.terminate(reason);
    this.#workers = [];
  }

  /** Hand out jobs in order to whichever worker is free until all are done. */
  async #drain(results, conditions) {
    const { jobs } = results;
    const progress = { done: 0, total: jobs.length, epochs: 0, running: new Map() };   // job index -> epochs so far
    const report = () => this.dispatchEvent(new CustomEvent('progress', {
      detail: { done: progress.done, total: progress.total, epochs: progress.epochs, running: [...progress.running.values()] },
    }));
    let next = 0;
    const serve = async (worker) => {
      while (next < jobs.length) {
        const k = next++;
        const job = jobs[k];
        progress.running.set(k, { condition: job.condition, run: job.run, epochs: 0 });
        report();
        await worker.request(B.JOB, { json: conditions[job.condition].json, run: job.run }, ({ epoch }) => {
          job.epochs.push(epoch);
          progress.epochs += 1;
          progress.running.get(k).epochs = job.epochs.length;
          this.dispatchEvent(new CustomEvent('epoch', { detail: { condition: job.condition, run: job.run, epoch } }));
          report();
        });
        progress.running.delete(k);
        this.#finished.push(k);
        progress.done += 1;
        report();
      }
    };
    report();
    await Promise.all(this.#workers.map(serve));
  }
}
