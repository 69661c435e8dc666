#!/usr/bin/env bash
# Starts, stops or lists the local SMTP servers the tests, the demo and the
# examples talk to. Everything lives under .run/ (pids, logs, received mail);
# .run/servers.env tells the tests where to find it all.
#
#   2525  aiosmtpd, plain, AUTH optional (user tester / s3cret-pass)  -> mail/plain
#   2587  aiosmtpd, STARTTLS required before AUTH and MAIL, PIPELINING -> mail/starttls
#   2465  aiosmtpd, implicit TLS, AUTH required, PIPELINING          -> mail/implicit
#   (2525 does not advertise PIPELINING, so both client paths meet a real server)
#   2588  aiosmtpd, STARTTLS with a certificate for another host      -> mail/wronghost
#   2589  aiosmtpd, STARTTLS with a self-signed certificate           -> mail/selfsigned
#   2590  aiosmtpd, plain, refuses recipients matching "^reject"      -> mail/reject
#   [::1]:2525 the plain server on IPv6 loopback (if present)         -> mail/plain6
#   2526  Postfix smtp-sink (PIPELINING, discards mail)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${SMTP_TEST_RUN_DIR:-$ROOT/.run}"
PIDS="$RUN/pids"
LOGS="$RUN/logs"
MAIL="$RUN/mail"
TLS="$RUN/tls"
USER_NAME=tester
USER_PASS=s3cret-pass

aiosmtpd() {  # name port tls cert auth [extra...]
  local name=$1 port=$2 tls=$3 cert=$4 auth=$5; shift 5
  local args=(--port "$port" --tls "$tls" --auth "$auth" --users "$USER_NAME:$USER_PASS" --maildir "$MAIL/$name")
  [ "$tls" != none ] && args+=(--cert "$TLS/$cert.pem" --key "$TLS/$cert.key")
  launch "$name" /usr/bin/python3 "$ROOT/tests/servers/smtp_server.py" "${args[@]}" "$@"
}

launch() {  # name command...
  local name=$1; shift
  if [ -f "$PIDS/$name" ] && kill -0 "$(cat "$PIDS/$name")" 2>/dev/null; then return; fi
  setsid "$@" >"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name"
}

wait_port() {  # name port
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "servers.sh: $1 did not start on port $2; see $LOGS/$1.log" >&2
  tail -n 20 "$LOGS/$1.log" >&2 || true
  return 1
}

start() {
  mkdir -p "$PIDS" "$LOGS" "$MAIL"
  "$ROOT/scripts/test-ca.sh" "$TLS"
  aiosmtpd plain 2525 none - optional
  aiosmtpd starttls 2587 starttls server required --pipelining
  aiosmtpd implicit 2465 implicit server required --pipelining
  aiosmtpd wronghost 2588 starttls wrong-host optional
  aiosmtpd selfsigned 2589 starttls self-signed optional
  aiosmtpd reject 2590 none - optional --reject-rcpt '^reject'
  # The same plain server on the IPv6 loopback, when the machine has one.
  grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null && aiosmtpd plain6 2525 none - optional --host ::1
  # smtp-sink: -c counts, -u runs as nobody when started as root; 256 = backlog.
  launch sink /usr/sbin/smtp-sink -u nobody 127.0.0.1:2526 256
  for s in plain:2525 starttls:2587 implicit:2465 wronghost:2588 selfsigned:2589 reject:2590 sink:2526; do
    wait_port "${s%%:*}" "${s##*:}"
  done
  cat > "$RUN/servers.env" <<ENV
SMTP_TEST_HOST=127.0.0.1
SMTP_TEST_PLAIN_PORT=2525
SMTP_TEST_STARTTLS_PORT=2587
SMTP_TEST_IMPLICIT_PORT=2465
SMTP_TEST_WRONGHOST_PORT=2588
SMTP_TEST_SELFSIGNED_PORT=2589
SMTP_TEST_REJECT_PORT=2590
SMTP_TEST_SINK_PORT=2526
SMTP_TEST_USER=$USER_NAME
SMTP_TEST_PASS=$USER_PASS
SMTP_TEST_CA=$TLS/ca.pem
SMTP_TEST_MAILDIR=$MAIL
ENV
  echo "servers running; settings in $RUN/servers.env, received mail under $MAIL"
}

stop() {
  [ -d "$PIDS" ] || return 0
  for f in "$PIDS"/*; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # setsid made each server a process group leader: stop the whole group.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

status() {
  for f in "$PIDS"/*; do
    [ -f "$f" ] || continue
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$(basename "$f"): running (pid $(cat "$f"))"; else echo "$(basename "$f"): dead"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
