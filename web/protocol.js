// Message protocol between the page (sim-client.js) and the worker (sim-worker.js).
// A classic script, so the classic worker can importScripts() it and the page can load it
// with a plain <script> tag; it defines one frozen global, ThetaProtocol.
//
// Requests  page -> worker: { id, type: Req.*, ...args }
// Replies   worker -> page: { id, type: 'reply', ...result }
//                         | { id, type: 'error', message, fieldErrors: [{path, message}] }
// Events    worker -> page: { type: Event.*, ... } (no id)
// Ack       page -> worker: { type: 'frameAck' } after the page has drawn a frame; the worker
//                            sends at most one frame per ack (so at most one per animation frame).
(function (global) {
  'use strict';
  global.ThetaProtocol = Object.freeze({
    Req: Object.freeze({
      LOAD: 'load',         // { builtin: name } | { json: text } -> { info }
      INIT: 'init',         // { seed?: Number|BigInt|decimal string } -> { frame }
      STEP: 'step',         // { unit: Step.*, n?: count } -> { frame }
      RUN: 'run',           // {} -> { running: true }; Event.STOPPED follows when it ends
      STOP: 'stop',         // {} -> { stopped: true } once the run loop has stopped
    }),
    Reply: Object.freeze({ OK: 'reply', ERROR: 'error' }),
    Event: Object.freeze({
      FRAME: 'frame',       // { frame } while running
      STOPPED: 'stopped',   // { reason: 'stopped' | 'done', frame }
      FATAL: 'fatal',       // { message } the engine crashed; reload to continue
    }),
    FRAME_ACK: 'frameAck',
    Step: Object.freeze({ CYCLE: 'cycle', PHASE: 'phase', TRIAL: 'trial', EPOCH: 'epoch' }),
  });
})(self);
