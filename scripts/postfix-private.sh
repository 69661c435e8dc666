#!/usr/bin/env bash
# A private Postfix instance (Debian's postfix package, 3.7), a real server
# offering CHUNKING (RFC 3030) for the tests and the benchmark. It has its own
# configuration, queue and data directories and runs beside any system Postfix.
#
#   scripts/postfix-private.sh start|stop|status [--dir RUN_DIR]
#
# RUN_DIR (default $SMTP_TEST_RUN_DIR, else <root>/.run) gets postfix.env (the
# ports and folders below) and postfix/, which holds conf/, queue/, data/,
# maillog (Postfix's own log: startup failures are there) and mail/inbox/new/
# (one Maildir for every recipient, delivered by virtual(8), which adds
# Return-Path, Delivered-To and X-Original-To above smtpd's Received). Three smtpd
# listeners on 127.0.0.1, each on a free port, all with STARTTLS (the test
# CA's server.pem, see test-ca.sh), PIPELINING, 8BITMIME, SMTPUTF8:
#   SMTP_POSTFIX_PORT              CHUNKING, SIZE
#   SMTP_POSTFIX_NOCHUNKING_PORT   the same without CHUNKING (DATA is used)
#   SMTP_POSTFIX_NOSIZE_PORT       CHUNKING without SIZE: an oversized message
#                                  is refused at BDAT instead of at MAIL FROM
# Every recipient domain is accepted; by local part:
#   refused*  550 5.1.1     deferred*  450 4.2.1
#   close*    421 4.7.0 and the connection is closed (access(5))
# message_size_limit is SMTP_POSTFIX_SIZE_LIMIT (200000 bytes).
# AUTH PLAIN and LOGIN (Cyrus SASL, a sasldb in the instance's folder) are
# offered on all three ports after STARTTLS only (smtpd_tls_auth_only), for
# one user:
#   SMTP_POSTFIX_USER / SMTP_POSTFIX_PASS   SMTP_TEST_USER / SMTP_TEST_PASS when
#                                  the environment has them, else tester /
#                                  postfix-s3cret
# Received headers name the authenticated user ("(Authenticated sender: ...)").
# Mail from 127.0.0.1 is taken with or without AUTH.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=postfix COMMANDS="start|stop|status"
# shellcheck source=scripts/private-mta.sh
. "$ROOT/scripts/private-mta.sh"
private_mta_args "$@"
SIZE_LIMIT=200000
AUTH_USER=${SMTP_TEST_USER:-tester}
AUTH_PASS=${SMTP_TEST_PASS:-postfix-s3cret}
TIMEOUT=30

