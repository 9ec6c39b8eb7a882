// Parameter and architecture editor. Parameters (learning rate, inhibition, back-path
// strength) apply at once through the worker's setParam; architecture and schedule edits
// (layer sizes, hidden layers, trials per epoch) collect in a draft that "Apply" loads as a
// new experiment. The engine validates both; each error is shown next to its field.
import { hasDeepLayers } from './state.js';
import {
  addHiddenLayer, layerDefaults, paramOf, pathDefaults, removeLayer, setShape, setTrialsPerEpoch,
} from './experiment-edit.js';
import { el } from './dom.js';

const LRATE = 'Learn.LRate.Base';
const GI = 'Inhib.Layer.Gi';
const REL = 'PathScale.Rel';

/** A layer's type as the editor shows it: "Hidden", "CT", "Pulvinar ← Input". */
function typeText(l) {
  const type = l.type ?? 'Hidden';
  return l.driver ? `${type} ← ${l.driver}` : type;
}

let uid = 0;

export class Editor {
  #root;
  #actions;
  #current = null;       // the loaded experiment (object)
  #engine = null;        // { layerTypes, paramDefaults, fixedUnits } from the worker's Info
  #draft = null;         // architecture edits not applied yet
  #errorOf = new WeakMap(); // input -> its error span
  #fields = new Map();   // validator path (of the draft) -> { input, error }
  #summary;              // errors without a field
  #applyButton;
  #dirtyNote;
  #jsonArea;
  #jsonErrors;

  /**
   * @param {HTMLElement} root
   * @param {{setParam: (target: object) => Promise<string>, load: (json: string) => Promise<void>}} actions
   *   setParam({layer: name, name, value} | {from, to, name, value}) resolves to the new
   *   experiment JSON; load(json) rebuilds. Both reject with Error.fieldErrors.
   */
  constructor(root, actions) {
    this.#root = root;
    this.#actions = actions;
  }

  /**
   * A newly loaded experiment (JSON text): fields show it, the draft starts from it.
   * `info`: the worker's Info for it (the engine's layer roles, parameter defaults and the
   * fsa task's token units), given with each load.
   */
  setExperiment(text, info = null) {
    if (info) {
      // Layers whose units are the fsa task's tokens keep one unit per token.
      const fixedUnits = new Map(info.layers.filter((l) => l.unitLabels).map((l) => [l.name, l.unitLabels]));
      this.#engine = { layerTypes: info.layerTypes, paramDefaults: info.paramDefaults, fixedUnits };
    }
    this.#current = JSON.parse(text);
    this.#draft = structuredClone(this.#current);
    this.#render();
  }

