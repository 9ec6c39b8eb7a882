#!/usr/bin/env bash
# Set up, build every preset and run every test layer:
#   native doctest suites (ctest, SIMD and scalar), the wasm module under Node (SIMD and
#   scalar builds), and the page in headless Chromium. Any failure fails the whole command.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC

step() { printf '\n=== %s\n' "$*"; }
# Print only the closing summary of a test runner, but its whole output on failure.
run_quiet() {  # run_quiet LOG PATTERN CMD...
  local log="$1" pattern="$2"; shift 2
  if "$@" >"$log" 2>&1; then grep -E "$pattern" "$log" || true
  else cat "$log"; echo "FAILED: $*" >&2; return 1; fi
}

step setup
scripts/setup.sh
mkdir -p test-artifacts

for preset in native native-scalar wasm wasm-scalar; do
  step "build $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j2
done

for preset in native native-scalar; do
  step "ctest $preset"
  run_quiet "test-artifacts/ctest-$preset.log" 'tests passed|tests failed|Total Test time' \
    ctest --preset "$preset"
done

NODE_SUMMARY='^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)'
step "node: wasm module (build/wasm)"
run_quiet test-artifacts/node-wasm.log "$NODE_SUMMARY" node --test tests/node/
step "node: wasm module (build/wasm-scalar)"
THETA_WASM_DIR=build/wasm-scalar THETA_WASM_SIMD=0 \
  run_quiet test-artifacts/node-wasm-scalar.log "$NODE_SUMMARY" node --test tests/node/
step "browser: page in headless Chromium"
run_quiet test-artifacts/browser.log "$NODE_SUMMARY" node --test tests/browser/
step "all tests passed"
