// The parameters of one layer or path, opened from the network view (a click on a layer's
// name or on a path), as Axon's NetView opens a layer's or path's parameter form. Every
// parameter the engine has for its type, with the experiment's value or the default; a
// change applies at once through the worker's setParam (also while running), and the
// engine's refusal shows next to the field.
import { layerDefaults, paramOf, pathDefaults } from './experiment-edit.js';
import { el } from './dom.js';

/** The parameters shown first, by layer type or for every path (the rest are under "All"). */
const KEY_LAYER = {
  Input: ['Inhib.Layer.Gi', 'Inhib.ActAvg.Nominal', 'Acts.Clamp.Ge'],
  Hidden: ['Inhib.Layer.Gi', 'Inhib.ActAvg.Nominal', 'Inhib.Layer.FB'],
  Target: ['Inhib.Layer.Gi', 'Inhib.ActAvg.Nominal', 'Acts.Clamp.Ge'],
  Super: ['Inhib.Layer.Gi', 'Inhib.ActAvg.Nominal', 'Bursts.ThrRel', 'Bursts.ThrAbs'],
  CT: ['Inhib.Layer.Gi', 'Inhib.ActAvg.Nominal', 'CT.GeGain', 'CT.DecayTau'],
  Pulvinar: ['Inhib.Layer.Gi', 'Inhib.ActAvg.Nominal', 'Pulvinar.DriveScale', 'Pulvinar.FullDriveAct'],
};
const KEY_PATH = ['PathScale.Rel', 'PathScale.Abs', 'Learn.LRate.Base', 'SWts.Init.Mean', 'SWts.Init.Var'];

let uid = 0;

export class ParamInspector {
  #root;
  #actions;
  #info = null;
  #ex = null;          // the experiment (parsed) with live changes
  #target = null;      // { layer: name } | { path: index into the experiment's paths }
  #inputs = new Map(); // param name -> input, of what is shown

  /**
   * @param {HTMLElement} root
   * @param {{setParam: (change: object) => Promise<string>, applied: (text: string) => void}} actions
   *   setParam({layer: name, name, value} | {from, to, name, value}) resolves to the new
   *   experiment JSON or rejects with Error.fieldErrors; applied(text) after each change.
   */
  constructor(root, actions) {
    this.#root = root;
    this.#actions = actions;
    root.hidden = true;
  }

  /** A newly loaded network (the worker's info) and its experiment: the inspector closes. */
  setNetwork(info, experimentText) {
    this.#info = info;
    this.#ex = JSON.parse(experimentText);
    this.close();
  }

