#!/usr/bin/env bash
# The full deepfsa learning check (docs/model.md): trains the
# built-in deepfsa for N seeds (default 5) with J parallel jobs (default 2) and passes when
# at least ceil(0.8 N) of them reach 2 zero-error epochs in a row within 150 epochs (Axon:
# first zero-error epoch at about 50, criterion at about 60). Prints per seed the first
# zero-error epoch and the epoch the criterion was reached, their medians, and ms per item.
# Too long for scripts/test.sh (about 1 minute per seed natively); ctest runs a short check.
#
#   scripts/check-deepfsa.sh [--runs N] [--jobs J] [--csv FILE]
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=5
JOBS=2
CSV=test-artifacts/deepfsa-check.csv
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --csv) CSV="$2"; shift 2 ;;
    *) echo "usage: scripts/check-deepfsa.sh [--runs N] [--jobs J] [--csv FILE]" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
cmake --preset native > /dev/null
cmake --build --preset native -j2 --target thetalab > /dev/null
mkdir -p "$(dirname "$CSV")"

start=$(date +%s)
build/native/thetalab run deepfsa --runs "$RUNS" --jobs "$JOBS" --csv "$CSV" > "${CSV%.csv}.log"
secs=$(( $(date +%s) - start ))
grep -E "ms/trial" "${CSV%.csv}.log" | awk '{ print $(NF-1) }' | sort -n |
  awk '{ v[NR] = $1 } END { if (NR) printf "ms per item (CPU of one job): median %.2f over %d epochs\n", v[int((NR + 1) / 2)], NR }'

# CSV columns: condition,run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero
awk -F, -v runs="$RUNS" -v secs="$secs" '
  NR == 1 { next }
  { last[$2] = $3; nzero[$2] = $8; first[$2] = $9 }
  END {
    ok = 0
    for (r = 0; r < runs; r++) {
      crit = nzero[r] >= 2 ? last[r] : -1
      printf "seed %d: first zero-error epoch %d, criterion (2 in a row) at epoch %d\n", r, first[r], crit
      if (crit >= 0) { ok++; c[ok] = crit; f[ok] = first[r] }
    }
    need = int((runs * 4 + 4) / 5)
    printf "%d of %d seeds reached the criterion within 150 epochs (need %d); wall time %d s\n", ok, runs, need, secs
    exit ok >= need ? 0 : 1
  }' "$CSV"
