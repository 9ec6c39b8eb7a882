// The network view's pure parts (issue 20): where layers go by role, that every built-in
// fits the box the page gives it, how paths are routed, what a path's hover text says, the
// trial timeline's words, and the frame budget's pacing. No DOM, no wasm: the networks are
// written out as the worker's info describes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT } from './wasm-module.mjs';

const views = (name) => import(path.join(ROOT, 'web', 'views', name));
const { arrange, layoutNetwork, linksOf, routeLinks, MIN_CELL, DRIVER } = await views('network-layout.js');
const { pathScale, linkText, inputKind } = await views('paths.js');
const { timelineText } = await views('timeline.js');
const { FrameBudget } = await views('frame-budget.js');

// The engine's layer roles (the worker's info.layerTypes).
const ROLES = {
  Input: { hiddenLike: false, targetLike: false, deep: false },
  Hidden: { hiddenLike: true, targetLike: false, deep: false },
  Target: { hiddenLike: false, targetLike: true, deep: false },
  Super: { hiddenLike: true, targetLike: false, deep: true },
  CT: { hiddenLike: true, targetLike: false, deep: true },
  Pulvinar: { hiddenLike: false, targetLike: true, deep: true },
};

/** A network as the worker's info has it, from [name, type, shape, driver?] and [from, to, type]. */
function net(layerList, pathList) {
  const layers = layerList.map(([name, type, shape, driver], index) => ({
    index, name, type, shape: shape.length === 2 ? [1, 1, ...shape] : shape, numNeurons: shape.reduce((a, b) => a * b, 1),
    ...(driver && { driver }),
  }));
  const at = (name) => layers.find((l) => l.name === name).index;
  const paths = pathList.map(([from, to, type, params]) => ({ from, to, type, pattern: 'Full', fromIndex: at(from), toIndex: at(to), params }));
  return { layers, paths };
}

const RA25 = net(
  [['Input', 'Input', [5, 5]], ['Hidden1', 'Hidden', [10, 10]], ['Hidden2', 'Hidden', [10, 10]], ['Output', 'Target', [5, 5]]],
  [['Input', 'Hidden1', 'Forward'], ['Hidden1', 'Hidden2', 'Forward'], ['Hidden2', 'Hidden1', 'Back', { 'PathScale.Rel': 0.3 }],
    ['Hidden2', 'Output', 'Forward'], ['Output', 'Hidden2', 'Back', { 'PathScale.Rel': 0.3 }]],
);
const DEEPFSA = net(
  [['Input', 'Input', [1, 7, 1, 1]], ['InputP', 'Pulvinar', [1, 7, 1, 1], 'Input'], ['Hidden', 'Super', [10, 10]], ['HiddenCT', 'CT', [10, 10]]],
  [['Hidden', 'HiddenCT', 'CTCtxt'], ['HiddenCT', 'HiddenCT', 'CTCtxt', { 'PathScale.Rel': 0.5 }], ['HiddenCT', 'HiddenCT', 'Maint'],
    ['Input', 'Hidden', 'Forward'], ['HiddenCT', 'InputP', 'Forward'], ['InputP', 'Hidden', 'Back', { 'PathScale.Rel': 0.1 }],
    ['InputP', 'HiddenCT', 'Back', { 'PathScale.Rel': 0.1 }]],
);
const TESTNET = net(
  [['Input', 'Input', [4, 1]], ['Hidden', 'Hidden', [4, 1]], ['Output', 'Target', [4, 1]]],
  [['Input', 'Hidden', 'Forward'], ['Hidden', 'Output', 'Forward'], ['Output', 'Hidden', 'Back']],
);
const names = (n, rows) => rows.map((row) => row.map((i) => n.layers[i].name));

