// The fields of a course panel (neuron, synapse, detector, inhib, stability) as one whole,
// with what every such panel does to them alike:
// - they set the experiment's parameters, so they join the editor's group: a link that hides
//   or locks the editor (a teacher's, or the embed mode) hides or locks them too
//   (link-view.js; main.js re-applies the locks after every mode change, so a locked
//   field stays off when `enable` turns the others on);
// - they are off while the page runs or loads (each panel's setMode calls `enable`);
// - a change is sent with the panel's message cleared, and a refusal (the panel's own check
//   or the engine's) is said under the fields, which then show the values in force again.
import { el } from './dom.js';

const CONTROLS = 'button, input, select, textarea';

export class PanelFields {
  #fields;
  #refill;
  /** The panel's message paragraph (an alert), for the panel to place under its fields. */
  message;

  /**
   * @param {HTMLElement} fields  the element that holds every control of the panel's fields
   * @param {string} messageId  the message paragraph's id
   * @param {() => void} refill  shows the experiment's values in the fields again
   */
  constructor(fields, messageId, refill) {
    this.#fields = fields;
    this.#refill = refill;
    fields.dataset.group = 'editor';
    this.message = el('p', { id: messageId, className: 'error', hidden: true });
    this.message.setAttribute('role', 'alert');
  }

  /** Turn every control of the fields on or off. */
  enable(on) {
    for (const c of this.#fields.querySelectorAll(CONTROLS)) c.disabled = !on;
  }

  /** Show `text` under the fields ('' hides the message). */
  say(text) {
    this.message.textContent = text;
    this.message.hidden = !text;
  }

  /** A value refused: say why, and show the values in force again. */
  refuse(why) {
    this.say(why);
    this.#refill();
  }

  /** Send a change (`send` returns the engine's promise); a refusal is said and undone. */
  async send(send) {
    this.say('');
    try {
      await send();
    } catch (err) {
      this.refuse(err.message);
    }
  }
}
