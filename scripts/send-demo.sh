#!/usr/bin/env bash
# The project's main job in one command: install what is missing, build the
# extension, start a local SMTP server (aiosmtpd, as in the tests), send a real
# message with examples/send.php and print it exactly as the server received it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/deps.sh
scripts/build-ext.sh
scripts/servers.sh start >/dev/null
# shellcheck disable=SC1091
. .run/servers.env

box="$SMTP_TEST_MAILDIR/plain"
before=$(ls "$box" 2>/dev/null | wc -l)
php -d extension="$ROOT/modules/smtp.so" examples/send.php
for _ in $(seq 50); do
  [ "$(ls "$box"/*.eml 2>/dev/null | wc -l)" -gt "$before" ] && break
  sleep 0.1
done
latest=$(ls -t "$box"/*.eml | head -n 1)
printf '\n--- received by the local server (%s) ---\n' "$latest"
cat "$latest"
printf -- '--- end ---\n(The local servers keep running; stop them with scripts/servers.sh stop.)\n'
