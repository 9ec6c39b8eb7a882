// A small promise-matched client for the batch and A/B workers (batch-worker.js,
// compare-worker.js): requests with ids and one reply each, events without ids dispatched
// as CustomEvents (type = the message's type, detail = the rest of it). SimClient is the
// richer client of the page's own simulation worker; this one has no restart, because
// batches and comparisons are started over from the page instead.
import './protocol.js';  // a classic script that defines globalThis.ThetaProtocol

const P = globalThis.ThetaProtocol;

export class WorkerRpc extends EventTarget {
  #worker;
  #nextId = 1;
  #pending = new Map();   // id -> { resolve, reject, onEvent }
  #dead = null;           // why requests are refused, or null

  /** @param {string|URL} url a classic worker script */
  constructor(url) {
    super();
    this.#worker = new Worker(url);
    this.#worker.onmessage = ({ data }) => this.#receive(data);
    // A worker that fails to load or throws outside a request: nothing more will answer.
    this.#worker.onerror = (e) => {
      e.preventDefault();
      this.#die(`the worker failed (${e.message || 'it could not start'})`);
    };
  }

  get alive() { return this.#dead === null; }

  /**
   * Send a request; resolves with the reply's fields, rejects with an Error carrying
   * `fieldErrors`. `onEvent(message)` hears messages that carry this request's id but are
   * not its reply (a job's per-epoch progress).
   */
  request(type, args = {}, onEvent = null) {
    if (this.#dead) return Promise.reject(new Error(this.#dead));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onEvent });
      this.#worker.postMessage({ ...args, id, type });
    });
  }

  /** Post a message that gets no reply (a frame acknowledgement). */
  post(message) {
    if (!this.#dead) this.#worker.postMessage(message);
  }

  /** Stop the worker at once (even mid-computation); pending requests are refused with `reason`. */
  terminate(reason = 'the worker was stopped') {
    this.#worker.terminate();
    this.#die(reason);
  }

  #die(reason) {
    if (this.#dead) return;
    this.#dead = reason;
    for (const { reject } of this.#pending.values()) reject(new Error(reason));
    this.#pending.clear();
    this.dispatchEvent(new CustomEvent('dead', { detail: { message: reason } }));
  }

  #receive(msg) {
    const entry = msg.id !== undefined ? this.#pending.get(msg.id) : null;
    if (entry && msg.type === P.Reply.OK) {
      this.#pending.delete(msg.id);
      const { id, type, ...result } = msg;
      entry.resolve(result);
    } else if (entry && msg.type === P.Reply.ERROR) {
      this.#pending.delete(msg.id);
      const err = new Error(msg.message);
      err.fieldErrors = msg.fieldErrors ?? [];
      entry.reject(err);
    } else if (entry) {
      entry.onEvent?.(msg);
    } else if (msg.id === undefined) {
      const { type, ...detail } = msg;
      this.dispatchEvent(new CustomEvent(type, { detail }));
    }
  }
}
