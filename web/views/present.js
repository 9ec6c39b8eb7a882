// Presenting in a lecture: the network, its timeline and the training curves fill the
// screen in large type and high contrast, driven from the keyboard (the page's shortcuts
// all work; f or the button enters and leaves, Esc leaves). The browser's full screen
// (Fullscreen API) is used where it is available and allowed; otherwise the page alone
// fills the window (a CSS mode, html.presenting), which is also what the styles key on.

/** Targets where a typed letter belongs to the field, not to a shortcut (as controls.js). */
function isTextTarget(el) {
  if (!el) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'file'].includes(el.type);
}

export class Presenter {
  #button;
  #onChange;
  #active = false;

  /**
   * @param {HTMLButtonElement} button toggles presenting (aria-pressed follows)
   * @param {{onChange: (active: boolean) => void}} handlers called after each change
   */
  constructor(button, { onChange }) {
    this.#button = button;
    this.#onChange = onChange;
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => this.toggle());
    document.addEventListener('keydown', (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
      if (document.querySelector('dialog[open]') || isTextTarget(ev.target)) return;
      if (ev.key === 'f') this.toggle();
      else if (ev.key === 'Escape' && this.#active) this.leave();
      else return;
      ev.preventDefault();
    });
    // Leaving the browser's full screen (its own Esc, or its menu) leaves presenting too.
    document.addEventListener('fullscreenchange', () => {
      if (!document.fullscreenElement && this.#active) this.#set(false);
    });
  }

  get active() {
    return this.#active;
  }

  toggle() {
    if (this.#active) this.leave();
    else this.enter();
  }

  enter() {
    this.#set(true);
    const root = document.documentElement;
    if (document.fullscreenEnabled && root.requestFullscreen && !document.fullscreenElement) {
      // Refused (no user gesture, an iframe without allow="fullscreen"): the CSS mode stays.
      root.requestFullscreen().catch(() => {});
    }
  }

  leave() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    this.#set(false);
  }

  #set(active) {
    if (active === this.#active) return;
    this.#active = active;
    document.documentElement.classList.toggle('presenting', active);
    this.#button.setAttribute('aria-pressed', String(active));
    this.#button.textContent = active ? 'Leave presenting (f)' : 'Present (f)';
    this.#onChange(active);
  }
}
