// Message protocol between the page (sim-client.js, on the one client core worker-rpc.js)
// and the workers (sim-worker.js; batch-worker.js and compare-worker.js below).
// A classic script, so the classic worker can importScripts() it and a page can load it
// with a plain <script> tag (sim-client.js also imports it); it defines one frozen global,
// ThetaProtocol.
//
// Requests  page -> worker: { id, type: Req.*, ...args }
// Replies   worker -> page: { id, type: 'reply', ...result }
//                         | { id, type: 'error', message, fieldErrors: [{path, message}] }
// Events    worker -> page: { type: Event.*, ... } (no id)
// Ack       page -> worker: { type: 'frameAck' } one animation frame after a 'frame' event
//                           arrived (sim-client.js sends it); the worker sends at most one
//                           frame event per ack, and a throttled run advances one step of
//                           `cyclesPerFrame` cycles per ack.
//
// Shapes (all Float32Arrays in frames and weights are transferred copies):
//   Info   { name, description, experiment: canonical JSON text, seed: decimal string,
//            arch, lanes, wasm: { build: 'simd'|'scalar', why }, varNames: [...],
//            poolVarNames: [...] (a layer pool's FS-FFFB inhibition: FFs, FBs, ..., FSGi, SSGi,
//            TotalGi, as vars.h's PoolVar), learns (false: a test-only run, train.learn false),
//            stateBytes,
//            layers: [{ index, name, type, shape: [PoolsY, PoolsX, Y, X], numNeurons, offset,
//                       driver (Pulvinar layers: the name of the layer it shows),
//                       unitLabels (the fsa task's input and Pulvinar layers: the engine's
//                       token names, unit t = token t) }],
//            paths: [{ from, to, type, pattern, fromIndex, toIndex }] (from/to are layer names),
//            trialsPerEpoch (items), nData (streams side by side: a trial step is nData
//            items; neuron variables, frames and recordings are stream 0's), taskSource,
//            epochs, runs, minusCycles, plusCycles,
//            inputLayer, targetLayer (indices of the task's layers, -1 if none: a "drive"
//            task has no target layer; its inputLayer is the driven layer),
//            // what the engine knows that the page needs (so the page copies none of it):
//            layerTypes: { [layer type]: { hiddenLike, targetLike, deep } } (each type's roles),
//            paramDefaults: { layer: { [layer type]: { [param]: value } },
//                             path: { [path type]: { [receiving layer type]: { [param]: value } } } }
//              (every parameter's default before an experiment's settings) }
//   Frame  { counters: { run, epoch, trial, cycle, phase: 'minus'|'plus', trialsTotal,
//                        cyclesTotal, runDone },
//            lastTrial: TrialStats, newEpochs: [EpochStats finished since the previous
//            frame this page received], variable: a NeuronVar or pool variable name,
//            layers: [Float32Array of `variable` per layer] (views of one buffer: all layers back
//            to back, layer i at Info.layers[i].offset; a pool variable's one value per layer
//            repeated for each of its units),
//            scope: { layer, units, vars, cycles, values: Float32Array [cycle][var][unit] } | null
//              (vars: SCOPE_VARS, or DRIVE_SCOPE_VARS with a "drive" task),
//            raster: { layer, cycles, values: Float32Array [cycle][unit] } | null,
//            pools: { vars: Info.poolVarNames, layers: count, cycles,
//                     values: Float32Array [cycle][layer][var] } (every layer pool's inhibition,
//                     recorded by the engine each cycle, like the scope: Sim::setPoolRecording),
//            pathActivity: { share: Float32Array [path], drive: Float32Array [path],
//                            driverShare: Float32Array [layer] (NaN: no driver) } }
//            scope, raster and pools hold the current trial so far, or the last whole trial;
//            pathActivity is each path's estimated share of its receiver's input now
//            (an estimate from mean activity and mean weight: path-activity.js).
//   TrialStats { run, epoch, trial, pattern, pctUnitErr, sse, phaseCorr, err,
//                units?: [{ layer, spikes: [per unit], spikeCycles: [[cycle] per unit], act: [mean Act per unit] }]
//                  (layers of at most SUMMARY_MAX_UNITS units, the trial's whole recording),
//                dwt?: [lastTrialDWt per path] (with units),
//                layerActM?: [mean ActM per layer] (test-only runs: Info.learns false) }
//            Frames also carry pathDWt: [lastTrialDWt per path] (the last trial's learning).
//   EpochStats { run, epoch, pctErr, pctUnitErr, sse, phaseCorr, nZero, firstZero }
(function (global) {
  'use strict';
  global.ThetaProtocol = Object.freeze({
    Req: Object.freeze({
      LOAD: 'load',         // { builtin: name } | { json: text } -> { info, frame }
      INIT: 'init',         // { seed?: Number|BigInt|decimal string } -> { frame } (run 0, fresh weights)
      NEW_RUN: 'newRun',    // {} -> { frame } (next run, fresh weights; the epoch log keeps earlier runs)
      STEP: 'step',         // { unit: Step.*, n?: count } -> { frame } (time-sliced; Stop ends it early)
      RUN: 'run',           // {} -> { running: true }; Event.FRAME while running, then Event.STOPPED
      STOP: 'stop',         // {} -> { stopped: true } once the run (or step) has really stopped
      SET_SPEED: 'setSpeed',   // { cyclesPerFrame: N >= 1 | 0 = unthrottled } -> { cyclesPerFrame }
      SET_VIEW: 'setView',     // { variable? (a neuron or pool variable), scope?: { layer, units: [lni] } | null,
                               //   raster?: { layer } | null } -> { frame, view } (omitted = unchanged;
                               //   {} = the current frame, SimClient.getFrame())
      SET_PARAM: 'setParam',   // { layer: name, name, value } | { from, to, name, value }
                               //   -> { experiment: canonical JSON }; applied at once (between slices
                               //   while running, also mid-trial)
      GET_WEIGHTS: 'getWeights',  // { layer: index, unit: lni } -> { recv: [{ layer: index, weights }],
                                  //   send: [...] } (connected layers only; NaN where no synapse)
      PARSE_PATTERNS: 'parsePatterns',   // { text } -> { rows: [{ name, input: number[], target: number[] }] }
      SAVE_CHECKPOINT: 'saveCheckpoint', // {} -> { bytes: ArrayBuffer }
      LOAD_CHECKPOINT: 'loadCheckpoint', // { bytes: ArrayBuffer | typed array } -> { info, frame }
      GET_STATE: 'getState',   // {} -> { counters, lastTrial, epochLog: [EpochStats], hash }
      SWEEP: 'sweep',          // { json, conditions: [{ task?: { field: value }, layers?: { name: { param: value } } }],
                               //   trials, measure: { dwtPath: index } | { spikesLayer: name } }
                               //   -> { results: [{ dwt?, spikes?, trials }], stopped }: each condition
                               //   a fresh Sim of `json` with the condition applied, run for `trials`
                               //   trials (fewer if its run ends), the mean per trial of path dwtPath's
                               //   lastTrialDWt or of the layer's spikes (its unit 0). Time-sliced on its
                               //   own Sims (the loaded one is untouched); { id, type: 'sweepProgress',
                               //   done, total, from, results } messages come first (the results
                               //   from index `from` finished since the last). One sweep at a time.
      SWEEP_STOP: 'sweepStop', // {} -> { stopped: boolean } ends a sweep (it replies with the results so far)
      LESSON: 'lesson',        // { builtin: name } | { text } -> { text, ok, errors: [{ line, message }], doc }:
                               //   a built-in's lesson (text '' and doc null when it has none) or the
                               //   given Markdown, parsed and checked against the loaded experiment
                               //   (docs/lessons.md; doc is the tree the lesson pane renders)
      SETTING_CHANGES: 'settingChanges',  // { setting } -> { changes: [{ layer, name, value } |
                               //   { from, to, name, value }], json, rebuild }: what one setting string
                               //   (as `thetalab run --set` takes it) changes in the loaded experiment,
                               //   applied to nothing here: the page sends `changes` through setParam,
                               //   or loads `json` when a train or task field changed (rebuild true)
      TEST_CRASH: 'testCrash', // TEST ONLY { kind: 'trap' | 'oom' }: crash the engine on purpose
    }),
    Reply: Object.freeze({ OK: 'reply', ERROR: 'error' }),
    Event: Object.freeze({
      LOAD_PROGRESS: 'loadprogress',   // { loaded, total } bytes of the .wasm file so far (total 0: unknown)
      FRAME: 'frame',       // { frame } while running or stepping, at most one per ack
      STOPPED: 'stopped',   // { reason: StopReason.*, frame, message? } a run ended
      TRIAL: 'trial',       // { trials: [TrialStats] } every trial finished (runs and steps), batched per slice
      EPOCH: 'epoch',       // { epochs: [EpochStats] } every epoch finished (runs and steps), batched per slice
      FATAL: 'fatal',       // { message } the engine crashed (trap, out of memory): the worker
                            //   refuses everything; the client can restart() it
    }),
    StopReason: Object.freeze({ STOPPED: 'stopped', DONE: 'done', ERROR: 'error' }),
    FRAME_ACK: 'frameAck',
    Step: Object.freeze({ CYCLE: 'cycle', PHASE: 'phase', TRIAL: 'trial', EPOCH: 'epoch' }),
    // Batch workers (batch-worker.js, one per core; batch/pool.js drives them):
    //   Requests { id, type: Batch.*, ...args }, the same Reply shapes as above.
    //   Condition { label, settings: [setting strings], json: the experiment with them applied }
    //   BatchResults { experiment: JSON text, seed: decimal string, runs, grid: [setting strings],
    //                  conditions: [{ label, settings }],
    //                  jobs: [{ condition, run, epochs: [EpochStats] }] }
    Batch: Object.freeze({
      PLAN: 'plan',   // { experiment: JSON text, settings: ['Hidden1:Inhib.Layer.Gi=1,1.1', ...] }
                      //   -> { conditions: [Condition], seed } (the engine expands the grid
                      //   and applies each condition's settings; refusals list fieldErrors)
      JOB: 'job',     // { json, run } -> { epochs: number } after training run `run` of the
                      //   experiment's seed (Sim.initRun) to its end; Batch.EPOCH events
                      //   { id, epoch: EpochStats } come first, one per finished epoch. One
                      //   job at a time per worker (a second is refused until the first ends)
      EPOCH: 'jobEpoch',
    }),
    // The A/B worker (compare-worker.js): two Sims, A and B, stepped trial by trial together.
    //   ABFrame { counters: [CountersA, CountersB], newEpochs: [[EpochStats], [EpochStats]],
    //             variable, diff: [Float32Array per layer: A − B of `variable`] }
    Compare: Object.freeze({
      LOAD: 'abLoad',     // { experiment: JSON text, settings: [setting strings for B] }
                          //   -> { info: { layers, varNames, seed, trialsPerEpoch, nData, settings,
                          //   layerTypes (as in Info) },
                          //   frame: ABFrame }
      STEP: 'abStep',     // { trials: n } -> { frame } (both sims, n trial steps each; a trial
                          //   step is nData items)
      RUN: 'abRun',       // {} -> { running: true }; Compare.FRAME events, then Compare.STOPPED
      STOP: 'abStop',     // {} -> { stopped: true }
      VIEW: 'abView',     // { variable } -> { frame }
      FRAME: 'abFrame',   // { frame } while running (at most one per FRAME_ACK)
      STOPPED: 'abStopped',  // { reason: StopReason.*, frame, message? }
    }),
    // The theta-cycle scope records these variables of its units; limits of setView (what
    // the worker accepts: the page itself puts fewer units in its scope, SCOPE_UNITS_SHOWN
    // in views/state.js, one per colour).
    // (Gi: the unit's inhibition, drawn with its layer pool's FSGi and SSGi from frame.pools.)
    SCOPE_VARS: Object.freeze(['Vm', 'Spike', 'CaP', 'CaD', 'LearnCaP', 'LearnCaD', 'Gi']),
    // ...and these with a "drive" task (a neuron driven by set conductances, no learning):
    // its spikes, activity and the input conductances the task sets.
    DRIVE_SCOPE_VARS: Object.freeze(['Vm', 'Spike', 'Act', 'Ge', 'Gi']),
    MAX_SCOPE_UNITS: 8,
    // Layers this small get each trial summarised in TrialStats.units (the course's single
    // neurons: neuron, synapse, detector).
    SUMMARY_MAX_UNITS: 4,
    SWEEP_PROGRESS: 'sweepProgress',
    MAX_RASTER_UNITS: 4096,
  });
})(self);
