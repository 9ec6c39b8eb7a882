// The inhib panel, for a network with interneuron layers (Inhib-type paths: the `inhib`
// built-in, Axon's sims/inhib): a switch between FS-FFFB inhibition and the spiking
// interneurons, and each one's parameters. With FS-FFFB on, Gi, FB, FSTau, SS, SSfTau and
// SSiTau set Inhib.Layer.* on every layer (as Axon's "Layer" selector does) and the
// interneurons' Inhib paths are at Abs 0; off, Inhib.Layer.On is 0 on every layer and
// InhibExcite / InhibInhib set the Inhib paths' PathScale.Abs.
//
// Every change goes to `setParams` (the worker's setParam, applied at once, carried by
// share links and the editor's JSON); the fields follow the experiment (`experimentChanged`).
import { el } from './dom.js';
import { paramField } from './param-field.js';
import { PanelFields } from './panel-fields.js';
import { ABS, everyLayer, fffbOn, inhibPaths, modeChanges, pathsAbs, shownLayer } from './inhib-params.js';
import { paramOf, pathDefaults } from './experiment-edit.js';

/** FS-FFFB's fields: Inhib.Layer.<key> of every layer. */
const FFFB_FIELDS = [
  { key: 'Gi', id: 'inhib-gi', label: 'Gi', min: 0, max: 5, step: 0.05, help: 'overall gain of FS and SS inhibition: higher = sparser activity' },
  { key: 'FB', id: 'inhib-fb', label: 'FB', min: 0, max: 10, step: 0.1, help: 'weight of the layer’s own spikes (feedback) against its input’s (feedforward, 1) in FS' },
  { key: 'FSTau', id: 'inhib-fstau', label: 'FSTau', unit: 'ms', min: 1, max: 100, step: 1, help: 'time constant of fast-spiking (PV) inhibition: 2 makes the layer oscillate' },
  { key: 'SS', id: 'inhib-ss', label: 'SS', min: 0, max: 100, step: 1, help: 'weight of slow-spiking (SST) inhibition against FS (1)' },
  { key: 'SSfTau', id: 'inhib-ssftau', label: 'SSfTau', unit: 'ms', min: 1, max: 500, step: 1, help: 'decay of SS facilitation: how long past spikes make SS stronger' },
  { key: 'SSiTau', id: 'inhib-ssitau', label: 'SSiTau', unit: 'ms', min: 1, max: 500, step: 1, help: 'time constant of SS inhibition itself (slow and smooth)' },
];
/** The interneurons' fields: PathScale.Abs of the Inhib paths onto excitatory or interneuron layers. */
const INTERNEURON_FIELDS = [
  { key: 'excite', id: 'inhib-excite', label: 'InhibExcite', min: 0, max: 20, step: 0.1,
    help: 'strength (Abs) of the interneurons’ paths onto Layer1 and Layer2; 6 as Axon’s Base sheet (its panel’s 0.8 lets them run to 0.15–0.85 mean Act here)' },
  { key: 'inhib', id: 'inhib-inhib', label: 'InhibInhib', min: 0, max: 20, step: 0.1,
    help: 'strength (Abs) of the interneurons’ paths onto themselves' },
];
/** The interneurons' strength before the user sets one: Axon's Base sheet's InhibPath Abs. */
const INTERNEURON_ABS = 6;

export class InhibPanel {
  #section;
  #actions;
  #switch;
  #fffb;               // the FS-FFFB fieldset
  #interneurons;       // the interneurons' fieldset
  #inputs = new Map(); // field key -> input
  #form;               // the fields as a whole: their lock, on/off, message
  #experiment = null;
  #paramDefaults = null;   // the engine's parameter defaults (the worker's info.paramDefaults)
  #layerDefaults = (l) => this.#paramDefaults.layer[l.type ?? 'Hidden'];
  // The interneurons' Abs to turn them on with: the user's last values, or those of a
  // loaded experiment with FS-FFFB off (with it on the paths hold 0, which says nothing).
  #abs = { excite: INTERNEURON_ABS, inhib: INTERNEURON_ABS };
  active = false;

