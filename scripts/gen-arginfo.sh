#!/usr/bin/env bash
# Regenerates php_stubs/*_arginfo.h from the stubs with gen_stub.php of PHP 8.5
# (the newest stable PHP; it runs in the sid root, see debian-root.sh). The
# stub's `@generate-legacy-arginfo 80200` makes it emit PHP_VERSION_ID branches,
# so the one committed header compiles on every supported version (8.2 and up).
# gen_stub.php wants nikic/PHP-Parser beside it and would download it; Debian's
# php-parser package is that library, so it is linked into a scratch copy.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/php-versions.conf"
"$ROOT/scripts/debian-root.sh" "$PHP85_SUITE" "${PHP85_PACKAGES[@]}" php-parser >/dev/null
"$ROOT/scripts/debian-root.sh" run "$PHP85_SUITE" bash -c '
  set -e
  work=$(mktemp -d)
  trap "rm -rf $work" EXIT
  cp /usr/lib/php/20250925/build/gen_stub.php "$work/"
  version=$(sed -n "s/^ *\$version = \"\(.*\)\";/\1/p" "$work/gen_stub.php")
  mkdir -p "$work/PHP-Parser-$version/lib"
  ln -s /usr/share/php/PhpParser "$work/PHP-Parser-$version/lib/PhpParser"
  php8.5 "$work/gen_stub.php" --force-regeneration php_stubs'
