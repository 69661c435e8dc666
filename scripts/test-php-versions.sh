#!/usr/bin/env bash
# Builds the extension and runs the phpt suite on the PHP versions sites run,
# beside the host's PHP 8.2 (which scripts/test.sh tests itself):
#   8.4           Debian 13 (trixie) root
#   8.5           Debian experimental, in a sid root, at pinned versions
#   8.2 ZTS debug built from Debian 12's php8.2 source package; the debug
#                 build reports leaks, which fail the phpt they come from
#   8.6 RC        experimental's release candidate: reported, never failing
# The roots and the ZTS PHP are cached under /var/cache/native-smtp (first run:
# several minutes, see README); the local servers (scripts/servers.sh start)
# must be running for the sending tests. Exits non-zero when a supported
# version fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/php-versions.conf
failed=()
rc_note="not run"

in_root() {  # suite packages-array-name php-config
  local suite=$1 config=$3
  local -n packages=$2
  scripts/debian-root.sh "$suite" "${BUILD_PACKAGES[@]}" "${packages[@]}" >/dev/null
  scripts/debian-root.sh run "$suite" env PHP_CONFIG="$config" scripts/build-ext.sh build &&
    scripts/debian-root.sh run "$suite" env PHP_CONFIG="$config" scripts/build-ext.sh test
}

echo "--- PHP 8.4 (Debian 13 trixie root)"
in_root "$PHP84_SUITE" PHP84_PACKAGES php-config8.4 || failed+=("8.4")

echo "--- PHP 8.5 (experimental, sid root)"
in_root "$PHP85_SUITE" PHP85_PACKAGES php-config8.5 || failed+=("8.5")

echo "--- PHP 8.2 ZTS debug (Debian 12's php8.2 source)"
zts="$(scripts/php-zts.sh)"
{ PHP_CONFIG="$zts/bin/php-config" scripts/build-ext.sh build &&
  PHP_CONFIG="$zts/bin/php-config" scripts/build-ext.sh test; } || failed+=("8.2 ZTS debug")

echo "--- PHP 8.6 release candidate (experimental, sid root; reported only)"
if in_root "$PHP86_SUITE" PHP86_PACKAGES php-config8.6; then rc_note="passes"; else rc_note="FAILS (not counted)"; fi

echo
echo "PHP 8.6 release candidate: $rc_note"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED on PHP ${failed[*]}" >&2
  exit 1
fi
echo "PHP 8.4, 8.5 and 8.2 ZTS debug: all phpt passed"
