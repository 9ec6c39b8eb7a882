#!/usr/bin/env node
// Speed benchmarks side by side: the engine's bench (ra25 and Axon's bench nets) in every
// build where it runs: native SIMD and scalar, the wasm module under Node (SIMD and scalar),
// and in headless Chromium inside a Web Worker (SIMD and scalar). Prints a Markdown table
// of medians over --repeat runs plus the SIMD/scalar and wasm/native ratios (from one run
// each, as docs/benchmarks.md explains). A benchmark, never a test: nothing here fails on speed.
//
//   node scripts/bench.mjs [--nets ra25,deepfsa,small,medium,large,huge] [--repeat 3] [--json FILE]
//
// Needs the four presets built (scripts/test.sh builds them all).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer, listen } from './serve.mjs';

const { warmUpBench } = createRequire(import.meta.url)('../web/bench/warm-up.js');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const NETS = opt('--nets', 'ra25,deepfsa,small,medium,large,huge').split(',');
const REPEAT = Math.max(1, Number(opt('--repeat', '3')));
const JSON_OUT = opt('--json', null);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const METRICS = ['msPerTrial', 'msPerItem', 'nsPerNeuronCycle', 'nsPerSynapseLearn', 'spikesPerSecond', 'msBandwidthBound'];

/** Median of each metric over several reports of the same net. */
function medianReport(reports) {
  const out = { ...reports[0], runs: reports.length };
  for (const m of METRICS) out[m] = median(reports.map((r) => r[m]));
  out.memBandwidthGBs = median(reports.map((r) => r.memBandwidthGBs));
  return out;
}

function nativeBench(preset, net) {
  const cli = path.join(ROOT, 'build', preset, 'thetalab');
  return JSON.parse(execFileSync(cli, ['bench', '--net', net, '--json'], { encoding: 'utf8' }).trim());
}

async function nodeModule(dir) {
  const require = createRequire(import.meta.url);
  const create = require(path.join(ROOT, 'build', dir, 'thetalab.js'));
  return create();
}

async function browserBench(browser, wasmDir, net) {
  const { server, url } = await listen(createServer({ roots: [path.join(ROOT, 'web'), path.join(ROOT, 'build', wasmDir)] }), 0);
  try {
    const page = await browser.newPage();
    await page.goto(`${url}bench/?nets=${net}`);
    await page.waitForFunction(() => window.__benchResults !== undefined, null, { timeout: 600_000 });
    const res = await page.evaluate(() => window.__benchResults);
    await page.close();
    if (res.error) throw new Error(res.error);
    return res.results[0];
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const builds = [
  { name: 'native SIMD', run: (net) => nativeBench('native', net) },
  { name: 'native scalar', run: (net) => nativeBench('native-scalar', net) },
];
const wasm = await nodeModule('wasm');
const wasmScalar = await nodeModule('wasm-scalar');
// Warmed up as in the browser (web/bench/warm-up.js: V8 tiers wasm up only after a while).
const nodeBench = (M) => (net) => {
  warmUpBench(M, net);
  return JSON.parse(M.runBench(net, 0));
};
builds.push({ name: 'wasm SIMD (Node)', run: nodeBench(wasm) });
builds.push({ name: 'wasm scalar (Node)', run: nodeBench(wasmScalar) });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
builds.push({ name: 'wasm SIMD (Chromium worker)', run: (net) => browserBench(browser, 'wasm', net) });
builds.push({ name: 'wasm scalar (Chromium worker)', run: (net) => browserBench(browser, 'wasm-scalar', net) });

const results = {};  // build -> net -> median report
for (const net of NETS) {
  for (const b of builds) {
    const reports = [];
    for (let r = 0; r < REPEAT; ++r) reports.push(await b.run(net));
    (results[b.name] ??= {})[net] = medianReport(reports);
    const m = results[b.name][net];
    process.stderr.write(`${net.padEnd(6)} ${b.name.padEnd(30)} ${m.msPerTrial.toFixed(3)} ms/trial\n`);
  }
}
await browser.close();

const fmt = (x, d = 2) => (x >= 100 ? x.toFixed(0) : x.toFixed(d));
const lines = [];
lines.push(`| net | build | arch x lanes | ms/trial | ms/item | ns/neuron-cycle | ns/synapse learn | spikes/s | state | B/neuron | B/synapse | bandwidth GB/s | bound ms/trial |`);
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const net of NETS) {
  for (const b of builds) {
    const r = results[b.name][net];
    lines.push(`| ${net} | ${b.name} | ${r.arch} x${r.lanes} | ${fmt(r.msPerTrial, 3)} | ${fmt(r.msPerItem, 3)} | ${fmt(r.nsPerNeuronCycle)} | ` +
      `${fmt(r.nsPerSynapseLearn)} | ${r.spikesPerSecond.toExponential(2)} | ${(r.stateBytes / 1048576).toFixed(2)} MiB | ` +
      `${fmt(r.bytesPerNeuron, 0)} | ${fmt(r.bytesPerSynapse, 1)} | ${fmt(r.memBandwidthGBs, 1)} | ${fmt(r.msBandwidthBound, 3)} |`);
  }
}
lines.push('');
lines.push('| net | SIMD/scalar native | SIMD/scalar wasm (Node) | SIMD/scalar wasm (Chromium) | wasm (Node) / native | wasm (Chromium) / native | Chromium ms/trial / bandwidth bound |');
lines.push('|---|---|---|---|---|---|---|');
const ratio = (a, b, net, m = 'msPerTrial') => (results[b][net][m] / results[a][net][m]).toFixed(2);
for (const net of NETS) {
  const native = results['native SIMD'][net];
  const chrome = results['wasm SIMD (Chromium worker)'][net];
  lines.push(`| ${net} | ${ratio('native SIMD', 'native scalar', net)}x | ${ratio('wasm SIMD (Node)', 'wasm scalar (Node)', net)}x | ` +
    `${ratio('wasm SIMD (Chromium worker)', 'wasm scalar (Chromium worker)', net)}x | ` +
    `${(results['wasm SIMD (Node)'][net].msPerTrial / native.msPerTrial).toFixed(2)} | ` +
    `${(chrome.msPerTrial / native.msPerTrial).toFixed(2)} | ${(chrome.msPerTrial / chrome.msBandwidthBound).toFixed(1)}x |`);
}
console.log(lines.join('\n'));
if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
