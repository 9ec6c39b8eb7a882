// The stability panel, for a pattern task without a target layer whose hidden layers are
// not a detector's single unit or interneurons' network (the `stability` built-in, the CCN
// stability sim): NMDA Ge, GABA-B Gk and Inhib Gi, each set on every Hidden layer at once,
// as the CCN sim's panel does. With NMDA and GABA-B at 0 the top layer's spiking comes in
// one synchronous volley and then falls silent; at their defaults it stays spread over the
// trial (the raster shows it).
//
// Every change goes to `setParams` (the worker's setParam, applied at once, carried by
// share links and the editor's JSON); the fields follow the experiment (`experimentChanged`).
import { el } from './dom.js';
import { paramField } from './param-field.js';
import { PanelFields } from './panel-fields.js';
import { paramOf } from './experiment-edit.js';
import { InhibPanel } from './inhib-panel.js';
import { DetectorPanel } from './detector-panel.js';

const FIELDS = [
  { key: 'Acts.NMDA.Ge', id: 'stability-nmda', label: 'NMDA Ge', min: 0, max: 0.1, step: 0.001,
    help: 'NMDA channels’ strength: slow, voltage-gated excitation that keeps active units active (0 = off)' },
  { key: 'Acts.GabaB.Gk', id: 'stability-gabab', label: 'GABA-B Gk', min: 0, max: 0.1, step: 0.001,
    help: 'GABA-B channels’ strength: slow inhibition that follows a unit’s own spiking (0 = off)' },
  { key: 'Inhib.Layer.Gi', id: 'stability-gi', label: 'Inhib Gi', min: 0, max: 5, step: 0.05,
    help: 'the layers’ FS-FFFB inhibition gain: higher = sparser activity' },
];

export class StabilityPanel {
  #section;
  #actions;
  #inputs = new Map();   // parameter -> input
  #legend;
  #form;                 // the fields as a whole: their lock, on/off, message
  #experiment = null;
  #layerDefaults = null; // (layer) -> the engine's parameter defaults for its type
  active = false;

  /**
   * @param {HTMLElement} section the panel (shown only when `fits`)
   * @param {{setParams(changes: object[]): Promise}} actions
   */
  constructor(section, actions) {
    this.#section = section;
    this.#actions = actions;
    this.#legend = el('legend');
    const fields = el('fieldset', { className: 'neuron-fields' }, this.#legend,
      ...FIELDS.map((f) => {
        const { row, input } = paramField(f, (v) => this.#apply(f.key, v), (why) => this.#form.refuse(why));
        this.#inputs.set(f.key, input);
        return row;
      }));
    this.#form = new PanelFields(fields, 'stability-message', () => this.#fill());
    section.querySelector('.stability-body').append(fields, this.#form.message);
  }

  /** Patterns shown to a network of Hidden layers without a target, not the detector's or the inhib panel's. */
  static fits(info) {
    return info.taskSource !== 'drive' && info.taskSource !== 'fsa' && info.targetLayer < 0
      && info.layers.some((l) => l.type === 'Hidden') && !DetectorPanel.fits(info) && !InhibPanel.fits(info);
  }

  #hidden() {
    return this.#experiment.network.layers.filter((l) => (l.type ?? 'Hidden') === 'Hidden');
  }

  #apply(name, value) {
    return this.#form.send(() => this.#actions.setParams(this.#hidden().map((l) => ({ layer: l.name, name, value }))));
  }

  setInfo(info) {
    this.active = StabilityPanel.fits(info);
    this.#section.hidden = !this.active;
    if (!this.active) {
      this.#experiment = null;
      return;
    }
    this.#layerDefaults = (l) => info.paramDefaults.layer[l.type ?? 'Hidden'];
    this.experimentChanged(info.experiment);
  }

  /** The experiment changed (a parameter set here or elsewhere): the fields follow. */
  experimentChanged(json) {
    if (!this.active) return;
    this.#experiment = JSON.parse(json);
    this.#fill();
  }

  /** Each field shows the first hidden layer's value (the panel sets them all alike). */
  #fill() {
    const hidden = this.#hidden();
    this.#legend.textContent = `Every hidden layer (${hidden.map((l) => l.name).join(', ')})`;
    const first = hidden[0];
    for (const f of FIELDS) this.#inputs.get(f.key).value = String(paramOf(first, f.key, this.#layerDefaults(first)));
  }

  /** Fields are off while the page runs or loads (`mode`: the page's state). */
  setMode(mode) {
    this.#form.enable(mode === 'ready');
  }
}