test('layers by role: inputs at the bottom, targets at the top, hidden layers by Forward depth', () => {
  assert.deepEqual(names(RA25, arrange(RA25.layers, RA25.paths, ROLES)), [['Input'], ['Hidden1'], ['Hidden2'], ['Output']]);
  assert.deepEqual(names(TESTNET, arrange(TESTNET.layers, TESTNET.paths, ROLES)), [['Input'], ['Hidden'], ['Output']]);
  // Layer order in the file does not matter: a target listed first is still on top.
  const shuffled = net([['Out', 'Target', [2, 2]], ['H', 'Hidden', [2, 2]], ['In', 'Input', [2, 2]]],
    [['In', 'H', 'Forward'], ['H', 'Out', 'Forward']]);
  assert.deepEqual(names(shuffled, arrange(shuffled.layers, shuffled.paths, ROLES)), [['In'], ['H'], ['Out']]);
});

test('a CT layer sits beside its Super layer, a Pulvinar beside its driver', () => {
  assert.deepEqual(names(DEEPFSA, arrange(DEEPFSA.layers, DEEPFSA.paths, ROLES)), [['Input', 'InputP'], ['Hidden', 'HiddenCT']]);
  // Two trios over one input: each CT with its own Super, the Pulvinar with its driver.
  const two = net(
    [['In', 'Input', [2, 2]], ['InP', 'Pulvinar', [2, 2], 'In'], ['A', 'Super', [3, 3]], ['B', 'Super', [3, 3]],
      ['ACT', 'CT', [3, 3]], ['BCT', 'CT', [3, 3]]],
    [['In', 'A', 'Forward'], ['A', 'B', 'Forward'], ['B', 'BCT', 'CTCtxt'], ['A', 'ACT', 'CTCtxt'], ['ACT', 'InP', 'Forward']],
  );
  assert.deepEqual(names(two, arrange(two.layers, two.paths, ROLES)), [['In', 'InP'], ['A', 'ACT'], ['B', 'BCT']]);
  // A CT layer without a Super sender stands in a row of its own.
  const lone = net([['In', 'Input', [2, 2]], ['C', 'CT', [2, 2]]], [['In', 'C', 'Forward']]);
  assert.deepEqual(names(lone, arrange(lone.layers, lone.paths, ROLES)), [['In'], ['C']]);
});

test('every built-in fits the network panel at 1280x720, with room between rows and no overlap', () => {
  // The panel's box at 1280x720 (middle column, the window below the view's top).
  for (const [name, n] of [['ra25', RA25], ['deepfsa', DEEPFSA], ['testnet', TESTNET]]) {
    const layout = layoutNetwork(n.layers, n.paths, ROLES, { width: 460, height: 420, captionWidths: n.layers.map(() => 150) });
    assert.ok(layout.fits, `${name} does not fit`);
    assert.ok(layout.cell >= 8, `${name}: ${layout.cell} px per unit`);
    assert.ok(layout.height <= 420 && layout.width <= 460);
    const boxes = layout.boxes;
    for (const a of boxes) {
      assert.ok(a.x >= 0 && a.x + a.w <= layout.width && a.captionY >= 0 && a.y + a.h <= layout.height, `${name}: ${n.layers[a.index].name} outside`);
      for (const b of boxes) {
        if (a === b) continue;
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.captionY || b.y + b.h <= a.captionY;
        assert.ok(apart, `${name}: ${n.layers[a.index].name} overlaps ${n.layers[b.index].name}`);
      }
    }
  }
  // Too small a box: the smallest cells, and it says it does not fit.
  const tiny = layoutNetwork(RA25.layers, RA25.paths, ROLES, { width: 100, height: 40 });
  assert.equal(tiny.cell, MIN_CELL);
  assert.equal(tiny.fits, false);
});

