#!/usr/bin/env bash
# The plugin's PHPUnit tests (Debian's phpunit 9.6) inside a real WordPress +
# MariaDB with the smtp extension loaded, against the local SMTP servers.
# Starts what is not running yet and stops again only what it started
# (KEEP_RUNNING=1 leaves everything up). Extra arguments go to phpunit,
# e.g. scripts/test-wordpress.sh --filter MailRouterTest
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EXT="$ROOT/modules/smtp.so"

[ -f "$EXT" ] || scripts/build-ext.sh
scripts/build-mo.sh

started=()
cleanup() {
  [ "${KEEP_RUNNING:-0}" = 1 ] && return
  for what in "${started[@]}"; do "scripts/$what.sh" stop >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
if ! scripts/servers.sh status >/dev/null 2>&1; then
  scripts/servers.sh start >/dev/null
  started+=(servers)
fi
if ! scripts/wordpress.sh status >/dev/null 2>&1; then
  started=(wordpress "${started[@]}")
  scripts/wordpress.sh start
fi
php -d extension="$EXT" /usr/bin/phpunit -c wordpress-plugin/tests/phpunit.xml "$@"
