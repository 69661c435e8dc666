#!/usr/bin/env bash
# 8 PHP processes, released together, each send 500 messages through the
# extension to one local aiosmtpd (PIPELINING, every message kept as a .eml
# with a .json envelope): odd processes call send() per message, even ones
# sendMany() in batches of 100. Then check.py proves that every message
# arrived exactly once: Message-IDs at the server equal the ones the
# extension reported, no duplicate, none missing, none unknown, subjects and
# envelopes matching, attachments intact, and the processes overlapped.
# Exits non-zero on any failure.
#   tests/concurrency/run.sh              (PROCS=8 N=500 by default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PROCS=${PROCS:-8}
N=${N:-500}
DIR="$ROOT/.run/concurrency"
EXT="$ROOT/modules/smtp.so"
[ -f "$EXT" ] || "$ROOT/scripts/build-ext.sh" > /dev/null

rm -rf "$DIR"
mkdir -p "$DIR/mail"
# A port of our own: other suites' servers keep theirs.
PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 "$ROOT/tests/servers/smtp_server.py" --port "$PORT" --auth none --pipelining --maildir "$DIR/mail" \
  > "$DIR/server.out" 2> "$DIR/server.err" &
server=$!
senders=()
cleanup() {
  for pid in "${senders[@]}"; do kill "$pid" 2> /dev/null || true; done
  kill "$server" 2> /dev/null || true
  wait "$server" 2> /dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  grep -q "^READY $PORT" "$DIR/server.out" 2> /dev/null && break
  kill -0 "$server" 2> /dev/null || { echo "concurrency: the server did not start:" >&2; cat "$DIR/server.err" >&2; exit 1; }
  sleep 0.1
done
grep -q "^READY $PORT" "$DIR/server.out" || { echo "concurrency: the server is not ready on port $PORT" >&2; exit 1; }

for p in $(seq "$PROCS"); do
  mode=$([ $((p % 2)) -eq 1 ] && echo one || echo many)
  timeout 300 php -n -d extension="$EXT" "$ROOT/tests/concurrency/sender.php" "$PORT" "$p" "$N" "$mode" "$DIR" \
    > "$DIR/ids-$p.txt" 2> "$DIR/sender-$p.err" &
  senders+=($!)
done
sleep 0.5  # every PHP process loaded and waiting
touch "$DIR/go"
failed=0
for i in "${!senders[@]}"; do
  if ! wait "${senders[$i]}"; then
    echo "concurrency: sender $((i + 1)) failed:" >&2
    head -5 "$DIR/sender-$((i + 1)).err" >&2
    failed=1
  fi
done
senders=()
/usr/bin/python3 "$ROOT/tests/concurrency/check.py" "$DIR" "$PROCS" "$N" || failed=1
[ $failed -eq 0 ] || { echo "concurrency: FAILED (files in $DIR)" >&2; exit 1; }
