// Embed mode (index.html?embed=1&parent=<host origin>): the commands the host page sends
// through the embed bridge (embed/bridge.js), carried out as the page's own buttons do, so
// the page's state follows. Each resolves to its reply or rejects with a message.
import '../protocol.js';  // a classic script that defines globalThis.ThetaProtocol
import { MAX_LESSON_BYTES } from '../share/link-codec.js';
import { textDigest } from './lesson-sources.js';

const STEP_UNITS = Object.values(globalThis.ThetaProtocol.Step);
const MAX_STEPS = 100000;
const MAX_NAME_CHARS = 500;

/**
 * `page` gives what the commands act on: { state, client, editor, initRun(seed, label, options),
 * run(options), act(label, fn, options), stepLabel(unit, n, by), lessons (page/lesson-sources.js),
 * doAction(action) (page/do-action.js) }.
 */
export function createEmbedCommands(page) {
  const { state, client, lessons } = page;

  function requireIdle(what) {
    if (state.mode !== 'ready') throw new Error(`cannot ${what} now: the simulation is ${state.mode}`);
  }

  /**
   * The host's lesson: { text, name? } (its Markdown; name, e.g. the address it came from,
   * keys the student's answers) is checked against the loaded experiment and shown, and the
   * check is the reply; { error, name? } (the host could not get it) shows that instead.
   */
  async function showHostLesson(a) {
    if (a?.name !== undefined && (typeof a.name !== 'string' || a.name.length > MAX_NAME_CHARS)) {
      throw new Error(`lesson: "name" must be text of at most ${MAX_NAME_CHARS} characters`);
    }
    if (a?.error !== undefined) {
      const problem = `the page this sim is in could not load its lesson: ${String(a.error).slice(0, 500)}`;
      lessons.give({ source: `host:${a.name ?? 'failed'}`, problem });
      await lessons.show();
      return { ok: false, errors: [{ line: 0, message: problem }] };
    }
    if (typeof a?.text !== 'string') throw new Error('lesson: "text" must be the lesson\'s Markdown');
    const source = `host:${a.name ?? textDigest(a.text)}`;
    const bytes = new TextEncoder().encode(a.text).length;
    if (bytes > MAX_LESSON_BYTES) {
      const problem = `the lesson is ${bytes} bytes, more than the ${MAX_LESSON_BYTES} bytes (256 KiB) a lesson may have`;
      lessons.give({ source, problem });
      await lessons.show();
      throw new Error(`lesson: ${problem}`);
    }
    lessons.give({ source, text: a.text });
    const { ok, errors, doc } = await lessons.show();
    return { ok, errors, title: doc.title, steps: doc.steps, actions: doc.actions, questions: doc.questions };
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
    lesson: showHostLesson,
    do: (a) => page.doAction(a?.action),
  };
}
