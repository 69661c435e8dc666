#!/usr/bin/env bash
# The plugin's PHPUnit tests (Debian's PHPUnit) inside a real WordPress +
# MariaDB with the smtp extension loaded, against the local SMTP servers.
# WP_CORE=current runs them on the current WordPress release, SMTP_EXTENSION=0
# in a PHP without the extension, WP_PHP=8.4 on PHP 8.4 and PHPUnit 11 from
# the trixie root instead of the host's PHP 8.2 and PHPUnit 9.6 (see
# wordpress.sh); the expectations are the same.
# Starts what is not running yet and stops again only what it started
# (KEEP_RUNNING=1 leaves everything up). Extra arguments go to phpunit,
# e.g. scripts/test-wordpress.sh --filter MailRouterTest
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
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
# MultisiteSignupTest's network is Debian's WordPress, which a Debian root lacks: copied from here.
[ "${WP_PHP:-host}" = host ] || scripts/wordpress-multisite.sh copy
WP_DIR="$(scripts/wordpress.sh dir)"
export WP_DIR
# Without the extension the token interop test reaches the native side through
# a child PHP with the module (CodeTokenTest).
NOTICES="$(dirname "$WP_DIR")/plugin-notices.log"
rm -f "$NOTICES"
scripts/wordpress.sh php /usr/bin/phpunit -c wordpress-plugin/tests/phpunit.xml "$@"
# No deprecation or other notice from the plugin, on this WordPress and this PHP (tests/mu-plugins/notice-watch.php).
if [ -s "$NOTICES" ]; then
  echo "test-wordpress.sh: the plugin raised notices:" >&2; sort "$NOTICES" | uniq -c >&2; exit 1
fi
