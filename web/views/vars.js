// What each unit variable means, for the variable picker, its tooltips and the legend, and
// the fixed colour range used for it (so colours compare across time). Names are Axon's.
// Variables not listed here are still offered (under "More"), with a range fitted to the data.
import { magnitudeScale, signedScale } from './colormap.js';

/** The variables a student meets first, in the picker's order. */
export const MAIN_VARS = [
  'Act', 'Spike', 'Vm', 'VmDend', 'Ge', 'Gi', 'CaP', 'CaD', 'LearnCaP', 'LearnCaD', 'CaDiff',
  'ActM', 'ActP', 'Target', 'Ext',
];

/**
 * Variables of deep predictive learning (Super, CT and Pulvinar layers; docs/model.md "Deep
 * predictive learning and data parallelism"), offered in their own group when the network
 * has deep layers. They read 0 on the layers that have no use for them.
 */
export const DEEP_VARS = [
  'Burst', 'BurstPrv', 'CtxtGe', 'CtxtGeRaw', 'CtxtGeOrig', 'GMaintRaw', 'GMaintSyn', 'GnmdaMaint', 'ETrace', 'ETrLearn',
];

/**
 * A layer pool's FS-FFFB inhibition (docs/model.md, Inhibition), in the order the engine
 * lists them (info.poolVarNames): one value per layer pool, so each colours every unit of its
 * layer alike. Ranges measured on ra25 and inhib.
 */
export const POOL_VARS_LABEL = 'Inhibition: one value per layer pool';

