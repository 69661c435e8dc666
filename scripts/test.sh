#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian 12 machine (as root):
# installs what is missing, builds the core and the extension, starts real
# local servers (aiosmtpd, smtp-sink, MariaDB + WordPress, Chromium) and runs
# the Catch2, phpt, WordPress and browser suites. Exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SMTP_TEST_RUN_DIR="$ROOT/.run"

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
scripts/deps.sh

step "core: build and unit tests"
make -j"$(nproc)" all
build/smtp_tests '~[server]'

step "real servers"
# Everything the tests start is stopped again, whatever happens.
trap 'scripts/wordpress.sh stop >/dev/null 2>&1 || true; scripts/servers.sh stop >/dev/null 2>&1 || true' EXIT
scripts/servers.sh start
tests/servers/selfcheck.sh

step "core against real servers"
build/smtp_tests '[server]'

step "extension: build, phpt, phpt under valgrind"
scripts/build-ext.sh
scripts/build-ext.sh test
scripts/build-ext.sh valgrind

step "WordPress plugin"
scripts/test-wordpress.sh

printf '\nAll tests passed.\n'
