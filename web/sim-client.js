// Main-thread client of the simulation worker: promise-matched requests plus events. The
// page's views, the embed API and the tests all drive the engine through this class only.
//
//   const client = new SimClient();
//   client.addEventListener('frame', (e) => draw(e.detail.frame));
//   const { info } = await client.load({ builtin: 'ra25' });
//   await client.step('trial');
//
// Every method returns a promise (shapes in protocol.js). A refusal rejects with an Error
// whose `fieldErrors` lists {path, message}. Events (CustomEvent, payload in `detail`):
//   'frame' {frame}                 while running or stepping, at most one per animation frame
//   'stopped' {reason, frame, message?}   a run ended: 'stopped' | 'done' | 'error'
//   'trial' {trials}, 'epoch' {epochs}    statistics of every trial and epoch, batched
//   'fatal' {message}               the engine crashed or the worker died; every request
//                                   is refused until restart()
import './protocol.js';  // a classic script that defines globalThis.ThetaProtocol
import { workerUrl } from './worker-url.js';

const P = globalThis.ThetaProtocol;
// Hidden pages get no animation frames; frames are then acknowledged this often instead.
const HIDDEN_ACK_MS = 100;

export class SimClient extends EventTarget {
  #workerUrl;
  #worker = null;
  #nextId = 1;
  #pending = new Map();   // id -> { resolve, reject }
  #dead = null;           // why requests are refused (fatal error, terminate), or null
  #ackScheduled = false;
  // What restart() restores: the last experiment that loaded (with parameter changes since),
  // the seed of an explicit init, and the last view and speed the worker accepted.
  #experiment = null;
  #seed = undefined;
  #view = null;
  #speed = null;

  /** @param {string|URL} [workerUrl] the worker script (default: sim-worker.js beside this file) */
  constructor(url = workerUrl('sim-worker.js')) {
    super();
    this.#workerUrl = url;
    this.#startWorker();
  }

  // ---- experiment and training

  /** ({builtin: name} | {json: text}) -> {info, frame} */
  async load(source) {
    const result = await this.#request(P.Req.LOAD, source);
    this.#loaded(result.info);
    return result;
  }

  /** ({seed?}) -> {frame}: run 0 with fresh weights. A bare seed (init(5)) works too. */
  async init(options) {
    const seed = options !== null && typeof options === 'object' ? options.seed : options;
    const result = await this.#request(P.Req.INIT, seed === undefined ? {} : { seed });
    this.#seed = seed;
    return result;
  }

