// What every worker that loads the engine shares (a classic script: the workers
// importScripts() it; it defines one frozen global, ThetaWorkerCommon): loading the module
// once, error messages in the engine's shape, and telling a crash from a refusal.
(function (global) {
  'use strict';

  /** An Error for bad request arguments, shaped like the engine's refusals. */
  function badInput(path, message) {
    const err = new Error(`${path}: ${message}`);
    err.fieldErrors = [{ path, message }];
    return err;
  }

  function messageOf(err) {
    const text = String(err && err.message ? err.message : err);
    return text.replace(/\. Build with -s ASSERTIONS=1 for more info\.$/, '');
  }

  /** A trap or abort inside wasm leaves the module unusable (its C++ state is half-updated). */
  function isEngineCrash(err) {
    return err instanceof WebAssembly.RuntimeError ||
      /^(Aborted|abort)\b|Maximum call stack size exceeded/.test(String(err && err.message));
  }

  // A module that uses 128-bit SIMD (i8x16.splat, i8x16.popcnt): browsers without wasm SIMD
  // refuse it (the probe of the wasm-feature-detect project).
  const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10,
    1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  // Where each build of the module sits, relative to the worker script.
  const MODULE_DIRS = Object.freeze({ simd: '', scalar: 'scalar/' });

  /**
   * Which build of the module this worker loads: 'simd' where the browser validates wasm
   * SIMD, else 'scalar' (the same results, bit for bit, only slower). The worker's URL can
   * force one: `?wasm=scalar` (tests, comparisons) or `?wasm=simd`.
   */
  function chooseModule() {
    const forced = new URLSearchParams(global.location.search).get('wasm');
    const simd = WebAssembly.validate(SIMD_PROBE);
    if (forced === 'scalar') return { build: 'scalar', why: 'chosen by the page address (?wasm=scalar)' };
    if (forced === 'simd' && !simd) throw new Error('wasm=simd: this browser has no WebAssembly SIMD; open the page without ?wasm=simd');
    if (forced !== null && forced !== 'simd') throw new Error(`wasm=${String(forced).slice(0, 20)}: use wasm=simd or wasm=scalar`);
    return simd ? { build: 'simd', why: '' } : { build: 'scalar', why: 'this browser has no WebAssembly SIMD' };
  }

  /**
   * Download the .wasm file, reporting bytes as they arrive, then instantiate it (Emscripten's
   * instantiateWasm hook). XMLHttpRequest rather than fetch: its progress events are the
   * same in every engine (old Safari included). `total` is 0 when the size is unknown.
   */
  function instantiateWithProgress(url, onProgress) {
    return (imports, receiveInstance) => new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url);
      xhr.responseType = 'arraybuffer';
      xhr.onprogress = (ev) => onProgress({ loaded: ev.loaded, total: ev.lengthComputable ? ev.total : 0 });
      xhr.onerror = () => reject(new Error(`${url}: the download failed`));
      xhr.onload = () => {
        if (xhr.status !== 200) {
          reject(new Error(`${url}: HTTP ${xhr.status}`));
          return;
        }
        WebAssembly.instantiate(xhr.response, imports).then(({ instance, module }) => {
          receiveInstance(instance, module);
          resolve();
        }, reject);
      };
      onProgress({ loaded: 0, total: 0 });
      xhr.send();
    });
  }

  /**
   * Load the module's JS glue now (SIMD or scalar build, see chooseModule) and start
   * instantiating it; the returned function resolves to the module, or rejects with a clear
   * message when it could not be loaded. `onProgress({loaded, total})` follows the .wasm
   * download. `loader.build` and `loader.why` say which build runs and why.
   */
  function engineLoader({ onProgress = null } = {}) {
    let promise;
    let choice = { build: 'simd', why: '' };
    try {
      choice = chooseModule();
      const dir = MODULE_DIRS[choice.build];
      global.importScripts(`${dir}thetalab.js`);   // defines createThetaLab
      const wasmUrl = new URL(`${dir}thetalab.wasm`, global.location.href).href;
      const overrides = { locateFile: (file) => new URL(dir + file, global.location.href).href };
      promise = new Promise((resolve, reject) => {
        overrides.onAbort = reject;   // an abort while starting (e.g. out of memory)
        if (onProgress) {
          overrides.instantiateWasm = (imports, receive) => {
            instantiateWithProgress(wasmUrl, onProgress)(imports, receive).catch(reject);
            return {};   // Emscripten's contract: the exports arrive later, through receive
          };
        }
        global.createThetaLab(overrides).then(resolve, reject);
      });
    } catch (err) {
      promise = Promise.reject(err);
    }
    promise.catch(() => {});  // a failed load is reported by the first request that needs it
    const load = async () => {
      try {
        return await promise;
      } catch (err) {
        throw new Error(`the engine could not be loaded: ${messageOf(err)}`);
      }
    };
    return Object.assign(load, choice);
  }

  /** The reply to a failed request: message and field errors, as every worker sends them. */
  function errorReply(id, err) {
    return { id, type: global.ThetaProtocol.Reply.ERROR, message: messageOf(err), fieldErrors: (err && err.fieldErrors) || [] };
  }

  global.ThetaWorkerCommon = Object.freeze({ badInput, messageOf, isEngineCrash, engineLoader, errorReply });
})(self);
