// The share-link codec (web/share/link-codec.js): round trips, the stored schema-1 link,
// damaged links, and agreement with the native `thetalab` decoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { encodeShareFragment, decodeShareFragment, encodeWeights, decodeWeights, MAX_LESSON_BYTES } from '../../web/share/link-codec.js';
import { bytesToBase64, epochCsv, makeBundle, readImport } from '../../web/share/bundle.js';
import { ROOT, NATIVE_CLI, requireNativeCli } from './wasm-module.mjs';

const CLI = NATIVE_CLI;
// A link made with schema 1 (tests/node/data/schema1-link.txt): it must keep working after
// any schema change, through the engine's migration.
const SCHEMA1_LINK = fs.readFileSync(path.join(ROOT, 'tests', 'node', 'data', 'schema1-link.txt'), 'utf8').trim();

test('a fragment round-trips the experiment and the view settings', async () => {
  const json = JSON.stringify({ schema: 1, name: 'x', network: { layers: [{ name: 'A', shape: [2, 2] }] } });
  const frag = await encodeShareFragment(json, { variable: 'CaDiff', hide: ['editor', 'seed'], lock: ['run'], autoplay: true });
  assert.match(frag, /^#x=[A-Za-z0-9_-]+&v=CaDiff&hide=editor,seed&lock=run&autoplay=1$/);
  const { json: back, view } = await decodeShareFragment(frag);
  assert.equal(back, json);
  assert.deepEqual(view, { variable: 'CaDiff', hide: ['editor', 'seed'], lock: ['run'], autoplay: true });
});

test('no x= means no experiment; damaged links say so', async () => {
  assert.equal(await decodeShareFragment('#v=Act'), null);
  await assert.rejects(decodeShareFragment('#x=not*base64'), /not base64url/);
  const good = await encodeShareFragment('{"schema":1}');
  const payload = good.slice(3);
  await assert.rejects(decodeShareFragment(`#x=${payload.slice(0, Math.floor(payload.length / 8) * 4)}`), /truncated or corrupted/);
  await assert.rejects(decodeShareFragment('#x='), /empty/);
});

test('a zip bomb stops at the 4 MiB limit', async () => {
  const bomb = await encodeShareFragment(' '.repeat(5 * 1024 * 1024));
  assert.ok(bomb.length < 20000, 'highly compressible');
  await assert.rejects(decodeShareFragment(bomb), /over the 4 MiB limit/);
});

test('the stored schema-1 link decodes and the engine accepts it', async () => {
  const { json } = await decodeShareFragment(SCHEMA1_LINK.slice(SCHEMA1_LINK.indexOf('#')));
  assert.equal(JSON.parse(json).schema, 1);
  requireNativeCli();
  const out = execFileSync(CLI, ['validate', SCHEMA1_LINK], { encoding: 'utf8' });
  assert.match(out, /valid/);
});

test('links made here are read by the native thetalab with the same hash', async () => {
  requireNativeCli();
  const builtin = execFileSync(CLI, ['hash', 'ra25', '--trials', '2'], { encoding: 'utf8' }).trim();
  const ra25 = fs.readFileSync(path.join(ROOT, 'tests', 'node', 'data', 'ra25.json'), 'utf8');
  const frag = await encodeShareFragment(ra25, { variable: 'Act' });
  const viaLink = execFileSync(CLI, ['hash', `http://127.0.0.1:8080/${frag}`, '--trials', '2'], { encoding: 'utf8' }).trim();
  assert.equal(viaLink, builtin);
});

test('#builtin=name links and the w= weights parameter', async () => {
  const { builtin, view } = await decodeShareFragment('#builtin=testnet&v=CaDiff&hide=editor&autoplay=1');
  assert.equal(builtin, 'testnet');
  assert.deepEqual(view, { variable: 'CaDiff', hide: ['editor'], lock: [], autoplay: true });
  await assert.rejects(decodeShareFragment('#builtin=%3Cimg%3E'), /invalid name/);
  const bytes = new Uint8Array(5000).map((_, i) => (i * 7) % 251);
  const w = await encodeWeights(bytes);
  const frag = await encodeShareFragment('{"schema":1}', { weights: w });
  const link = await decodeShareFragment(frag);
  assert.equal(link.weights, w);
  assert.deepEqual(await decodeWeights(link.weights), bytes);
  await assert.rejects(decodeWeights(w.slice(0, 100)), /trained weights is truncated or corrupted/);
  // A truncated payload of any length reports the truncation.
  const good = (await encodeShareFragment(JSON.stringify({ schema: 1, name: 'x'.repeat(200) }))).slice(3);
  for (let cut = 5; cut < good.length; cut += 7) {
    await assert.rejects(decodeShareFragment(`#x=${good.slice(0, cut)}`), /truncated or corrupted/);
  }
});

test('a lesson travels in the link (l=) with the experiment or a built-in; damaged or oversized lessons are refused, the experiment kept', async () => {
  const lesson = '---\ntitle: Über Gi\nexperiment: inhib\n---\n# Gi\n\n1. [Set Gi](do:set *:Inhib.Layer.Gi=0.8)\n';
  const withX = await decodeShareFragment(await encodeShareFragment('{"schema":2}', { variable: 'Act', lesson }));
  assert.equal(withX.lesson, lesson);
  assert.equal(withX.json, '{"schema":2}');
  assert.equal(withX.view.ignored, undefined);
  const l = (await encodeShareFragment('{}', { lesson })).split('&l=')[1];
  const withBuiltin = await decodeShareFragment(`#builtin=inhib&l=${l}`);
  assert.equal(withBuiltin.builtin, 'inhib');
  assert.equal(withBuiltin.lesson, lesson);
  assert.equal((await decodeShareFragment('#builtin=inhib')).lesson, undefined);
  const refused = async (fragment, why) => {
    const link = await decodeShareFragment(fragment);
    assert.equal(link.builtin, 'inhib', 'the experiment still opens');
    assert.equal(link.lesson, undefined);
    assert.match(link.lessonError, why);
  };
  await refused(`#builtin=inhib&l=${l.slice(0, 12)}`, /lesson is truncated or corrupted/);
  await refused('#builtin=inhib&l=', /lesson is empty/);
  await refused('#builtin=inhib&l=a*b', /not base64url/);
  const big = (await encodeShareFragment('{}', { lesson: 'x'.repeat(MAX_LESSON_BYTES + 1) })).split('&l=')[1];
  await refused(`#builtin=inhib&l=${big}`, /lesson in the link is over the 256 KiB limit/);
  const withJson = await decodeShareFragment(`${(await encodeShareFragment('{"schema":2}')).split('&')[0]}&l=${l.slice(0, 12)}`);
  assert.deepEqual([withJson.json, withJson.lesson], ['{"schema":2}', undefined]);
  assert.match(withJson.lessonError, /truncated or corrupted/);
});

test('bundles and imported files: what is accepted, and messages for what is not', () => {
  const ckpt = new Uint8Array([...new TextEncoder().encode('THETALAB'), 1, 2, 3]);
  const text = makeBundle({ experiment: '{"schema":1,"name":"n"}', checkpoint: ckpt, epochLog: [{ run: 0, epoch: 0, pctErr: 0.5, pctUnitErr: 0.1, sse: 1, phaseCorr: 0.9, nZero: 0, firstZero: -1 }] });
  const enc = (s) => new TextEncoder().encode(s);
  const b = readImport('a.thetalab.json', enc(text));
  assert.equal(b.kind, 'bundle');
  assert.deepEqual(b.checkpoint, ckpt);
  assert.equal(JSON.parse(b.experiment).name, 'n');
  assert.equal(b.epochLog.length, 1);
  assert.equal(readImport('c.bin', ckpt).kind, 'checkpoint');
  assert.equal(readImport('e.json', enc('{"schema":1}')).kind, 'experiment');
  const doc = JSON.parse(text);
  assert.throws(() => readImport('x.json', enc(JSON.stringify({ ...doc, version: 3 }))), /“x.json” cannot be opened: bundle version 3 is newer than this ThetaLab \(supports 1\)/);
  assert.throws(() => readImport('x.json', enc(JSON.stringify({ ...doc, checkpoint: bytesToBase64(enc('nope')) }))), /no THETALAB header/);
  assert.throws(() => readImport('x.json', new Uint8Array()), /empty/);
  assert.throws(() => readImport('p.csv', enc('a,b\n1,0')), /Use your own patterns/);
  assert.throws(() => readImport('x.json', new Uint8Array([0xff, 0xfe, 0x00])), /neither/);
  assert.equal(epochCsv(b.epochLog), 'run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero\n0,0,0.5,0.1,1,0.9,0,-1\n');
  // A bundle carries the lesson shown with it; a lesson that is not text or too large refuses the file.
  assert.equal(b.lesson, null);
  const lesson = '# Über Gi\n\n1. [Step](do:step trial)\n';
  assert.equal(readImport('l.json', enc(makeBundle({ experiment: '{"schema":1}', checkpoint: ckpt, lesson }))).lesson, lesson);
  assert.throws(() => readImport('x.json', enc(JSON.stringify({ ...doc, lesson: 7 }))), /“x.json” cannot be opened: its "lesson" is not text/);
  assert.throws(() => readImport('x.json', enc(JSON.stringify({ ...doc, lesson: 'é'.repeat(MAX_LESSON_BYTES / 2 + 1) }))),
    /its "lesson" is 262146 bytes, more than the 262144 bytes \(256 KiB\)/);
});
