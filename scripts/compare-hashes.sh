#!/usr/bin/env bash
# Determinism probe across builds: `thetalab hash` of the SIMD build (build/native) and of
# the scalar-twin build (build/native-scalar) must be identical for every experiment checked.
# (The Node tests compare the wasm and wasm-scalar modules with build/native the same way.)
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
# 120 trials include a slow SWt adaptation (every 100 trials)
# deepfsa: 8 steps of 16 streams, a slow adaptation after step 7
for args in "ra25 --trials 120" "ra25 --seed 7 --trials 5" "testnet --trials 8" "deepfsa --trials 8"; do
  # shellcheck disable=SC2086
  simd=$(build/native/thetalab hash $args)
  # shellcheck disable=SC2086
  scalar=$(build/native-scalar/thetalab hash $args)
  if [ "$simd" = "$scalar" ]; then
    echo "hash $args: identical ($simd)"
  else
    echo "hash $args: DIFFERENT: SIMD $simd, scalar $scalar"
    status=1
  fi
done
exit $status
