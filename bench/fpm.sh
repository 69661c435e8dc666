#!/usr/bin/env bash
# Persistent connections under php-fpm: Debian's php8.2-fpm with one worker
# (pm = static, 1 child, so every request lands on the same worker), spoken
# to with cgi-fcgi; each request sends one mail over STARTTLS + AUTH through
# the delaying proxy. Prints the first request's send time on the worker and
# the median of the later ones, persistent vs not, in milliseconds and in
# round trips of the link, and the round trips each request cost on the
# wire, counted at the proxy. Started by bench/run.sh after its servers:
#   bench/fpm.sh PROXY_PORT PROXY_STATS_FILE RTT_MS N
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROXY_PORT=$1; STATS=$2; RTT_MS=$3; N=$4
. "$ROOT/.run/servers.env"
F="$ROOT/.run/bench/fpm"
FPM_PORT=2620
mkdir -p "$F"
row() { printf '%-46s %14s %14s\n' "$@"; }

cat > "$F/php-fpm.conf" <<CONF
[global]
pid = $F/php-fpm.pid
error_log = $F/php-fpm.log
daemonize = no
[bench]
user = root
group = root
listen = 127.0.0.1:$FPM_PORT
pm = static
pm.max_children = 1
clear_env = no
CONF

# The JSON line of one request (cgi-fcgi prints the headers first), with
# the proxy's counts of new connections and turns from this request's start
# to the next's. The pause lets a closing connection's last turns (QUIT)
# reach the proxy before the counts are taken.
counts() { sleep 0.2; cat "$STATS.live"; }
request() {
  local before; before=$(counts)
  SCRIPT_FILENAME="$ROOT/bench/fpm_send.php" REQUEST_METHOD=GET QUERY_STRING= \
    BENCH_PORT=$PROXY_PORT BENCH_USER="$SMTP_TEST_USER" BENCH_PASS="$SMTP_TEST_PASS" BENCH_CA="$SMTP_TEST_CA" \
    BENCH_PERSISTENT=$1 cgi-fcgi -bind -connect 127.0.0.1:$FPM_PORT | grep '^{' | tr -d '\n'
  echo " $before $(counts)"
}

# One fresh php-fpm per mode, so its first request is the worker's first.
measure() {
  /usr/sbin/php-fpm8.2 -n -R -F -y "$F/php-fpm.conf" -d extension="$ROOT/modules/smtp.so" >"$F/stdout.log" 2>&1 &
  local fpm=$!
  local up=0
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$FPM_PORT") 2>/dev/null && { up=1; break; }; sleep 0.1; done
  [ $up = 1 ] || { echo "php-fpm did not start: $F/php-fpm.log" >&2; exit 1; }
  : > "$F/requests.txt"
  for _ in $(seq "$N"); do request "$1" >> "$F/requests.txt"; done
  kill "$fpm"; wait "$fpm" 2>/dev/null || true
  /usr/bin/python3 - "$F/requests.txt" "$RTT_MS" <<'PY'
import json, statistics, sys
rows, round_trips = [], []
for line in open(sys.argv[1]):
    doc, c0, t0, c1, t1 = line.rsplit(" ", 4)
    rows.append(json.loads(doc))
    # As bench/run.sh section 3 counts: each pair of turns is one round trip,
    # and each new connection adds its TCP handshake (not delayed by the proxy).
    new, turns = int(c1) - int(c0), int(t1) - int(t0)
    round_trips.append((turns + 1) // 2 + new)
rtt = float(sys.argv[2])
assert len({r["pid"] for r in rows}) == 1, "the requests did not all land on one worker"
first, later = rows[0]["ms"], statistics.median(r["ms"] for r in rows[1:])
kept = sum(r["kept"] for r in rows[1:])
print("%.1f ms = %.1f RTT|%.1f ms = %.1f RTT|%d/%d|%d RT|%g RT (max %d)" % (
    first, first / rtt, later, later / rtt, kept, len(rows) - 1,
    round_trips[0], statistics.median(round_trips[1:]), max(round_trips[1:])))
PY
}

row "8. php-fpm: one mail per request, ${RTT_MS} ms RTT" "first request" "later (median)"
for mode in 0 1; do
  out=$(measure $mode)  # a failed request or check ends the run
  IFS='|' read -r first later kept rt_first rt_later <<<"$out"
  row "   $([ $mode = 1 ] && echo "Mailer(persistent: true), reused $kept" || echo "Mailer per request (not persistent)")" "$first" "$later"
  row "     round trips on the wire (at the proxy)" "$rt_first" "$rt_later"
  [ $mode = 1 ] && persistent_rt=$rt_later
done
echo "   STARTTLS + AUTH to aiosmtpd; send time inside the request, round trips for the whole request (QUIT included)"
echo "   target: a later request <= 2 round trips with persistent: true -> $persistent_rt"
