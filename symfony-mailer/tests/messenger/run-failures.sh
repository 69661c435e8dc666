#!/usr/bin/env bash
# Messenger workers sending through the native transport, with failures:
#  1. a worker killed (SIGKILL) in the middle of its batch: another worker
#     takes over what it had not acknowledged; nothing is lost, and what is
#     delivered twice is at most one batch (acknowledged only after the
#     server's reply to end of data, so the dead worker's last batch may
#     have arrived already);
#  2. a server answering 421 at the greeting, then 451 after DATA, then
#     recovering: every email delivered exactly once (a refusal is retried
#     by Messenger, an accepted message never is).
# Starts its own Redis and aiosmtpd (with fault rules) on ports 2710-2711.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
HERE=symfony-mailer/tests/messenger
APP=symfony-mailer/examples/messenger
D="${SMTP_TEST_RUN_DIR:-$ROOT/.run}/messenger-failures"
REDIS_PORT=2710 SMTP_PORT=2711
rm -rf "$D"; mkdir -p "$D"
PHP=(php -d extension="$ROOT/modules/smtp.so")
[ -f modules/smtp.so ] || scripts/build-ext.sh

pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 did not open" >&2; exit 1; }

redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --dir "$D" >"$D/redis.log" 2>&1 & pids+=($!)
echo '[]' >"$D/faults.json"
/usr/bin/python3 tests/servers/smtp_server.py --port $SMTP_PORT --tls none --auth none --pipelining \
  --maildir "$D/mail" --faults "$D/faults.json" >"$D/smtp.log" 2>&1 & pids+=($!)
wait_port $REDIS_PORT; wait_port $SMTP_PORT

export MESSENGER_DSN="redis://127.0.0.1:$REDIS_PORT/emails" MAILER_DSN="native-smtp://127.0.0.1:$SMTP_PORT?encryption=none"
faults() { echo "$1" >"$D/faults.new"; mv "$D/faults.new" "$D/faults.json"; }
delivered() { ls "$D/mail" 2>/dev/null | grep -c '\.eml$' || true; }
check() {  # tag n max-duplicates
  local out; out=$(/usr/bin/python3 $HERE/count.py "$D/mail" "$1" "$2")
  echo "   $out"
  /usr/bin/python3 - "$out" "$3" <<'PY'
import json, sys
r, limit = json.loads(sys.argv[1]), int(sys.argv[2])
assert r["delivered"] == r["queued"], "lost: %s" % r["missing"]
assert r["duplicates"] <= limit, "%d duplicates, at most %d expected" % (r["duplicates"], limit)
assert r["strangers"] == 0, "unexpected messages"
PY
  [ "$(redis-cli -p $REDIS_PORT xlen emails)" = 0 ] || { echo "the stream still holds messages" >&2; exit 1; }
}

echo "1. a worker killed mid-batch (batches of 20, 50 ms per message at the server)"
faults '[{"at": "data_end", "delay": 0.05}]'
"${PHP[@]}" $APP/queue.php 200 kill >/dev/null
export BATCH_SIZE=20 REDELIVER_SECONDS=2 IDLE_SECONDS=6
WORKER_NAME=victim "${PHP[@]}" $APP/worker.php >"$D/victim.json" & victim=$!; pids+=($victim)
WORKER_NAME=survivor "${PHP[@]}" $APP/worker.php >"$D/survivor.json" & survivor=$!; pids+=($survivor)
for _ in $(seq 600); do [ "$(delivered)" -ge 30 ] && break; sleep 0.05; done
kill -9 $victim
echo "   killed the victim worker with $(delivered) messages delivered"
wait $survivor
# Symfony 5.4's Redis transport claims a dead consumer's pending messages one
# per claim interval, so the dead worker's batch may outlast an idle worker:
# run workers until the stream is empty (what a supervisor's restarts do).
for round in $(seq 10); do
  [ "$(redis-cli -p $REDIS_PORT xlen emails)" = 0 ] && break
  WORKER_NAME="survivor$round" "${PHP[@]}" $APP/worker.php >"$D/survivor$round.json"
done
check kill 200 20

echo "2. 421 at the greeting twice, 451 after DATA five times, then recovery"
faults '[{"at": "greeting", "reply": "421 4.3.2 Service not available, try again later", "times": 2},
         {"at": "data_end", "after": 10, "reply": "451 4.3.0 Temporary failure, try again", "times": 5}]'
"${PHP[@]}" $APP/queue.php 100 retry >/dev/null
BATCH_SIZE=20 IDLE_SECONDS=5 WORKER_NAME=one "${PHP[@]}" $APP/worker.php >"$D/one.json"
check retry 100 0
# 2 batches refused at the greeting, then 5 refusals after DATA: all retried.
failed=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["failed"])' "$D/one.json")
echo "   $failed attempts failed and were retried"
[ "$failed" -ge 25 ] || { echo "the faults were not met ($failed failed attempts)" >&2; exit 1; }
echo "Messenger failure tests passed."
