// Main-thread client of the simulation worker: promise-matched requests plus events.
// Needs protocol.js loaded first (it defines the global ThetaProtocol).
//
//   const client = new SimClient();
//   client.addEventListener('frame', (e) => draw(e.detail.frame));
//   const { info } = await client.load({ builtin: 'ra25' });
//   await client.step('trial');
//
// Requests reject with an Error whose `fieldErrors` lists {path, message} when the worker
// refused the input. Events: 'frame', 'stopped', 'fatal' (detail = the worker's message).
const P = globalThis.ThetaProtocol;
if (!P) throw new Error('sim-client.js needs protocol.js to be loaded first');

export class SimClient extends EventTarget {
  #worker;
  #nextId = 1;
  #pending = new Map(); // id -> { resolve, reject }

  constructor(workerUrl = 'sim-worker.js') {
    super();
    this.#worker = new Worker(workerUrl);
    this.#worker.onmessage = ({ data }) => this.#receive(data);
    // A worker that fails to start or throws outside a request: nothing more will answer.
    this.#worker.onerror = (e) => {
      e.preventDefault();
      this.#fail(`The simulation worker failed: ${e.message || 'unknown error'}`);
    };
  }

  load(source) { return this.#request(P.Req.LOAD, source); }
  init(seed) { return this.#request(P.Req.INIT, seed === undefined ? {} : { seed }); }
  step(unit, n = 1) { return this.#request(P.Req.STEP, { unit, n }); }
  run() { return this.#request(P.Req.RUN); }
  stop() { return this.#request(P.Req.STOP); }

  /** Tell the worker the last frame is drawn, so it may send the next one. */
  ackFrame() { this.#worker.postMessage({ type: P.FRAME_ACK }); }

  terminate() {
    this.#worker.terminate();
    this.#fail('The simulation worker was terminated');
  }

  #request(type, args = {}) {
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
      if (msg.type === P.Reply.ERROR) {
        const err = new Error(msg.message);
        err.fieldErrors = msg.fieldErrors ?? [];
        entry.reject(err);
      } else {
        const { id, type, ...result } = msg;
        entry.resolve(result);
      }
      return;
    }
    if (msg.type === P.Event.FATAL) {
      this.#fail(msg.message);
      return;
    }
    this.dispatchEvent(new CustomEvent(msg.type, { detail: msg }));
  }

  #fail(message) {
    for (const { reject } of this.#pending.values()) reject(new Error(message));
    this.#pending.clear();
    this.dispatchEvent(new CustomEvent(P.Event.FATAL, { detail: { message } }));
  }
}
