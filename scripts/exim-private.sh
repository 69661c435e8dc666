#!/usr/bin/env bash
# A private Exim (Debian's exim4-daemon-light), a second real server offering
# CHUNKING. Exim's package conflicts with postfix, so its files are unpacked
# (apt-get download + dpkg-deb -x) into /var/cache/native-smtp/exim/VERSION/
# and the binary runs with its own configuration (-C). Its library libidn12 is
# installed by scripts/deps.sh (an ordinary library; ld.so ignores
# LD_LIBRARY_PATH for Exim's privilege-dropping children).
#
#   scripts/exim-private.sh start|stop|status [--dir RUN_DIR]
#   scripts/exim-private.sh fetch     only unpack the package into the cache
#
# RUN_DIR (default $SMTP_TEST_RUN_DIR, else <root>/.run) gets exim.env and
# exim/: exim.conf, spool/, log/mainlog (and paniclog, rejectlog), tls/ (a
# copy of the test CA's server.pem/key Exim's user can read) and mail/inbox/
# (one Maildir for every recipient). One listener on 127.0.0.1 on a free
# port: PIPELINING, CHUNKING, SIZE, 8BITMIME, SMTPUTF8, STARTTLS. The
# refusals of scripts/postfix-private.sh: refused* 550 5.1.1, deferred* 450
# 4.2.1, close* the connection dropped (Exim's ACL drop answers 550 first,
# whatever code is asked); message_size_limit SMTP_EXIM_SIZE_LIMIT.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=exim COMMANDS="start|stop|status|fetch"
# shellcheck source=scripts/private-mta.sh
. "$ROOT/scripts/private-mta.sh"
private_mta_args "$@"
CACHE=/var/cache/native-smtp/exim
SIZE_LIMIT=200000
USER_NAME=Debian-exim  # compiled into Debian's binary (exim -bV)
TIMEOUT=30

# The unpacked package, once per version, one unpacker at a time.
exim_binary() {
  local version dir
  version=$(apt-cache policy exim4-daemon-light | awk '/Candidate:/ {print $2}')
  [ -n "$version" ] && [ "$version" != "(none)" ] || { echo "exim-private.sh: no exim4-daemon-light in apt's lists" >&2; exit 1; }
  dir="$CACHE/$version"
  mkdir -p "$CACHE"
  exec 7>"$CACHE/.lock"
  flock 7
  if [ ! -x "$dir/usr/sbin/exim4" ]; then
    local tmp; tmp=$(mktemp -d "$CACHE/.new.XXXXXX")
    if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "exim4-daemon-light=$version" >/dev/null) ||
       ! dpkg-deb -x "$tmp"/exim4-daemon-light_*.deb "$tmp/root"; then
      rm -rf "$tmp"
      echo "exim-private.sh: could not download exim4-daemon-light $version (run 'scripts/exim-private.sh fetch' outside a network namespace)" >&2
      return 1
    fi
    rm -rf "$dir"
    mv "$tmp/root" "$dir"
    rm -rf "$tmp"
  fi
  exec 7>&-
  echo "$dir/usr/sbin/exim4"
}

ensure_user() {  # what exim4-base's postinst would create
  getent passwd "$USER_NAME" >/dev/null ||
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$USER_NAME"
}

