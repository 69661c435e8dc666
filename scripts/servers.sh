#!/usr/bin/env bash
# Starts, stops or lists the local SMTP servers that the tests, the demo and the
# examples talk to.
#
#   scripts/servers.sh start|stop|status [--dir RUN_DIR]
#
# RUN_DIR (default $SMTP_TEST_RUN_DIR, else <root>/.run) holds pids/, logs/,
# mail/<box>/ (received mail) and tls/ (the test CA, see test-ca.sh);
# RUN_DIR/servers.env tells the tests where everything is.
#
#   port  server                                                  box (RUN_DIR/mail/...)
#   2525  aiosmtpd, plain, AUTH optional and allowed without TLS  plain
#   [::1]:2525 the same on the IPv6 loopback, when there is one    plain6
#   2587  aiosmtpd, STARTTLS (server.pem) required, then AUTH required, PIPELINING  starttls
#   2465  aiosmtpd, implicit TLS (server.pem), AUTH required, PIPELINING            implicit
#   2588  aiosmtpd, STARTTLS with wrong-host.pem (for wrong.example)  wronghost
#   2589  aiosmtpd, STARTTLS with self-signed.pem                     selfsigned
#   2590  aiosmtpd, plain, RCPT matching ^reject gets 550 5.1.1       reject
#   2592  aiosmtpd, plain, neither 8BITMIME nor SMTPUTF8 (an older server)  ascii
#   2591  aiosmtpd, STARTTLS, OAuth only: XOAUTH2/OAUTHBEARER tokens checked at 2580;
#         password AUTH gets 550 5.7.30 (Microsoft 365 without basic auth)  oauth
#   2580  tests/servers/oauth_server.py: OAuth 2.0 authorization server (HTTP)
#   2597  aiosmtpd, plain, AUTH required as account@example.com; MAIL FROM must be
#         that account, else 553 (QQ Mail / 163 sender rule)          strict
#   2593  aiosmtpd, plain, PIPELINING, faults from RUN_DIR/faults/faulty.json  faulty
#   2594  the same, faults from RUN_DIR/faults/backup.json (a backup provider) backup
#         (fault rules: tests/servers/faults.py; no file, no faults)
#   2526  Postfix smtp-sink: PIPELINING, DSN, ...; throws mail away
#   2527  Postfix smtp-sink writing each message to mail/sink/ (its own dump format)
# User tester, password s3cret-pass (also the XOAUTH2 token).
# 2525 and 2590 do not advertise PIPELINING, 2587 and 2465 do, so clients meet both.
#
# SMTP_TEST_PORT_OFFSET=N adds N to every port, so that a second work tree can
# run its own set at the same time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${SMTP_TEST_RUN_DIR:-$ROOT/.run}"
OFFSET="${SMTP_TEST_PORT_OFFSET:-0}"
USER_NAME=tester
USER_PASS=s3cret-pass
OAUTH_CLIENT_ID=native-smtp-test
OAUTH_CLIENT_SECRET=test-client-secret
TIMEOUT=20

usage() { echo "usage: $0 start|stop|status [--dir RUN_DIR]" >&2; exit 2; }
CMD=""
while [ $# -gt 0 ]; do
  case "$1" in
    start|stop|status) CMD=$1 ;;
    --dir) [ $# -ge 2 ] || usage; RUN=$2; shift ;;
    --dir=*) RUN=${1#--dir=} ;;
    *) usage ;;
  esac
  shift
done
[ -n "$CMD" ] || usage
mkdir -p "$RUN"
RUN="$(cd "$RUN" && pwd)"
PIDS="$RUN/pids"
LOGS="$RUN/logs"
MAIL="$RUN/mail"
TLS="$RUN/tls"

has_ipv6() { /usr/bin/python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; }

