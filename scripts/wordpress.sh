#!/usr/bin/env bash
# A private WordPress for tests and the demo, from Debian's packages:
# MariaDB on a socket under .run/mariadb, a copy of /usr/share/wordpress
# under .run/wordpress with its own wp-config.php, the plugin linked in and
# active, served by PHP's built-in server with the smtp extension loaded.
#   scripts/wordpress.sh start|stop|status|install|dir
# WP_CORE=current: the current WordPress release instead (Debian sid's, see
# wordpress-current.sh) under .run/wordpress-current, with its own database.
# SMTP_EXTENSION=0: PHP without the smtp extension (the plugin's PHPMailer
# engine). WP_PHP=8.4: PHP 8.4 from the Debian trixie root (debian-root.sh,
# packages in php-versions.conf) runs the site, the installer and
# `wordpress.sh php` instead of this machine's PHP 8.2; MariaDB stays here,
# its socket reached through the clone, which the root mounts at the same
# path. A server running in another of these modes is restarted.
#   scripts/wordpress.sh php ARG...   the PHP under test (with the extension
#       unless SMTP_EXTENSION=0), WP_DIR and the module's path in
#       SMTP_EXT_MODULE in its environment: how the tests run
# scripts/wordpress-multisite.sh sources this file for the same steps
# (copy_core, create_db, write_config, start_server, stop_server) with its
# own WP, DB_NAME, PORT and server files.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${SMTP_TEST_RUN_DIR:-$ROOT/.run}"
DB="$RUN/mariadb"
WP_CORE="${WP_CORE:-debian}"
SMTP_EXTENSION="${SMTP_EXTENSION:-1}"
case "$WP_CORE" in
  debian) WP="$RUN/wordpress" DB_NAME=wordpress ;;
  current) WP="$RUN/wordpress-current" DB_NAME=wordpress_current ;;
  *) echo "wordpress.sh: WP_CORE is debian or current, not $WP_CORE" >&2; exit 2 ;;
esac
WP_PHP="${WP_PHP:-host}"
MODE="$WP_CORE extension=$SMTP_EXTENSION php=$WP_PHP"
PORT="${WP_PORT:-8080}"
URL="http://127.0.0.1:$PORT"
SOCK="$DB/mysqld.sock"
SERVER="$RUN/wp-server"            # .pid, .log and .mode of the site's PHP server
DEBUG_LOG="$RUN/wp-debug.log"
export WP_ADMIN_USER=admin WP_ADMIN_PASS=admin-pass-123

# The PHP under test, made ready once (use_php): EXT is the smtp module
# built for it (SMTP_EXT_MODULE when the caller knows it: the tests, inside
# the root), IN_ROOT the command entering the root, or nothing.
IN_ROOT=() EXT=""
use_php() {
  [ -z "$EXT" ] || return 0
  case "$WP_PHP" in
    host)
      EXT="${SMTP_EXT_MODULE:-$ROOT/modules/smtp.so}"
      [ -f "$EXT" ] || "$ROOT/scripts/build-ext.sh" >&2 ;;
    8.4)
      . "$ROOT/scripts/php-versions.conf"
      "$ROOT/scripts/debian-root.sh" "$PHP84_SUITE" "${BUILD_PACKAGES[@]}" "${PHP84_PACKAGES[@]}" "${PHP84_WP_PACKAGES[@]}" >/dev/null
      IN_ROOT=("$ROOT/scripts/debian-root.sh" run "$PHP84_SUITE")
      "${IN_ROOT[@]}" env PHP_CONFIG=php-config8.4 scripts/build-ext.sh build >&2
      EXT="$ROOT/build/ext-$("${IN_ROOT[@]}" php-config8.4 --version)/modules/smtp.so" ;;
    *) echo "wordpress.sh: WP_PHP is host or 8.4, not $WP_PHP" >&2; exit 2 ;;
  esac
}