configure() {  # base exim port
  local base=$1
  rm -rf "$base/mail" "$base/spool"
  mkdir -p "$base/spool" "$base/log" "$base/mail" "$base/tls"
  cp "$RUN/tls/server.pem" "$RUN/tls/server.key" "$base/tls/"
  rm -f "$base/log/"* "$base/exim.pid"
  chown -R "$USER_NAME:" "$base/spool" "$base/log" "$base/mail" "$base/tls"
  cat > "$base/exim.conf" <<EOF
# Written by scripts/exim-private.sh; rewritten at every start.
exim_path = $2
primary_hostname = exim.native-smtp.test
spool_directory = $base/spool
log_file_path = $base/log/%slog
pid_file_path = $base/exim.pid
daemon_smtp_ports = $3
local_interfaces = 127.0.0.1
keep_environment =
host_lookup =
rfc1413_hosts =
chunking_advertise_hosts = *
pipelining_advertise_hosts = *
tls_advertise_hosts = *
tls_certificate = $base/tls/server.pem
tls_privatekey = $base/tls/server.key
message_size_limit = $SIZE_LIMIT
acl_smtp_rcpt = check_recipient

begin acl
check_recipient:
  deny    local_parts = ^refused.*
          message = 550 5.1.1 This mailbox does not exist
  defer   local_parts = ^deferred.*
          message = 450 4.2.1 This mailbox is busy, try again later
  drop    local_parts = ^close.*
          message = Closing the connection now
  accept

begin routers
everyone:
  driver = accept
  transport = inbox

begin transports
inbox:
  driver = appendfile
  directory = $base/mail/inbox
  maildir_format
  create_directory
  user = $USER_NAME
  return_path_add
  envelope_to_add
EOF
  chmod 644 "$base/exim.conf"
}

running() {  # base (RUN/exim, possibly a link: the daemon's command line has the real path)
  local d pid
  d=$(readlink -f "$1")
  pid=$(cat "$d/exim.pid" 2>/dev/null || true)
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "exim4 -C $d/exim.conf -bd"
}

fail() {  # base message
  echo "exim-private.sh: $2; log: $1/log/mainlog, $1/log/paniclog" >&2
  cat "$1/log/paniclog" 2>/dev/null | tail -n 10 | sed 's/^/  | /' >&2
  tail -n 10 "$1/log/mainlog" 2>/dev/null | sed 's/^/  | /' >&2
  stop
  exit 1
}

start() {
  local exim base port env="$RUN/exim.env"
  "$ROOT/scripts/test-ca.sh" "$RUN/tls" >/dev/null
  exim=$(exim_binary) || exit 1
  ensure_user
  base=$(private_mta_dir "$USER_NAME")
  if running "$base" && [ -f "$env" ]; then
    # shellcheck disable=SC1090
    . "$env"
    if accepts "$SMTP_EXIM_PORT"; then echo "exim already running; settings in $env"; return; fi
    stop
  fi
  port=$(free_ports 1)
  configure "$base" "$exim" "$port"
  "$exim" -C "$base/exim.conf" -bV >/dev/null 2>"$base/startup.log" || { cat "$base/startup.log" >&2; fail "$base" "exim refused its configuration"; }
  # 8>&-: the daemon must not hold this script's lock.
  "$exim" -C "$base/exim.conf" -bd 2>>"$base/startup.log" </dev/null 8>&- || fail "$base" "exim did not start"
  local deadline=$((SECONDS + TIMEOUT))
  until accepts "$port"; do
    [ ! -f "$base/exim.pid" ] || running "$base" || fail "$base" "the daemon exited"
    [ $SECONDS -lt $deadline ] || fail "$base" "port $port not accepting connections after ${TIMEOUT}s"
    sleep 0.1
  done
  {
    echo "SMTP_EXIM_HOST=127.0.0.1"
    echo "SMTP_EXIM_PORT=$port"
    echo "SMTP_EXIM_SIZE_LIMIT=$SIZE_LIMIT"
    echo "SMTP_EXIM_CA=$RUN/tls/ca.pem"
    echo "SMTP_EXIM_MAILDIR=$base/mail/inbox"
    echo "SMTP_EXIM_LOG=$base/log/mainlog"
  } > "$env.tmp"
  mv -f "$env.tmp" "$env"
  echo "exim running on 127.0.0.1:$port; settings in $env, log $base/log/mainlog"
}

stop() {
  local d="$RUN/exim" pid
  if running "$d"; then
    pid=$(cat "$d/exim.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do running "$d" || break; sleep 0.1; done
  fi
  rm -f "$RUN/exim.env"
}

status() {
  if running "$RUN/exim"; then echo "exim running; settings in $RUN/exim.env"; else echo "exim stopped"; return 1; fi
}

case "$CMD" in
  fetch) exim_binary >/dev/null ;;
  start) private_mta_lock; start ;;
  stop) private_mta_lock; stop ;;
  status) status ;;
esac
