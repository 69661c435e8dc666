#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ (clang, with AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs each for SECONDS (default 60) on its
# seed corpus, after replaying every input in fuzz/regressions/<target>/.
# Prints executions per target. A crash fails the run and leaves its input
# in build/fuzz/; copy it into fuzz/regressions/<target>/ with the fix.
#   scripts/fuzz.sh [SECONDS]      SECONDS=0: replay corpus and regressions only
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${1:-60}"
OUT="$ROOT/build/fuzz"
mkdir -p "$OUT"
FLAGS=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$ROOT/src")
CORE=("$ROOT"/src/*.cpp)
cd "$OUT"
for src in "$ROOT"/fuzz/fuzz_*.cpp; do
  name=$(basename "$src" .cpp); target=${name#fuzz_}
  [ "$OUT/$name" -nt "$src" ] && [ -z "$(find "$ROOT/src" -newer "$OUT/$name" -name '*.cpp' -o -newer "$OUT/$name" -name '*.h' | head -1)" ] \
    || clang++ "${FLAGS[@]}" "$src" "${CORE[@]}" -lssl -lcrypto -o "$OUT/$name"
  mkdir -p "$OUT/corpus-$target"
  regress=("$ROOT/fuzz/regressions/$target"/*)
  [ -e "${regress[0]}" ] && "$OUT/$name" "${regress[@]}" >/dev/null 2>&1
  if [ "$SECONDS_EACH" -gt 0 ]; then
    "$OUT/$name" -max_total_time="$SECONDS_EACH" -max_len=4096 -timeout=10 -print_final_stats=1 \
      "$OUT/corpus-$target" "$ROOT/fuzz/corpus/$target" > "$OUT/$name.log" 2>&1 \
      || { echo "fuzz: $name found a problem; see $OUT/$name.log" >&2; tail -40 "$OUT/$name.log" >&2; exit 1; }
    printf '%-16s %12s executions in %ss\n' "$name" "$(awk '/stat::number_of_executed_units/ {print $2}' "$OUT/$name.log")" "$SECONDS_EACH"
  else
    "$OUT/$name" "$ROOT/fuzz/corpus/$target"/* >/dev/null 2>&1 && printf '%-16s corpus replayed\n' "$name"
  fi
done
