#!/usr/bin/env bash
# Browser tests: Debian's Chromium, headless, driven by playwright-core (from
# npm, no browser download) against the local WordPress and SMTP servers.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/tests/browser"
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent
cd "$ROOT"
scripts/servers.sh start >/dev/null
scripts/wordpress.sh start >/dev/null
node --test --test-concurrency=1 tests/browser/run.mjs tests/browser/delivery.mjs tests/browser/codes.mjs
