// Controls a link (or the embed mode) hides or locks. Every part of the page that can be
// hidden or locked carries data-group="<name>" in index.html; a hidden group gets the hidden
// attribute, a locked one has its buttons, fields and pickers disabled with a tooltip that
// says why. Locks survive the page re-enabling buttons (call apply() after a mode change)
// and the editor re-rendering (observed).

/** Groups a teacher link can hide or lock, in the order the teacher dialog lists them. */
export const GROUPS = [
  { name: 'run', label: 'Run and Stop' },
  { name: 'init', label: 'Init (same seed)' },
  { name: 'seed', label: 'New seed' },
  { name: 'step', label: 'Step' },
  { name: 'speed', label: 'Speed' },
  { name: 'task', label: 'Task picker' },
  { name: 'upload', label: 'Your own patterns (CSV)' },
  { name: 'editor', label: 'Parameters and network editor' },
  { name: 'variable', label: 'Variable and weights picker' },
  { name: 'curves', label: 'Training curves' },
  { name: 'scope', label: 'Theta-cycle scope and raster' },
  { name: 'share', label: 'Share and export' },
  { name: 'batch', label: 'Batch runs' },
  { name: 'compare', label: 'A/B comparison' },
];
/** Groups that can only be hidden (no controls to lock). */
const HIDE_ONLY = ['header'];
/** What the embed mode hides: minimal chrome (network, curves and the run controls stay). */
export const EMBED_HIDDEN = ['header', 'editor', 'upload', 'scope', 'share', 'task', 'speed', 'batch', 'compare'];

export const LOCK_TITLE = 'Locked by the link you opened: this setting is fixed for this exercise';
const CONTROLS = 'button, input, select, textarea';

export class LinkView {
  hidden = new Set();
  locked = new Set();
  #base = new Set();   // hidden by the mode (embed), not by the link
  #note;
  #observer;

  /** @param {{note: HTMLElement, watch: HTMLElement[]}} el  watch: containers that re-render */
  constructor({ note, watch = [] }) {
    this.#note = note;
    this.#observer = new MutationObserver(() => this.apply());
    for (const w of watch) this.#observer.observe(w, { childList: true, subtree: true });
  }

  /** Groups the page's mode hides whatever the link says (embed mode). */
  setBase(names) {
    this.#base = new Set(names);
    this.apply();
  }

  /**
   * The link's settings; unknown names are dropped and returned (the caller may say so).
   * @returns {string[]} names that are not groups
   */
  set({ hide = [], lock = [] } = {}) {
    const known = new Set([...GROUPS.map((g) => g.name), ...HIDE_ONLY]);
    const lockable = new Set(GROUPS.map((g) => g.name));
    this.hidden = new Set(hide.filter((n) => known.has(n)));
    this.locked = new Set(lock.filter((n) => lockable.has(n) && !this.hidden.has(n)));
    this.apply();
    this.#describe();
    return [...hide.filter((n) => !known.has(n)), ...lock.filter((n) => !lockable.has(n))];
  }

  /** True when the link hides or locks a group (its actions, e.g. shortcuts, do nothing). */
  blocked(name) {
    return this.hidden.has(name) || this.locked.has(name) || this.#base.has(name);
  }

  /** Put the hidden attribute and the locks on the page as they should be. */
  apply() {
    for (const el of document.querySelectorAll('[data-group]')) {
      const names = el.dataset.group.split(/\s+/);
      const hide = names.some((n) => this.hidden.has(n) || this.#base.has(n));
      if (el.hidden !== hide) el.hidden = hide;
      const lock = names.some((n) => this.locked.has(n));
      const controls = el.matches(CONTROLS) ? [el] : el.querySelectorAll(CONTROLS);
      for (const c of controls) {
        if (lock) {
          if (!c.disabled) c.disabled = true;
          if (c.dataset.locked !== '1') {
            c.dataset.locked = '1';
            c.dataset.titleBefore = c.title;
          }
          if (c.title !== LOCK_TITLE) c.title = LOCK_TITLE;   // also after the page retitles it
        } else if (c.dataset.locked === '1') {
          delete c.dataset.locked;
          c.title = c.dataset.titleBefore ?? '';
          delete c.dataset.titleBefore;
          c.disabled = false;   // the page's mode sets the right state right after
        }
      }
      if (lock) {
        el.dataset.lockedGroup = '1';
        if (!el.matches(CONTROLS)) el.title = LOCK_TITLE;
      } else if (el.dataset.lockedGroup === '1') {
        delete el.dataset.lockedGroup;
        if (!el.matches(CONTROLS)) el.removeAttribute('title');
      }
    }
  }

  #describe() {
    const label = (n) => GROUPS.find((g) => g.name === n)?.label ?? n;
    const parts = [];
    if (this.locked.size) parts.push(`Locked by this link: ${[...this.locked].map(label).join(', ')}.`);
    if (this.hidden.size && !this.hidden.has('header') && this.#base.size === 0) parts.push(`Hidden: ${[...this.hidden].map(label).join(', ')}.`);
    this.#note.textContent = parts.join(' ');
    this.#note.hidden = parts.length === 0;
  }
}