# --- the servers: name -> address, port, command --------------------------
NAMES=()
declare -A HOST PORT
server() {  # name host port command...; the command goes to the array CMD_<name>
  local name=$1
  NAMES+=("$name")
  HOST[$name]=$2
  PORT[$name]=$(($3 + OFFSET))
  shift 3
  declare -ga "CMD_$name"
  local -n cmd="CMD_$name"
  cmd=("$@")
}
aiosmtpd() {  # name host port tls cert auth [extra...]
  local name=$1 host=$2 port=$3 tls=$4 cert=$5 auth=$6; shift 6
  local args=(/usr/bin/python3 "$ROOT/tests/servers/smtp_server.py" --host "$host" --port $((port + OFFSET))
              --tls "$tls" --auth "$auth" --users "$USER_NAME:$USER_PASS" --maildir "$MAIL/$name"
              --log "$LOGS/$name.log")
  [ "$tls" = none ] || args+=(--cert "$TLS/$cert.pem" --key "$TLS/$cert.key")
  server "$name" "$host" "$port" "${args[@]}" "$@"
}
# smtp-sink drops to `nobody`, who must reach the folder it dumps mail into.
# When the clone sits where others cannot pass (root's home is mode 700), that
# folder lives under /tmp instead and mail/sink is a link to it.
sink_dump_dir() {
  local d="$MAIL/sink" t
  if [ -L "$d" ] && [ -d "$d" ]; then readlink -f "$d"; return; fi
  rm -f "$d" 2>/dev/null || true  # a link whose target was cleaned away
  mkdir -p "$d"
  if [ "$(id -u)" -ne 0 ]; then echo "$d"; return; fi
  chown nobody "$d"
  if runuser -u nobody -- test -w "$d" -a -x "$d"; then echo "$d"; return; fi
  rm -rf "$d"
  t=$(mktemp -d /tmp/native-smtp-sink.XXXXXX)
  chown nobody "$t"
  ln -s "$t" "$d"
  echo "$t"
}
SINK_DUMP="$MAIL/sink"
if [ "$CMD" = start ]; then mkdir -p "$MAIL"; SINK_DUMP=$(sink_dump_dir); fi
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
sink() {  # name port [extra...]; -u: as root it must drop to another user
  local name=$1 port=$2; shift 2
  server "$name" 127.0.0.1 "$port" "$SINK" -u nobody -m 1000 "$@" "127.0.0.1:$((port + OFFSET))" 1000
}

aiosmtpd plain      127.0.0.1 2525 none     -           optional
has_ipv6 && aiosmtpd plain6 ::1 2525 none   -           optional
aiosmtpd starttls   127.0.0.1 2587 starttls server      required --pipelining
aiosmtpd implicit   127.0.0.1 2465 implicit server      required --pipelining
aiosmtpd wronghost  127.0.0.1 2588 starttls wrong-host  optional
aiosmtpd selfsigned 127.0.0.1 2589 starttls self-signed optional
aiosmtpd reject     127.0.0.1 2590 none     -           optional --reject-rcpt '^reject'
aiosmtpd ascii      127.0.0.1 2592 none     -           optional --ascii-only
server oauthhttp 127.0.0.1 2580 /usr/bin/python3 "$ROOT/tests/servers/oauth_server.py" --port $((2580 + OFFSET)) \
  --client "$OAUTH_CLIENT_ID:$OAUTH_CLIENT_SECRET" --log "$LOGS/oauthhttp.log"
aiosmtpd oauth      127.0.0.1 2591 starttls server      required --pipelining \
  --oauth-introspect "http://127.0.0.1:$((2580 + OFFSET))/introspect"
aiosmtpd strict     127.0.0.1 2597 none     -           required --users "account@example.com:$USER_PASS" --sender-must-match
aiosmtpd faulty     127.0.0.1 2593 none     -           optional --pipelining --faults "$RUN/faults/faulty.json"
aiosmtpd backup     127.0.0.1 2594 none     -           optional --pipelining --faults "$RUN/faults/backup.json"
sink     sink       2526
sink     sinkdump   2527 -d "$SINK_DUMP/%Y%m%d%H%M%S."

# --- processes ----------------------------------------------------------
pid_of() { cat "$PIDS/$1.pid" 2>/dev/null || true; }

