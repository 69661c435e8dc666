#!/usr/bin/env bash
# Cross-checks the local test servers with an independent SMTP client
# (swaks), so a failure in the project's tests cannot be the servers' fault.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC1091
. "${SMTP_TEST_RUN_DIR:-$ROOT/.run}/servers.env"
fail=0
check() {  # name expected-exit swaks-args...
  local name=$1 want=$2; shift 2
  if swaks --silent 2 --from check@example.com --to bob@example.com --header "Subject: selfcheck $name" "$@" >/tmp/selfcheck.$$ 2>&1; then got=0; else got=$?; fi
  if { [ "$want" = ok ] && [ $got -eq 0 ]; } || { [ "$want" = fail ] && [ $got -ne 0 ]; }; then
    echo "ok   $name"
  else
    echo "FAIL $name (swaks exit $got)"; cat /tmp/selfcheck.$$; fail=1
  fi
  rm -f /tmp/selfcheck.$$
}
auth=(--auth-user "$SMTP_TEST_USER" --auth-password "$SMTP_TEST_PASS")
check "plain, no AUTH" ok --server 127.0.0.1:$SMTP_TEST_PLAIN_PORT
check "plain, AUTH CRAM-MD5" ok --server 127.0.0.1:$SMTP_TEST_PLAIN_PORT --auth CRAM-MD5 "${auth[@]}"
check "plain, AUTH LOGIN wrong password" fail --server 127.0.0.1:$SMTP_TEST_PLAIN_PORT --auth LOGIN --auth-user "$SMTP_TEST_USER" --auth-password wrong
check "STARTTLS verified, AUTH PLAIN" ok --server localhost:$SMTP_TEST_STARTTLS_PORT --tls --tls-verify --tls-ca-path "$SMTP_TEST_CA" --auth PLAIN "${auth[@]}"
check "implicit TLS verified, AUTH" ok --server localhost:$SMTP_TEST_IMPLICIT_PORT --tlsc --tls-verify --tls-ca-path "$SMTP_TEST_CA" --auth PLAIN "${auth[@]}"
# (swaks 20201014 verifies the chain but not the host name, so the self-signed server is the check here.)
check "self-signed certificate refused" fail --server localhost:$SMTP_TEST_SELFSIGNED_PORT --tls --tls-verify --tls-ca-path "$SMTP_TEST_CA"
check "recipient refused" fail --server 127.0.0.1:$SMTP_TEST_REJECT_PORT --to reject-me@example.com
check "smtp-sink" ok --server 127.0.0.1:$SMTP_TEST_SINK_PORT
exit $fail
