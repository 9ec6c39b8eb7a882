#!/usr/bin/env bash
# Set up, build every preset and run every test layer:
#   native doctest suites (ctest, SIMD and scalar, and under ASan + UBSan), deepfsa's learning
#   criterion over 5 seeds, a short bounded libFuzzer run of every parser, the wasm module
#   under Node (SIMD and scalar builds), and the page in Chromium, Firefox ESR and WebKitGTK.
# A build failure stops at once; every test layer runs, and any failure fails the command.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC

STEP_NAME=""
STEP_T0=$SECONDS
step() {  # step NAME: close the previous step with its time, open the next
  [ -z "$STEP_NAME" ] || printf '    (%s: %ds)\n' "$STEP_NAME" $((SECONDS - STEP_T0))
  STEP_NAME="$*"
  STEP_T0=$SECONDS
  [ -z "$STEP_NAME" ] || printf '\n=== %s\n' "$STEP_NAME"
}

FAILED=()
# Run a test layer, print only its runner's closing summary (the whole log on failure).
test_layer() {  # test_layer LOG PATTERN CMD...
  local log="$1" pattern="$2"; shift 2
  if "$@" >"$log" 2>&1; then
    grep -E "$pattern" "$log" || true
  else
    cat "$log"
    echo "FAILED: $*  (log: $log)"
    FAILED+=("$STEP_NAME")
  fi
}

step setup
scripts/setup.sh
mkdir -p test-artifacts

for preset in native native-scalar native-asan fuzz wasm wasm-scalar; do
  step "build $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j2
done

CTEST_SUMMARY='tests passed|tests failed|Total Test time'
step "ctest native"
test_layer test-artifacts/ctest-native.log "$CTEST_SUMMARY" ctest --preset native
# The scalar build computes the same bits as the SIMD build (the hashes below compare them over
# 120 ra25 trials and 8 deepfsa steps, and every kernel's twin is tested for equality), so its
# learning runs would repeat the SIMD build's to the bit, at three times the cost (~90 s).
step "ctest native-scalar (without the 'ra25 learns' and 'deepfsa learns' runs)"
test_layer test-artifacts/ctest-native-scalar.log "$CTEST_SUMMARY" ctest --preset native-scalar -E '^(ra25|deepfsa) learns'

# Debug + ASan makes the 5-seed learning test take minutes: it runs in the two suites above.
step "ctest native-asan (AddressSanitizer + UndefinedBehaviorSanitizer, without the 'ra25 learns' and 'deepfsa learns' runs)"
test_layer test-artifacts/ctest-native-asan.log "$CTEST_SUMMARY" ctest --preset native-asan -j2 -E '^(ra25|deepfsa) learns'

step "determinism: thetalab hash, native vs native-scalar"
test_layer test-artifacts/hashes.log 'identical|DIFFERENT' scripts/compare-hashes.sh

# deepfsa's learning criterion: at least 4 of 5 seeds reach 2 zero-error epochs in a row
# within 150 epochs (about 2 minutes with 2 jobs natively).
step "deepfsa: 5 seeds to the criterion (scripts/check-deepfsa.sh)"
test_layer test-artifacts/deepfsa-check.out '^seed |seeds reached|ms per item' scripts/check-deepfsa.sh --runs 5 --jobs 2

# Every saved regression input and seed, then 10 s of new inputs per target (fixed seed).
step "fuzz: libFuzzer, every target x 10 s (scripts/fuzz.sh for longer runs)"
test_layer test-artifacts/fuzz.log '^fuzz[ :]' scripts/fuzz.sh --no-build --fresh --time 10 --seed 1

NODE_SUMMARY='^# (tests|pass|fail|cancelled|skipped|todo|duration_ms) '
step "node --test tests/node/ (build/wasm)"
test_layer test-artifacts/node-wasm.log "$NODE_SUMMARY" node --test tests/node/
step "node --test tests/node/ (build/wasm-scalar)"
THETA_WASM_DIR=build/wasm-scalar THETA_WASM_SIMD=0 \
  test_layer test-artifacts/node-wasm-scalar.log "$NODE_SUMMARY" node --test tests/node/
# The page in Chromium; tests/browser/engines/ also in Firefox ESR and WebKitGTK. WebKitGTK
# has no headless mode: the whole layer runs on a virtual X display.
step "node --test tests/browser/ (Chromium; engines/: Chromium, Firefox ESR, WebKitGTK under Xvfb)"
# The summary also shows the browsers' versions the engines suite prints ("# \# Chromium 156…").
test_layer test-artifacts/browser.log "$NODE_SUMMARY|^# \\\\# " \
  xvfb-run -a -s "-screen 0 1440x900x24" node --test tests/browser/
step ""

if [ "${#FAILED[@]}" -gt 0 ]; then
  printf '\nFAILED: %s\n' "${FAILED[@]}"
  exit 1
fi
printf '\nall test layers passed\n'
