// The one client core of the page's workers: requests with ids and one reply each
// (promise-matched; an error reply rejects with an Error carrying `fieldErrors`), events
// without ids dispatched as CustomEvents (type = the message's type, detail = the rest of
// it), and the worker's death refusing every pending and later request. The batch pool and
// the A/B panel use it as it is; SimClient (sim-client.js) extends it with restart and
// frame acknowledgements. Message shapes: protocol.js.
import './protocol.js';  // a classic script that defines globalThis.ThetaProtocol

const P = globalThis.ThetaProtocol;

export class WorkerRpc extends EventTarget {
  #url;
  #name;
  #deadEvent;
  #restartHint;
  #worker = null;
  #nextId = 1;
  #pending = new Map();   // id -> { resolve, reject, onEvent }
  #dead = null;           // why requests are refused, or null

  /**
   * @param {string|URL} url a classic worker script
   * @param {object} [options]
   *   name: how messages name the worker ("the worker failed (…)");
   *   deadEvent: the event dispatched, with {message}, when the worker dies (fails to start,
   *     throws outside a request, or die() is called);
   *   restartHint: added to the refusal of later requests ("…; restart the engine to continue").
   */
  constructor(url, { name = 'the worker', deadEvent = 'dead', restartHint = '' } = {}) {
    super();
    this.#url = url;
    this.#name = name;
    this.#deadEvent = deadEvent;
    this.#restartHint = restartHint;
    this.#start();
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

  /** Stop the worker at once (even mid-computation); pending and later requests are refused with `reason`. */
  terminate(reason = `${this.#name} was stopped`) {
    this.#stop(reason);
  }

  /** Stop the worker and start a new one from the same script; pending requests are refused with `reason`. */
  restartWorker(reason) {
    this.#stop(reason);
    this.#start();
  }

  /** The worker can answer no more: stop it (freeing its memory), refuse every request, dispatch the dead event. */
  die(message) {
    if (this.#dead) return;
    this.#stop(this.#restartHint ? `${message}; ${this.#restartHint}` : message);
    this.dispatchEvent(new CustomEvent(this.#deadEvent, { detail: { message } }));
  }

  /** A message without an id: dispatched as an event (a subclass may look at it first). */
  receiveEvent(msg) {
    const { type, ...detail } = msg;
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #start() {
    const worker = new Worker(this.#url);
    // Messages of a worker already replaced or stopped are dropped.
    worker.onmessage = ({ data }) => {
      if (worker === this.#worker) this.#receive(data);
    };
    // A worker that fails to load or throws outside a request: nothing more will answer.
    worker.onerror = (e) => {
      e.preventDefault();
      if (worker === this.#worker) this.die(`${this.#name} failed (${e.message || 'it could not start'})`);
    };
    this.#worker = worker;
    this.#dead = null;
  }

  #stop(reason) {
    this.#worker?.terminate();
    this.#worker = null;
    this.#dead = reason;
    for (const { reject } of this.#pending.values()) reject(new Error(reason));
    this.#pending.clear();
  }

  #receive(msg) {
    if (msg.id === undefined) {
      this.receiveEvent(msg);
      return;
    }
    const entry = this.#pending.get(msg.id);
    if (!entry) return;   // a request already refused (the worker was restarted meanwhile)
    if (msg.type === P.Reply.OK || msg.type === P.Reply.ERROR) {
      this.#pending.delete(msg.id);
      const { id, type, ...result } = msg;
      if (type === P.Reply.OK) {
        entry.resolve(result);
      } else {
        const err = new Error(result.message);
        err.fieldErrors = result.fieldErrors ?? [];
        entry.reject(err);
      }
    } else {
      entry.onEvent?.(msg);
    }
  }
}
