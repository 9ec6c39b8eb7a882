// Panels that fold. On a phone the page is one long column: the run controls and the
// network come first, and every other panel (data-fold in index.html) starts folded to its
// heading, which is a button that unfolds it (aria-expanded says which). On wider screens
// they start unfolded; the heading still folds them. A view in a folded panel is not drawn
// (main.js asks isShown), and is drawn again when it unfolds (onUnfold).

const PHONE = '(max-width: 760px)';

export class Folds {
  #sections;
  #onUnfold;

  /** @param {Iterable<HTMLElement>} sections  @param {{onUnfold: (section) => void}} handlers */
  constructor(sections, { onUnfold }) {
    this.#sections = [...sections];
    this.#onUnfold = onUnfold;
    const phone = window.matchMedia(PHONE);
    for (const section of this.#sections) {
      const heading = section.querySelector('h2');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'fold-toggle';
      button.append(...heading.childNodes);   // the heading's text, now inside the button
      heading.append(button);
      button.addEventListener('click', () => this.#set(section, section.classList.contains('folded') ? false : true));
      this.#set(section, phone.matches);
    }
    // Turning a phone to landscape past the breakpoint (or back) refolds.
    phone.addEventListener('change', (ev) => this.#sections.forEach((s) => this.#set(s, ev.matches)));
  }

  /** Unfold `section` (e.g. the editor when a layer's parameters open in it). */
  unfold(section) {
    if (this.#sections.includes(section)) this.#set(section, false);
  }

  /** Is `el` in an unfolded panel (or in no folding panel)? */
  isShown(el) {
    return !el.closest('section.folded');
  }

  #set(section, folded) {
    const was = section.classList.contains('folded');
    section.classList.toggle('folded', folded);
    section.querySelector('.fold-toggle').setAttribute('aria-expanded', String(!folded));
    if (was && !folded) this.#onUnfold(section);
  }
}
