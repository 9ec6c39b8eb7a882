// A lesson's action links (`[text](do:VERB ARGS)`, docs/lessons.md) carried out through the
// page's own paths: the same functions its buttons, pickers and panels call, so the
// counters, the editor and every panel follow. `perform` resolves to a short sentence of
// what it did ("Gi set to 0.8 on every layer") or rejects with why it could not.
import '../protocol.js';  // a classic script that defines globalThis.ThetaProtocol

const P = globalThis.ThetaProtocol;
const HIGHLIGHT_MS = 4000;

// `open PANEL`: the element to show (lessonPanelNames in engine/src/io/lesson_actions.cpp).
const PANELS = {
  controls: 'section.controls', network: 'section.network', curves: 'section.curves', 'trial-plot': '#trial-plot',
  scope: 'section.scope', 'inhib-plot': '#pool-plot', raster: '.raster-box', editor: 'section.editor',
  share: 'section.share', batch: 'section.batch', compare: 'section.compare', neuron: '#neuron-section',
  synapse: '#synapse-section', detector: '#detector-section', inhib: '#inhib-section', stability: '#stability-section',
};
// ...and its name for the reader (the heading it has on the page).
const PANEL_NAMES = {
  'inhib-plot': 'inhibition plot', raster: 'spike raster', 'trial-plot': 'Activity per trial',
};

// `highlight CONTROL`: [element, what the reader calls it] (lessonControlNames).
const CONTROLS = {
  init: ['#btn-init', 'Init button'], run: ['#btn-run', 'Run button'], stop: ['#btn-stop', 'Stop button'],
  seed: ['#btn-new-seed', 'New seed button'], step: ['.step-row', 'Step control'], speed: ['#speed', 'Speed picker'],
  task: ['#task', 'Task picker'], counters: ['dl.counters', 'counters'], variable: ['#variable', 'variable picker'],
  timeline: ['#timeline', 'trial timeline'], present: ['#btn-present', 'Present button'],
  'raster-layer': ['#raster-layer', 'raster’s layer menu'], 'share-link': ['#btn-share', 'Copy share link button'],
  'teacher-link': ['#btn-teacher', 'Teacher link button'], upload: ['#upload', 'Your own patterns section'],
  'batch-start': ['#btn-batch-start', 'Start batch button'], 'ab-start': ['#btn-ab-start', 'Start A/B button'],
};

const FOCUSABLE = 'button:not(:disabled), select:not(:disabled), input:not(:disabled), summary, [tabindex]';

