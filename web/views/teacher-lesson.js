// The teacher dialog's lesson: a teacher link can carry a lesson (l=, docs/embedding.md),
// the one the Lesson pane shows or a Markdown file the teacher picks. A picked file is
// checked against the loaded experiment at once, so the teacher sees its problems before
// sending the link; one over the 256 KiB a link may carry is refused with where to put it
// instead. Nothing here talks to the worker: the share panel's source checks the text.
import { MAX_LESSON_BYTES } from '../share/link-codec.js';

const $ = (id) => document.getElementById(id);
const TOO_LARGE_ADVICE = 'publish it beside the page instead and open it with ?lesson=, or give it to <theta-sim lesson> (docs/course-authors.md)';

/** "12 345" bytes, for messages. */
const count = (n) => n.toLocaleString('en-US').replace(/,/g, ' ');
/** "1 step", "2 steps". */
const counted = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why `bytes` of lesson cannot travel in a link ('' when they can). */
export function lessonSizeProblem(what, bytes) {
  return bytes > MAX_LESSON_BYTES
    ? `${what} is ${count(bytes)} bytes, more than the ${count(MAX_LESSON_BYTES)} bytes (256 KiB) a link may carry: ${TOO_LARGE_ADVICE}`
    : '';
}

export class TeacherLesson {
  #source;
  #el;
  #file = null;   // the picked file: { name, text } or { name, problem }

  /**
   * @param {object} source  current() -> the pane's lesson { text, title, source } or null;
   *   check(text) -> Promise<{ ok, errors, doc }> (checked against the loaded experiment)
   */
  constructor(source) {
    this.#source = source;
    this.#el = {
      none: $('teacher-lesson-none'), pane: $('teacher-lesson-pane'), paneName: $('teacher-lesson-pane-name'),
      fromFile: $('teacher-lesson-from-file'), file: $('teacher-lesson-file'), note: $('teacher-lesson-note'),
    };
    this.#el.file.addEventListener('change', () => {
      const file = this.#el.file.files?.[0];
      if (file) this.#read(file);
    });
  }

  /**
   * The dialog opens: offer the pane's lesson by its title. The choice stays as the teacher
   * left it (no lesson at first: a link grows only when asked to), unless the pane's lesson
   * was chosen and the pane now shows none.
   */
  refresh() {
    const current = this.#source.current();
    this.#el.pane.disabled = !current;
    this.#el.paneName.textContent = current ? ` (${current.title ? `“${current.title}”` : current.source})` : ' (it shows none)';
    if (!current && this.#el.pane.checked) this.#el.none.checked = true;
  }

  /**
   * The lesson the link is to carry: { text, name } or null for none. Throws an Error saying
   * why when the chosen lesson cannot go in a link (too large, no file picked, unreadable).
   */
  chosen() {
    if (this.#el.pane.checked) {
      const current = this.#source.current();
      if (!current) throw new Error('the Lesson pane shows no lesson now: choose a lesson file or no lesson');
      const problem = lessonSizeProblem('the lesson in the pane', new TextEncoder().encode(current.text).length);
      if (problem) throw new Error(problem);
      return { text: current.text, name: 'the lesson in the pane' };
    }
    if (this.#el.fromFile.checked) {
      if (!this.#file) throw new Error('no lesson file is chosen: pick a Markdown file (.md) or choose no lesson');
      if (this.#file.problem) throw new Error(this.#file.problem);
      return { text: this.#file.text, name: `“${this.#file.name}”` };
    }
    return null;
  }

  async #read(file) {
    const name = String(file.name).slice(0, 120);
    this.#el.fromFile.checked = true;
    this.#file = { name, problem: lessonSizeProblem(`“${name}”`, file.size) };
    if (this.#file.problem) {
      this.#say(this.#file.problem, true);
      return;
    }
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      this.#file = { name, problem: `“${name}” is not UTF-8 text: a lesson is a Markdown file (docs/lessons.md)` };
      this.#say(this.#file.problem, true);
      return;
    }
    this.#file = { name, text };
    let checked;
    try {
      checked = await this.#source.check(text);
    } catch (err) {
      this.#say(`“${name}” could not be checked now (${err.message}); the link carries it as it is.`, true);
      return;
    }
    const { errors, doc } = checked;
    const counts = `${counted(doc.steps, 'step')}, ${counted(doc.actions, 'action link')}, ${counted(doc.questions, 'question')}`;
    if (errors.length === 0) {
      this.#say(`“${name}”: ${counts}, checked against the loaded experiment: no problems.`);
      return;
    }
    const listed = errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`).join('; ');
    this.#say(`“${name}” (${counts}) has ${errors.length} problem${errors.length > 1 ? 's' : ''} with the loaded experiment: `
      + `${listed}${errors.length > 3 ? '; …' : ''}. The link carries it as it is, and students see each problem on its link; `
      + '`thetalab lesson check` lists them all.', true);
  }

  #say(text, problem = false) {
    this.#el.note.textContent = text;
    this.#el.note.classList.toggle('error', problem);
  }
}
