// The share-link codec (web/share/link-codec.js): round trips, the stored schema-1 link,
// damaged links, and agreement with the native `thetalab` decoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { encodeShareFragment, decodeShareFragment } from '../../web/share/link-codec.js';
import { ROOT } from './wasm-module.mjs';

const CLI = process.env.THETA_NATIVE_CLI ?? path.join(ROOT, 'build', 'native', 'thetalab');
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
  if (!fs.existsSync(CLI)) return;  // the native CLI checks the same link below
  const out = execFileSync(CLI, ['validate', SCHEMA1_LINK], { encoding: 'utf8' });
  assert.match(out, /valid/);
});

test('links made here are read by the native thetalab with the same hash', async (t) => {
  if (!fs.existsSync(CLI)) return t.skip(`${CLI} not built`);
  const builtin = execFileSync(CLI, ['hash', 'ra25', '--trials', '2'], { encoding: 'utf8' }).trim();
  const ra25 = fs.readFileSync(path.join(ROOT, 'tests', 'node', 'data', 'ra25.json'), 'utf8');
  const frag = await encodeShareFragment(ra25, { variable: 'Act' });
  const viaLink = execFileSync(CLI, ['hash', `http://127.0.0.1:8080/${frag}`, '--trials', '2'], { encoding: 'utf8' }).trim();
  assert.equal(viaLink, builtin);
});