test('a caption goes beside a layer alone in its row when it fits there, else on top', () => {
  const wide = layoutNetwork(RA25.layers, RA25.paths, ROLES, { width: 460, height: 420, captionWidths: [120, 160, 160, 130] });
  assert.ok(wide.boxes.every((b) => b.side && b.captionY === b.y));
  const narrow = layoutNetwork(RA25.layers, RA25.paths, ROLES, { width: 200, height: 420, captionWidths: [120, 160, 160, 130] });
  assert.ok(narrow.boxes.every((b) => !b.side && b.captionY < b.y));
  const deep = layoutNetwork(DEEPFSA.layers, DEEPFSA.paths, ROLES, { width: 460, height: 420, captionWidths: [100, 100, 100, 100] });
  assert.ok(deep.boxes.every((b) => !b.side), 'rows of two keep their captions on top');
});

test('paths: one route each, a driver for each Pulvinar, Forward and Back of a pair in separate lanes', () => {
  const layout = layoutNetwork(DEEPFSA.layers, DEEPFSA.paths, ROLES, { width: 460, height: 420 });
  const links = linksOf(DEEPFSA.layers, DEEPFSA.paths);
  assert.equal(links.length, DEEPFSA.paths.length + 1);
  assert.deepEqual(links.at(-1), { path: -1, type: DRIVER, from: 0, to: 1 });
  const routes = routeLinks(layout, links);
  for (const r of routes) assert.match(r.d, /^M-?[\d.]+ -?[\d.]+ [LC]/);
  // The two self paths of HiddenCT are loops of different sizes.
  const loops = routes.filter((r) => r.from === r.to);
  assert.equal(loops.length, 2);
  assert.notEqual(loops[0].d, loops[1].d);
  // ra25: Hidden1 -> Hidden2 (Forward) and back (Back) run side by side, the Forward one on the left.
  const ra = routeLinks(layoutNetwork(RA25.layers, RA25.paths, ROLES, { width: 460, height: 420 }), linksOf(RA25.layers, RA25.paths));
  const x0 = (r) => Number(/^M(-?[\d.]+)/.exec(r.d)[1]);
  const up = ra.find((r) => r.from === 1 && r.to === 2);
  const down = ra.find((r) => r.from === 2 && r.to === 1);
  assert.ok(x0(up) < x0(down), `${up.d} / ${down.d}`);
  // Upward paths start above the sender and end at the receiver's bottom edge.
  const y0 = (r) => Number(/^M-?[\d.]+ (-?[\d.]+)/.exec(r.d)[1]);
  const l = layoutNetwork(RA25.layers, RA25.paths, ROLES, { width: 460, height: 420 });
  assert.ok(y0(up) <= l.boxes[1].captionY);
  // A path that skips a row goes round the layer between.
  const skip = net([['In', 'Input', [4, 4]], ['H', 'Hidden', [8, 8]], ['Out', 'Target', [4, 4]]],
    [['In', 'H', 'Forward'], ['H', 'Out', 'Forward'], ['In', 'Out', 'Forward']]);
  const sl = layoutNetwork(skip.layers, skip.paths, ROLES, { width: 460, height: 420 });
  const around = routeLinks(sl, linksOf(skip.layers, skip.paths)).find((r) => r.from === 0 && r.to === 2);
  const xs = [...around.d.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => Number(m[1]));
  const h = sl.boxes[1];
  assert.ok(xs.some((x) => x < h.x || x > h.x + h.w), `the path crosses H: ${around.d}`);
});

test('a path\'s hover text: type, pattern, scale (Rel normalised as the engine does) and its share now', () => {
  const info = {
    layers: RA25.layers,
    paramDefaults: { path: { Forward: { Hidden: { 'PathScale.Rel': 1, 'PathScale.Abs': 1 }, Target: { 'PathScale.Rel': 1, 'PathScale.Abs': 1 } },
      Back: { Hidden: { 'PathScale.Rel': 1, 'PathScale.Abs': 1 } } } },
  };
  const ex = { network: { layers: RA25.layers, paths: RA25.paths } };
  const back = RA25.paths.findIndex((p) => p.from === 'Output');
  const scale = pathScale(info, ex, back);
  assert.equal(scale.rel, 0.3);
  assert.equal(scale.abs, 1);
  assert.ok(Math.abs(scale.relShare - 0.3 / 1.3) < 1e-9);
  const link = { path: back, type: 'Back', from: 3, to: 2 };
  assert.equal(linkText(info, ex, link, null), 'Output → Hidden2: Back path, Full pattern, scale Abs 1, Rel 0.3 (23% of Hidden2’s Rel).');
  const activity = { share: Float32Array.from([1, 0.8, 0.2, 1, 0.25]), drive: Float32Array.from([0.5, 0.4, 0.1, 0.6, 0.13]) };
  assert.match(linkText(info, ex, link, activity), /now 25% of Hidden2’s Ge input \(estimated drive 0\.13\)/);
  assert.equal(inputKind('CTCtxt'), 'CtxtGe');
  assert.equal(inputKind('Inhib'), 'Gi');
});