  /**
   * A parameter was set elsewhere (the network view's layer and path parameters): the
   * fields and the JSON show it, and the draft takes the parameters (its own edits, sizes
   * and layers, stay), so applying the draft keeps the change.
   */
  experimentChanged(text) {
    this.#current = JSON.parse(text);
    const byName = new Map(this.#current.network.layers.map((l) => [l.name, l]));
    for (const l of this.#draft.network.layers) if (byName.has(l.name)) l.params = structuredClone(byName.get(l.name).params);
    for (const p of this.#draft.network.paths ?? []) {
      const q = this.#current.network.paths.find((x) => x.from === p.from && x.to === p.to && (x.type ?? 'Forward') === (p.type ?? 'Forward'));
      if (q) p.params = structuredClone(q.params);
    }
    this.#render();
  }

  /** The loaded experiment with the live parameter changes (JSON text). */
  get experimentText() {
    return JSON.stringify(this.#current, null, 2);
  }

  /** Show load errors next to their fields; returns how many had no field. */
  showErrors(fieldErrors) {
    this.#clearErrors();
    const loose = [];
    for (const e of fieldErrors) {
      const f = this.#fieldFor(e.path);
      if (f) this.#fieldError(f, e.message);
      else loose.push(e.path ? `${e.path}: ${e.message}` : e.message);
    }
    this.#summary.replaceChildren(...loose.map((t) => el('li', { textContent: t })));
    this.#summary.hidden = loose.length === 0;
    return loose.length;
  }

  // ---- rendering

  #render() {
    this.#fields.clear();
    const ex = this.#current;
    const live = el('fieldset', { className: 'params' }, el('legend', { textContent: 'Parameters (apply at once)' }));
    const paths = ex.network.paths ?? [];
    const learnPaths = paths.filter((p) => (p.type ?? 'Forward') !== 'Inhib');
    if (learnPaths.length) {
      const defaults = (p) => pathDefaults(this.#engine.paramDefaults, ex, p);
      const value = paramOf(learnPaths[0], LRATE, defaults(learnPaths[0]));
      const input = this.#number(value, { min: 0, max: 1, step: 0.005 });
      input.id = 'param-lrate';
      input.addEventListener('change', () => this.#live(input,
        learnPaths.map((p) => ({ from: p.from, to: p.to, name: LRATE, value: Number(input.value) })),
        (draft, v) => draft.network.paths.forEach((p) => { if (learnPaths.some((l) => l.from === p.from && l.to === p.to)) p.params = { ...(p.params ?? {}), [LRATE]: v }; })));
      live.append(this.#row('Learning rate (all paths)', input, 'Learn.LRate.Base: how far each trial’s error signal moves the weights.'));
      const rates = learnPaths.map((p) => paramOf(p, LRATE, defaults(p)));
      const lo = Math.min(...rates);
      const hi = Math.max(...rates);
      if (lo !== hi) {
        live.append(el('p', { className: 'hint', id: 'lrate-mixed',
          textContent: `The paths learn at different rates now (${lo} to ${hi}); a value here sets every path to it.` }));
      }
    }
    const giGroup = el('div', { className: 'param-group' }, el('h4', { textContent: 'Inhibition Gi per layer' }));
    const deep = hasDeepLayers(ex.network.layers, this.#engine.layerTypes);
    ex.network.layers.forEach((l) => {
      const input = this.#number(paramOf(l, GI, layerDefaults(this.#engine.paramDefaults, l)), { min: 0, max: 100, step: 0.05 });
      input.dataset.param = `gi-${l.name}`;
      input.addEventListener('change', () => this.#live(input, [{ layer: l.name, name: GI, value: Number(input.value) }],
        (draft, v) => { const d = draft.network.layers.find((x) => x.name === l.name); if (d) d.params = { ...(d.params ?? {}), [GI]: v }; }));
      // A deep network's layers are told apart by type (HiddenCT is a CT layer): say it.
      giGroup.append(this.#row(deep ? `${l.name} (${l.type ?? 'Hidden'})` : l.name, input,
        'Inhib.Layer.Gi: more inhibition means fewer active units (sparser codes).'));
    });
    live.append(giGroup);
    const backs = paths.filter((p) => p.type === 'Back');
    if (backs.length) {
      const relGroup = el('div', { className: 'param-group' }, el('h4', { textContent: 'Back-path strength (PathScale.Rel)' }));
      for (const p of backs) {
        const input = this.#number(paramOf(p, REL, pathDefaults(this.#engine.paramDefaults, ex, p)), { min: 0, max: 100, step: 0.05 });
        input.dataset.param = `rel-${p.from}-${p.to}`;
        input.addEventListener('change', () => this.#live(input, [{ from: p.from, to: p.to, name: REL, value: Number(input.value) }],
          (draft, v) => { const d = draft.network.paths.find((x) => x.from === p.from && x.to === p.to); if (d) d.params = { ...(d.params ?? {}), [REL]: v }; }));
        relGroup.append(this.#row(`${p.from} → ${p.to}`, input, 'How strongly the outcome flows back down: the top-down share of the receiver’s input.'));
      }
      live.append(relGroup);
    }

    this.#summary = el('ul', { className: 'error-list', role: 'alert', hidden: true });
    this.#applyButton = el('button', { type: 'button', id: 'btn-apply', textContent: 'Apply and rebuild', disabled: true });
    this.#applyButton.addEventListener('click', () => this.#apply());
    const reset = el('button', { type: 'button', textContent: 'Discard changes' });
    reset.addEventListener('click', () => { this.#draft = structuredClone(this.#current); this.#render(); });
    this.#dirtyNote = el('span', { className: 'hint', role: 'status' });
    const arch = el('fieldset', { className: 'arch' },
      el('legend', { textContent: 'Network and schedule (rebuilds the network, new weights)' }),
      this.#architecture(),
      el('div', { className: 'buttons' }, this.#applyButton, reset, this.#dirtyNote),
      this.#summary);

    this.#jsonArea = el('textarea', { id: 'experiment-json', rows: 14, spellcheck: false, value: this.experimentText });
    this.#jsonArea.setAttribute('aria-label', 'Experiment JSON');
    const loadJson = el('button', { type: 'button', id: 'btn-load-json', textContent: 'Load this JSON' });
    loadJson.addEventListener('click', () => this.#load(this.#jsonArea.value, true));
    const download = el('button', { type: 'button', textContent: 'Download JSON' });
    download.addEventListener('click', () => this.#download());
    this.#jsonErrors = el('ul', { className: 'error-list', id: 'json-errors', role: 'alert', hidden: true });
    const json = el('details', { className: 'json' },
      el('summary', { textContent: 'Experiment JSON (everything, editable)' }),
      this.#jsonArea, el('div', { className: 'buttons' }, loadJson, download), this.#jsonErrors);

    this.#root.replaceChildren(live, arch, json);
    this.#markDirty();
  }

  #architecture() {
    const ex = this.#draft;
    const box = el('div', { className: 'arch-fields' });
    const table = el('div', { className: 'layers-edit' });
    const deep = hasDeepLayers(ex.network.layers, this.#engine.layerTypes);
    ex.network.layers.forEach((l, i) => {
      const tokens = this.#engine.fixedUnits.get(l.name);
      const fixed = tokens !== undefined;
      const fixedWhy = fixed && `One unit per token of the grammar (${tokens.join(' ')}): the fsa task needs ${tokens.length} units here.`;
      const dims = l.shape.length === 4 ? ['pool rows', 'pool columns', 'rows', 'columns']
        : l.shape.length === 2 ? ['rows', 'columns'] : ['units'];
      const inputs = l.shape.map((v, d) => {
        const input = this.#number(v, { min: 1, max: 65536, step: 1 });
        input.setAttribute('aria-label', `${l.name} ${dims[d]}`);
        input.dataset.shape = `${l.name}-${d}`;
        if (fixed) {
          input.disabled = true;
          input.title = fixedWhy;
        }
        input.addEventListener('change', () => {
          const shape = [...this.#draft.network.layers[i].shape];
          shape[d] = Math.round(Number(input.value));
          this.#draft = setShape(this.#draft, i, shape);
          this.#markDirty();
        });
        return input;
      });
      const shapeBox = el('span', { className: 'shape' });
      inputs.forEach((input, d) => shapeBox.append(...(d ? [' × ', input] : [input])));
      const name = el('span', { className: 'layer-name', textContent: l.name });
      const type = el('span', { className: 'hint', textContent: typeText(l) });
      const row = el('div', { className: 'layer-row' }, name, type, shapeBox);
      if ((l.type ?? 'Hidden') === 'Hidden' && !deep) {
        const remove = el('button', { type: 'button', className: 'small', textContent: 'Remove' });
        remove.setAttribute('aria-label', `Remove layer ${l.name}`);
        remove.addEventListener('click', () => this.#edit(() => removeLayer(this.#draft, l.name)));
        row.append(remove);
      }
      const err = this.#errorSpan();
      row.append(err);
      table.append(row);
      this.#fields.set(`network.layers[${i}].shape`, { input: inputs[0], error: err });
      this.#fields.set(`network.layers[${i}]`, { input: inputs[0], error: err });
    });
    const add = el('button', { type: 'button', id: 'btn-add-layer', textContent: 'Add hidden layer' });
    add.addEventListener('click', () => this.#edit(() => addHiddenLayer(this.#draft, this.#engine.layerTypes)));
    const addRow = el('div', { className: 'buttons' }, add);
    if (deep) {
      // Adding or removing a layer here would rewire the Super → CT → Pulvinar loop as if
      // it were a stack of hidden layers: the JSON (or the network.deep builder) does it right.
      add.disabled = true;
      const why = el('p', { className: 'hint', id: 'deep-arch-note',
        textContent: 'This is a deep predictive network (Super, CT and Pulvinar layers): adding or removing layers '
          + 'here would break its Super → CT → Pulvinar wiring, so those buttons are off. Layer sizes can be changed; '
          + 'to add layers, edit the layers and paths in the experiment JSON below (the "deep" builder writes a '
          + 'Super/CT/Pulvinar trio’s paths, see docs/experiment-file.md in ThetaLab\'s repository).' });
      add.setAttribute('aria-describedby', why.id);
      addRow.append(why);
    }
    const nData = ex.train?.nData ?? 1;
    const trials = this.#number(ex.train?.trialsPerEpoch ?? 32, { min: nData, max: 100000, step: nData });
    trials.id = 'trials-per-epoch';
    trials.addEventListener('change', () => {
      this.#draft = setTrialsPerEpoch(this.#draft, Math.round(Number(trials.value)));
      this.#markDirty();
    });
    const trialsHelp = nData > 1
      ? `train.trialsPerEpoch: how many items one epoch shows, a multiple of ${nData} (train.nData: ${nData} streams train side by side, one item each per trial step).`
      : 'train.trialsPerEpoch: how many patterns one epoch shows.';
    box.append(table, addRow, this.#row(nData > 1 ? `Trials (items) per epoch, ${nData} per step` : 'Trials per epoch', trials, trialsHelp, 'train.trialsPerEpoch'));
    return box;
  }

  #number(value, { min, max, step }) {
    return el('input', { type: 'number', value: String(value), min: String(min), max: String(max), step: String(step), inputMode: 'decimal' });
  }

  #errorSpan() {
    uid += 1;
    return el('span', { className: 'field-error', id: `field-error-${uid}`, hidden: true });
  }

  /** A labelled row: label, input, its error; `path` registers the field for errors. */
  #row(labelText, input, help, path) {
    if (!input.id) {
      uid += 1;
      input.id = `field-${uid}`;
    }
    const label = el('label', { htmlFor: input.id, textContent: labelText, title: help });
    const err = this.#errorSpan();
    input.setAttribute('aria-describedby', err.id);
    input.title = help;
    const row = el('div', { className: 'field-row' }, label, input, err);
    this.#errorOf.set(input, err);
    if (path) this.#fields.set(path, { input, error: err });
    return row;
  }

  /** The field whose path is the longest prefix of `path` (at a . or [ boundary). */
  #fieldFor(path) {
    let best = null;
    let bestLen = 0;
    for (const [p, f] of this.#fields) {
      const boundary = path.length === p.length || path[p.length] === '.' || path[p.length] === '[';
      if (p.length > bestLen && path.startsWith(p) && boundary) {
        best = f;
        bestLen = p.length;
      }
    }
    return best;
  }

  #fieldError(f, message) {
    const prev = f.error.hidden ? '' : `${f.error.textContent}; `;
    f.error.textContent = prev + message;
    f.error.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
  }

  #clearErrors() {
    for (const span of this.#root.querySelectorAll('.field-error')) {
      span.hidden = true;
      span.textContent = '';
    }
    for (const input of this.#root.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    for (const list of [this.#summary, this.#jsonErrors]) {
      list.replaceChildren();
      list.hidden = true;
    }
  }

  // ---- actions

  /** Apply one or more live parameter changes; `toDraft` mirrors them into the draft. */
  async #live(input, targets, toDraft) {
    this.#clearErrors();
    const value = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(value)) {
      this.#fieldError({ input, error: this.#errorOf.get(input) }, 'must be a number');
      return;
    }
    try {
      let text = null;
      for (const t of targets) text = await this.#actions.setParam(t);
      if (text) this.#current = JSON.parse(text);
      toDraft(this.#draft, value);
      this.#jsonArea.value = this.experimentText;
      input.classList.add('applied');
      setTimeout(() => input.classList.remove('applied'), 800);
    } catch (err) {
      const msg = err.fieldErrors?.length ? err.fieldErrors.map((e) => e.message).join('; ') : err.message;
      this.#fieldError({ input, error: this.#errorOf.get(input) }, msg);
    }
  }

  #edit(fn) {
    this.#clearErrors();
    try {
      this.#draft = fn();
    } catch (err) {
      this.#summary.replaceChildren(el('li', { textContent: err.message }));
      this.#summary.hidden = false;
      return;
    }
    this.#render();   // live fields from #current, architecture fields from #draft
  }

  #markDirty() {
    const dirty = JSON.stringify(this.#draft) !== JSON.stringify(this.#current);
    this.#applyButton.disabled = !dirty;
    this.#dirtyNote.textContent = dirty ? 'Changes not applied yet.' : '';
  }

  async #apply() {
    await this.#load(JSON.stringify(this.#draft));
  }

  /** Load a document; errors go next to their fields, or all under the JSON area. */
  async #load(json, fromJsonArea = false) {
    this.#clearErrors();
    try {
      await this.#actions.load(json);
    } catch (err) {
      const errors = err.fieldErrors?.length ? err.fieldErrors : [{ path: '', message: err.message }];
      if (!fromJsonArea) {
        this.showErrors(errors);
        return;
      }
      this.#jsonErrors.replaceChildren(...errors.map((e) => el('li', { textContent: e.path ? `${e.path}: ${e.message}` : e.message })));
      this.#jsonErrors.hidden = false;
      this.#jsonArea.setAttribute('aria-invalid', 'true');
    }
  }

  #download() {
    const blob = new Blob([`${this.experimentText}\n`], { type: 'application/json' });
    const a = el('a', { href: URL.createObjectURL(blob), download: `${this.#current.name || 'experiment'}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
}