# PHP_ARGV: the PHP under test, with the extension unless SMTP_EXTENSION=0.
# The root starts from an empty environment: what PHP reads there is passed on.
php_argv() {
  use_php
  PHP_ARGV=(php)
  if [ ${#IN_ROOT[@]} -gt 0 ]; then
    local v pass=()
    for v in WP_DIR WP_PORT WP_MS_PORT SMTP_EXTENSION SMTP_EXT_MODULE WP_ADMIN_USER WP_ADMIN_PASS PHP_CLI_SERVER_WORKERS; do
      [ -z "${!v:-}" ] || pass+=("$v=${!v}")
    done
    PHP_ARGV=("${IN_ROOT[@]}" env "${pass[@]}" php8.4)
  fi
  [ "$SMTP_EXTENSION" = 1 ] && PHP_ARGV+=(-d "extension=$EXT")
  return 0
}
php_cli() { php_argv; "${PHP_ARGV[@]}" "$@"; }

start_db() {
  mkdir -p "$DB"
  if [ ! -d "$DB/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$DB/data" --user=root --auth-root-authentication-method=socket \
      --skip-test-db >"$DB/install.log" 2>&1
  fi
  if ! db_up; then
    setsid mariadbd --no-defaults --datadir="$DB/data" --socket="$SOCK" --pid-file="$DB/mariadbd.pid" \
      --skip-networking --user=root --log-error="$DB/error.log" --innodb-buffer-pool-size=64M </dev/null >/dev/null 2>&1 &
    for _ in $(seq 100); do
      mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1 && break
      sleep 0.2
    done
  fi
  create_db
}

# SQL as MariaDB's root over the socket; --skip-ssl: a Debian 13 client insists on TLS by default.
sql() { mariadb --no-defaults --skip-ssl --socket="$SOCK" -uroot "$@"; }

create_db() {  # the database $DB_NAME, for user wp
  sql -e \
    "CREATE DATABASE IF NOT EXISTS $DB_NAME CHARACTER SET utf8mb4; CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp-pass'; GRANT ALL ON $DB_NAME.* TO 'wp'@'localhost';"
}

copy_core() {  # WordPress from folder $1 into $WP, once; the plugin linked in
  if [ ! -f "$WP/wp-load.php" ]; then
    mkdir -p "$WP"
    cp -rL "$1/." "$WP/"
  fi
  mkdir -p "$WP/wp-content/plugins"
  ln -sfn "$ROOT/wordpress-plugin" "$WP/wp-content/plugins/native-smtp"
}

write_config() {  # $1: the site's own definitions (its address, or the network's)
  cat > "$WP/wp-config.php" <<PHP
<?php
// Written by scripts/${0##*/} for the tests and the demo.
define('DB_NAME', '$DB_NAME');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp-pass');
define('DB_HOST', 'localhost:$SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
require '$RUN/wp-salts.php';
\$table_prefix = 'wp_';
$1
define('WP_DEBUG', true);
define('WP_DEBUG_LOG', '$DEBUG_LOG');
define('WP_DEBUG_DISPLAY', false);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('FS_METHOD', 'direct');
// The local test servers use a private CA; verification stays on.
define('NATIVE_SMTP_CA_FILE', '$RUN/tls/ca.pem');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
PHP
}

install_wp() {
  local src=/usr/share/wordpress
  [ "$WP_CORE" = debian ] || src=$("$ROOT/scripts/wordpress-current.sh")
  copy_core "$src"
  mkdir -p "$WP/wp-content/uploads" "$WP/wp-content/languages"
  # Core translations (Debian's wordpress-l10n), so the site language can be ja, zh_CN or fi.
  [ -f "$WP/wp-content/languages/ja.mo" ] || cp -rL /usr/share/wordpress/wp-content/languages/. "$WP/wp-content/languages/"
  # Stand-ins for other plugins (front-end login, CAPTCHA, WooCommerce's hooks); tests activate them.
  for p in "$ROOT"/wordpress-plugin/tests/stand-ins/*.php; do ln -sfn "$p" "$WP/wp-content/plugins/$(basename "$p")"; done
  # The OAuth sign-in goes to the tests' local authorization server (servers.sh).
  mkdir -p "$WP/wp-content/mu-plugins"
  ln -sfn "$ROOT/wordpress-plugin/tests/mu-plugins/local-oauth-endpoints.php" "$WP/wp-content/mu-plugins/native-smtp-local-oauth.php"
  ln -sfn "$ROOT/wordpress-plugin/tests/mu-plugins/notice-watch.php" "$WP/wp-content/mu-plugins/native-smtp-notice-watch.php"
  if [ ! -f "$RUN/wp-salts.php" ]; then
    php -r 'foreach (["AUTH_KEY","SECURE_AUTH_KEY","LOGGED_IN_KEY","NONCE_KEY","AUTH_SALT","SECURE_AUTH_SALT","LOGGED_IN_SALT","NONCE_SALT"] as $k) printf("define(%s, %s);\n", var_export($k, true), var_export(bin2hex(random_bytes(32)), true));' \
      | sed '1i <?php' > "$RUN/wp-salts.php"
  fi
  write_config "define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');"
  cat > "$RUN/wp-router.php" <<'PHP'
<?php
// PHP's built-in server: real files as they are, everything else through WordPress.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$file = $_SERVER['DOCUMENT_ROOT'] . $path;
if ($path !== '/' && file_exists($file) && !is_dir($file)) {
    if (substr($file, -4) === '.php') { chdir(dirname($file)); require $file; return true; }
    return false;
}
if (is_dir($file) && file_exists(rtrim($file, '/') . '/index.php')) { chdir($file); require rtrim($file, '/') . '/index.php'; return true; }
chdir($_SERVER['DOCUMENT_ROOT']);
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
PHP
  php_cli "$ROOT/scripts/wp-install.php" "$WP" "$URL"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
server_ours() { [ -f "$SERVER.pid" ] && kill -0 "$(cat "$SERVER.pid")" 2>/dev/null; }
server_mode() { cat "$SERVER.mode" 2>/dev/null || true; }
db_up() { [ -S "$SOCK" ] && mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1; }

start() {
  if port_open && ! server_ours; then
    # Another checkout's WordPress (or anything else) would answer our tests.
    echo "wordpress.sh: port $PORT is taken by another process: $(ss -ltnpH "sport = :$PORT" 2>/dev/null | grep -o 'users:.*' | head -1)" >&2
    echo "wordpress.sh: stop it, or use another port with WP_PORT=..." >&2
    exit 1
  fi
  if server_ours && [ "$(server_mode)" != "$MODE" ]; then
    stop_server   # running another WordPress, or PHP with(out) the extension
  fi
  start_db
  install_wp
  # Several workers so AJAX and page loads do not queue behind each other.
  server_ours || start_server 4
  echo "WordPress ($MODE): $URL/wp-admin/ (user $WP_ADMIN_USER, password $WP_ADMIN_PASS)"
  echo "MariaDB: socket $SOCK; PHP server log: $SERVER.log"
}

start_server() {  # [WORKERS]: PHP_CLI_SERVER_WORKERS, else one process
  if [ -n "${1:-}" ]; then local -x PHP_CLI_SERVER_WORKERS="$1"; fi
  php_argv
  # setsid: the server and its workers form one process group, stopped together.
  setsid "${PHP_ARGV[@]}" -S "127.0.0.1:$PORT" -t "$WP" "$RUN/wp-router.php" \
    >"$SERVER.log" 2>&1 </dev/null &
  echo $! > "$SERVER.pid"
  echo "$MODE" > "$SERVER.mode"
  for _ in $(seq 100); do port_open && break; sleep 0.1; done
  port_open || { echo "${0##*/}: PHP's server did not start; see $SERVER.log" >&2; exit 1; }
}

stop_server() {
  if [ -f "$SERVER.pid" ]; then
    pid=$(cat "$SERVER.pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$SERVER.pid" "$SERVER.mode"
  fi
}

stop() {
  stop_server
  if [ -f "$DB/mariadbd.pid" ]; then
    pid=$(cat "$DB/mariadbd.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$DB/mariadbd.pid"
  fi
}

status() {  # exit 0 only when both run
  local rc=0
  if db_up; then echo "MariaDB: running (socket $SOCK)"; else echo "MariaDB: stopped"; rc=1; fi
  if ! server_ours || ! port_open; then echo "WordPress: stopped"; rc=1
  elif [ "$(server_mode)" != "$MODE" ]; then echo "WordPress: running as $(server_mode), not $MODE"; rc=1
  else echo "WordPress ($MODE): $URL (pid $(cat "$SERVER.pid"))"; fi
  return $rc
}

[ "${BASH_SOURCE[0]}" = "$0" ] || return 0   # sourced: the functions only
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  install) start_db; install_wp ;;
  status) status ;;
  dir) echo "$WP" ;;
  php) shift; use_php; WP_DIR="$WP" SMTP_EXT_MODULE="$EXT" php_cli "$@" ;;
  *) echo "usage: $0 start|stop|status|install|dir|php ARG..." >&2; exit 2 ;;
esac
