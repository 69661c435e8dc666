#!/usr/bin/env bash
# The plugin's PHPUnit tests (Debian's phpunit 9.6) inside a real WordPress +
# MariaDB with the smtp extension loaded, against the local SMTP servers.
# WP_CORE=current runs them on the current WordPress release, SMTP_EXTENSION=0
# in a PHP without the extension (see wordpress.sh); the expectations are the
# same.
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
WP_DIR="$(scripts/wordpress.sh dir)"
export WP_DIR
PHP_EXT=(-d "extension=$EXT")
# Without the extension the token interop test reaches the native side through
# a child "php -d extension=modules/smtp.so" (CodeTokenTest).
[ "${SMTP_EXTENSION:-1}" = 1 ] || PHP_EXT=()
NOTICES="$(dirname "$WP_DIR")/plugin-notices.log"
rm -f "$NOTICES"
php "${PHP_EXT[@]}" /usr/bin/phpunit -c wordpress-plugin/tests/phpunit.xml "$@"
# No deprecation or other notice from the plugin, on this WordPress and this PHP (tests/mu-plugins/notice-watch.php).
if [ -s "$NOTICES" ]; then
  echo "test-wordpress.sh: the plugin raised notices:" >&2; sort "$NOTICES" | uniq -c >&2; exit 1
fi
