// How much each path drives its receiver now: the network view draws it (line width) and
// the hover text gives the numbers. The engine keeps one summed conductance per receiving
// unit, not one per path, so this is an ESTIMATE from what it exposes, computed in the
// simulation worker for each frame (stream 0, as the frame's layers):
//
//   drive(p) = Abs × Rel/ΣRel × (sender's mean signal ÷ sender's ActAvg.Nominal) × mean Wt
//
// That is the engine's own path scale (GScale: Abs, Rel normalised within its group, and
// 1 / the expected number of active senders, Axon's SetGScale) applied to the sender's
// average activity instead of its spikes, and the path's mean weight instead of each
// synapse's. The signal is Act, except for CTCtxt paths, which send Burst. share(p) is
// drive(p) over the sum of the drives of the receiver's paths of the same kind (Ge, Gi,
// CtxtGe, GMaint: they feed different conductances). A Pulvinar layer's driver is exact:
// in the plus phase the engine scales the Pulvinar's synaptic input by nonDrivePct (which
// it writes into the Pulvinar's Ext) and adds the driver's bursts, so the driver's share
// is 1 − nonDrivePct and its Ge paths' shares shrink by nonDrivePct; in the minus phase it
// is 0. Not counted: the clamp of input and target layers (GeExt) and a CT layer's context
// in its Ge. Mean weights are read again at most every WEIGHTS_EVERY_MS of a run (they
// change slowly), over at most WEIGHT_SAMPLE receiving units per path.
//
// A classic script: sim-worker.js importScripts() it; Node tests require() it. It defines
// one frozen global, ThetaPathActivity.
(function (global) {
  'use strict';
  const WEIGHTS_EVERY_MS = 1000;
  const WEIGHT_SAMPLE = 64;

  /** The conductance a path type feeds (shares are counted within one). */
  function kindOf(type) {
    return type === 'Inhib' ? 'Gi' : type === 'CTCtxt' ? 'CtxtGe' : type === 'Maint' ? 'GMaint' : 'Ge';
  }

  /** The engine's PathScale.Rel groups (network_build.cpp computeGScales): excitatory and context, inhibitory, maintenance. */
  function relGroup(type) {
    return type === 'Inhib' ? 1 : type === 'Maint' ? 2 : 0;
  }

  /**
   * Each path's fixed part, from the experiment (parsed JSON) and the engine's defaults
   * (info.paramDefaults): sender and receiver indices, kind, scale, sender's nominal
   * activity and signal variable.
   */
  function planPaths(ex, layerIndex, defaults) {
    const layers = ex.network.layers;
    const layerOf = (name) => layers.find((l) => l.name === name);
    const layerParam = (l, name) => l.params?.[name] ?? defaults.layer[l.type ?? 'Hidden'][name];
    const pathParam = (p, name) => p.params?.[name] ?? defaults.path[p.type ?? 'Forward'][layerOf(p.to).type ?? 'Hidden'][name];
    const paths = ex.network.paths;
    return paths.map((p) => {
      const type = p.type ?? 'Forward';
      const relSum = paths.filter((q) => q.to === p.to && relGroup(q.type ?? 'Forward') === relGroup(type))
        .reduce((t, q) => t + pathParam(q, 'PathScale.Rel'), 0);
      const rel = pathParam(p, 'PathScale.Rel');
      return {
        send: layerIndex(p.from),
        recv: layerIndex(p.to),
        kind: kindOf(type),
        scale: pathParam(p, 'PathScale.Abs') * (relSum > 0 ? rel / relSum : 0),
        nominal: layerParam(layerOf(p.from), 'Inhib.ActAvg.Nominal'),
        signal: type === 'CTCtxt' ? 'Burst' : 'Act',
      };
    });
  }

  function mean(values) {
    let sum = 0;
    let n = 0;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      sum += v;
      n += 1;
    }
    return n ? sum / n : 0;
  }

  /** Mean weight of path `p` over up to WEIGHT_SAMPLE of its receiving units (NaN entries: no synapse). */
  function meanWeight(sim, p, numRecv) {
    const step = Math.max(1, Math.floor(numRecv / WEIGHT_SAMPLE));
    let sum = 0;
    let n = 0;
    for (let r = 0; r < numRecv; r += step) {
      const w = sim.recvWeightsView(p.recv, r, p.send);   // valid until the next weights call
      if (!w) continue;
      for (let i = 0; i < w.length; i++) {
        if (Number.isNaN(w[i])) continue;
        sum += w[i];
        n += 1;
      }
    }
    return n ? sum / n : 0;
  }

  /**
   * An estimator for one Sim: `frame(counters, experimentText, now)` returns
   * { share: Float32Array [path], drive: Float32Array [path],
   *   driverShare: Float32Array [layer] (NaN for layers without a driver) }.
   * `layers`: the worker's info.layers (type, driver, numNeurons); `defaults`: paramDefaults;
   * `minusCycles`: the minus phase's length (train.minusCycles).
   */
  function create(sim, layers, defaults, minusCycles) {
    let planFor = null;
    let plan = [];
    let weights = null;
    let weightsAt = -Infinity;
    let weightsTrials = -1;
    const index = (name) => layers.find((l) => l.name === name).index;
    const pulvinars = layers.filter((l) => l.type === 'Pulvinar' && l.driver);

    return {
      /** New weights (init, a new run, a loaded checkpoint): read them again at the next frame. */
      reset() {
        weights = null;
      },
      frame(counters, experimentText, now) {
        if (experimentText !== planFor) {   // a parameter changed (or the first frame)
          plan = planPaths(JSON.parse(experimentText), index, defaults);
          planFor = experimentText;
          weights = null;
        }
        const t = counters.trialsTotal;
        if (!weights || (t !== weightsTrials && (now - weightsAt >= WEIGHTS_EVERY_MS || t < weightsTrials))) {
          weights = plan.map((p) => meanWeight(sim, p, layers[p.recv].numNeurons));
          weightsAt = now;
          weightsTrials = t;
        }
        const signals = new Map();
        const signal = (li, name) => {
          const key = `${li}:${name}`;
          if (!signals.has(key)) signals.set(key, mean(sim.neuronVarView(li, name)));
          return signals.get(key);
        };
        const drive = new Float32Array(plan.length);
        const totals = new Map();
        plan.forEach((p, k) => {
          drive[k] = p.nominal > 0 ? p.scale * (signal(p.send, p.signal) / p.nominal) * weights[k] : 0;
          const key = `${p.recv}:${p.kind}`;
          totals.set(key, (totals.get(key) ?? 0) + drive[k]);
        });
        const share = new Float32Array(plan.length);
        plan.forEach((p, k) => {
          const total = totals.get(`${p.recv}:${p.kind}`);
          share[k] = total > 0 ? drive[k] / total : 0;
        });
        const driverShare = new Float32Array(layers.length).fill(NaN);
        // The state is the last cycle run's: at cycle 150 of 200 the plus phase has not begun.
        const plus = counters.cycle > minusCycles || (counters.cycle === 0 && counters.trialsTotal > 0);
        for (const l of pulvinars) {
          const nonDrive = plus ? Math.min(1, Math.max(0, signal(l.index, 'Ext'))) : 1;
          driverShare[l.index] = 1 - nonDrive;
          plan.forEach((p, k) => {
            if (p.recv === l.index && p.kind === 'Ge') share[k] *= nonDrive;
          });
        }
        return { share, drive, driverShare };
      },
    };
  }

  global.ThetaPathActivity = Object.freeze({ create, planPaths, kindOf, WEIGHTS_EVERY_MS, WEIGHT_SAMPLE });
})(typeof self !== 'undefined' ? self : globalThis);
