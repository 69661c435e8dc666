#!/usr/bin/env bash
# Builds (once) a thread-safe debug PHP 8.2 from Debian 12's own php8.2 source
# package and prints its prefix, /var/cache/native-smtp/php-8.2-zts-debug.
# The extension is then built against it (scripts/build-ext.sh with
# PHP_PREFIX set) to prove the ZTS glue and to let the debug build report leaks.
# apt-get source runs with a private apt configuration (its own deb-src list,
# package lists and cache), so the machine's apt setup is left untouched.
set -euo pipefail
CACHE=/var/cache/native-smtp
PREFIX="$CACHE/php-8.2-zts-debug"
WORK="$CACHE/php-8.2-src"

# --disable-all keeps the build short; run-tests.php and our phpt need only
# what stays on, plus pcntl (the fork test), posix, iconv and ctype.
OPTIONS=(--enable-zts --enable-debug --disable-all --disable-cgi --disable-phpdbg --without-pear
         --enable-pcntl --enable-posix --with-iconv --enable-ctype)

mkdir -p "$CACHE"
exec 9>"$PREFIX.lock"
flock 9
if [ -x "$PREFIX/bin/php" ] && [ "$(cat "$PREFIX/configured-with" 2>/dev/null)" = "${OPTIONS[*]}" ]; then
  echo "$PREFIX"; exit 0
fi
rm -rf "$PREFIX"

echo "php-zts: building PHP 8.2 ZTS debug from Debian's source package (first run only, about 3 min)" >&2
rm -rf "$WORK" && mkdir -p "$WORK/lists/partial" "$WORK/archives/partial"
# deb-src lines for this machine's Debian 12 suites. The security archive is
# left out: its mirror does not always keep the sources of superseded versions.
awk '/^URIs:/ {u=$2} /^Suites:/ && u !~ /security/ {for (i = 2; i <= NF; i++) print "deb-src " u " " $i " main"}' \
  /etc/apt/sources.list.d/*.sources 2>/dev/null >"$WORK/sources.list" || true
sed -n '/security/d; s/^deb \(.*\)/deb-src \1/p' /etc/apt/sources.list 2>/dev/null >>"$WORK/sources.list" || true
APT=(-o Dir::Etc::SourceList="$WORK/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists="$WORK/lists" -o Dir::Cache="$WORK" -o Dir::Cache::archives="$WORK/archives")
apt-get "${APT[@]}" update -q >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; exit 1; }
(cd "$WORK" && apt-get "${APT[@]}" source -q --download-only php8.2 >>apt.log 2>&1 &&
  dpkg-source -x --no-check php8.2_*.dsc src >>apt.log 2>&1) || { tail -20 "$WORK/apt.log" >&2; exit 1; }

cd "$WORK/src"
./configure --prefix="$PREFIX" "${OPTIONS[@]}" >"$WORK/configure.log" 2>&1 ||
  { tail -30 "$WORK/configure.log" >&2; exit 1; }
make -j"$(nproc)" >"$WORK/make.log" 2>&1 || { tail -30 "$WORK/make.log" >&2; exit 1; }
make install >"$WORK/install.log" 2>&1 || { tail -30 "$WORK/install.log" >&2; exit 1; }
# Debian's patches leave a placeholder that its debian/rules fills in (the API
# version as a sub-folder of lib/php and include/php: this install has none),
# and make phpize take libtool's and pkg-config's macros from the system, as
# Debian's php8.2-dev does (/usr/share/aclocal).
api=$(sed -n 's/^#define PHP_API_VERSION \([0-9]*\)/\1/p' "$PREFIX/include/php/main/php.h")
sed -i "s|/@DEBIAN_PHP_API@||g; s|@DEBIAN_PHP_API@|$api|g" "$PREFIX/bin/phpize" "$PREFIX/bin/php-config"
sed -i 's|^aclocaldir=.*|aclocaldir="/usr/share/aclocal"|' "$PREFIX/bin/phpize"
echo "${OPTIONS[*]}" >"$PREFIX/configured-with"
cd / && rm -rf "$WORK"
"$PREFIX/bin/php" -v >&2
echo "$PREFIX"