ours() {  # pid: alive and one of our server programs (not a reused pid)
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] &&
    { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null | grep -Eq 'smtp_server\.py|oauth_server\.py|smtp-sink'
}

listeners() {  # port -> "address pid" per listening socket ("?" when unknown)
  ss -Hltnp "sport = :$1" 2>/dev/null | awk '{
    addr = $4; sub(/:[0-9]+$/, "", addr); gsub(/\[|\]/, "", addr)
    n = split($0, a, "pid=")
    if (n < 2) print addr, "?"
    for (i = 2; i <= n; i++) { split(a[i], b, ","); print addr, b[1] }
  }'
}

owner() {  # host port -> pid(s) listening there or on a wildcard address
  listeners "$2" | awk -v h="$1" '$1 == h || $1 == "0.0.0.0" || $1 == "*" || $1 == "::" { print $2 }' | sort -u
}

accepts() {  # host port: a TCP connection succeeds
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

fail_start() {  # name message [nolog]: says what failed, stops what this run started
  local name=$1
  if [ -n "${3:-}" ]; then
    echo "servers.sh: $name (${HOST[$name]} port ${PORT[$name]}): $2" >&2
  else
    echo "servers.sh: $name (${HOST[$name]} port ${PORT[$name]}): $2; log: $LOGS/$name.log" >&2
    [ -s "$LOGS/$name.log" ] && tail -n 15 "$LOGS/$name.log" | sed 's/^/  | /' >&2
  fi
  for n in "${STARTED[@]}"; do stop_one "$n"; done
  exit 1
}

launch() {  # name
  local name=$1 taken
  # shellcheck disable=SC2178  # a nameref to the array CMD_<name>
  local -n cmd="CMD_$name"
  taken=$(owner "${HOST[$name]}" "${PORT[$name]}" | tr '\n' ' ')
  if [ -n "$taken" ]; then
    fail_start "$name" "port already taken by pid ${taken% } ($(ps -o args= -p "${taken%% *}" 2>/dev/null || echo '?')); stop it first" nolog
  fi
  : > "$LOGS/$name.log"
  # setsid: its own process group, so a Ctrl-C in the caller does not stop it;
  # 8>&-: the server must not inherit (and so hold) this script's lock.
  setsid "${cmd[@]}" >> "$LOGS/$name.log" 2>&1 < /dev/null 8>&- &
  echo $! > "$PIDS/$name.pid"
  STARTED+=("$name")
}

stop_pidfile() {  # file: stops that process if it is one of ours, removes the file
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  if ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do ours "$pid" || break; sleep 0.1; done
    if ours "$pid"; then
      echo "servers.sh: pid $pid ($1) ignored SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$1"
}
stop_one() { stop_pidfile "$PIDS/$1.pid"; }

write_env() {
  local tmp="$RUN/.servers.env.$$"
  {
    echo "SMTP_TEST_RUN_DIR=$RUN"
    echo "SMTP_TEST_HOST=127.0.0.1"
    echo "SMTP_TEST_HOST6=$([ -n "${PORT[plain6]:-}" ] && echo ::1)"
    echo "SMTP_TEST_PLAIN_PORT=${PORT[plain]}"
    echo "SMTP_TEST_STARTTLS_PORT=${PORT[starttls]}"
    echo "SMTP_TEST_IMPLICIT_PORT=${PORT[implicit]}"
    echo "SMTP_TEST_WRONGHOST_PORT=${PORT[wronghost]}"
    echo "SMTP_TEST_SELFSIGNED_PORT=${PORT[selfsigned]}"
    echo "SMTP_TEST_REJECT_PORT=${PORT[reject]}"
    echo "SMTP_TEST_ASCII_PORT=${PORT[ascii]}"
    echo "SMTP_TEST_STRICT_PORT=${PORT[strict]}"
    echo "SMTP_TEST_SINK_PORT=${PORT[sink]}"
    echo "SMTP_TEST_FAULTY_PORT=${PORT[faulty]}"
    echo "SMTP_TEST_BACKUP_PORT=${PORT[backup]}"
    echo "SMTP_TEST_FAULTS_DIR=$RUN/faults"
    echo "SMTP_TEST_OAUTH_SMTP_PORT=${PORT[oauth]}"
    echo "SMTP_TEST_OAUTH_URL=http://127.0.0.1:${PORT[oauthhttp]}"
    echo "SMTP_TEST_OAUTH_CLIENT_ID=$OAUTH_CLIENT_ID"
    echo "SMTP_TEST_OAUTH_CLIENT_SECRET=$OAUTH_CLIENT_SECRET"
    echo "SMTP_TEST_SINK_DUMP_PORT=${PORT[sinkdump]}"
    echo "SMTP_TEST_USER=$USER_NAME"
    echo "SMTP_TEST_PASS=$USER_PASS"
    echo "SMTP_TEST_CA=$TLS/ca.pem"
    echo "SMTP_TEST_TLS_DIR=$TLS"
    echo "SMTP_TEST_MAILDIR=$MAIL"
  } > "$tmp"
  mv -f "$tmp" "$RUN/servers.env"
}

start() {
  mkdir -p "$PIDS" "$LOGS" "$RUN/faults"
  "$ROOT/scripts/test-ca.sh" "$TLS" >/dev/null
  local f
  for f in "$PIDS"/*; do  # pidfiles of older versions of this script (no .pid)
    case $f in *.pid) ;; *) [ -f "$f" ] && stop_pidfile "$f" ;; esac
  done
  STARTED=()
  local name pid deadline pending=()
  for name in "${NAMES[@]}"; do
    pid=$(pid_of "$name")
    if ours "$pid" && owner "${HOST[$name]}" "${PORT[$name]}" | grep -qx "$pid"; then continue; fi
    stop_one "$name"  # a stale pidfile, or a process that lost its port
    launch "$name"
    pending+=("$name")
  done
  # Ready: our own process listens on the address (not someone else's server
  # on the same port) and a connection is accepted.
  deadline=$((SECONDS + TIMEOUT))
  while [ ${#pending[@]} -gt 0 ]; do
    local still=()
    for name in "${pending[@]}"; do
      pid=$(pid_of "$name")
      ours "$pid" || fail_start "$name" "the server exited"
      if owner "${HOST[$name]}" "${PORT[$name]}" | grep -qx "$pid" && accepts "${HOST[$name]}" "${PORT[$name]}"; then
        continue
      fi
      still+=("$name")
    done
    pending=("${still[@]}")
    [ ${#pending[@]} -eq 0 ] && break
    [ $SECONDS -lt $deadline ] || fail_start "${pending[0]}" "not accepting connections after ${TIMEOUT}s"
    sleep 0.1
  done
  write_env
  if [ ${#STARTED[@]} -eq 0 ]; then
    echo "servers already running; settings in $RUN/servers.env"
  else
    echo "servers running (started: ${STARTED[*]}); settings in $RUN/servers.env, mail under $MAIL"
  fi
}

stop() {
  [ -d "$PIDS" ] || return 0
  local f
  # Every pidfile, also those of servers no longer in the list above.
  for f in "$PIDS"/*; do
    [ -f "$f" ] && stop_pidfile "$f"
  done
  return 0
}

status() {
  local name pid bad=0
  for name in "${NAMES[@]}"; do
    pid=$(pid_of "$name")
    if ours "$pid"; then
      printf '%-10s %-9s %5s  running (pid %s)\n' "$name" "${HOST[$name]}" "${PORT[$name]}" "$pid"
    else
      printf '%-10s %-9s %5s  stopped\n' "$name" "${HOST[$name]}" "${PORT[$name]}"
      bad=1
    fi
  done
  return $bad
}

lock() {  # one start or stop at a time per RUN_DIR
  exec 8>"$RUN/.servers.lock"
  flock -w 60 8 || { echo "servers.sh: another start/stop holds $RUN/.servers.lock" >&2; exit 1; }
}
case "$CMD" in
  start) lock; start ;;
  stop) lock; stop ;;
  status) status ;;
esac
