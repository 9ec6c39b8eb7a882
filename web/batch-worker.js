// A batch worker (a classic worker; batch/pool.js starts one per core): it plans a batch
// (the engine expands the settings grid and applies each condition's settings, so the page
// and `thetalab run --set` read settings the same way) and trains whole runs, one job at a
// time, posting every finished epoch. The pool cancels a batch by terminating its workers;
// Chromium lets a terminated worker finish the task it is in (for up to 2 s) before it stops
// it by force, so a job trains in time slices (time-slice.js) and ends right away.
'use strict';
// ThetaProtocol, ThetaWorkerCommon (it loads the engine), ThetaTimeSlicer
importScripts('protocol.js', 'worker-common.js', 'time-slice.js');

const P = self.ThetaProtocol;
const B = P.Batch;
const { badInput, engineLoader, errorReply } = self.ThetaWorkerCommon;
const loadModule = engineLoader();

// The job under way (one at a time): its slice trains trials until the slice's deadline.
let job = null;
const slicer = new self.ThetaTimeSlicer((deadline) => job?.slice(deadline));

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
    if (job) throw new Error('a job is under way: send the next one when it has finished');
    const sim = M.createSim(json);
    try {
      M.throwIfFieldErrors(sim.initRun(sim.experimentSeed(), run) ?? [], 'run refused');
    } catch (err) {
      sim.delete();
      throw err;
    }
    return new Promise((resolve, reject) => {
      let posted = 0;
      const end = (settle, value) => {
        job = null;
        sim.delete();
        settle(value);
      };
      job = {
        slice(deadline) {
          try {
            while (!sim.counters().runDone && sim.stepTrial()) {
              if (sim.epochLogSize() > posted) {
                for (const epoch of sim.epochLogFrom(posted)) self.postMessage({ id, type: B.EPOCH, epoch });
                posted = sim.epochLogSize();
              }
              if (performance.now() >= deadline) {
                slicer.schedule();
                return;
              }
            }
            end(resolve, { epochs: posted });
          } catch (err) {
            end(reject, err);
          }
        },
      };
      slicer.schedule();
    });
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
