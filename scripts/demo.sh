#!/usr/bin/env bash
# The WordPress demo in one command: installs what is missing, builds the
# extension, starts MariaDB, the local SMTP servers (aiosmtpd keeps every
# message) and WordPress on 127.0.0.1:8080 with the plugin active and set up
# to send through the local STARTTLS + AUTH server. Ctrl-C (or
# `scripts/demo.sh stop`, `make demo-stop`) stops everything it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

stop() {
  scripts/wordpress.sh stop >/dev/null 2>&1 || true
  scripts/servers.sh stop >/dev/null 2>&1 || true
}
if [ "${1:-}" = stop ]; then stop; echo "demo stopped"; exit 0; fi

scripts/deps.sh
scripts/build-ext.sh >/dev/null
scripts/build-mo.sh
scripts/servers.sh start >/dev/null
set -a; . .run/servers.env; set +a
scripts/wordpress.sh start >/dev/null
# Point the plugin at the local server (the settings page shows and changes this).
php -d extension="$ROOT/modules/smtp.so" -r '
  $_SERVER["HTTP_HOST"] = "127.0.0.1:8080";
  require ".run/wordpress/wp-load.php";
  if (!Native_SMTP_Options::stored()["host"]) {
      update_option(Native_SMTP_Options::OPTION, Native_SMTP_Settings_Page::sanitize(wp_slash([
          "provider" => "other", "host" => "localhost", "port" => getenv("SMTP_TEST_STARTTLS_PORT"), "encryption" => "starttls",
          "username" => getenv("SMTP_TEST_USER"), "password" => getenv("SMTP_TEST_PASS"), "from_email" => "site@example.com",
          "from_name" => "Demo Site", "register_code" => "1", "code_length" => "6", "code_ttl" => "10", "code_attempts" => "5"])));
  }' 
cat <<TXT

native-smtp demo is running.
  Site:          http://127.0.0.1:8080/
  Admin:         http://127.0.0.1:8080/wp-admin/  (user admin, password admin-pass-123)
  SMTP settings: http://127.0.0.1:8080/wp-admin/options-general.php?page=native-smtp
  Mail server:   localhost:$SMTP_TEST_STARTTLS_PORT (STARTTLS, user $SMTP_TEST_USER / $SMTP_TEST_PASS)
  Received mail: $SMTP_TEST_MAILDIR/starttls/  (one .eml per message)

Press Ctrl-C to stop everything.
TXT
trap 'echo; stop; echo "demo stopped"; exit 0' INT TERM
while true; do sleep 3600 & wait $!; done
