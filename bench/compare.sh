#!/usr/bin/env bash
# The extension built at an earlier commit beside this tree's, in one run on
# this machine: a regression shows side by side, whatever the machine's speed
# that day (figures taken on different days do not compare).
#   bench/compare.sh [COMMIT]    default ac27489, the first bench/results.txt
# Runs this tree's bench/*.php against both builds, alternately: the batch to
# smtp-sink, single sends, the batch over STARTTLS + AUTH to aiosmtpd, and one
# message with a 25 MB attachment. The earlier build is kept in
# .run/bench/compare-COMMIT (a git worktree) for the next run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COMMIT="$(git rev-parse --short "${1:-ac27489}")"
B="$ROOT/.run/bench"
OLD="$B/compare-$COMMIT"
mkdir -p "$B"
[ -d "$OLD" ] || git worktree add -q --detach "$OLD" "$COMMIT"
[ -f "$OLD/modules/smtp.so" ] || "$OLD/scripts/build-ext.sh" >/dev/null 2>"$B/compare-build.log"
scripts/build-ext.sh >/dev/null
scripts/servers.sh start >/dev/null
. .run/servers.env

SINK=2700; TLS=2701; pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
/usr/sbin/smtp-sink -u nobody 127.0.0.1:$SINK 256 & pids+=($!)
/usr/bin/python3 tests/servers/smtp_server.py --port $TLS --tls starttls --cert .run/tls/server.pem --key .run/tls/server.key \
  --auth required --pipelining --users "$SMTP_TEST_USER:$SMTP_TEST_PASS" --maildir "$B/compare-mail" >/dev/null 2>&1 & pids+=($!)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
wait_port $SINK; wait_port $TLS
tls=(--tls=starttls --host=localhost --user="$SMTP_TEST_USER" --pass="$SMTP_TEST_PASS" --ca="$SMTP_TEST_CA")
big="$B/attachment-25mb.bin"
[ -f "$big" ] || head -c $((25 * 1024 * 1024)) /dev/urandom > "$big"

php_with() { php -d extension="$1" -d memory_limit=-1 "${@:2}"; }
# Best of three alternating runs of one figure for both builds: "old new".
best_of_3() {  # higher|lower key php-args...
  local way=$1 key=$2 old=() new=(); shift 2
  for _ in 1 2 3; do
    old+=("$(php_with "$OLD/modules/smtp.so" "$@" | j "$key")")
    new+=("$(php_with "$ROOT/modules/smtp.so" "$@" | j "$key")")
  done
  /usr/bin/python3 -c "import sys; f = max if sys.argv[1] == 'higher' else min; a = list(map(float, sys.argv[2:5])); b = list(map(float, sys.argv[5:8])); print(f(a), f(b))" \
    "$way" "${old[@]}" "${new[@]}"
}
row() { printf '%-44s %12s %12s %8s\n' "$@"; }
line() {  # label higher|lower "old new" [format]
  local fmt=${4:-%.0f}
  read -r o n <<<"$3"
  row "$1" "$(printf "$fmt" "$o")" "$(printf "$fmt" "$n")" "$(/usr/bin/python3 -c "print('%.2fx' % (($n / $o) if '$2' == 'higher' else ($o / $n)))")"
}

echo "native-smtp: the extension at $COMMIT beside $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain -- src ext)" ] || echo ' (modified)') ($(date -u +%Y-%m-%d), $(nproc) cores, PHP $(php -r 'echo PHP_VERSION;'))"
row "" "$COMMIT" "now" "better"
line "batch to smtp-sink, 2000 x 1 KB, msgs/s" higher "$(best_of_3 higher rate bench/batch.php --who=ext --port=$SINK --n=2000)"
line "single sends to smtp-sink, median ms" lower "$(best_of_3 lower median_ms bench/single.php --who=ext --port=$SINK --n=200)" %.3f
line "batch over STARTTLS + AUTH, 500, msgs/s" higher "$(best_of_3 higher rate bench/batch.php --who=ext --port=$TLS --n=500 "${tls[@]}")"
line "25 MB attachment, seconds" lower "$(best_of_3 lower seconds bench/big.php --who=ext --port=$SINK --file="$big")" %.2f
peak_kb() { /usr/bin/time -f %M php -d extension="$1" -d memory_limit=-1 bench/big.php --who=ext --port=$SINK --file="$big" 2>&1 >/dev/null | tail -1; }
old_kb=$(peak_kb "$OLD/modules/smtp.so"); new_kb=$(peak_kb "$ROOT/modules/smtp.so")
line "25 MB attachment, peak RSS MB" lower "$((old_kb / 1024)) $((new_kb / 1024))" %.0f
echo "better: the factor by which now is faster or smaller (above 1.00) or slower or larger (below); best of 3 alternating runs each"
