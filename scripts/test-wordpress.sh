#!/usr/bin/env bash
# The plugin's PHPUnit tests inside a real WordPress + MariaDB with the smtp
# extension loaded, against the local SMTP servers.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/build-mo.sh
scripts/servers.sh start >/dev/null
scripts/wordpress.sh start
php -d extension="$ROOT/modules/smtp.so" /usr/bin/phpunit -c wordpress-plugin/tests/phpunit.xml "$@"
