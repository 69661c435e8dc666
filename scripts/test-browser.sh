#!/usr/bin/env bash
# Browser tests: Debian's Chromium, headless, driven by playwright-core (from
# npm, no browser download) against the local WordPress and SMTP servers.
#   scripts/test-browser.sh [--screenshots] [SUITE...]
# --screenshots: after the tests pass, copies the screenshots the README shows
# from test-output/browser/ to docs/screenshots/.
# SUITE: run only these of tests/browser/*.mjs (e.g. oauth settings); all by default.
set -euo pipefail
SHOTS=0
[ "${1:-}" = --screenshots ] && { SHOTS=1; shift; }
SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(run delivery codes settings oauth)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/tests/browser"
[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund --silent
cd "$ROOT"
scripts/servers.sh start >/dev/null
scripts/wordpress.sh start >/dev/null
# WP_CORE=current and SMTP_EXTENSION=0 choose the WordPress and the PHP, as for test-wordpress.sh.
WP_DIR="$(scripts/wordpress.sh dir)"
export WP_DIR
FILES=()
for s in "${SUITES[@]}"; do FILES+=("tests/browser/${s%.mjs}.mjs"); done
node --test --test-concurrency=1 "${FILES[@]}"
if [ "$SHOTS" = 1 ]; then
  # docs name <- test-output name
  while read -r doc shot; do
    cp "test-output/browser/$shot.png" "docs/screenshots/$doc.png"
  done <<'LIST'
settings settings-connection-check-en_US
settings-errors settings-errors-en_US
settings-test-email settings-test-email-en_US
settings-ja settings-port-check-ja
settings-zh_CN settings-errors-zh_CN
settings-fi settings-test-email-fi
registration 4-register-with-code
LIST
  echo "docs/screenshots/ updated"
fi