configure() {  # base port port_nochunking port_nosize
  local base=$1 conf=$1/conf tls=$RUN/tls
  rm -rf "$base/mail"  # mail of earlier runs
  mkdir -p "$conf/sasl" "$base/queue" "$base/data" "$base/mail"
  chown postfix "$base/data"
  chown nobody:nogroup "$base/mail"
  cat > "$conf/main.cf" <<EOF
# Written by scripts/postfix-private.sh; rewritten at every start.
compatibility_level = 3.6
queue_directory = $base/queue
data_directory = $base/data
maillog_file = $base/maillog
maillog_file_prefixes = $base
myhostname = postfix.native-smtp.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
biff = no
smtpd_peername_lookup = no
smtpd_error_sleep_time = 0
in_flow_delay = 0
# Headers of mail from the client are left as they came (byte-for-byte tests).
local_header_rewrite_clients =
message_size_limit = $SIZE_LIMIT
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject
smtpd_recipient_restrictions = check_recipient_access regexp:$conf/recipient_access
smtpd_tls_security_level = may
smtpd_tls_chain_files = $tls/server.key, $tls/server.pem
# AUTH through Cyrus SASL, configured by $conf/sasl/smtpd.conf (Debian's
# Postfix looks in \$config_directory/sasl whatever cyrus_sasl_config_path
# says); never in clear.
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
cyrus_sasl_config_path = $conf/sasl
smtpd_sasl_local_domain = \$myhostname
smtpd_sasl_security_options = noanonymous
smtpd_tls_auth_only = yes
smtpd_sasl_authenticated_header = yes
# Every domain is ours: all mail goes to one Maildir, owned by nobody.
virtual_mailbox_domains = static:all
virtual_mailbox_base = $base/mail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(id -g nobody)
EOF
  cat > "$conf/recipient_access" <<'EOF'
/^refused[^@]*@/   550 5.1.1 This mailbox does not exist
/^deferred[^@]*@/  450 4.2.1 This mailbox is busy, try again later
/^close[^@]*@/     421 4.7.0 Closing the connection now
EOF
  # No chroot: the daemons read the files above where they are.
  cat > "$conf/master.cf" <<EOF
127.0.0.1:$2 inet n - n - - smtpd
127.0.0.1:$3 inet n - n - - smtpd -o smtpd_discard_ehlo_keywords=chunking
127.0.0.1:$4 inet n - n - - smtpd -o smtpd_discard_ehlo_keywords=size
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
virtual   unix  - n n - - virtual
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
  # The SASL library reads this file in smtpd (as postfix); the users are in
  # a sasldb (Berkeley DB) beside conf/, readable by postfix only.
  cat > "$conf/sasl/smtpd.conf" <<EOF
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: $base/sasldb2
mech_list: PLAIN LOGIN
EOF
  chmod 644 "$conf"/*.cf "$conf/recipient_access" "$conf/sasl/smtpd.conf"
  rm -f "$base/sasldb2"
  printf '%s' "$AUTH_PASS" | saslpasswd2 -p -c -f "$base/sasldb2" -u postfix.native-smtp.test "$AUTH_USER"
  chown root:postfix "$base/sasldb2"
  chmod 640 "$base/sasldb2"
}

# postfix(1) writes its own errors to stderr only when that is a terminal
# (else to syslog, which a container may lack): give it one, keep the text.
pf() {  # base command...
  local base=$1; shift
  script -qec "postfix -c '$base/conf' $*" /dev/null < /dev/null | tr -d '\r' >> "$base/maillog"
  return "${PIPESTATUS[0]}"
}

running() {  # base: the instance's master is alive
  [ -f "$1/conf/main.cf" ] && postfix -c "$1/conf" status >/dev/null 2>&1
}

fail() {  # base message
  echo "postfix-private.sh: $2; log: $1/maillog" >&2
  [ -s "$1/maillog" ] && tail -n 20 "$1/maillog" | sed 's/^/  | /' >&2
  postfix -c "$1/conf" stop >/dev/null 2>&1 || true
  exit 1
}

start() {
  local base ports p env="$RUN/postfix.env"
  "$ROOT/scripts/test-ca.sh" "$RUN/tls" >/dev/null
  # Its daemons run as postfix, virtual(8) writes mail as nobody.
  base=$(private_mta_dir postfix nobody)
  if running "$base" && [ -f "$env" ]; then
    # shellcheck disable=SC1090
    . "$env"
    if accepts "$SMTP_POSTFIX_PORT"; then echo "postfix already running; settings in $env"; return; fi
    postfix -c "$base/conf" stop >/dev/null 2>&1 || true
  fi
  read -ra ports <<<"$(free_ports 3)"
  configure "$base" "${ports[@]}"
  : > "$base/maillog"
  # check creates the queue's folders with their owners and modes.
  pf "$base" check || fail "$base" "postfix check failed"
  pf "$base" start || fail "$base" "postfix did not start"
  local deadline=$((SECONDS + TIMEOUT))
  for p in "${ports[@]}"; do
    until accepts "$p"; do
      running "$base" || fail "$base" "the master process exited"
      [ $SECONDS -lt $deadline ] || fail "$base" "port $p not accepting connections after ${TIMEOUT}s"
      sleep 0.1
    done
  done
  {
    echo "SMTP_POSTFIX_HOST=127.0.0.1"
    echo "SMTP_POSTFIX_PORT=${ports[0]}"
    echo "SMTP_POSTFIX_NOCHUNKING_PORT=${ports[1]}"
    echo "SMTP_POSTFIX_NOSIZE_PORT=${ports[2]}"
    echo "SMTP_POSTFIX_SIZE_LIMIT=$SIZE_LIMIT"
    echo "SMTP_POSTFIX_USER=$AUTH_USER"
    echo "SMTP_POSTFIX_PASS=$AUTH_PASS"
    echo "SMTP_POSTFIX_CA=$RUN/tls/ca.pem"
    echo "SMTP_POSTFIX_MAILDIR=$base/mail/inbox"
    echo "SMTP_POSTFIX_LOG=$base/maillog"
  } > "$env.tmp"
  mv -f "$env.tmp" "$env"
  echo "postfix running on 127.0.0.1:${ports[0]} (no CHUNKING: ${ports[1]}, no SIZE: ${ports[2]}); settings in $env, log $base/maillog"
}

stop() {
  local d="$RUN/postfix"
  [ -f "$d/conf/main.cf" ] || return 0
  if running "$d"; then postfix -c "$d/conf" stop >/dev/null 2>&1 || true; fi
  for _ in $(seq 100); do running "$d" || break; sleep 0.1; done
  rm -f "$RUN/postfix.env"
}

status() {
  if running "$RUN/postfix"; then echo "postfix running; settings in $RUN/postfix.env"; else echo "postfix stopped"; return 1; fi
}

case "$CMD" in
  start) private_mta_lock; start ;;
  stop) private_mta_lock; stop ;;
  status) status ;;
esac
