#!/usr/bin/env bash
# 8 PHP processes send 500 messages each through the extension to one local
# aiosmtpd at the same time; every message must arrive exactly once, checked
# by Message-ID at the server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PROCS=${PROCS:-8}; N=${N:-500}; PORT=2620
DIR="$ROOT/.run/concurrency"
rm -rf "$DIR"; mkdir -p "$DIR/mail"
/usr/bin/python3 "$ROOT/tests/servers/smtp_server.py" --port $PORT --auth none --pipelining --maildir "$DIR/mail" >"$DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
pids=()
for p in $(seq $PROCS); do
  php -d extension="$ROOT/modules/smtp.so" "$ROOT/tests/concurrency/sender.php" $PORT "$p" "$N" > "$DIR/ids-$p.txt" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
sort "$DIR"/ids-*.txt > "$DIR/sent.txt"
for _ in $(seq 50); do [ "$(ls "$DIR/mail" | grep -c '\.eml$')" -ge $((PROCS * N)) ] && break; sleep 0.2; done
grep -h -i '^Message-ID:' "$DIR"/mail/*.eml | sed -E 's/^[^<]*<([^>]*)>.*/\1/' | tr -d '\r' | sort > "$DIR/received.txt"
sent=$(wc -l < "$DIR/sent.txt"); received=$(wc -l < "$DIR/received.txt"); unique=$(sort -u "$DIR/received.txt" | wc -l)
echo "concurrency: $PROCS processes x $N messages: $sent accepted, $received received, $unique distinct Message-IDs"
[ "$sent" -eq $((PROCS * N)) ] && [ "$received" -eq "$sent" ] && [ "$unique" -eq "$sent" ] && cmp -s "$DIR/sent.txt" "$DIR/received.txt" \
  || { echo "concurrency: FAILED (see $DIR)" >&2; exit 1; }
