// A student's work on a lesson: which steps are ticked and each question's answer, kept in
// the browser (localStorage) under the lesson's identity so they survive reloads, and the
// answers as Markdown for "Copy answers" and "Download answers". No DOM.

const KEY_PREFIX = 'thetalab.lesson:';

/** The storage key of a lesson: where it came from (e.g. "builtin:ra25") and its title. */
export function answersKey(source, title) {
  return `${KEY_PREFIX}${source}|${title}`;
}

/**
 * Steps and answers of one lesson. Storage can be missing or refuse writes (private
 * browsing, a full quota): the work is then kept for this visit only, and `saveError` says why.
 */
export class LessonAnswers {
  #key;
  #storage;
  steps = new Set();   // step numbers (the document's item.step) ticked off
  answers = {};        // question id -> text
  saveError = '';

  constructor(key, storage = globalThis.localStorage) {
    this.#key = key;
    this.#storage = storage;
    try {
      const saved = JSON.parse(storage?.getItem(key) ?? 'null');
      if (saved && typeof saved === 'object') {
        this.steps = new Set((Array.isArray(saved.steps) ? saved.steps : []).filter(Number.isInteger));
        for (const [id, text] of Object.entries(saved.answers ?? {})) if (typeof text === 'string') this.answers[id] = text;
      }
    } catch (err) {
      this.saveError = `saved answers could not be read (${err.message})`;
    }
  }

  setStep(step, done) {
    if (done) this.steps.add(step);
    else this.steps.delete(step);
    this.#save();
  }

  setAnswer(id, text) {
    this.answers[id] = text;
    this.#save();
  }

  #save() {
    try {
      this.#storage.setItem(this.#key, JSON.stringify({ steps: [...this.steps].sort((a, b) => a - b), answers: this.answers }));
      this.saveError = '';
    } catch (err) {
      this.saveError = `this browser does not keep them (${err.message}); copy or download them before leaving`;
    }
  }
}

/** Spans as Markdown text: emphasis, code and link text kept, actions and images as their text. */
export function spansMarkdown(spans) {
  return spans.map((s) => {
    switch (s.type) {
      case 'text': return s.text;
      case 'code': return `\`${s.text}\``;
      case 'em': return `*${spansMarkdown(s.content)}*`;
      case 'strong': return `**${spansMarkdown(s.content)}**`;
      case 'image': return s.alt;
      default: return spansMarkdown(s.content ?? []);   // link, action
    }
  }).join('');
}

/** The lesson's questions in document order: [{ id, text }] (text: its paragraphs as Markdown). */
export function lessonQuestions(doc) {
  return doc.blocks.filter((b) => b.type === 'question')
    .map((q) => ({ id: q.id, text: q.blocks.map((p) => spansMarkdown(p.content)).join('\n\n') }));
}

/**
 * The answers as Markdown: the lesson's title, then per question its number and id, its
 * text, and the answer ("(no answer)" when empty).
 */
export function answersMarkdown(doc, answers) {
  const parts = [`# ${doc.title || 'Lesson'}: answers`];
  lessonQuestions(doc).forEach((q, i) => {
    const answer = (answers[q.id] ?? '').trim();
    parts.push(`## Question ${i + 1} (${q.id})`, q.text, `**Answer:**`, answer || '(no answer)');
  });
  return `${parts.join('\n\n')}\n`;
}
