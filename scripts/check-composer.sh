#!/usr/bin/env bash
# composer.json, read by PIE (PECL's successor): valid for Debian 13's composer
# (2.8, which knows PIE's php-ext schema; Debian 12's 2.5 predates it, so this
# runs in the trixie root), and its configure-options are exactly the options
# config.m4 declares.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/debian-root.sh trixie composer >/dev/null
scripts/debian-root.sh run trixie env COMPOSER_ALLOW_SUPERUSER=1 \
  composer validate --strict --no-interaction --no-check-version 2>&1 | grep -v 'root package .* version'

declared=$(sed -n 's/^PHP_ARG_\(ENABLE\|WITH\)(\[\([a-z0-9_-]*\)\].*/\1-\2/p' config.m4 | tr 'A-Z' 'a-z' | sort)
listed=$(php -r '$j = json_decode(file_get_contents("composer.json"), true, 512, JSON_THROW_ON_ERROR);
  foreach ($j["php-ext"]["configure-options"] as $o) echo $o["name"], "\n";' | sort)
if [ "$declared" != "$listed" ]; then
  echo "composer.json configure-options ($(echo $listed)) differ from config.m4's options ($(echo $declared))" >&2
  exit 1
fi
echo "composer.json: valid; configure-options match config.m4 ($(echo $declared))"
