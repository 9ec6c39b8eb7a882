// The "Share and export" panel: share links (plain, with trained weights, and the teacher
// dialog's links with hidden or locked controls and a lesson), exports (curves CSV and PNG,
// experiment JSON, checkpoint, bundle) and imports (file picker and drag and drop anywhere on
// the page). The page supplies the data through `source`; nothing here talks to the worker.
import { MAX_FRAGMENT_CHARS, MAX_WEIGHTS_CHARS, encodeShareFragment, encodeWeights } from '../share/link-codec.js';
import { epochCsv, makeBundle } from '../share/bundle.js';
import { GROUPS } from './link-view.js';
import { TeacherLesson } from './teacher-lesson.js';

const $ = (id) => document.getElementById(id);

/** A file name made of the experiment's name (safe characters only). */
export function fileStem(name) {
  const stem = String(name ?? '').replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[_.]+|_+$/g, '').slice(0, 60);
  return stem || 'experiment';
}

/** Save a blob under a file name (an <a download> click). */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function mib(chars) {
  return `${(chars / 1048576).toFixed(2)} MiB`;
}

export class SharePanel {
  #source;
  #el;
  #lesson;

  /**
   * @param {object} source  experiment() -> JSON text with the current seed; variable() ->
   *   name; checkpoint() -> Promise<Uint8Array>; epochLog() -> Promise<EpochStats[]>;
   *   name() -> experiment name; batch() -> BatchResults of the batch panel or null;
   *   lesson() -> the Lesson pane's lesson { text, title, source } or null;
   *   checkLesson(text) -> Promise<{ ok, errors, doc }> against the loaded experiment;
   *   importFile(name, bytes) -> Promise (rejects with a message);
   *   blocked(group) -> true when a link hides or locks it
   */
  constructor(source) {
    this.#source = source;
    this.#lesson = new TeacherLesson({ current: () => source.lesson(), check: (text) => source.checkLesson(text) });
    this.#el = {
      out: $('share-out'), url: $('share-url'), message: $('share-message'),
      teacher: $('teacher'), rows: $('teacher-rows'), teacherUrl: $('teacher-url'), teacherMessage: $('teacher-message'),
      importFile: $('import-file'), importMessage: $('import-message'), importError: $('import-error'),
    };
    $('btn-share').addEventListener('click', () => this.#guard(() => this.#share(false)));
    $('btn-share-weights').addEventListener('click', () => this.#guard(() => this.#share(true)));
    $('btn-teacher').addEventListener('click', () => this.#openTeacher());
    $('btn-teacher-make').addEventListener('click', () => this.#guard(() => this.#makeTeacherLink()));
    $('btn-export-csv').addEventListener('click', () => this.#guard(() => this.#exportCsv()));
    $('btn-export-png').addEventListener('click', () => this.#guard(() => this.#exportPng()));
    $('btn-export-json').addEventListener('click', () => this.#guard(() => this.#exportJson()));
    $('btn-export-checkpoint').addEventListener('click', () => this.#guard(() => this.#exportCheckpoint()));
    $('btn-export-bundle').addEventListener('click', () => this.#guard(() => this.#exportBundle()));
    this.#el.importFile.addEventListener('change', () => {
      const file = this.#el.importFile.files?.[0];
      this.#el.importFile.value = '';
      if (file) this.openFile(file);
    });
    // Drop a file anywhere on the page (the CSV drop zone handles its own drops first).
    document.addEventListener('dragover', (ev) => {
      if (ev.dataTransfer?.types?.includes('Files') && !source.blocked('share')) ev.preventDefault();
    });
    document.addEventListener('drop', (ev) => {
      if (ev.defaultPrevented || source.blocked('share')) return;
      const file = ev.dataTransfer?.files?.[0];
      if (!file) return;
      ev.preventDefault();
      this.openFile(file);
    });
    this.#buildTeacherRows();
  }

  /** Read a file and hand it to the page; success and errors are shown under Import. */
  async openFile(file) {
    const el = this.#el;
    el.importError.hidden = true;
    el.importError.textContent = '';
    el.importMessage.textContent = `Opening “${file.name}”…`;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const said = await this.#source.importFile(file.name, bytes);
      el.importMessage.textContent = said;
    } catch (err) {
      el.importMessage.textContent = '';
      el.importError.textContent = err.message;
      el.importError.hidden = false;
    }
  }

  async #guard(fn) {
    try {
      await fn();
    } catch (err) {
      this.#say(`That did not work: ${err.message}`);
    }
  }

  #say(text) {
    this.#el.message.textContent = text;
  }

  #base() {
    return `${window.location.origin}${window.location.pathname}`;
  }

  /** Put a link in the visible field and try the clipboard; the field stays selected. */
  async #offer(link, field, say) {
    field.value = link;
    field.hidden = false;
    if (field === this.#el.url) this.#el.out.hidden = false;
    let copied = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(link);
        copied = true;
      }
    } catch {
      copied = false;
    }
    field.focus();
    field.select();
    say(copied
      ? `Link copied to the clipboard (${link.length} characters).`
      : 'Copy the selected link (Ctrl+C or ⌘C): this page may not use the clipboard.');
  }