  /** The experiment changed elsewhere (the editor): the values shown follow. */
  update(experimentText) {
    this.#ex = JSON.parse(experimentText);
    for (const [name, input] of this.#inputs) {
      if (document.activeElement !== input) input.value = String(this.#valueOf(name));
    }
  }

  /**
   * Show a layer's ({layer: name}) or a path's ({path: index in the experiment's paths, as
   * the worker's info.paths}) parameters and move the focus there; `focus`: a parameter to focus.
   */
  show(target, focus = null) {
    this.#target = target;
    this.#render();
    this.#root.hidden = false;
    this.#root.scrollIntoView({ block: 'nearest' });
    const input = focus && this.#inputs.get(focus);
    (input ?? this.#root.querySelector('h3')).focus();
  }

  close() {
    this.#target = null;
    this.#inputs.clear();
    this.#root.hidden = true;
    this.#root.replaceChildren();
  }

  /** What is shown: {kind: 'layer'|'path', item, defaults, title, about}. */
  #subject() {
    const ex = this.#ex;
    const d = this.#info.paramDefaults;
    if (this.#target.layer !== undefined) {
      const item = ex.network.layers.find((l) => l.name === this.#target.layer);
      const type = item.type ?? 'Hidden';
      return {
        kind: 'layer', item, defaults: layerDefaults(d, item), keys: KEY_LAYER[type] ?? KEY_LAYER.Hidden,
        title: `${item.name}: ${type} layer`,
        about: item.driver ? `Its driver is ${item.driver}: Pulvinar.DriveScale sets how strongly ${item.driver}’s bursts drive it in the plus phase.` : '',
      };
    }
    const item = ex.network.paths[this.#target.path];
    const same = ex.network.paths.filter((p) => p.from === item.from && p.to === item.to);
    return {
      kind: 'path', item, defaults: pathDefaults(d, ex, item), keys: KEY_PATH,
      title: `${item.from} → ${item.to}: ${item.type ?? 'Forward'} path (${item.pattern ?? 'Full'})`,
      about: same.length > 1
        ? `${same.length} paths run from ${item.from} to ${item.to} (${same.map((p) => p.type ?? 'Forward').join(', ')}): the engine sets a parameter on all of them, and the values shown are this one’s.`
        : '',
    };
  }

  #valueOf(name) {
    const s = this.#subject();
    return paramOf(s.item, name, s.defaults);
  }

  #render() {
    this.#inputs.clear();
    const s = this.#subject();
    uid += 1;
    const titleId = `inspector-title-${uid}`;
    const title = el('h3', { id: titleId, tabIndex: -1, textContent: s.title });
    const close = el('button', { type: 'button', className: 'small', textContent: 'Close' });
    close.addEventListener('click', () => this.close());
    this.#root.setAttribute('aria-labelledby', titleId);
    const set = Object.keys(s.item.params ?? {}).filter((n) => n in s.defaults);
    const first = [...new Set([...s.keys, ...set])].filter((n) => n in s.defaults);
    const list = el('div', { className: 'param-list' }, ...first.map((n) => this.#row(n, s)));
    const all = Object.keys(s.defaults);
    const more = el('details', { className: 'param-all' }, el('summary', { textContent: `All ${all.length} parameters of this ${s.kind}` }));
    // Built when opened: most visits need only the first few.
    more.addEventListener('toggle', () => {
      if (!more.open || more.childElementCount > 1) return;
      const groups = new Map();
      for (const n of all.filter((x) => !first.includes(x))) {
        const g = n.split('.').slice(0, 2).join('.');
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g).push(n);
      }
      for (const [g, names] of groups) {
        more.append(el('h4', { textContent: g }), el('div', { className: 'param-list' }, ...names.map((n) => this.#row(n, s))));
      }
    });
    this.#root.replaceChildren(
      el('div', { className: 'panel-head' }, title, close),
      ...(s.about ? [el('p', { className: 'hint', textContent: s.about })] : []),
      el('p', { className: 'hint', textContent: 'Changes apply at once, also while the model runs. Bold: set by this experiment (others are the engine’s defaults).' }),
      list, more,
    );
  }

  #row(name, s) {
    uid += 1;
    const value = paramOf(s.item, name, s.defaults);
    const input = el('input', { type: 'number', id: `inspect-${uid}`, value: String(value), step: 'any', inputMode: 'decimal' });
    input.dataset.param = name;
    const err = el('span', { className: 'field-error', id: `inspect-error-${uid}`, hidden: true });
    input.setAttribute('aria-describedby', err.id);
    const label = el('label', { htmlFor: input.id, textContent: name, title: `Default ${s.defaults[name]}` });
    if (s.item.params?.[name] !== undefined) label.classList.add('set');
    input.addEventListener('change', () => this.#apply(input, name, err, label));
    this.#inputs.set(name, input);
    return el('div', { className: 'field-row' }, label, input, err);
  }

  async #apply(input, name, err, label) {
    err.hidden = true;
    input.removeAttribute('aria-invalid');
    const value = Number(input.value);
    const fail = (message) => {
      err.textContent = message;
      err.hidden = false;
      input.setAttribute('aria-invalid', 'true');
    };
    if (input.value.trim() === '' || !Number.isFinite(value)) {
      fail('must be a number');
      return;
    }
    const { kind, item } = this.#subject();
    const change = kind === 'layer' ? { layer: item.name, name, value } : { from: item.from, to: item.to, name, value };
    try {
      const text = await this.#actions.setParam(change);
      this.#ex = JSON.parse(text);
      label.classList.add('set');
      input.classList.add('applied');
      setTimeout(() => input.classList.remove('applied'), 800);
      this.#actions.applied(text);
    } catch (e) {
      fail(e.fieldErrors?.length ? e.fieldErrors.map((f) => f.message).join('; ') : e.message);
    }
  }
}
