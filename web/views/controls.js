// The controls: buttons, step unit and count, speed, task and variable pickers, the
// counters, and the keyboard shortcuts (listed in the help dialog of index.html).
// DOM events become calls on `actions`; the caller decides what they do.
import { DEEP_VARS, MAIN_VARS, POOL_VARS_LABEL, describeVar } from './vars.js';

const $ = (id) => document.getElementById(id);

/** Targets where a typed letter belongs to the field, not to a shortcut. */
function isTextTarget(el) {
  if (!el) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'file'].includes(el.type);
}

export class Controls {
  #actions;
  #el;
  #mode = 'loading';

  /**
   * @param {object} actions init(), run(), stop(), newSeed(), step(unit, n), speed(cyclesPerFrame),
   *   task(value), variable(name), autoRange(on), colourBy('var'|'recv'|'send'), clearCurves()
   */
  constructor(actions) {
    this.#actions = actions;
    this.#el = {
      init: $('btn-init'), run: $('btn-run'), stop: $('btn-stop'), newSeed: $('btn-new-seed'),
      step: $('btn-step'), stepUnit: $('step-unit'), stepCount: $('step-count'),
      speed: $('speed'), task: $('task'), variable: $('variable'),
      autoRange: $('auto-range'), help: $('help'), helpButton: $('btn-help'), seed: $('seed'),
      counters: Object.fromEntries(['run', 'epoch', 'trial', 'cycle', 'phase'].map((k) => [k, $(`counter-${k}`)])),
    };
    const el = this.#el;
    el.init.addEventListener('click', () => actions.init());
    el.run.addEventListener('click', () => actions.run());
    el.stop.addEventListener('click', () => actions.stop());
    el.newSeed.addEventListener('click', () => actions.newSeed());
    el.step.addEventListener('click', () => actions.step(el.stepUnit.value, this.stepCount()));
    el.speed.addEventListener('change', () => actions.speed(Number(el.speed.value)));
    el.task.addEventListener('change', () => actions.task(el.task.value));
    el.variable.addEventListener('change', () => this.#variableChanged());
    el.autoRange.addEventListener('change', () => actions.autoRange(el.autoRange.checked));
    for (const radio of document.querySelectorAll('input[name="colour-by"]')) {
      radio.addEventListener('change', () => radio.checked && actions.colourBy(radio.value));
    }
    $('btn-clear-curves').addEventListener('click', () => actions.clearCurves());
    el.helpButton.addEventListener('click', () => this.showHelp());
    document.addEventListener('keydown', (ev) => this.#shortcut(ev));
  }

  /** The step count field as an integer in [1, 1000] (the field is corrected to it). */
  stepCount() {
    const f = this.#el.stepCount;
    const n = Math.min(1000, Math.max(1, Math.round(Number(f.value)) || 1));
    f.value = String(n);
    return n;
  }

  /** 'loading' | 'ready' | 'busy' | 'stepping' | 'running' | 'error': which buttons work. */
  setMode(mode) {
    this.#mode = mode;
    document.body.dataset.state = mode;
    const el = this.#el;
    const idle = mode === 'ready';
    for (const b of [el.init, el.run, el.step, el.newSeed]) b.disabled = !idle;
    el.stop.disabled = mode !== 'running' && mode !== 'stepping';   // Stop also ends a long step
    el.task.disabled = !(idle || mode === 'running');
  }

  get mode() {
    return this.#mode;
  }

  setCounters(c) {
    const k = this.#el.counters;
    k.run.textContent = c.run;
    k.epoch.textContent = c.epoch;
    k.trial.textContent = c.trial;
    k.cycle.textContent = c.cycle;
    k.phase.textContent = c.phase;
    k.phase.dataset.phase = c.phase;
  }

  setSeed(seed) {
    this.#el.seed.textContent = seed;
  }

  /** Task options: [{value, label}]. */
  setTasks(options, selected) {
    const sel = this.#el.task;
    sel.replaceChildren(...options.map(({ value, label }) => new Option(label, value, false, value === selected)));
    sel.value = selected;
  }

  /**
   * Variable options: the main ones first, then (for a network with deep layers) those of
   * deep predictive learning, then the layer pools' inhibition (`poolVars`, one value per
   * layer), then every other variable the engine has.
   */
  setVariables(names, selected, { deep = false, poolVars = [] } = {}) {
    const sel = this.#el.variable;
    const option = (name) => {
      const o = new Option(name, name, false, name === selected);
      o.title = describeVar(name);
      return o;
    };
    const group = (label, list) => {
      const g = document.createElement('optgroup');
      g.label = label;
      g.append(...list.map(option));
      return g;
    };
    const main = MAIN_VARS.filter((n) => names.includes(n));
    const deepVars = deep ? DEEP_VARS.filter((n) => names.includes(n)) : [];
    const rest = names.filter((n) => !main.includes(n) && !deepVars.includes(n));
    sel.replaceChildren(...main.map(option),
      ...(deepVars.length ? [group('Deep predictive learning', deepVars)] : []),
      ...(poolVars.length ? [group(POOL_VARS_LABEL, poolVars)] : []),
      group('More variables', rest));
    sel.value = selected;
    this.#describe();
  }

  /**
   * Streams trained side by side (nData) and items per epoch: with more than one stream a
   * trial step presents one item per stream, so the trial counter (which counts items)
   * moves by nData; the step unit and a note say so.
   */
  setStreams(nData, trialsPerEpoch) {
    const trialOption = this.#el.stepUnit.querySelector('option[value="trial"]');
    trialOption.textContent = nData > 1 ? `trial (${nData} items)` : 'trial (200 cycles)';
    const note = $('counter-note');
    note.hidden = nData <= 1;
    note.textContent = nData > 1
      ? `${nData} streams train side by side on the same weights: a trial step shows each stream its next item, `
        + `so Trial counts items and moves by ${nData}. An epoch is ${trialsPerEpoch} items `
        + `(${Math.ceil(trialsPerEpoch / nData)} steps).`
      : '';
  }

  /** Select a variable programmatically (keeps the description in step). */
  selectVariable(name) {
    this.#el.variable.value = name;
    this.#describe();
  }

  setColourBy(mode) {
    for (const radio of document.querySelectorAll('input[name="colour-by"]')) radio.checked = radio.value === mode;
  }

  showHelp() {
    if (!this.#el.help.open) this.#el.help.showModal();
  }

  /** The picker's tooltip follows its value (the page draws the longer description). */
  #describe() {
    this.#el.variable.title = describeVar(this.#el.variable.value);
  }

  #variableChanged() {
    this.#describe();
    this.#actions.variable(this.#el.variable.value);
  }

