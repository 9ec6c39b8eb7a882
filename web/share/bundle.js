// Export and import formats of the page, with no DOM use (Node tests import this module):
//
//   curves CSV       the columns of `thetalab run --csv` (without ms_per_trial)
//   bundle           one JSON file (.thetalab.json):
//                    { thetalab: 'bundle', version: 1, experiment: <experiment JSON object>,
//                      checkpoint: <base64 of the checkpoint bytes>, epochLog: [EpochStats],
//                      batch?: BatchResults (protocol.js), lesson?: <lesson Markdown>,
//                      savedAt: ISO date }
//                    The checkpoint alone restores the state (it holds the experiment too);
//                    `experiment` is there to read, epochLog redraws the curves, batch
//                    (when a batch was run) brings back the batch panel's results, and lesson
//                    (docs/lessons.md, at most 256 KiB) the lesson that was shown with it.
//   checkpoint       the engine's bytes (.thetalab-checkpoint), starting with "THETALAB".
//
// Every refusal is an Error whose message names the file and what is wrong with it.

import { checkResults } from '../batch/results.js';
import { MAX_LESSON_BYTES } from './link-codec.js';

export const BUNDLE_VERSION = 1;
/** Largest file the page reads (a checkpoint of a large network is tens of MB). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const CHECKPOINT_MAGIC = 'THETALAB';

export function bytesToBase64(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function base64ToBytes(text, what = 'data') {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new Error(`its ${what} is not base64 text`);
  }
  let bin;
  try {
    bin = atob(text);
  } catch {
    throw new Error(`its ${what} is not base64 text`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; ++i) out[i] = bin.charCodeAt(i);
  return out;
}

const CSV_COLUMNS = [
  ['run', 'run'], ['epoch', 'epoch'], ['pct_err', 'pctErr'], ['pct_unit_err', 'pctUnitErr'],
  ['sse', 'sse'], ['phase_corr', 'phaseCorr'], ['nzero', 'nZero'], ['first_zero', 'firstZero'],
];

/** Per-epoch statistics of every run as CSV (full precision; the CLI's column names). */
export function epochCsv(epochLog) {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const e of epochLog) lines.push(CSV_COLUMNS.map(([, key]) => String(e[key] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * The bundle file's text. `experiment` is JSON text, `checkpoint` bytes, `batch` BatchResults
 * or null, `lesson` a lesson's Markdown or null.
 */
export function makeBundle({ experiment, checkpoint, epochLog = [], batch = null, lesson = null }) {
  return `${JSON.stringify({
    thetalab: 'bundle',
    version: BUNDLE_VERSION,
    experiment: JSON.parse(experiment),
    checkpoint: bytesToBase64(checkpoint),
    epochLog,
    ...(batch && { batch }),
    ...(lesson && { lesson }),
    savedAt: new Date().toISOString(),
  })}\n`;
}

const isCheckpoint = (bytes) => bytes.length >= 8
  && String.fromCharCode(...bytes.subarray(0, 8)) === CHECKPOINT_MAGIC;

const EPOCH_KEYS = ['run', 'epoch', 'pctErr', 'sse'];

/**
 * What a file holds: { kind: 'checkpoint', bytes } | { kind: 'bundle', experiment (JSON text),
 * checkpoint (bytes), epochLog, batch (BatchResults or null), lesson (Markdown or null) } |
 * { kind: 'experiment', json }. Throws a clear Error naming the file for anything else.
 */
export function readImport(name, bytes) {
  const label = `“${String(name).slice(0, 120)}”`;
  const refuse = (why) => new Error(`${label} cannot be opened: ${why}`);
  if (bytes.length === 0) throw refuse('the file is empty');
  if (bytes.length > MAX_IMPORT_BYTES) throw refuse(`it is ${(bytes.length / 1048576).toFixed(1)} MiB, over the ${MAX_IMPORT_BYTES / 1048576} MiB limit`);
  if (isCheckpoint(bytes)) return { kind: 'checkpoint', bytes };
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw refuse('it is neither a ThetaLab checkpoint (no THETALAB header) nor JSON text');
  }
  if (!/^\s*[{[]/.test(text)) {
    if (/\.thetalab-checkpoint$/i.test(name)) throw refuse('it is not a ThetaLab checkpoint (no THETALAB header)');
    if (/\.(csv|tsv)$/i.test(name)) throw refuse('it is a pattern table: open it under “Use your own patterns (CSV)”');
    throw refuse('it is neither a ThetaLab checkpoint (no THETALAB header) nor JSON');
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw refuse(`it is not valid JSON (${e.message})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw refuse('it is JSON but not an object');
  if (doc.thetalab === undefined) {
    if ('schema' in doc || 'network' in doc) return { kind: 'experiment', json: text };
    throw refuse('it is JSON but neither a ThetaLab bundle (no "thetalab" field) nor an experiment (no "schema")');
  }
  if (doc.thetalab !== 'bundle') throw refuse(`its "thetalab" field is ${JSON.stringify(doc.thetalab).slice(0, 40)}, not "bundle"`);
  if (!Number.isInteger(doc.version) || doc.version < 1) throw refuse('its "version" is missing or not a positive integer');
  if (doc.version > BUNDLE_VERSION) throw refuse(`bundle version ${doc.version} is newer than this ThetaLab (supports ${BUNDLE_VERSION})`);
  if (doc.experiment === null || typeof doc.experiment !== 'object') throw refuse('its "experiment" is missing or not an object');
  if (typeof doc.checkpoint !== 'string' || doc.checkpoint === '') throw refuse('its "checkpoint" is missing');
  let checkpoint;
  try {
    checkpoint = base64ToBytes(doc.checkpoint, '"checkpoint"');
  } catch (e) {
    throw refuse(e.message);
  }
  if (!isCheckpoint(checkpoint)) throw refuse('its "checkpoint" is not a ThetaLab checkpoint (no THETALAB header)');
  const log = doc.epochLog ?? [];
  if (!Array.isArray(log)) throw refuse('its "epochLog" is not a list');
  const epochLog = log.filter((e) => e && typeof e === 'object'
    && EPOCH_KEYS.every((k) => typeof e[k] === 'number' && Number.isFinite(e[k])));
  let batch = null;
  if (doc.batch !== undefined) {
    try {
      batch = checkResults(doc.batch);
    } catch (e) {
      throw refuse(e.message);
    }
  }
  const lesson = doc.lesson ?? null;
  if (lesson !== null && typeof lesson !== 'string') throw refuse('its "lesson" is not text (a lesson\'s Markdown)');
  const lessonBytes = lesson === null ? 0 : new TextEncoder().encode(lesson).length;
  if (lessonBytes > MAX_LESSON_BYTES) throw refuse(`its "lesson" is ${lessonBytes} bytes, more than the ${MAX_LESSON_BYTES} bytes (256 KiB) a lesson may have`);
  return { kind: 'bundle', experiment: JSON.stringify(doc.experiment), checkpoint, epochLog, batch, lesson };
}
