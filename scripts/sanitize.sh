#!/usr/bin/env bash
# The core and the Catch2 suite built with AddressSanitizer (with
# LeakSanitizer) and UndefinedBehaviorSanitizer by clang into build-asan/,
# through the top-level Makefile, then run: the unit tests (scripted fault
# server) and the [server] tests against the real local servers. Any
# sanitizer report fails the run.
#   scripts/sanitize.sh          unit + [server] tests (start the servers first:
#                                scripts/servers.sh start; scripts/postfix-private.sh start;
#                                scripts/exim-private.sh start)
#   scripts/sanitize.sh unit     unit tests only
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCOPE="${1:-all}"
case "$SCOPE" in all|unit) ;; *) echo "usage: scripts/sanitize.sh [unit]" >&2; exit 2 ;; esac
LOGS="$ROOT/build-asan/logs"
mkdir -p "$LOGS"

echo "sanitize: building build-asan/smtp_tests (clang, -fsanitize=address,undefined)"
make -j"$(nproc)" BUILD=build-asan CXX=clang++ \
  CXXFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  build-asan/smtp_tests > "$LOGS/build.log" 2>&1 \
  || { echo "sanitize: build failed:" >&2; grep -E 'error|Error' "$LOGS/build.log" | head -30 >&2; exit 1; }

scripts/test-ca.sh > /dev/null  # the scripted TLS peers use the test CA's certificates

# Stop at the first report: abort (not exit) so nothing later can hide it.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="report_objects=1"

run() {  # name, test spec
  local log="$LOGS/$1.log"
  echo "sanitize: $1 tests ($2)"
  local rc=0
  build-asan/smtp_tests "$2" > "$log" 2>&1 || rc=$?
  # Reports go to stderr even when a test passes; look for them, not only at the exit code.
  if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$log"; then
    echo "sanitize: sanitizer report in the $1 tests (full log: $log):" >&2
    grep -E -A25 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" | head -60 >&2
    exit 1
  fi
  if [ $rc -ne 0 ]; then
    echo "sanitize: $1 tests failed (exit $rc; full log: $log):" >&2
    tail -30 "$log" >&2
    exit 1
  fi
  tail -2 "$log" | grep -E 'passed|assertions' || true
}

run unit '~[server]'
[ "$SCOPE" = unit ] && exit 0

# The [server] tests need the real servers.
ENV_FILE="${SMTP_TEST_RUN_DIR:-$ROOT/.run}/servers.env"
[ -f "$ENV_FILE" ] || { echo "sanitize: $ENV_FILE missing: run scripts/servers.sh start" >&2; exit 1; }
# shellcheck disable=SC1090
. "$ENV_FILE"
for port in "$SMTP_TEST_PLAIN_PORT" "$SMTP_TEST_STARTTLS_PORT" "$SMTP_TEST_IMPLICIT_PORT" "$SMTP_TEST_SINK_PORT"; do
  (exec 3<>"/dev/tcp/${SMTP_TEST_HOST:-127.0.0.1}/$port") 2>/dev/null \
    || { echo "sanitize: no server on port $port: run scripts/servers.sh start" >&2; exit 1; }
done
for mta in postfix exim; do
  [ -f "${SMTP_TEST_RUN_DIR:-$ROOT/.run}/$mta.env" ] \
    || { echo "sanitize: no private $mta: run scripts/$mta-private.sh start" >&2; exit 1; }
done
run server '[server]'
