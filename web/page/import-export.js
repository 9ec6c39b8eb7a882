// Opening files on the page: an experiment (fresh weights), a checkpoint, or an export
// bundle (checkpoint, epoch log and maybe a batch's results and a lesson; share/bundle.js
// reads them). Exporting is the share panel's (views/share-panel.js); it calls importFile
// for its Open.
import { readImport } from '../share/bundle.js';
import { reasonOf } from './links.js';
import { textDigest } from './lesson-sources.js';

/**
 * `page` gives what loading acts on: { state, client, status, curves, setMode(mode),
 * applyInfo(info, frame), loadExperiment(source, label), addTaskOption(label, json),
 * lessons (page/lesson-sources.js), showBatch(results), position(counters), traceLabel(run) }.
 */
export function createImportExport(page) {
  const { state, client, status, curves } = page;

  /** Load checkpoint bytes (trained weights and position) and show that state. */
  async function loadCheckpointBytes(bytes, label, epochLog = null) {
    status.clearError();
    if (state.mode === 'running' || state.mode === 'stepping') await client.stop().catch(() => {});
    page.setMode('busy');
    try {
      const { info, frame } = await client.loadCheckpoint({ bytes });
      await page.applyInfo(info, frame);
      const log = epochLog?.length ? epochLog : (await client.getState()).epochLog ?? [];
      if (log.length) curves.addEpochs(log, page.traceLabel);
      if (log.length) status.epoch(log[log.length - 1], false);
      status.say(`${label}: ${info.name || 'experiment'} at ${page.position(frame.counters)}.`);
      page.setMode('ready');
      return info;
    } catch (err) {
      if (state.mode !== 'error') page.setMode(state.info ? 'ready' : 'error');
      throw err;
    }
  }

  /** Open a file the user chose: resolves to what the status line says, rejects naming the file. */
  async function importFile(name, bytes) {
    const file = readImport(name, bytes);   // throws a message naming the file
    const label = `“${String(name).slice(0, 120)}”`;
    try {
      if (file.kind === 'experiment') {
        await page.loadExperiment({ json: file.json }, `Opened ${label}`);
        page.addTaskOption(`From ${label}: ${state.info.name || 'experiment'}`, state.experiment);
        await page.lessons.show();   // an experiment file has no lesson
        return `Opened the experiment in ${label} with fresh weights.`;
      }
      const bytesToLoad = file.kind === 'bundle' ? file.checkpoint : file.bytes;
      const info = await loadCheckpointBytes(bytesToLoad, `Opened ${label}`, file.kind === 'bundle' ? file.epochLog : null);
      page.addTaskOption(`From ${label}: ${info.name || 'experiment'}`, state.experiment);
      if (file.batch) page.showBatch(file.batch);
      if (file.lesson) page.lessons.give({ source: `bundle:${textDigest(file.lesson)}`, text: file.lesson });
      await page.lessons.show();
      const batchText = file.batch ? ` Its batch of ${file.batch.jobs.length} runs is under Batch runs.` : '';
      const lessonText = file.lesson ? ' Its lesson is in the Lesson pane.' : '';
      return `Opened ${label}: ${info.name || 'experiment'} at ${page.position(state.frame.counters)}, with its trained weights.${batchText}${lessonText}`;
    } catch (err) {
      throw new Error(`${label} was refused: ${reasonOf(err)}`);
    }
  }

  return { loadCheckpointBytes, importFile };
}
