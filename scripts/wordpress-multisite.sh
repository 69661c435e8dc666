#!/usr/bin/env bash
# A WordPress network (multisite, sub-directories) beside the test site of
# scripts/wordpress.sh, for wp-signup.php: same MariaDB (database
# wordpress_ms), its own copy of Debian's WordPress under .run/wordpress-ms,
# the plugin network-active, open user registration, served by PHP's
# built-in server on WP_MS_PORT (8081) with the extension loaded, by the PHP
# wordpress.sh runs (WP_PHP). MultisiteSignupTest starts and stops it.
#   scripts/wordpress-multisite.sh start|stop|copy
# copy: only the WordPress files, for a PHP in a Debian root, which has no
# /usr/share/wordpress (scripts/test-wordpress.sh does it beforehand).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/wordpress.sh"   # its steps, for this site
WP="$RUN/wordpress-ms"
DB_NAME=wordpress_ms
PORT="${WP_MS_PORT:-8081}"
SERVER="$RUN/wordpress-ms"
DEBUG_LOG="$RUN/wp-ms-debug.log"
SMTP_EXTENSION=1
MODE="network php=$WP_PHP"

install() {
  [ -f "$RUN/wp-salts.php" ] && [ -S "$SOCK" ] || { echo "wordpress-multisite.sh: start scripts/wordpress.sh first" >&2; exit 1; }
  copy_core /usr/share/wordpress
  create_db
  if ! sql -N -e "SELECT 1 FROM wordpress_ms.wp_site LIMIT 1" >/dev/null 2>&1; then
    write_config "define('WP_ALLOW_MULTISITE', true);
define('WP_HOME', 'http://127.0.0.1:$PORT'); define('WP_SITEURL', 'http://127.0.0.1:$PORT');"
    php_cli "$ROOT/scripts/wp-install-network.php" "$WP" "127.0.0.1:$PORT" single
  fi
  write_config "define('WP_ALLOW_MULTISITE', true);
define('MULTISITE', true);
define('SUBDOMAIN_INSTALL', false);
define('DOMAIN_CURRENT_SITE', '127.0.0.1:$PORT');
define('PATH_CURRENT_SITE', '/');
define('SITE_ID_CURRENT_SITE', 1);
define('BLOG_ID_CURRENT_SITE', 1);"
  php_cli "$ROOT/scripts/wp-install-network.php" "$WP" "127.0.0.1:$PORT" network
}

start() {
  install
  server_ours || start_server
  echo "WordPress network: http://127.0.0.1:$PORT/wp-signup.php"
}

case "${1:-}" in
  start) start ;;
  stop) stop_server ;;
  copy) copy_core /usr/share/wordpress ;;
  *) echo "usage: $0 start|stop|copy" >&2; exit 2 ;;
esac