  /** Move the variable picker by one option (wrapping). */
  #cycleVariable(dir) {
    const sel = this.#el.variable;
    const n = sel.options.length;
    sel.selectedIndex = (sel.selectedIndex + dir + n) % n;
    this.#variableChanged();
  }

  #shortcut(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    if (this.#el.help.open || isTextTarget(ev.target)) return;
    const el = this.#el;
    const click = (button) => {
      if (!button.disabled) button.click();
    };
    const steps = { c: 'cycle', p: 'phase', t: 'trial', e: 'epoch' };
    const key = ev.key;
    if (key === '?') this.showHelp();
    else if (key === 'r') click(el.run);
    else if (key === 's') click(el.stop);
    else if (key === 'i') click(el.init);
    else if (key === 'n') click(el.newSeed);
    else if (key === '.') click(el.step);
    else if (steps[key]) {
      if (this.#mode === 'ready') this.#actions.step(steps[key], this.stepCount());
    } else if (key === 'v') this.#cycleVariable(1);
    else if (key === 'V') this.#cycleVariable(-1);
    else if (key === 'w') {
      const modes = ['var', 'recv', 'send'];
      const cur = document.querySelector('input[name="colour-by"]:checked')?.value ?? 'var';
      const next = modes[(modes.indexOf(cur) + 1) % modes.length];
      this.setColourBy(next);
      this.#actions.colourBy(next);
    } else return;
    ev.preventDefault();
  }
}