  /** () -> {frame}: the next run with fresh weights (the epoch log keeps earlier runs). */
  newRun() { return this.#request(P.Req.NEW_RUN); }

  /** (unit: 'cycle'|'phase'|'trial'|'epoch', n = 1) -> {frame} */
  step(unit, n = 1) { return this.#request(P.Req.STEP, { unit, n }); }

  /** () -> {running: true}; 'frame' events follow, then 'stopped'. */
  run() { return this.#request(P.Req.RUN); }

  /** () -> {stopped: true} once the run or step has really stopped ('stopped' comes first). */
  stop() { return this.#request(P.Req.STOP); }

  /** ({cyclesPerFrame: N}) -> {cyclesPerFrame}; N >= 1 cycles per animation frame, 0 = unthrottled. */
  async setSpeed({ cyclesPerFrame }) {
    const result = await this.#request(P.Req.SET_SPEED, { cyclesPerFrame });
    this.#speed = { cyclesPerFrame: result.cyclesPerFrame };
    return result;
  }

  /** ({variable?, scope?: {layer, units} | null, raster?: {layer} | null}) -> {frame, view} */
  async setView(settings) {
    const result = await this.#request(P.Req.SET_VIEW, settings);
    this.#view = result.view;
    return result;
  }

  /** ({layer, name, value} | {from, to, name, value}) -> {experiment}: applied at once, also while running. */
  async setParam(change) {
    const result = await this.#request(P.Req.SET_PARAM, change);
    this.#experiment = result.experiment;
    return result;
  }

  // ---- inspection, patterns, checkpoints

  /** ({layer, unit}) -> {recv: [{layer, weights}], send: [...]} */
  getWeights({ layer, unit }) { return this.#request(P.Req.GET_WEIGHTS, { layer, unit }); }

  /** ({text}) -> {rows: [{name, input, target}]} sized for the loaded experiment's task layers */
  parsePatterns({ text }) { return this.#request(P.Req.PARSE_PATTERNS, { text }); }

  /** () -> {bytes: ArrayBuffer} */
  saveCheckpoint() { return this.#request(P.Req.SAVE_CHECKPOINT); }

  /** ({bytes: ArrayBuffer | typed array}) -> {info, frame}; the bytes are copied, not taken. */
  async loadCheckpoint({ bytes }) {
    const result = await this.#request(P.Req.LOAD_CHECKPOINT, { bytes });
    this.#loaded(result.info);
    return result;
  }

  /** () -> {counters, lastTrial, epochLog, hash} */
  getState() { return this.#request(P.Req.GET_STATE); }

  /** () -> {frame, view}: the current frame and view settings, changing nothing. */
  getFrame() { return this.#request(P.Req.SET_VIEW, {}); }

  // ---- worker life

  /**
   * A new worker with the last experiment that loaded (including parameter changes since),
   * the seed of an explicit init, and the current view and speed: how the page recovers
   * after a 'fatal' event. -> {info, frame} (both null when nothing was loaded before).
   */
  async restart() {
    const experiment = this.#experiment;
    const seed = this.#seed;
    const view = this.#view;
    const speed = this.#speed;
    this.#stopWorker('The simulation worker was restarted');
    this.#startWorker();
    if (speed) await this.setSpeed(speed);
    if (experiment === null) return { info: null, frame: null };
    const { info } = await this.load({ json: experiment });
    let { frame } = seed === undefined ? { frame: null } : await this.init({ seed });
    if (view) ({ frame } = await this.setView(view));
    else if (!frame) ({ frame } = await this.getFrame());
    return { info, frame };
  }

  /** Stop the worker for good (restart() makes a new one). Pending requests are refused. */
  terminate() {
    this.#stopWorker('The simulation worker was terminated');
  }

  /** Frames are acknowledged automatically; kept for pages written before that. */
  ackFrame() {
    this.#worker?.postMessage({ type: P.FRAME_ACK });
  }

  /** TEST ONLY: crash the engine ('trap' | 'oom') to exercise 'fatal' and restart(). */
  testCrash(kind) { return this.#request(P.Req.TEST_CRASH, { kind }); }

  // ---- internals

  #loaded(info) {
    this.#experiment = info.experiment;
    this.#seed = undefined;
  }

  #startWorker() {
    const worker = new Worker(this.#workerUrl);
    // Messages of a worker already replaced (restart) are dropped.
    worker.onmessage = ({ data }) => {
      if (worker === this.#worker) this.#receive(data);
    };
    // A worker that fails to start or throws outside a request: nothing more will answer.
    worker.onerror = (e) => {
      e.preventDefault();
      if (worker === this.#worker) this.#fatal(`The simulation worker failed (${e.message || 'it could not start'})`);
    };
    this.#worker = worker;
    this.#dead = null;
    this.#ackScheduled = false;
  }

  #stopWorker(reason) {
    this.#worker?.terminate();
    this.#worker = null;
    this.#dead = reason;
    for (const { reject } of this.#pending.values()) reject(new Error(reason));
    this.#pending.clear();
  }

  #fatal(message) {
    if (this.#dead) return;
    this.#stopWorker(message);  // also frees the crashed worker's memory at once
    this.#dead = `${message}; restart the engine to continue`;
    this.dispatchEvent(new CustomEvent(P.Event.FATAL, { detail: { message } }));
  }

  #request(type, args = {}) {
    if (this.#dead) return Promise.reject(new Error(this.#dead));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...args, id, type });
    });
  }

  #receive(msg) {
    if (msg.id !== undefined) {
      const entry = this.#pending.get(msg.id);
      if (!entry) return;
      this.#pending.delete(msg.id);
      const { id, type, ...result } = msg;
      if (type === P.Reply.ERROR) {
        const err = new Error(result.message);
        err.fieldErrors = result.fieldErrors ?? [];
        entry.reject(err);
      } else {
        entry.resolve(result);
      }
      return;
    }
    const { type, ...detail } = msg;
    if (type === P.Event.FATAL) {
      this.#fatal(detail.message);
      return;
    }
    if (type === P.Event.FRAME) this.#scheduleAck();
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Tell the worker one animation frame has passed since a frame arrived: it may send the next. */
  #scheduleAck() {
    if (this.#ackScheduled) return;
    this.#ackScheduled = true;
    const worker = this.#worker;
    let timer = 0;
    const ack = () => {
      if (!this.#ackScheduled || worker !== this.#worker) return;
      this.#ackScheduled = false;
      clearTimeout(timer);
      worker.postMessage({ type: P.FRAME_ACK });
    };
    timer = setTimeout(ack, HIDDEN_ACK_MS);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(ack);
  }
}
