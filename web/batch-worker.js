// A batch worker (a classic worker; batch/pool.js starts one per core): it plans a batch
// (the engine expands the settings grid and applies each condition's settings, so the page
// and `thetalab run --set` read settings the same way) and trains whole runs, one job at a
// time, posting every finished epoch. The pool cancels a batch by terminating its workers;
// Chromium lets a terminated worker finish the task it is in (for up to 2 s) before it stops
// it by force, so a job yields to the event loop every SLICE_MS and ends right away.
'use strict';
importScripts('protocol.js', 'worker-common.js');  // ThetaProtocol, ThetaWorkerCommon (it loads the engine)

const P = self.ThetaProtocol;
const B = P.Batch;
const { badInput, engineLoader, errorReply } = self.ThetaWorkerCommon;
const loadModule = engineLoader();
const SLICE_MS = 10;

// Yield through a MessageChannel (a macrotask, so a pending termination runs; setTimeout
// would add at least 4 ms when nested).
const channel = new MessageChannel();
let resume = null;
channel.port1.onmessage = () => resume();
const yieldToEvents = () => new Promise((resolve) => {
  resume = resolve;
  channel.port2.postMessage(null);
});

function checkSettings(settings) {
  if (!Array.isArray(settings) || !settings.every((s) => typeof s === 'string')) {
    throw badInput('settings', 'must be a list of setting strings, e.g. "Hidden1:Inhib.Layer.Gi=1,1.1"');
  }
  return settings;
}

const handlers = {
  async [B.PLAN]({ experiment, settings }) {
    const M = await loadModule();
    if (typeof experiment !== 'string') throw badInput('experiment', 'must be the experiment JSON text');
    const grid = M.expandSettings(checkSettings(settings));
    M.throwIfFieldErrors(grid.errors, 'settings refused');
    let seed = null;
    const conditions = grid.conditions.map(({ label, settings: own }) => {
      const applied = M.applySettings(experiment, own);
      M.throwIfFieldErrors(applied.errors, `condition ${label} refused`);
      const sim = M.createSim(applied.json);   // refusals (validation, memory) surface here, before any job
      try {
        seed ??= sim.experimentSeed();
      } finally {
        sim.delete();
      }
      return { label, settings: own, json: applied.json };
    });
    return { conditions, seed };
  },

  async [B.JOB]({ json, run }, id) {
    const M = await loadModule();
    if (!Number.isInteger(run) || run < 0) throw badInput('run', 'must be a whole number >= 0');
    const sim = M.createSim(json);
    try {
      M.throwIfFieldErrors(sim.initRun(sim.experimentSeed(), run) ?? [], 'run refused');
      let posted = 0;
      let t0 = performance.now();
      while (!sim.counters().runDone && sim.stepTrial()) {
        if (sim.epochLogSize() > posted) {
          for (const epoch of sim.epochLogFrom(posted)) self.postMessage({ id, type: B.EPOCH, epoch });
          posted = sim.epochLogSize();
        }
        if (performance.now() - t0 > SLICE_MS) {
          await yieldToEvents();
          t0 = performance.now();
        }
      }
      return { epochs: posted };
    } finally {
      sim.delete();
    }
  },
};

self.onmessage = async ({ data }) => {
  const { id, type, ...args } = data && typeof data === 'object' ? data : {};
  try {
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : null;
    if (!handler) throw new Error(`unknown request "${type}"`);
    self.postMessage({ id, type: P.Reply.OK, ...(await handler(args, id)) });
  } catch (err) {
    self.postMessage(errorReply(id, err));
  }
};
