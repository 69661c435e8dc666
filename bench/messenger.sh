#!/usr/bin/env bash
# Symfony Messenger on Redis draining queued emails to smtp-sink with 1, 2 and
# 4 worker processes: Symfony Mailer's own SMTP transport (one email per
# handler call) against the native transport (batches of 50 over one kept,
# pipelined connection per worker). Prints a table; timing never fails.
#   bench/messenger.sh [--smoke]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SMOKE=0; [ "${1:-}" = "--smoke" ] && SMOKE=1
# Symfony's transport sends ~20 emails/s here (Nagle meets delayed ACKs on
# each small write), so it drains fewer emails to keep the run short.
if [ $SMOKE = 1 ]; then N_NATIVE=200; N_SYMFONY=20; else N_NATIVE=20000; N_SYMFONY=600; fi
SINK=2620; REDIS=2621
B="$ROOT/.run/bench/messenger"
rm -rf "$B"; mkdir -p "$B"
[ -f modules/smtp.so ] || scripts/build-ext.sh >/dev/null
PHP=(php -d extension="$ROOT/modules/smtp.so" -d memory_limit=-1)
APP=symfony-mailer/examples/messenger
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
/usr/sbin/smtp-sink -u nobody 127.0.0.1:$SINK 256 & pids+=($!)
redis-server --port $REDIS --bind 127.0.0.1 --save '' --appendonly no --dir "$B" >"$B/redis.log" 2>&1 & pids+=($!)
wait_port $SINK; wait_port $REDIS
export MESSENGER_DSN="redis://127.0.0.1:$REDIS/emails" IDLE_SECONDS=1 BATCH_SIZE=50

drain() {  # dsn emails workers -> emails per second
  local dsn=$1 n=$2 w=$3 i
  redis-cli -p $REDIS flushall >/dev/null
  MAILER_DSN="$dsn" "${PHP[@]}" $APP/queue.php "$n" bench >/dev/null
  for i in $(seq "$w"); do
    MAILER_DSN="$dsn" WORKER_NAME="w$i" "${PHP[@]}" $APP/worker.php >"$B/w$i.json" & pids+=($!)
  done
  wait "${pids[@]:2}"; pids=("${pids[@]:0:2}")
  /usr/bin/python3 - "$n" "$B" "$w" <<'PY'
import json, sys
n, b, w = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
runs = [json.load(open("%s/w%d.json" % (b, i))) for i in range(1, w + 1)]
handled = sum(r["handled"] for r in runs)
assert handled == n, "%d of %d emails handled" % (handled, n)
print("%.0f" % (n / (max(r["last"] for r in runs) - min(r["started"] for r in runs))))
PY
}

row() { printf '%-46s %9s %9s %9s\n' "$@"; }
row "9. Messenger on Redis -> smtp-sink, 1 KB" "1 worker" "2 workers" "4 workers"
sym=(); nat=()
for w in 1 2 4; do sym+=("$(drain "smtp://127.0.0.1:$SINK" $N_SYMFONY $w)"); done
for w in 1 2 4; do nat+=("$(drain "native-smtp://127.0.0.1:$SINK?encryption=none" $N_NATIVE $w)"); done
row "   Symfony Mailer SMTP ($N_SYMFONY emails), msgs/s" "${sym[@]}"
row "   native transport ($N_NATIVE emails), msgs/s" "${nat[@]}"
ratio=(); for i in 0 1 2; do ratio+=("$(/usr/bin/python3 -c "print('%.0fx' % (${nat[$i]} / ${sym[$i]}))")"); done
row "   native / Symfony" "${ratio[@]}"