  /**
   * @param {HTMLElement} section the panel (shown only for a network with Inhib paths)
   * @param {{setParams(changes: object[]): Promise}} actions
   */
  constructor(section, actions) {
    this.#section = section;
    this.#actions = actions;
    this.#switch = el('input', { type: 'checkbox', id: 'inhib-fffb', 'aria-describedby': 'inhib-fffb-help' });
    this.#switch.setAttribute('role', 'switch');
    this.#switch.addEventListener('change', () => this.#changeMode(this.#switch.checked));
    const mode = el('div', { className: 'inhib-mode' },
      el('label', { className: 'check' }, this.#switch, ' FS-FFFB inhibition'),
      el('small', { id: 'inhib-fffb-help', className: 'param-help',
        textContent: 'on: pooled fast (FS, PV) and slow (SS, SST) inhibition computed for each layer, the interneurons inhibit nothing; off: only the spiking interneurons Inhib1 and Inhib2 inhibit' }));
    this.#fffb = el('fieldset', { className: 'neuron-fields', id: 'inhib-fffb-fields' },
      el('legend', { textContent: 'FS-FFFB (every layer)' }),
      ...FFFB_FIELDS.map((f) => this.#field(f, (v) => everyLayer(this.#experiment, `Inhib.Layer.${f.key}`, v))));
    this.#interneurons = el('fieldset', { className: 'neuron-fields', id: 'inhib-interneuron-fields' },
      el('legend', { textContent: 'Interneurons (Inhib paths)' }),
      ...INTERNEURON_FIELDS.map((f) => this.#field(f, (v) => {
        this.#abs[f.key] = v;
        return pathsAbs(inhibPaths(this.#experiment)[f.key], v);
      })));
    const fields = el('div', { className: 'neuron-inputs' }, mode, this.#fffb, this.#interneurons);
    this.#form = new PanelFields(fields, 'inhib-message', () => this.#fill());
    section.querySelector('.inhib-body').append(fields, this.#form.message);
  }

  /** A network with interneurons: Inhib-type paths, in a pattern task. */
  static fits(info) {
    return info.taskSource !== 'drive' && (info.paths ?? []).some((p) => p.type === 'Inhib');
  }

  #field(f, changes) {
    const { row, input } = paramField(f, (v) => this.#apply(changes(v)), (why) => this.#form.refuse(why));
    this.#inputs.set(f.key, input);
    return row;
  }

  #changeMode(on) {
    this.#apply(modeChanges(this.#experiment, on, this.#abs));
  }

  #apply(changes) {
    return this.#form.send(() => this.#actions.setParams(changes));
  }

  setInfo(info) {
    this.active = InhibPanel.fits(info);
    this.#section.hidden = !this.active;
    if (!this.active) {
      this.#experiment = null;
      return;
    }
    this.#paramDefaults = info.paramDefaults;
    this.#abs = { excite: INTERNEURON_ABS, inhib: INTERNEURON_ABS };
    this.experimentChanged(info.experiment);
  }

  /** The experiment changed (a parameter set here or elsewhere): the fields follow. */
  experimentChanged(json) {
    if (!this.active) return;
    this.#experiment = JSON.parse(json);
    this.#fill();
  }

  #fill() {
    const ex = this.#experiment;
    if (!ex) return;
    const on = fffbOn(ex, this.#layerDefaults);
    this.#switch.checked = on;
    this.#fffb.hidden = !on;
    this.#interneurons.hidden = on;
    this.#section.dataset.mode = on ? 'fffb' : 'interneurons';   // for tests
    const layer = shownLayer(ex);
    for (const f of FFFB_FIELDS) this.#inputs.get(f.key).value = String(paramOf(layer, `Inhib.Layer.${f.key}`, this.#layerDefaults(layer)));
    const paths = inhibPaths(ex);
    for (const f of INTERNEURON_FIELDS) {
      const p = paths[f.key][0];
      const abs = p ? paramOf(p, ABS, pathDefaults(this.#paramDefaults, ex, p)) : this.#abs[f.key];
      // With FS-FFFB on the paths hold 0: the field shows what turning it off would set.
      if (!on && abs > 0) this.#abs[f.key] = abs;
      this.#inputs.get(f.key).value = String(on ? this.#abs[f.key] : abs);
    }
  }

  /** Fields are off while the page runs or loads (`mode`: the page's state). */
  setMode(mode) {
    this.#form.enable(mode === 'ready');
  }
}
