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

  /**
   * Start loading the module now (createThetaLab from thetalab.js); the returned function
   * resolves to it, or rejects with a clear message when it could not be loaded.
   */
  function engineLoader() {
    const promise = global.createThetaLab();
    promise.catch(() => {});  // a failed load is reported by the first request that needs it
    return async () => {
      try {
        return await promise;
      } catch (err) {
        throw new Error(`the engine could not be loaded: ${messageOf(err)}`);
      }
    };
  }

  /** The reply to a failed request: message and field errors, as every worker sends them. */
  function errorReply(id, err) {
    return { id, type: global.ThetaProtocol.Reply.ERROR, message: messageOf(err), fieldErrors: (err && err.fieldErrors) || [] };
  }

  global.ThetaWorkerCommon = Object.freeze({ badInput, messageOf, isEngineCrash, engineLoader, errorReply });
})(self);
