// The lesson pane beside the sim: the loaded sim's lesson (docs/lessons.md) with action
// links that do their step through the page (page/lesson-actions.js) and say what they did,
// steps to tick off, a text box per question, the student's work kept per lesson in the
// browser (page/lesson-answers.js), and "Copy answers" / "Download answers" as Markdown.
// It folds to its heading; open or folded is remembered. A link the lesson checker refused
// is drawn broken with the reason: clicking it only says why.
import { LessonAnswers, answersKey, answersMarkdown } from '../page/lesson-answers.js';
import { el, renderBlocks } from './lesson-render.js';

const OPEN_KEY = 'thetalab.lessonPane.open';

/** A file name from a lesson's source, e.g. "builtin:ra25" -> "ra25-answers.md". */
function fileName(source) {
  return `${source.replace(/^builtin:/, '').replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'lesson'}-answers.md`;
}

/** "1 step", "2 steps". */
const counted = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export class LessonPane {
  #section;
  #body;
  #toggle;
  #summary;
  #note;
  #content;
  #actions;
  #doc = null;
  #text = '';
  #source = '';
  #answers = null;
  #saveNote;

  /**
   * @param {HTMLElement} section the pane (index.html #lesson-section)
   * @param {{perform(action): Promise<string>}} actions what an action link does
   */
  constructor(section, actions) {
    this.#section = section;
    this.#actions = actions;
    this.#body = section.querySelector('#lesson-body');
    this.#toggle = section.querySelector('#btn-lesson-toggle');
    this.#summary = section.querySelector('#lesson-summary');
    this.#note = section.querySelector('#lesson-note');
    this.#content = section.querySelector('#lesson-content');
    this.#saveNote = section.querySelector('#lesson-save-note');
    this.#toggle.addEventListener('click', () => this.setOpen(this.#toggle.getAttribute('aria-expanded') !== 'true'));
    section.querySelector('#btn-lesson-copy').addEventListener('click', () => this.#copy());
    section.querySelector('#btn-lesson-download').addEventListener('click', () => this.#download());
    this.setOpen(this.#stored(OPEN_KEY) === '1', false);
  }

  /** Unfold or fold the pane (remembered in this browser unless `remember` is false). */
  setOpen(open, remember = true) {
    this.#toggle.setAttribute('aria-expanded', String(open));
    this.#body.hidden = !open;
    if (remember) {
      try {
        localStorage.setItem(OPEN_KEY, open ? '1' : '0');
      } catch { /* the pane still folds; only the choice is not kept */ }
    }
  }

  /** The Markdown "Copy answers" copies (and "Download answers" saves). */
  get answersText() {
    return this.#doc ? answersMarkdown(this.#doc, this.#answers.answers) : '';
  }

  /** The shown lesson: its Markdown, title and where it came from (null when none is shown). */
  get lesson() {
    return this.#doc ? { text: this.#text, title: this.#doc.title, source: this.#source } : null;
  }

  /**
   * Show a checked lesson (the worker's {ok, errors, doc}; doc null: the sim has none) from
   * `source` ("builtin:ra25", or where a lesson's text came from): answers are kept under it.
   */
  show(result, source) {
    this.#doc = result.doc;
    this.#text = result.text ?? '';
    this.#source = source;
    this.#note.textContent = '';
    this.#section.hidden = !result.doc;
    this.#section.dataset.source = source;
    this.#setAnswerButtons(Boolean(result.doc));
    if (!result.doc) {
      this.#content.replaceChildren();
      return;
    }
    const doc = result.doc;
    this.#answers = new LessonAnswers(answersKey(source, doc.title));
    const broken = result.errors.length;
    this.#summary.textContent = `${doc.title ? `${doc.title} · ` : ''}${counted(doc.steps, 'step')}, ${counted(doc.actions, 'action link')}, ${counted(doc.questions, 'question')}`;
    this.#section.dataset.actions = String(doc.actions);
    this.#section.dataset.questions = String(doc.questions);
    const errors = broken
      ? [el('p', 'lesson-errors', `${broken} problem${broken > 1 ? 's' : ''} in this lesson: ${result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}. Refused links are marked and do nothing.`)]
      : [];
    this.#content.replaceChildren(
      ...errors,
      ...renderBlocks(doc.blocks, {
        action: (span, content) => this.#actionLink(span, content()),
        step: (step, content) => this.#stepBox(step, content),
        question: (block, paragraphs) => this.#question(block, paragraphs),
      }),
    );
    this.#showSaveError();
  }

  /**
   * Show, where the lesson would be, why a lesson given to this page could not be had (a
   * damaged link, a download refused): never an empty pane or none at all.
   */
  showProblem(message, source) {
    this.#doc = null;
    this.#text = '';
    this.#source = source;
    this.#answers = null;
    this.#note.textContent = '';
    this.#section.hidden = false;
    this.#section.dataset.source = source;
    delete this.#section.dataset.actions;
    delete this.#section.dataset.questions;
    this.#summary.textContent = 'the lesson could not be shown';
    this.#content.replaceChildren(el('p', 'lesson-errors', `The lesson could not be shown: ${String(message).replace(/\.$/, '')}.`));
    this.#setAnswerButtons(false);
    this.#showSaveError();
  }

  #setAnswerButtons(enabled) {
    for (const id of ['#btn-lesson-copy', '#btn-lesson-download']) this.#section.querySelector(id).disabled = !enabled;
  }

  #actionLink(span, content) {
    const button = el('button', 'lesson-action', ...content);
    button.type = 'button';
    button.dataset.action = String(span.index);
    button.dataset.target = span.target;
    const done = el('span', 'lesson-done');
    done.setAttribute('aria-hidden', 'true');   // the live note reads it out once
    const wrap = el('span', 'lesson-action-wrap', button, done);
    if (span.error) {
      // Refused by the checker: it stays visibly broken, and a click only says why.
      button.classList.add('broken');
      button.setAttribute('aria-describedby', `lesson-action-${span.index}-why`);
      const why = el('span', 'lesson-reason', ` (does nothing: ${span.error})`);
      why.id = `lesson-action-${span.index}-why`;
      wrap.append(why);
      button.addEventListener('click', () => this.#say(`“${span.target}” does nothing: ${span.error}.`));
      return wrap;
    }
    button.addEventListener('click', () => this.#perform(span, button, done));
    return wrap;
  }

  async #perform(span, button, done) {
    button.setAttribute('aria-busy', 'true');
    done.className = 'lesson-done';
    try {
      const what = await this.#actions.perform({ verb: span.verb, args: span.args });
      done.textContent = ` done: ${what}`;
      this.#say(`Done: ${what}.`);
    } catch (err) {
      done.classList.add('failed');
      done.textContent = ` not done: ${err.message}`;
      this.#say(`Not done: ${err.message}.`);
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  #say(text) {
    this.#note.textContent = text;
  }

  #stepBox(step, content) {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'lesson-step-done';
    box.dataset.step = String(step);
    box.checked = this.#answers.steps.has(step);
    box.setAttribute('aria-label', `Step ${step + 1} done`);
    box.addEventListener('change', () => {
      this.#answers.setStep(step, box.checked);
      content.classList.toggle('checked', box.checked);
      this.#showSaveError();
    });
    content.classList.toggle('checked', box.checked);
    return box;
  }

  #question(block, paragraphs) {
    const id = `lesson-q-${block.id}`;
    const label = el('p', 'lesson-q-label', `Question: ${block.id}`);
    label.id = `${id}-label`;
    const text = el('div', 'lesson-q-text', ...paragraphs);
    text.id = `${id}-text`;
    const area = document.createElement('textarea');
    area.id = id;
    area.rows = 3;
    area.dataset.question = block.id;
    area.value = this.#answers.answers[block.id] ?? '';
    area.setAttribute('aria-labelledby', `${id}-label ${id}-text`);
    area.addEventListener('input', () => {
      this.#answers.setAnswer(block.id, area.value);
      this.#showSaveError();
    });
    const answerLabel = el('label', 'lesson-answer-label', 'Your answer');
    answerLabel.htmlFor = id;
    const box = el('div', 'lesson-question', label, text, answerLabel, area);
    box.setAttribute('role', 'group');
    box.setAttribute('aria-labelledby', label.id);
    return box;
  }

  #showSaveError() {
    const error = this.#answers?.saveError ?? '';
    this.#saveNote.hidden = !error;
    this.#saveNote.textContent = error ? `Your answers and ticks: ${error}.` : '';
  }

  async #copy() {
    const text = this.answersText;
    try {
      await navigator.clipboard.writeText(text);
      this.#say('The answers are copied as Markdown.');
    } catch (err) {
      this.#say(`The browser refused to copy (${err.message}): use Download answers.`);
    }
  }

  #download() {
    const url = URL.createObjectURL(new Blob([this.answersText], { type: 'text/markdown' }));
    const a = el('a', null);
    a.href = url;
    a.download = fileName(this.#source);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.#say(`The answers are saved as ${a.download}.`);
  }

  #stored(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  }
}
