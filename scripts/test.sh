#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian 12 machine (as root):
# installs what is missing, builds the core and the extension, starts real
# local servers (aiosmtpd, smtp-sink, MariaDB + WordPress, headless Chromium)
# and runs every suite. Exits non-zero on any failure.
#   FUZZ_SECONDS=N  fuzzing time per target (default 30)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SMTP_TEST_RUN_DIR="$ROOT/.run"

step() { printf '\n==> %s\n' "$*"; }

step "dependencies (Debian packages)"
scripts/deps.sh

# Runs a command beside two CPU hogs, as on a busy 2-core machine: the fault
# suites' timing must hold there too.
busy() {
  yes >/dev/null & local hog1=$!
  yes >/dev/null & local hog2=$!
  local rc=0
  "$@" || rc=$?
  kill "$hog1" "$hog2"
  wait "$hog1" "$hog2" 2>/dev/null || true
  return "$rc"
}

step "shared data: src/data_tables.cpp is what wordpress-plugin/data/smtp-data.json gives"
scripts/gen-data.py --check

step "core: build and unit tests (Catch2, scripted fault server), beside two CPU hogs"
make -j"$(nproc)" all
scripts/test-ca.sh   # the scripted TLS peers use the test CA's certificates
busy build/smtp_tests '~[server]'

step "real servers: aiosmtpd (AUTH, STARTTLS, implicit TLS), smtp-sink, private Postfix and Exim (CHUNKING); cross-checked with swaks"
# Everything the tests start is stopped again, whatever happens.
trap 'scripts/wordpress.sh stop >/dev/null 2>&1 || true; scripts/servers.sh stop >/dev/null 2>&1 || true
      scripts/postfix-private.sh stop >/dev/null 2>&1 || true; scripts/exim-private.sh stop >/dev/null 2>&1 || true' EXIT
scripts/servers.sh start
scripts/postfix-private.sh start
scripts/exim-private.sh start
tests/servers/selfcheck.sh

step "core against the real servers (Postfix and Exim: CHUNKING, byte-for-byte delivery, their refusals)"
build/smtp_tests '[server]'

step "core under AddressSanitizer + UndefinedBehaviorSanitizer"
scripts/sanitize.sh

step "extension: build (phpize), phpt, phpt under valgrind"
scripts/build-ext.sh
scripts/build-ext.sh test
scripts/build-ext.sh valgrind

step "extension on PHP 8.4 (trixie root), 8.5 (experimental), 8.2 ZTS debug; the 8.6 RC reported only"
scripts/test-php-versions.sh

step "PIE: composer.json validated by Debian 13's composer, configure-options as in config.m4"
scripts/check-composer.sh

step "concurrency: 8 PHP processes x 500 messages"
tests/concurrency/run.sh

step "Symfony Mailer transport (symfony-mailer/, PHPUnit)"
scripts/test-symfony.sh

# The plugin's suites with the same expectations on Debian 12's WordPress 6.1
# and on the current release (Debian sid's, unpacked beside it), each in a PHP
# with the extension and in one without (WordPress's PHPMailer sends).
for core in debian current; do
  for extension in 1 0; do
    step "WordPress plugin (PHPUnit in WordPress + MariaDB): WordPress $core, extension=$extension"
    WP_CORE=$core SMTP_EXTENSION=$extension KEEP_RUNNING=1 scripts/test-wordpress.sh
  done
done

# The same suite on PHP 8.4 (Debian 13's, with its PHPUnit 11, in the trixie
# root) with the current WordPress and the extension built for 8.4; MariaDB
# and the SMTP servers stay on this machine. Once: a run takes ~5 minutes.
step "WordPress plugin (PHPUnit): PHP 8.4 in the trixie root, WordPress current, extension=1"
WP_PHP=8.4 WP_CORE=current SMTP_EXTENSION=1 KEEP_RUNNING=1 scripts/test-wordpress.sh

# The browser suite twice, so that each engine and each WordPress is driven
# once: 6.1 with the extension, the current release without it (PHPMailer).
# Both other pairs pass too; two runs keep CI within its time.
for run in "debian 1" "current 0"; do
  read -r core extension <<<"$run"
  step "browser: headless Chromium (WordPress $core), extension=$extension"
  WP_CORE=$core SMTP_EXTENSION=$extension scripts/test-browser.sh
done

step "plugin zip: what a site owner uploads (readme.txt checked)"
scripts/plugin-zip.sh "$SMTP_TEST_RUN_DIR/native-smtp.zip"

step "benchmark smoke run (figures are not checked)"
bench/run.sh --smoke

step "fuzzing (${FUZZ_SECONDS:-30} s per target, after replaying the regressions)"
scripts/fuzz.sh "${FUZZ_SECONDS:-30}"

printf '\nAll tests passed.\n'