/** "a, b and c" */
function listed(words) {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * `page` gives the page's paths: { state, linkView, folds, initRun(seed, label, options),
 * run(options), stop(), step(unit, n) (the Step button's path; rejects on errors),
 * settingChanges(setting), setParams(changes), loadExperiment(source, label),
 * showVariable(name), selectUnit({layer, unit}), position(counters), whenDrawn() }.
 */
export function createLessonActions(page) {
  const { state, linkView } = page;
  const highlights = new Map();   // element -> timer of its highlight

  function requireReady(what) {
    if (state.mode === 'ready') return;
    throw new Error(`cannot ${what} now: the simulation is ${state.mode === 'stepping' ? 'stepping (Stop ends it)' : state.mode}`);
  }

  function requireUnlocked(group, what) {
    if (linkView.blocked(group)) throw new Error(`${what} is locked by the link you opened`);
  }

  /** The running simulation stops first, as the page's Init and Step buttons need. */
  async function idle(what) {
    if (state.mode === 'running') await page.stop();
    requireReady(what);
  }

  function highlight(target) {
    clearTimeout(highlights.get(target));
    target.classList.add('lesson-highlight');
    highlights.set(target, setTimeout(() => {
      target.classList.remove('lesson-highlight');
      highlights.delete(target);
    }, HIGHLIGHT_MS));
  }

  /** Unfold the panel `target` is in and scroll it into view; refuse when the page hides it. */
  function reveal(target, name) {
    const section = target.closest('section');
    const group = target.closest('[data-group]')?.dataset.group;
    if (group && linkView.hidden.has(group)) throw new Error(`the ${name} is hidden by the link you opened`);
    if (target.closest('[hidden]')) throw new Error(`the ${name} is not shown for ${state.info?.name || 'this experiment'}`);
    if (section) page.folds.unfold(section);
    target.scrollIntoView({ block: 'nearest' });
  }

  const verbs = {
    async init() {
      requireUnlocked('init', 'Init');
      await idle('init');
      await page.initRun(state.seed, 'Initialized', { rethrow: true });
      return `Init: started over with seed ${state.seed}`;
    },

    async run() {
      requireUnlocked('run', 'Run');
      if (state.mode === 'running') return 'already running';
      requireReady('run');
      await page.run({ rethrow: true });
      return 'Run: training started (Stop ends it)';
    },

    async stop() {
      requireUnlocked('run', 'Stop');
      if (state.mode !== 'running' && state.mode !== 'stepping') return 'nothing was running';
      await page.stop();
      return `stopped at ${page.position(state.frame.counters)}`;
    },

    async step(unit, count = '1') {
      requireUnlocked('step', 'Step');
      await idle('step');
      const n = Number(count);
      const reply = await page.step(unit, n);
      const c = reply.frame.counters;
      // A step stops at the end of the run (its last trial), as the Step button's does: say so.
      const ended = c.runDone ? ' (the run ended there: Init or Run starts the next)' : '';
      return `stepped ${n} ${unit}${n > 1 ? 's' : ''}: now at ${page.position(c)}${ended}`;
    },

    async set(...words) {
      const setting = words.join(' ');
      const { changes, json, rebuild } = await page.settingChanges(setting);
      if (rebuild) {
        requireUnlocked('editor', 'The experiment');
        await idle('change the experiment');
        await page.loadExperiment({ json }, `Set ${setting}`);
        return `${setting}: the experiment was rebuilt with it (the run starts over)`;
      }
      if (changes.length === 0) return `${setting}: already so, nothing changed`;
      await page.setParams(changes);
      return describeChanges(changes, state.info);
    },

    async view(name) {
      requireUnlocked('variable', 'The variable picker');
      const info = state.info;
      if (!info.varNames.includes(name) && !info.poolVarNames.includes(name)) throw new Error(`this engine has no variable "${name}"`);
      await page.showVariable(name);
      return `the network is coloured by ${name}`;
    },

    async plot(name) {
      const drawn = state.info.taskSource === 'drive' ? P.DRIVE_SCOPE_VARS : P.SCOPE_VARS;
      if (!drawn.includes(name)) throw new Error(`the scope draws ${listed([...drawn])} for ${state.info.name || 'this experiment'}, not ${name}`);
      const scope = document.getElementById('scope');
      reveal(scope, 'theta-cycle scope');
      await page.whenDrawn();
      // Spikes are the ticks on the Vm plot; every other variable is a line named in a legend.
      const label = name === 'Spike' ? 'Vm ' : `${name} `;
      const figure = [...scope.querySelectorAll('figure')].find((f) => !f.hidden
        && [...f.querySelectorAll('.u-legend th, .u-legend .u-label')].some((t) => t.textContent.startsWith(label)));
      const target = figure ?? scope;
      target.scrollIntoView({ block: 'nearest' });
      highlight(target);
      return figure ? `the scope’s plot of ${name} is highlighted` : `the scope shows ${name} once a trial is recorded`;
    },

    async select(layerName, unitText = '0') {
      const layer = state.info.layers.find((l) => l.name === layerName);
      if (!layer) throw new Error(`no layer "${layerName}" in ${state.info.name || 'this experiment'}`);
      const unit = Number(unitText);
      if (unit >= layer.numNeurons) throw new Error(`${layerName} has units 0 to ${layer.numNeurons - 1}`);
      await page.selectUnit({ layer: layer.index, unit });
      return `selected ${layerName} unit ${unit}: the scope shows its theta cycle`;
    },

    async open(name) {
      const target = document.querySelector(PANELS[name]);
      const heading = target.closest('section')?.querySelector('h2');
      const label = PANEL_NAMES[name] ?? heading?.textContent.trim() ?? name;
      reveal(target, `${label} panel`);
      highlight(target);
      return `opened ${label}`;
    },

    async highlight(name) {
      const [selector, label] = CONTROLS[name];
      const target = document.querySelector(selector);
      reveal(target, label);
      target.scrollIntoView({ block: 'center' });
      highlight(target);
      const focusable = target.matches(FOCUSABLE) ? target : target.querySelector(FOCUSABLE);
      focusable?.focus({ preventScroll: true });
      return `the ${label} is highlighted`;
    },
  };

  return {
    /** Carry out `action` ({verb, args}, as the document has it); its result in a sentence. */
    perform(action) {
      const verb = Object.hasOwn(verbs, action.verb) ? verbs[action.verb] : null;
      if (!verb) return Promise.reject(new Error(`this page cannot do "${action.verb}"`));
      return verb(...action.args);
    },
  };
}

/**
 * "Inhib.Layer.Gi set to 0.8 on every layer", "... on Layer1 and Layer2": one clause per
 * parameter and value; `info` (the worker's) tells when that is every layer or path.
 */
function describeChanges(changes, info) {
  const groups = new Map();
  for (const c of changes) {
    const key = `${c.name}=${c.value}`;
    if (!groups.has(key)) groups.set(key, { name: c.name, value: c.value, layers: [], paths: [] });
    if (c.layer !== undefined) groups.get(key).layers.push(c.layer);
    else groups.get(key).paths.push(`${c.from} → ${c.to}`);
  }
  const where = (g) => {
    if (g.layers.length > 1 && g.layers.length === info.layers.length) return 'every layer';
    if (g.paths.length > 1 && g.paths.length === info.paths.length) return 'every path';
    return listed([...g.layers, ...g.paths]);
  };
  return [...groups.values()].map((g) => `${g.name} set to ${g.value} on ${where(g)}`).join('; ');
}
