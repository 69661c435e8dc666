#!/usr/bin/env bash
# Builds the PHP extension the PECL way (phpize, configure --enable-smtp,
# make) in a copy of the sources, so the tree stays clean. Subcommands:
#   scripts/build-ext.sh            build (incremental)
#   scripts/build-ext.sh test       run the phpt suite in phpt/ against it
#   scripts/build-ext.sh valgrind   the phpt suite under valgrind (USE_ZEND_ALLOC=0), failing on leaks
# PHP_CONFIG names the PHP to build for (default: php-config, the system's
# PHP): its phpize, headers and php binary are used, and its run-tests.php.
# The system PHP's build is build/ext with modules/smtp.so; any other is
# build/ext-VERSION[-zts][-debug] with the module in its modules/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PHP_CONFIG="${PHP_CONFIG:-php-config}"
PHPIZE="$(dirname "$(command -v "$PHP_CONFIG")")/$(basename "$PHP_CONFIG" | sed 's/php-config/phpize/')"
PHP_BIN="$("$PHP_CONFIG" --php-binary)"
if [ "$PHP_CONFIG" = php-config ]; then
  B="$ROOT/build/ext"
  MODULE="$ROOT/modules/smtp.so"
else
  tag="$("$PHP_CONFIG" --version)"
  "$PHP_BIN" -n -r 'exit(PHP_ZTS ? 0 : 1);' && tag="$tag-zts"
  "$PHP_BIN" -n -r 'exit(PHP_DEBUG ? 0 : 1);' && tag="$tag-debug"
  B="$ROOT/build/ext-$tag"
  MODULE="$B/modules/smtp.so"
fi

build() {
  mkdir -p "$B"
  # Copy only what changed so make rebuilds incrementally.
  cp -pu "$ROOT/config.m4" "$ROOT/config.w32" "$ROOT/php_smtp.h" "$B/"
  mkdir -p "$B/src" "$B/ext" "$B/php_stubs"
  cp -pu "$ROOT"/src/*.h "$ROOT"/src/*.cpp "$B/src/"
  for part in "$ROOT"/src/*/; do
    mkdir -p "$B/src/$(basename "$part")"
    cp -pu "$part"*.h "$part"*.cpp "$B/src/$(basename "$part")/"
  done
  cp -pu "$ROOT"/ext/*.h "$ROOT"/ext/*.c "$ROOT"/ext/*.cpp "$B/ext/"
  cp -pu "$ROOT"/php_stubs/* "$B/php_stubs/"
  cd "$B"
  if [ ! -f Makefile ] || [ config.m4 -nt Makefile ]; then
    "$PHPIZE" >/dev/null
    ./configure --with-php-config="$(command -v "$PHP_CONFIG")" --enable-smtp CXXFLAGS="-O2 -g -Wall" >/dev/null
  fi
  # PHP's extension Makefiles do not track headers: a changed header rebuilds everything.
  if [ -f modules/smtp.so ] && [ -n "$(find src ext php_stubs php_smtp.h -name '*.h' -newer modules/smtp.so | head -1)" ]; then
    make clean >/dev/null
  fi
  make -j"$(nproc)" >/dev/null
  if [ "$MODULE" = "$ROOT/modules/smtp.so" ]; then
    mkdir -p "$ROOT/modules"
    # A new inode, not an overwrite: running PHP processes keep the copy they mapped.
    cp -p "$B/modules/smtp.so" "$ROOT/modules/.smtp.so.new"
    mv -f "$ROOT/modules/.smtp.so.new" "$MODULE"
  fi
  "$PHP_BIN" -n -d extension="$MODULE" -r 'exit(extension_loaded("smtp") ? 0 : 1);'
  echo "built $MODULE ($("$PHP_BIN" -n -r 'echo PHP_VERSION, PHP_ZTS ? " ZTS" : "", PHP_DEBUG ? " debug" : "";'))"
}

phpt() {  # extra run-tests.php options...
  [ -f "$MODULE" ] || build >/dev/null
  cd "$ROOT"
  # phpize copies the run-tests.php of the PHP it belongs to into the build.
  NO_INTERACTION=1 REPORT_EXIT_STATUS=1 TEST_PHP_EXECUTABLE="$PHP_BIN" \
    "$PHP_BIN" "$B/run-tests.php" -q --show-diff -d extension="$MODULE" "$@" phpt/
}

case "${1:-build}" in
  build) build ;;
  test) phpt ;;
  valgrind) USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 phpt -m ;;
  *) echo "usage: $0 [build|test|valgrind]" >&2; exit 2 ;;
esac
