// Main-thread client of the simulation worker: promise-matched requests plus events (the
// client core, worker-rpc.js), with restart and frame acknowledgements added. The page's
// views, the embed API and the tests all drive the engine through this class only.
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
import { WorkerRpc } from './worker-rpc.js';
import { workerUrl } from './worker-url.js';

const P = globalThis.ThetaProtocol;
// Hidden pages get no animation frames; frames are then acknowledged this often instead.
const HIDDEN_ACK_MS = 100;

export class SimClient extends WorkerRpc {
  #ackScheduled = false;
  #generation = 0;        // counts restarts: an acknowledgement goes to the worker whose frame it was
  // What restart() restores: the last experiment that loaded (with parameter changes since),
  // the seed of an explicit init, and the last view and speed the worker accepted.
  #experiment = null;
  #seed = undefined;
  #view = null;
  #speed = null;

  /** @param {string|URL} [url] the worker script (default: sim-worker.js beside this file) */
  constructor(url = workerUrl('sim-worker.js')) {
    super(url, { name: 'The simulation worker', deadEvent: P.Event.FATAL, restartHint: 'restart the engine to continue' });
  }

  // ---- experiment and training

  /** ({builtin: name} | {json: text}) -> {info, frame} */
  async load(source) {
    const result = await this.request(P.Req.LOAD, source);
    this.#loaded(result.info);
    return result;
  }

  /** ({seed?}) -> {frame}: run 0 with fresh weights. A bare seed (init(5)) works too. */
  async init(options) {
    const seed = options !== null && typeof options === 'object' ? options.seed : options;
    const result = await this.request(P.Req.INIT, seed === undefined ? {} : { seed });
    this.#seed = seed;
    return result;
  }

  /** () -> {frame}: the next run with fresh weights (the epoch log keeps earlier runs). */
  newRun() { return this.request(P.Req.NEW_RUN); }

  /** (unit: 'cycle'|'phase'|'trial'|'epoch', n = 1) -> {frame} */
  step(unit, n = 1) { return this.request(P.Req.STEP, { unit, n }); }

  /** () -> {running: true}; 'frame' events follow, then 'stopped'. */
  run() { return this.request(P.Req.RUN); }

  /** () -> {stopped: true} once the run or step has really stopped ('stopped' comes first). */
  stop() { return this.request(P.Req.STOP); }

  /** ({cyclesPerFrame: N}) -> {cyclesPerFrame}; N >= 1 cycles per animation frame, 0 = unthrottled. */
  async setSpeed({ cyclesPerFrame }) {
    const result = await this.request(P.Req.SET_SPEED, { cyclesPerFrame });
    this.#speed = { cyclesPerFrame: result.cyclesPerFrame };
    return result;
  }

  /** ({variable?, scope?: {layer, units} | null, raster?: {layer} | null}) -> {frame, view} */
  async setView(settings) {
    const result = await this.request(P.Req.SET_VIEW, settings);
    this.#view = result.view;
    return result;
  }

  /** ({layer, name, value} | {from, to, name, value}) -> {experiment}: applied at once, also while running. */
  async setParam(change) {
    const result = await this.request(P.Req.SET_PARAM, change);
    this.#experiment = result.experiment;
    return result;
  }

  // ---- lessons

  /** ({builtin: name} | {text}) -> {text, ok, errors, doc}: checked against the loaded experiment. */
  lesson(source) { return this.request(P.Req.LESSON, source); }

  /** (setting) -> {changes, json, rebuild}: what a setting string would change (nothing is applied). */
  settingChanges(setting) { return this.request(P.Req.SETTING_CHANGES, { setting }); }

  // ---- inspection, patterns, checkpoints

  /** ({layer, unit}) -> {recv: [{layer, weights}], send: [...]} */
  getWeights({ layer, unit }) { return this.request(P.Req.GET_WEIGHTS, { layer, unit }); }

  /** ({text}) -> {rows: [{name, input, target}]} sized for the loaded experiment's task layers */
  parsePatterns({ text }) { return this.request(P.Req.PARSE_PATTERNS, { text }); }

  /** () -> {bytes: ArrayBuffer} */
  saveCheckpoint() { return this.request(P.Req.SAVE_CHECKPOINT); }

  /** ({bytes: ArrayBuffer | typed array}) -> {info, frame}; the bytes are copied, not taken. */
  async loadCheckpoint({ bytes }) {
    const result = await this.request(P.Req.LOAD_CHECKPOINT, { bytes });
    this.#loaded(result.info);
    return result;
  }

  /** () -> {counters, lastTrial, epochLog, hash} */
  getState() { return this.request(P.Req.GET_STATE); }

  /** () -> {frame, view}: the current frame and view settings, changing nothing. */
  getFrame() { return this.request(P.Req.SET_VIEW, {}); }

  // ---- sweeps

  /**
   * ({json, conditions, trials, measure}, onProgress({done, total, from, results})) -> {results, stopped}: each
   * condition on a fresh Sim in the worker, time-sliced (protocol.js Req.SWEEP).
   */
  sweep(args, onProgress = null) {
    return this.request(P.Req.SWEEP, args, (msg) => {
      if (msg.type === P.SWEEP_PROGRESS) onProgress?.(msg);
    });
  }

  /** () -> {stopped}: end the sweep under way (it resolves with the results so far). */
  stopSweep() { return this.request(P.Req.SWEEP_STOP); }

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
    this.restartWorker('The simulation worker was restarted');
    this.#generation += 1;
    this.#ackScheduled = false;
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
    super.terminate('The simulation worker was terminated');
  }

  /** TEST ONLY: crash the engine ('trap' | 'oom') to exercise 'fatal' and restart(). */
  testCrash(kind) { return this.request(P.Req.TEST_CRASH, { kind }); }

  // ---- internals

  #loaded(info) {
    this.#experiment = info.experiment;
    this.#seed = undefined;
  }

  /** The engine's crash (Event.FATAL) ends the worker like its death; a frame is acknowledged. */
  receiveEvent(msg) {
    if (msg.type === P.Event.FATAL) {
      this.die(msg.message);
      return;
    }
    if (msg.type === P.Event.FRAME) this.#scheduleAck();
    super.receiveEvent(msg);
  }

  /** Tell the worker one animation frame has passed since a frame arrived: it may send the next. */
  #scheduleAck() {
    if (this.#ackScheduled) return;
    this.#ackScheduled = true;
    const generation = this.#generation;
    let timer = 0;
    const ack = () => {
      if (!this.#ackScheduled || generation !== this.#generation) return;
      this.#ackScheduled = false;
      clearTimeout(timer);
      this.post({ type: P.FRAME_ACK });
    };
    timer = setTimeout(ack, HIDDEN_ACK_MS);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(ack);
  }
}
