#!/usr/bin/env bash
# The current WordPress release (Debian sid's `wordpress` package) unpacked
# beside the system one, never installed over it: downloaded through a private
# apt configuration into /var/cache/native-smtp/wordpress-sid/ and unpacked
# with dpkg-deb -x, with the libraries Debian links into it (PHPMailer,
# getID3, the JavaScript libraries) from the same suite. Prints the folder
# that holds wp-load.php. A second run only prints it.
set -euo pipefail
CACHE=/var/cache/native-smtp/wordpress-sid
PACKAGES="wordpress libphp-phpmailer php-getid3 libjs-cropper libjs-jquery-ui libjs-lodash libjs-underscore"
mkdir -p "$CACHE"
exec 9>"$CACHE.lock"
flock 9   # another checkout may be fetching the same package

if [ ! -f "$CACHE/root/usr/share/wordpress/wp-load.php" ]; then
  apt_dir="$CACHE/apt"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc/preferences.d"
  # The same mirror as the machine's own sources, suite sid.
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror sid main" > "$apt_dir/sources.list"
  opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=-"
        -o "Dir::Etc::Preferences=-" -o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
        -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir"
        -o "Dir::Cache::archives=$apt_dir/archives" -o "Acquire::Check-Valid-Until=false"
        -o "APT::Get::List-Cleanup=0" -o "Debug::NoLocking=1")
  apt-get "${opts[@]}" -q update >"$CACHE/update.log" 2>&1 || { cat "$CACHE/update.log" >&2; exit 1; }
  rm -f "$CACHE"/*.deb
  (cd "$CACHE" && apt-get "${opts[@]}" -q download $PACKAGES >"$CACHE/download.log" 2>&1) \
    || { cat "$CACHE/download.log" >&2; exit 1; }
  rm -rf "$CACHE/root.new"
  for deb in "$CACHE"/*.deb; do dpkg-deb -x "$deb" "$CACHE/root.new"; done
  # Every link Debian made into another package must resolve now.
  if broken=$(find "$CACHE/root.new" -xtype l | head -5) && [ -n "$broken" ]; then
    echo "wordpress-current.sh: unresolved links: $broken" >&2; exit 1
  fi
  rm -rf "$CACHE/root" && mv "$CACHE/root.new" "$CACHE/root"
fi
echo "$CACHE/root/usr/share/wordpress"
