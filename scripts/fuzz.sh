#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ (clang, AddressSanitizer and
# UndefinedBehaviorSanitizer; fuzz/Makefile) and, for each target, first
# replays every input in fuzz/regressions/<target>/ and fuzz/corpus/<target>/,
# then fuzzes it for SECONDS. Prints executions per target. Exits non-zero if
# any target fails, naming each failing input; a new crash input is left in
# build/fuzz/artifacts/<target>/: copy it into fuzz/regressions/<target>/.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   fuzz each target SECONDS (default 60)
#   scripts/fuzz.sh replay [TARGET...]      replay regressions and seeds only
#   TARGET: reply address header mime dotstuff (default: all)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/build/fuzz"
MODE="${1:-60}"
[ $# -gt 0 ] && shift
[ "$MODE" = replay ] && MODE=0
case "$MODE" in *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS|replay] [TARGET...]" >&2; exit 2 ;; esac

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$ROOT"/fuzz/fuzz_*.cpp; do t=$(basename "$src" .cpp); targets+=("${t#fuzz_}"); done
fi

# Inputs longer than the longest line or reply the target has to handle.
max_len() { case "$1" in reply|mime) echo 16384 ;; *) echo 4096 ;; esac; }

bins=()
for t in "${targets[@]}"; do
  [ -f "$ROOT/fuzz/fuzz_$t.cpp" ] || { echo "fuzz: no target $t" >&2; exit 2; }
  bins+=("$OUT/fuzz_$t")
done
mkdir -p "$OUT"
make -s -f "$ROOT/fuzz/Makefile" -j"$(nproc)" "${bins[@]}" > "$OUT/build.log" 2>&1 \
  || { echo "fuzz: build failed:" >&2; grep -v '^clang++' "$OUT/build.log" | tail -30 >&2; exit 1; }

show() { grep -a -A2 -E '^==== invariant|ERROR: AddressSanitizer|runtime error|what\(\)' "$1" | grep -v '^--$' | head -"${2:-6}" | cut -c1-240 >&2; }

total=0
failed=()
for t in "${targets[@]}"; do
  bin="$OUT/fuzz_$t"
  log="$OUT/$t.log"
  # Replay: every regression on its own (so each failing one is named), then the seeds.
  nreg=0; bad=0
  for f in "$ROOT/fuzz/regressions/$t"/*; do
    [ -f "$f" ] || continue
    nreg=$((nreg + 1))
    if ! "$bin" "$f" > "$log" 2>&1; then
      echo "fuzz: $t fails on fuzz/regressions/$t/$(basename "$f")" >&2; show "$log" 3; bad=1
    fi
  done
  seeds=("$ROOT/fuzz/corpus/$t"/*)
  if [ -f "${seeds[0]}" ] && ! "$bin" "${seeds[@]}" > "$log" 2>&1; then
    echo "fuzz: $t fails on seed $(grep '^Running: ' "$log" | tail -1 | cut -d' ' -f2-)" >&2; show "$log"; bad=1
  fi
  if [ $bad -ne 0 ]; then
    failed+=("$t")
    continue  # fuzzing would only find the same bug again
  fi
  if [ "$MODE" -eq 0 ]; then
    [ $bad -eq 0 ] && printf '%-10s %4d seeds and %d regressions replayed\n' "$t" "$(find "$ROOT/fuzz/corpus/$t" -type f | wc -l)" "$nreg"
    continue
  fi
  # Fuzz: new inputs go to a scratch corpus; the seeds in the repository stay as they are.
  mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t"
  dict=(); [ -f "$ROOT/fuzz/$t.dict" ] && dict=(-dict="$ROOT/fuzz/$t.dict")
  if ! "$bin" -max_total_time="$MODE" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t/" "${dict[@]}" \
      "$OUT/corpus/$t" "$ROOT/fuzz/corpus/$t" > "$log" 2>&1; then
    echo "fuzz: $t found a problem (full log: $log)" >&2
    show "$log" 12
    grep -E '^Test unit written' "$log" >&2 || true
    echo "fuzz: add the input to fuzz/regressions/$t/ and report the bug" >&2
    failed+=("$t")
    continue
  fi
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  cov=$(grep -aoE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1)
  total=$((total + runs))
  printf '%-10s %10d executions in %ss (%s)\n' "$t" "$runs" "$MODE" "$cov"
done
[ "$MODE" -gt 0 ] && printf '%-10s %10d executions\n' total "$total"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