  async #share(withWeights) {
    const view = { variable: this.#source.variable() };
    if (withWeights) {
      const bytes = await this.#source.checkpoint();
      const weights = await encodeWeights(bytes);
      if (weights.length > MAX_WEIGHTS_CHARS) {
        this.#say(`The trained weights would make the link ${mib(weights.length)} long, over the `
          + `${mib(MAX_WEIGHTS_CHARS)} limit for links: download a bundle instead (Export, Bundle).`);
        return;
      }
      view.weights = weights;
    }
    const link = this.#base() + await encodeShareFragment(this.#source.experiment(), view);
    await this.#offer(link, this.#el.url, (t) => this.#say(withWeights ? `${t} It carries the trained weights and the current position.` : t));
  }

  // ---- teacher dialog

  #buildTeacherRows() {
    const rows = GROUPS.map((g) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = g.label;
      const cell = (kind) => {
        const td = document.createElement('td');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.dataset[kind] = g.name;
        box.setAttribute('aria-label', `${kind === 'hide' ? 'Hide' : 'Lock'} ${g.label}`);
        td.append(box);
        return [td, box];
      };
      const [hideTd, hide] = cell('hide');
      const [lockTd, lock] = cell('lock');
      hide.addEventListener('change', () => {   // hidden implies not usable: lock is moot
        lock.disabled = hide.checked;
        if (hide.checked) lock.checked = false;
      });
      tr.append(th, hideTd, lockTd);
      return tr;
    });
    this.#el.rows.replaceChildren(...rows);
  }

  #openTeacher() {
    this.#el.teacherMessage.textContent = '';
    this.#lesson.refresh();
    if (!this.#el.teacher.open) this.#el.teacher.showModal();
  }

  /** The teacher dialog's choices as view settings. */
  teacherView() {
    const picked = (kind) => [...this.#el.rows.querySelectorAll(`input[data-${kind}]`)]
      .filter((b) => b.checked).map((b) => b.dataset[kind]);
    return {
      variable: $('teacher-variable').checked ? this.#source.variable() : undefined,
      hide: picked('hide'),
      lock: picked('lock'),
      autoplay: $('teacher-autoplay').checked,
    };
  }

  async #makeTeacherLink() {
    const say = (text) => { this.#el.teacherMessage.textContent = text; };
    const view = this.teacherView();
    let lesson;
    try {
      lesson = this.#lesson.chosen();
    } catch (err) {
      say(`No link was made: ${err.message}.`);
      return;
    }
    if (lesson) view.lesson = lesson.text;
    const fragment = await encodeShareFragment(this.#source.experiment(), view);
    if (fragment.length > MAX_FRAGMENT_CHARS) {
      say(`No link was made: it would be ${fragment.length} characters long, more than the ${MAX_FRAGMENT_CHARS} a link may be (the experiment is too large for a link): export a bundle instead.`);
      return;
    }
    const link = this.#base() + fragment;
    await this.#offer(link, this.#el.teacherUrl, (t) => {
      const what = [view.hide.length ? `hides ${view.hide.length}` : '', view.lock.length ? `locks ${view.lock.length}` : '']
        .filter(Boolean).join(' and ');
      const controls = what ? ` The link ${what} control${view.hide.length + view.lock.length > 1 ? 's' : ''}.` : '';
      const lessonChars = lesson ? new URLSearchParams(fragment.slice(1)).get('l').length : 0;
      const carries = lesson ? ` It carries ${lesson.name} (${lessonChars} of its characters).` : '';
      say(`${t}${controls}${carries}`);
    });
  }

  // ---- exports

  #stem() {
    return fileStem(this.#source.name());
  }

  async #exportCsv() {
    const log = await this.#source.epochLog();
    download(`${this.#stem()}-curves.csv`, new Blob([epochCsv(log)], { type: 'text/csv' }));
    this.#say(`Saved the curves: ${log.length} epoch${log.length === 1 ? '' : 's'} as CSV.`);
  }

  async #exportPng() {
    const charts = [...document.querySelectorAll('#curves figure.curve')];
    const parts = charts.map((fig) => ({ title: fig.querySelector('figcaption')?.textContent ?? '', canvas: fig.querySelector('canvas') }))
      .filter((p) => p.canvas && p.canvas.width > 0);
    if (!parts.length) throw new Error('there are no curves to save');
    const pad = 8;
    const titleH = 22;
    const width = Math.max(...parts.map((p) => p.canvas.width)) + 2 * pad;
    const height = parts.reduce((h, p) => h + titleH + p.canvas.height + pad, pad);
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#1f1f1f';
    ctx.font = '14px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    let y = pad;
    for (const p of parts) {
      ctx.fillText(p.title, pad, y + 4);
      y += titleH;
      ctx.drawImage(p.canvas, pad, y);
      y += p.canvas.height + pad;
    }
    const blob = await new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be made'))), 'image/png'));
    download(`${this.#stem()}-curves.png`, blob);
    this.#say('Saved the curves as a PNG image.');
  }

  #exportJson() {
    const text = `${JSON.stringify(JSON.parse(this.#source.experiment()), null, 2)}\n`;
    download(`${this.#stem()}.json`, new Blob([text], { type: 'application/json' }));
    this.#say('Saved the experiment (with its seed) as JSON.');
  }

  async #exportCheckpoint() {
    const bytes = await this.#source.checkpoint();
    download(`${this.#stem()}.thetalab-checkpoint`, new Blob([bytes], { type: 'application/octet-stream' }));
    this.#say(`Saved the network state (${(bytes.length / 1024).toFixed(0)} KB). Open it under Import to go on from here.`);
  }

  async #exportBundle() {
    const [checkpoint, epochLog] = await Promise.all([this.#source.checkpoint(), this.#source.epochLog()]);
    const batch = this.#source.batch();
    const lesson = this.#source.lesson()?.text ?? null;   // the lesson shown goes with the state
    const text = makeBundle({ experiment: this.#source.experiment(), checkpoint, epochLog, batch, lesson });
    download(`${this.#stem()}.thetalab.json`, new Blob([text], { type: 'application/json' }));
    const parts = ['experiment', 'network state', `${epochLog.length} epochs of curves`,
      batch && `a batch of ${batch.jobs.length} runs`, lesson && 'the lesson'].filter(Boolean);
    const listed = `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
    this.#say(`Saved a bundle: ${listed} (${(text.length / 1048576).toFixed(1)} MB).`);
  }
}
