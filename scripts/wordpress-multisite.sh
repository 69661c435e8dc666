#!/usr/bin/env bash
# A WordPress network (multisite, sub-directories) beside the test site of
# scripts/wordpress.sh, for wp-signup.php: same MariaDB (database
# wordpress_ms), its own copy of WordPress under .run/wordpress-ms, the
# plugin network-active, open user registration, served by PHP's built-in
# server on WP_MS_PORT (8081). MultisiteSignupTest starts and stops it.
#   scripts/wordpress-multisite.sh start|stop
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${SMTP_TEST_RUN_DIR:-$ROOT/.run}"
WP="$RUN/wordpress-ms"
PORT="${WP_MS_PORT:-8081}"
SOCK="$RUN/mariadb/mysqld.sock"
EXT="$ROOT/modules/smtp.so"
PID="$RUN/wordpress-ms.pid"

config() {  # $1: "network" once the network exists
  cat > "$WP/wp-config.php" <<PHP
<?php
// Written by scripts/wordpress-multisite.sh for the tests.
define('DB_NAME', 'wordpress_ms');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp-pass');
define('DB_HOST', 'localhost:$SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
require '$RUN/wp-salts.php';
\$table_prefix = 'wp_';
define('WP_DEBUG', true);
define('WP_DEBUG_LOG', '$RUN/wp-ms-debug.log');
define('WP_DEBUG_DISPLAY', false);
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('NATIVE_SMTP_CA_FILE', '$RUN/tls/ca.pem');
define('WP_ALLOW_MULTISITE', true);
PHP
  if [ "${1:-}" = network ]; then
    cat >> "$WP/wp-config.php" <<PHP
define('MULTISITE', true);
define('SUBDOMAIN_INSTALL', false);
define('DOMAIN_CURRENT_SITE', '127.0.0.1:$PORT');
define('PATH_CURRENT_SITE', '/');
define('SITE_ID_CURRENT_SITE', 1);
define('BLOG_ID_CURRENT_SITE', 1);
PHP
  else
    echo "define('WP_HOME', 'http://127.0.0.1:$PORT'); define('WP_SITEURL', 'http://127.0.0.1:$PORT');" >> "$WP/wp-config.php"
  fi
  cat >> "$WP/wp-config.php" <<'PHP'
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
PHP
}

install() {
  [ -f "$RUN/wp-salts.php" ] && [ -S "$SOCK" ] || { echo "wordpress-multisite.sh: start scripts/wordpress.sh first" >&2; exit 1; }
  if [ ! -f "$WP/wp-load.php" ]; then
    mkdir -p "$WP"
    cp -rL /usr/share/wordpress/. "$WP/"
    mkdir -p "$WP/wp-content/plugins"
  fi
  ln -sfn "$ROOT/wordpress-plugin" "$WP/wp-content/plugins/native-smtp"
  mariadb --no-defaults --socket="$SOCK" -uroot -e \
    "CREATE DATABASE IF NOT EXISTS wordpress_ms CHARACTER SET utf8mb4; GRANT ALL ON wordpress_ms.* TO 'wp'@'localhost';"
  if ! mariadb --no-defaults --socket="$SOCK" -uroot -N -e "SELECT 1 FROM wordpress_ms.wp_site LIMIT 1" >/dev/null 2>&1; then
    config
    php -d extension="$EXT" "$ROOT/scripts/wp-install-network.php" "$WP" "127.0.0.1:$PORT" single
  fi
  config network
  php -d extension="$EXT" "$ROOT/scripts/wp-install-network.php" "$WP" "127.0.0.1:$PORT" network
}

start() {
  install
  if ! { [ -f "$PID" ] && kill -0 "$(cat "$PID")" 2>/dev/null; }; then
    setsid php -d extension="$EXT" -S "127.0.0.1:$PORT" -t "$WP" "$RUN/wp-router.php" >"$RUN/wordpress-ms-server.log" 2>&1 </dev/null &
    echo $! > "$PID"
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
  fi
  echo "WordPress network: http://127.0.0.1:$PORT/wp-signup.php"
}

stop() {
  [ -f "$PID" ] || return 0
  pid=$(cat "$PID")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$PID"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
