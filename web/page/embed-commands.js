// Embed mode (index.html?embed=1&parent=<host origin>): the commands the host page sends
// through the embed bridge (embed/bridge.js), carried out as the page's own buttons do, so
// the page's state follows. Each resolves to its reply or rejects with a message.
import '../protocol.js';  // a classic script that defines globalThis.ThetaProtocol

const STEP_UNITS = Object.values(globalThis.ThetaProtocol.Step);
const MAX_STEPS = 100000;

/**
 * `page` gives what the commands act on: { state, client, editor, initRun(seed, label, options),
 * run(options), act(label, fn, options), stepLabel(unit, n, by) }.
 */
export function createEmbedCommands(page) {
  const { state, client } = page;

  function requireIdle(what) {
    if (state.mode !== 'ready') throw new Error(`cannot ${what} now: the simulation is ${state.mode}`);
  }

  return {
    init: async (a) => {
      requireIdle('init');
      return page.initRun(a?.seed ?? state.seed, 'Initialized by the host page', { rethrow: true });
    },
    run: async () => {
      if (state.mode === 'running') return { running: true };
      requireIdle('run');
      return page.run({ rethrow: true });
    },
    stop: async () => {
      await client.stop();
      return { stopped: true };
    },
    step: async (a) => {
      requireIdle('step');
      const unit = a?.unit ?? 'trial';
      const n = Math.max(1, Math.min(MAX_STEPS, Math.round(Number(a?.n ?? 1)) || 1));
      if (!STEP_UNITS.includes(unit)) throw new Error(`unknown step unit ${JSON.stringify(String(unit)).slice(0, 40)} (use ${STEP_UNITS.join(', ')})`);
      return page.act(page.stepLabel(unit, n, ' (host page)'), () => client.step(unit, n), { rethrow: true });
    },
    setParam: async (a) => {
      const { experiment } = await client.setParam(a ?? {});
      state.experiment = experiment;
      page.editor.setExperiment(experiment);
      return { experiment };
    },
    getState: () => client.getState(),
  };
}
