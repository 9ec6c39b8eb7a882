// Share links on the page: the fragment names an experiment (#x=... or #builtin=name), maybe
// trained weights, a lesson and view settings (share/link-codec.js reads it); this module
// opens what it names, shows why a link could not be opened, and gives the experiment a link
// carries.
import { decodeShareFragment, decodeWeights } from '../share/link-codec.js';
import { BUILTIN_TASKS } from '../views/state.js';
import { textDigest } from './lesson-sources.js';

const $ = (id) => document.getElementById(id);

/** An Error's message with the engine's field errors ("path: reason"), as one line. */
export function reasonOf(err) {
  const fields = (err.fieldErrors ?? []).slice(0, 5).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  const msg = String(err.message ?? err);
  return [msg, ...fields.filter((f) => !msg.includes(f))].join('; ').replace(/:?\s*\n\s*/g, ': ');
}

/**
 * The page's links. `page` gives what they act on: { state, client, controls, linkView,
 * loadExperiment(source, label), loadCheckpointBytes(bytes, label), addTaskOption(label, json),
 * updateView(), run(), onError(text) (the embed bridge hears a link's error), lessons
 * (page/lesson-sources.js: a link's lesson is given to the task it opened) }.
 */
export function createLinks(page) {
  const { state, client, controls, linkView } = page;
  let errorText = '';

  /** The link banner (role=alert): what was wrong, and what the page shows instead. Text only. */
  function showLinkError(what, err, fallback) {
    const box = $('link-error');
    const head = document.createElement('strong');
    head.textContent = what;
    const reason = document.createElement('span');
    reason.className = 'reason';
    reason.textContent = ` ${reasonOf(err)}.`;
    const after = document.createElement('span');
    after.textContent = ` ${fallback}`;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'small';
    close.textContent = 'Dismiss';
    close.addEventListener('click', () => { box.hidden = true; });
    box.replaceChildren(head, reason, after, ' ', close);
    box.hidden = false;
    errorText = `${what} ${reasonOf(err)}`;
    page.onError(errorText);
  }

  function hideLinkError() {
    $('link-error').hidden = true;
    $('link-error').replaceChildren();
  }

  function selectBuiltinTask(name) {
    const value = `builtin:${name}`;
    if (!BUILTIN_TASKS.some((t) => t.value === value)) BUILTIN_TASKS.push({ value, label: name });
    state.task = value;
    controls.setTasks([...BUILTIN_TASKS, ...state.uploads], value);
  }

  return {
    /** Why the last link could not be opened ('' when it could). */
    get errorText() { return errorText; },

    /** The experiment as a link carries it: the loaded document with the current seed. */
    linkExperiment() {
      const ex = JSON.parse(state.experiment);
      if (String(ex.seed) !== state.seed) {
        const n = Number(state.seed);
        ex.seed = Number.isSafeInteger(n) ? n : state.seed;
      }
      return JSON.stringify(ex);
    },

    /**
     * Open what the fragment names. On the first load a refused link falls back to ra25;
     * later (hashchange) the current experiment stays. View settings apply either way.
     */
    async openFragment(hash, first) {
      let link = null;
      let decodeError = null;
      try {
        link = await decodeShareFragment(hash);
      } catch (err) {
        decodeError = err;
      }
      if (!link && !decodeError && !first) return;   // a fragment with no experiment: nothing to open
      hideLinkError();
      const fallback = first ? 'The default experiment (ra25) is loaded instead.' : 'The experiment you had stays loaded.';
      if (decodeError) showLinkError('This link could not be opened:', decodeError, fallback);
      if (state.mode === 'running' || state.mode === 'stepping') await client.stop().catch(() => {});
      let loaded = false;
      if (link) {
        try {
          if (link.builtin) {
            await page.loadExperiment({ builtin: link.builtin }, 'Opened');
            selectBuiltinTask(link.builtin);
          } else {
            await page.loadExperiment({ json: link.json }, 'Opened the link');
            page.addTaskOption(`From the link: ${state.info.name || 'experiment'}`, state.experiment);
          }
          loaded = true;
        } catch (err) {
          if (!Array.isArray(err.fieldErrors)) throw err;   // not a refusal: the engine itself failed
          showLinkError('This link could not be opened:', err, fallback);
        }
        if (loaded && link.weights) {
          try {
            await page.loadCheckpointBytes(await decodeWeights(link.weights), 'Opened the link with its trained weights');
          } catch (err) {
            showLinkError('The trained weights in this link could not be loaded:', err, 'The experiment is loaded with fresh weights instead.');
          }
        }
      }
      // The link's lesson goes with its experiment (a link that could not be opened has none).
      // Its answers are kept under a digest of its text: the same lesson from the same link
      // finds them again, another lesson starts afresh.
      if (loaded && link.lesson !== undefined) page.lessons.give({ source: `link:${textDigest(link.lesson)}`, text: link.lesson });
      else if (loaded && link.lessonError) page.lessons.give({ source: 'link:damaged', problem: `the lesson in this link could not be read: ${link.lessonError}` });
      if (!loaded && first) await page.loadExperiment({ builtin: 'ra25' }, 'Ready');
      const view = link?.view ?? { hide: [], lock: [] };
      const known = (v) => state.info.varNames.includes(v) || state.info.poolVarNames.includes(v);   // a pool variable too
      if (loaded && view.variable && view.variable !== state.variable && known(view.variable)) {
        state.variable = view.variable;
        controls.selectVariable(view.variable);
        await page.updateView();
      }
      linkView.set(view);
      if (loaded && view.autoplay && state.mode === 'ready') page.run();
    },
  };
}
