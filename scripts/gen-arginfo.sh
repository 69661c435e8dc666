#!/usr/bin/env bash
# Regenerates php_stubs/*_arginfo.h from the stubs with PHP's own gen_stub.php.
# gen_stub.php wants nikic/PHP-Parser 4.15.1 beside it and would download it;
# Debian's php-parser package is that library, so link it in a scratch copy.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp /usr/lib/php/20220829/build/gen_stub.php "$WORK/"
mkdir -p "$WORK/PHP-Parser-4.15.1/lib"
ln -s /usr/share/php/PhpParser "$WORK/PHP-Parser-4.15.1/lib/PhpParser"
php "$WORK/gen_stub.php" --force-regeneration "$ROOT/php_stubs"
