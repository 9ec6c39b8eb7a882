// Upload of a pattern table (CSV or TSV; format in docs/experiment-file.md): the worker
// parses it against the current input and target layers; good rows become an "inline" task,
// a bad file gets the engine's message, which names the row and column.

const MAX_BYTES = 4 << 20;   // the engine's document limit (kMaxDocumentBytes)
const MAX_SHOWN = 5;          // errors listed at most

export class PatternsUpload {
  #message;
  #actions;
  #input;
  #disabledReason = '';   // why the loaded task takes no pattern files ('' = it does)

  /**
   * @param {{input: HTMLInputElement, dropZone: HTMLElement, message: HTMLElement}} el
   * @param {{parse: (text: string) => Promise<object[]>, use: (rows: object[], fileName: string) => Promise<void>}} actions
   */
  constructor({ input, dropZone, message }, actions) {
    this.#message = message;
    this.#actions = actions;
    this.#input = input;
    input.addEventListener('change', () => {
      if (input.files.length) this.#read(input.files[0]).finally(() => { input.value = ''; });
    });
    dropZone.addEventListener('dragover', (ev) => {
      ev.preventDefault();
      dropZone.classList.add('over');
    });
    dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
    dropZone.addEventListener('drop', (ev) => {
      ev.preventDefault();
      dropZone.classList.remove('over');
      const file = ev.dataTransfer?.files?.[0];
      if (file) this.#read(file);
    });
  }

  /**
   * Whether the loaded task can take pattern files: a task with a Target layer can; the fsa
   * task (the engine walks the grammar, the target is a Pulvinar layer) cannot. `reason` is
   * shown instead of the file picker's use.
   */
  setEnabled(on, reason = '') {
    this.#disabledReason = on ? '' : reason;
    this.#input.disabled = !on;
    if (!on) this.#say(reason, false);
    else if (this.#message.dataset.disabledNote) this.#say('', false);
    this.#message.dataset.disabledNote = on ? '' : '1';
  }

  #say(text, isError) {
    this.#message.textContent = text;   // file names and cells are user text: never HTML
    this.#message.classList.toggle('error', isError);
  }

  async #read(file) {
    if (this.#disabledReason) {
      this.#say(`${file.name} was not used. ${this.#disabledReason}`, true);
      return;
    }
    if (file.size > MAX_BYTES) {
      this.#say(`${file.name}: the file is larger than 4 MiB.`, true);
      return;
    }
    this.#say(`Reading ${file.name}…`, false);
    let rows;
    try {
      rows = await this.#actions.parse(await file.text());
    } catch (err) {
      const list = err.fieldErrors?.length ? err.fieldErrors : [{ path: '', message: err.message }];
      const lines = list.slice(0, MAX_SHOWN).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
      if (list.length > MAX_SHOWN) lines.push(`… and ${list.length - MAX_SHOWN} more`);
      this.#say(`${file.name} was not used. ${lines.join('; ')}`, true);
      return;
    }
    try {
      await this.#actions.use(rows, file.name);
      this.#say(`Training on ${rows.length} patterns from ${file.name}.`, false);
    } catch (err) {
      const list = err.fieldErrors ?? [];
      const detail = list.length ? list.slice(0, MAX_SHOWN).map((e) => `${e.path}: ${e.message}`).join('; ') : err.message;
      this.#say(`${file.name} was not used. ${detail}`, true);
    }
  }
}