// range: [lo, hi] for magnitudes; signed: m gives [-m, m] on the diverging map.
const INFO = {
  Act: { range: [0, 1], text: 'Activation: the unit’s smoothed spike rate (0 = silent, 1 = firing as fast as it can).' },
  Spike: { range: [0, 1], text: 'Spike: 1 in the cycle (ms) the unit fires, else 0.' },
  Spiked: { range: [0, 1], text: 'Spiked: 1 if the unit fired in this cycle or the last few.' },
  Vm: { range: [-90, -40], unit: 'mV', text: 'Membrane potential of the cell body (mV). Rest is about −70 mV; a spike starts near −50 mV.' },
  VmDend: { range: [-90, -40], unit: 'mV', text: 'Membrane potential of the dendrite (mV); it opens the NMDA channels that let calcium in.' },
  Ge: { range: [0, 1.5], text: 'Excitatory conductance: input arriving from sending units (and the clamp on input layers).' },
  Gi: { range: [0, 1.5], text: 'Inhibitory conductance from the layer’s and pool’s feed-forward and feedback inhibition (FS-FFFB).' },
  Gk: { range: [0, 1], text: 'Potassium conductances that slow a unit down after it fires (AHP, KNa, GABA-B).' },
  CaM: { range: [0, 3], text: 'Calcium from spikes, fastest trace (feeds CaP).' },
  CaP: { range: [0, 1.2], text: 'CaP: fast calcium trace of spiking (potentiation side), follows the last ~40 ms.' },
  CaD: { range: [0, 1.2], text: 'CaD: slow calcium trace of spiking (depression side), integrates CaP over the trial.' },
  LearnCa: { range: [0, 1.2], text: 'Calcium that drives learning (NMDA and VGCC channels).' },
  LearnCaP: { range: [0, 1], text: 'LearnCaP: fast learning-calcium trace (CaMKII-like). It tracks the outcome in the plus phase.' },
  LearnCaD: { range: [0, 1], text: 'LearnCaD: slow learning-calcium trace (DAPK1-like). It still reflects the minus-phase prediction.' },
  CaDiff: {
    signed: 0.25,
    text: 'CaDiff = LearnCaP − LearnCaD: the local error signal. Orange: the outcome drove the unit more than its prediction (its input weights grow); blue: less (they shrink).',
  },
  ActM: { range: [0, 1], text: 'ActM: activation at the end of the minus phase, the network’s own prediction.' },
  ActP: { range: [0, 1], text: 'ActP: activation at the end of the plus phase, with the outcome shown.' },
  Target: { range: [0, 1], text: 'Target: the correct output pattern, shown to the output layer in the plus phase.' },
  Ext: { range: [0, 1], text: 'Ext: the external pattern clamped onto input (and, in the plus phase, target) units.' },
  RLRate: { range: [0, 1], text: 'Learning-rate factor of the unit: larger when CaP and CaD differ.' },
  ActAvg: { range: [0, 0.5], text: 'Long-run average activation (homeostasis).' },
  TrgAvg: { range: [0, 2], text: 'Target average activity of the unit (homeostasis).' },
  DTrgAvg: { signed: 0.1, text: 'Change of the target average activity.' },
  Inet: { signed: null, text: 'Net current into the cell body.' },
  // Pool variables (one value per layer pool)
  FFs: { range: [0, 1], text: 'FFs (pool): the feedforward input to the layer’s inhibition, the sum of its units’ excitatory input this cycle.' },
  FBs: { range: [0, 0.5], text: 'FBs (pool): the feedback input to the layer’s inhibition, the share of its units that spiked this cycle.' },
  GeExts: { range: [0, 0.5], text: 'GeExts (pool): the clamped external input of the layer’s units, which drives an input layer’s inhibition.' },
  FSi: { range: [0, 2], text: 'FSi (pool): the fast-spiking (PV-like) interneurons’ integration of FFs and FBs; it follows each cycle’s input and spikes.' },
  SSf: { range: [0, 1], text: 'SSf (pool): facilitation of the slow (SST-like) interneurons, built up by the layer’s spikes over tens of ms.' },
  SSi: { range: [0, 0.02], text: 'SSi (pool): the slow (SST-like) interneurons’ integration of spikes times SSf; it changes slowly over the trial.' },
  FSGi: { range: [0, 1.5], text: 'FSGi (pool): the fast inhibition, Gi × (FSi − FS0): fast and spiky, it tracks this cycle’s input and spikes.' },
  SSGi: { range: [0, 0.5], text: 'SSGi (pool): the slow inhibition, Gi × SS × SSi: smooth, it grows over the trial as the layer keeps firing.' },
  TotalGi: { range: [0, 1.5], text: 'TotalGi (pool): FSGi + SSGi, the inhibition every unit of the layer receives (its Gi is this plus noise and inhibitory paths).' },
  // Deep predictive learning (ranges measured on deepfsa while it learns).
  Burst: {
    range: [0, 1.5],
    text: 'Burst: what a layer sends as context (CTCtxt paths) and what a Pulvinar layer shows of its driver: the unit’s CaP, but on a Super layer in the plus phase only where it is above the layer’s burst threshold (else 0).',
  },
  BurstPrv: { range: [0, 1.5], text: 'BurstPrv: the Burst of the previous trial, what a CTCtxt path learns from (the context that was sent).' },
  CtxtGe: {
    range: [0, 0.3],
    text: 'CtxtGe: the context input of a CT layer, the bursts its CTCtxt paths sent at the end of the last trial. It decays over the trial and drives the CT layer’s prediction.',
  },
  CtxtGeRaw: { range: [0, 0.3], text: 'CtxtGeRaw: the context that arrived this trial through CTCtxt paths (on its last cycle), before it is added into CtxtGe.' },
  CtxtGeOrig: { range: [0, 0.3], text: 'CtxtGeOrig: CtxtGe as it was set at the end of the last trial, before it decays over this one.' },
  GMaintRaw: { range: [0, 0.15], text: 'GMaintRaw: input of a CT layer’s Maint path (onto itself) this cycle, into the maintenance NMDA channel.' },
  GMaintSyn: { range: [0, 6], text: 'GMaintSyn: the Maint path’s input integrated over time, what opens the maintenance NMDA channel.' },
  GnmdaMaint: { range: [0, 0.4], text: 'GnmdaMaint: conductance of the maintenance NMDA channel: how a CT layer keeps its context active across the trial.' },
  ETrace: { signed: 0.3, text: 'ETrace: eligibility trace, a running average over trials of how much the unit’s CaD changed from one trial to the next.' },
  ETrLearn: { range: [0.9, 1.1], text: 'ETrLearn: the eligibility trace’s factor on learning, 1 + ETraceScale × ETrace (1 = no effect).' },
};

/** Tooltip text for a variable (a fallback for the ones not described). */
export function describeVar(name) {
  return INFO[name]?.text ?? `${name}: an Axon neuron variable.`;
}

/** Unit suffix for read-outs ('' or ' mV'). */
export function varUnit(name) {
  return INFO[name]?.unit ? ` ${INFO[name].unit}` : '';
}

/** Weights (r.Wt / s.Wt): Axon's sigmoid weights lie in [0, 1]. */
export const WEIGHT_SCALE = magnitudeScale(0, 1);

/**
 * The colour scale for a variable. `auto` (or a variable without a fixed range) fits the
 * range to `layers` (Float32Arrays); a signed range is symmetric about 0.
 */
export function scaleFor(name, layers, auto = false) {
  const info = INFO[name];
  if (!auto && info?.range) return magnitudeScale(info.range[0], info.range[1]);
  if (!auto && info?.signed) return signedScale(info.signed);
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of layers) {
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return magnitudeScale(0, 1);  // no finite values
  if (info?.signed !== undefined || (lo < 0 && hi > 0)) return signedScale(Math.max(-lo, hi) || 1);
  if (lo === hi) return magnitudeScale(lo, lo + 1);
  return magnitudeScale(lo, hi);
}
