#!/usr/bin/env bash
# Fuzz the parsers with libFuzzer (clang 14, ASan + UBSan): docs/testing.md "Fuzzing and sanitizers".
#
#   scripts/fuzz.sh [--time SECONDS] [--seed N] [--fresh] [--ra25-seeds] [--work DIR] [--no-build] [TARGET...]
#
# TARGET: experiment, pattern_table, checkpoint, checkpoint_fixsum, share_link, settings, lesson (default: all,
# one after the other). Each runs for --time seconds (default 600, or $THETA_FUZZ_TIME) with
# libFuzzer's -seed (default 1), starting from
#   build/fuzz/corpus/<target>/          the working corpus (--work DIR/<target>/): new inputs go
#                                        here, kept between runs (--fresh empties it first, as
#                                        scripts/test.sh does)
#   tests/fuzz/corpus/<target>/          the committed seeds (checkpoint_fixsum uses checkpoint's)
#   tests/fuzz/regressions/<target>/     every input that once failed, replayed first
# Before that, every seed that build/fuzz/make_seeds writes to build/fuzz/seeds/ (real ra25
# and testnet checkpoints, share-link payloads, the built-ins) runs once. The ra25
# checkpoints (~0.6 MB) slow the checkpoint targets tenfold as fuzzing seeds, so they join the
# working corpus only with --ra25-seeds.
# A crash, leak, timeout (-timeout=10 s per input) or failed check stops that target; the
# input is saved as test-artifacts/fuzz/<target>/crash-* (or leak-*, timeout-*) and the log is
# test-artifacts/fuzz/<target>.log. Reproduce with: build/fuzz/fuzz_<target> FILE
# The last line is "fuzz: N passed, M failed"; the exit code is 1 if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."

TIME="${THETA_FUZZ_TIME:-600}"
SEED=1
FRESH=0
BUILD=1
RA25_SEEDS=0
WORK=build/fuzz/corpus
TARGETS=()
ALL=(experiment pattern_table checkpoint checkpoint_fixsum share_link settings lesson)
while [ $# -gt 0 ]; do
  case "$1" in
    --time) TIME="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    --ra25-seeds) RA25_SEEDS=1; shift ;;
    --work) WORK="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=("${ALL[@]}")
for t in "${TARGETS[@]}"; do
  case " ${ALL[*]} " in *" $t "*) ;; *) echo "fuzz.sh: unknown target $t (${ALL[*]})" >&2; exit 2 ;; esac
done

if [ "$BUILD" = 1 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
fi
build/fuzz/make_seeds build/fuzz/seeds

# Fail fast and with a stack on UB; libFuzzer's own leak check stays on.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}"

passed=0
failed=0
for t in "${TARGETS[@]}"; do
  seeds="$t"; [ "$t" = checkpoint_fixsum ] && seeds=checkpoint
  options=(-dict=tests/fuzz/experiment.dict)
  case "$t" in
    experiment|share_link) options+=(-max_len=16384) ;;
    settings) options+=(-max_len=4096) ;;
    pattern_table) options=(-dict=tests/fuzz/pattern_table.dict -max_len=8192) ;;
    lesson) options=(-dict=tests/fuzz/lesson.dict -max_len=4096) ;;
  esac
  work="$WORK/$t"
  artifacts="test-artifacts/fuzz/$t"
  log="test-artifacts/fuzz/$t.log"
  [ "$FRESH" = 1 ] && rm -rf "$work"
  mkdir -p "$work" "$artifacts"
  dirs=("$work")
  for d in "tests/fuzz/corpus/$seeds" "tests/fuzz/regressions/$t"; do
    if [ -d "$d" ]; then dirs+=("$d"); fi
  done
  [ "$RA25_SEEDS" = 1 ] && dirs+=("build/fuzz/seeds/$seeds")
  generated=()
  if [ -d "build/fuzz/seeds/$seeds" ]; then
    generated=(build/fuzz/seeds/"$seeds"/*)
  fi
  start=$SECONDS
  if { [ "${#generated[@]}" = 0 ] || "build/fuzz/fuzz_$t" "${generated[@]}"; } >"$log" 2>&1 &&
     "build/fuzz/fuzz_$t" -seed="$SEED" -max_total_time="$TIME" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" "${options[@]}" "${dirs[@]}" >>"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -oE 'DONE +cov: [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
    corpus=$(grep -oE 'corp: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    printf 'fuzz %-17s %9s runs in %3ds (%s/s), coverage %s, corpus %s: no failure\n' \
      "$t" "${runs:-?}" $((SECONDS - start)) "${rate:-?}" "${cov:-?}" "${corpus:-?}"
    passed=$((passed + 1))
  else
    tail -n 60 "$log"
    printf 'fuzz %-17s FAILED after %ds: input saved in %s/, log %s\n' "$t" $((SECONDS - start)) "$artifacts" "$log"
    printf '  reproduce: build/fuzz/fuzz_%s %s/<crash-file>\n' "$t" "$artifacts"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
