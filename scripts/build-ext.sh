#!/usr/bin/env bash
# Builds the PHP extension the PECL way (phpize, configure --enable-smtp,
# make) in build/ext, a copy of the sources, so the tree stays clean; the
# result is modules/smtp.so. Subcommands:
#   scripts/build-ext.sh            build (incremental)
#   scripts/build-ext.sh test       run the phpt suite in phpt/ against it
#   scripts/build-ext.sh valgrind   the phpt suite under valgrind (USE_ZEND_ALLOC=0), failing on leaks
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
B="$ROOT/build/ext"
RUN_TESTS=/usr/lib/php/20220829/build/run-tests.php

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
    phpize >/dev/null
    ./configure --enable-smtp CXXFLAGS="-O2 -g -Wall" >/dev/null
  fi
  make -j"$(nproc)" >/dev/null
  mkdir -p "$ROOT/modules"
  # A new inode, not an overwrite: running PHP processes keep the copy they mapped.
  cp -p "$B/modules/smtp.so" "$ROOT/modules/.smtp.so.new"
  mv -f "$ROOT/modules/.smtp.so.new" "$ROOT/modules/smtp.so"
  php -n -d extension="$ROOT/modules/smtp.so" -r 'exit(extension_loaded("smtp") ? 0 : 1);'
  echo "built $ROOT/modules/smtp.so"
}

phpt() {  # extra run-tests.php options...
  [ -f "$ROOT/modules/smtp.so" ] || build
  cd "$ROOT"
  NO_INTERACTION=1 REPORT_EXIT_STATUS=1 TEST_PHP_EXECUTABLE="$(command -v php)" \
    php "$RUN_TESTS" -q --show-diff -d extension="$ROOT/modules/smtp.so" "$@" phpt/
}

case "${1:-build}" in
  build) build ;;
  test) phpt ;;
  valgrind) USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 phpt -m ;;
  *) echo "usage: $0 [build|test|valgrind]" >&2; exit 2 ;;
esac