test('the timeline says where in the theta cycle the model is', () => {
  assert.equal(timelineText(0, 150, 50, 0), 'Cycle 0 of 200 · the start of a trial');
  assert.match(timelineText(0, 150, 50, 3), /trial done, weights changed/);
  assert.match(timelineText(75, 150, 50, 3), /^Cycle 75 of 200 · minus phase/);
  assert.match(timelineText(150, 150, 50, 3), /minus phase done; the plus phase/);
  assert.match(timelineText(170, 150, 50, 3), /^Cycle 170 of 200 · plus phase \(20 of 50\)/);
});

test('the frame budget draws isolated frames at once, and less often while a slow machine streams', () => {
  let now = 0;
  const queue = [];
  const budget = new FrameBudget({ now: () => now, raf: (f) => queue.push(f) });
  const drawn = { net: 0, side: 0 };
  // The network costs 10 ms, the side view 12 ms (of the budget's clock).
  budget.add('net', { share: 0.5, draw: () => { drawn.net += 1; now += 10; } });
  budget.add('side', { share: 0.15, draw: () => { drawn.side += 1; now += 12; } });
  const frame = (t) => {
    now = t;
    const f = queue.shift();
    if (f) f(t);
  };
  budget.invalidate();
  frame(1000);
  assert.deepEqual(drawn, { net: 1, side: 1 }, 'an isolated frame draws every view');
  // Frames streaming every 16.7 ms on a fast machine: the network at most every other
  // frame (10 ms / 0.5), the side view at most every 80 ms.
  let t = 1000;
  for (let i = 0; i < 60; i++) {
    t += 1000 / 60;
    budget.invalidate();
    frame(t);
  }
  assert.ok(drawn.net >= 25 && drawn.net <= 32, `network drawn ${drawn.net} times in 60 frames`);
  assert.ok(drawn.side >= 8 && drawn.side <= 14, `side view drawn ${drawn.side} times`);
  // A slow machine: animation frames 60 ms apart. The pressure rises and the views draw less.
  const before = { ...drawn };
  for (let i = 0; i < 40; i++) {
    t += 60;
    budget.invalidate();
    frame(t);
  }
  assert.ok(budget.stats.pressure > 4, `pressure ${budget.stats.pressure}`);
  assert.ok(drawn.net - before.net < 20, `network drawn ${drawn.net - before.net} of 40 slow frames`);
  // While frames stream, a view that cannot be seen is not drawn; it is once it can be.
  let visible = false;
  queue.length = 0;
  const quiet = new FrameBudget({ now: () => now, raf: (f) => queue.push(f) });
  let hiddenDraws = 0;
  quiet.add('hidden', { visible: () => visible, draw: () => { hiddenDraws += 1; } });
  quiet.invalidate();
  frame(t += 1000);
  assert.equal(hiddenDraws, 1, 'an isolated frame draws it anyway');
  for (let i = 0; i < 10; i++) {
    quiet.invalidate();
    frame(t += 17);
  }
  assert.equal(hiddenDraws, 1, 'not drawn while hidden and streaming');
  visible = true;
  quiet.invalidate('hidden');
  frame(t += 17);
  assert.equal(hiddenDraws, 2);
});
