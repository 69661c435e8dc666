#!/usr/bin/env bash
# Debian roots made with debootstrap, cached outside the clone under
# /var/cache/native-smtp/roots/SUITE, for building and testing on the PHP
# versions other Debian suites carry (trixie: 8.4; sid + experimental: 8.5, 8.6).
#
#   scripts/debian-root.sh SUITE [PACKAGE[=VERSION|/RELEASE]...]
#       creates the root once, then installs the packages that are missing
#       (nothing is downloaded when all are there); prints the root's path.
#   scripts/debian-root.sh run SUITE COMMAND [ARG...]
#       runs COMMAND as root inside it, with /proc, /dev and this clone
#       mounted at the same paths as outside.
#
# SUITE is trixie, sid or any suite debootstrap knows. The sid root also
# lists experimental (lowest priority: only what is asked for by version or
# /experimental comes from there). Release files of sid and experimental can
# be past their validity date, so the roots' apt does not check it.
# A lock file beside each root serialises the engineers and CI runs that
# create or change the same root; `run` holds it shared.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOTS=/var/cache/native-smtp/roots

usage() { echo "usage: $0 SUITE [PACKAGE...] | $0 run SUITE COMMAND..." >&2; exit 2; }

# The Debian mirror this machine uses (deb822 or one-line sources).
mirror() {
  local uri
  uri=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# Runs a command in root $1 in a private mount namespace, so the mounts
# vanish with it whatever happens.
in_root() {
  local r="$1"; shift
  cp -L /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
  # debootstrap leaves sid without /etc/hosts: "localhost" must resolve for the TLS tests.
  [ -s "$r/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$r/etc/hosts"
  unshare -m --propagation private -- bash -c '
    r="$1" clone="$2"; shift 2
    mount -t proc proc "$r/proc"
    mount --rbind /dev "$r/dev"
    mkdir -p "$r$clone" && mount --bind "$clone" "$r$clone"
    exec chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive ${SMTP_TEST_RUN_DIR:+SMTP_TEST_RUN_DIR=$SMTP_TEST_RUN_DIR} \
      bash -c "cd \"\$0\" && exec \"\$@\"" "$clone" "$@"
  ' in-root "$r" "$ROOT" "$@"
}

create() {  # suite root
  local suite="$1" r="$2" m tmp
  m="$(mirror)"
  tmp="$r.partial"
  rm -rf "$tmp"
  echo "debian-root: creating the $suite root from $m (first run only, about 2 min)" >&2
  debootstrap --variant=minbase "$suite" "$tmp" "$m" >"$ROOTS/$suite.debootstrap.log" 2>&1 ||
    { echo "debian-root: debootstrap failed, see $ROOTS/$suite.debootstrap.log" >&2; exit 1; }
  echo "deb $m $suite main" >"$tmp/etc/apt/sources.list"
  if [ "$suite" = sid ] || [ "$suite" = unstable ]; then
    echo "deb $m experimental main" >>"$tmp/etc/apt/sources.list"
  fi
  cat >"$tmp/etc/apt/apt.conf.d/90native-smtp" <<'EOF'
Acquire::Check-Valid-Until "false";
APT::Install-Recommends "false";
DPkg::Lock::Timeout "900";
EOF
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"   # never start services in the root
  chmod +x "$tmp/usr/sbin/policy-rc.d"
  mv "$tmp" "$r"
}

# True when every package is installed (at the version asked for, if any).
all_installed() {  # root packages...
  local r="$1" p name want have; shift
  for p in "$@"; do
    name="${p%%[=/]*}"
    have=$(chroot "$r" dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)
    [[ "$have" == "install ok installed "* ]] || return 1
    if [[ "$p" == *=* ]]; then want="${p#*=}"; [ "${have##* }" = "$want" ] || return 1; fi
  done
}

ensure() {  # suite packages...
  local suite="$1" r="$ROOTS/$1"; shift
  mkdir -p "$ROOTS"
  exec 9>"$ROOTS/$suite.lock"
  # Shared while only looking, so a warm root never waits for another run's tests.
  flock -s 9
  if [ -d "$r" ] && all_installed "$r" "$@"; then flock -u 9; echo "$r"; return; fi
  flock -u 9
  flock 9
  [ -d "$r" ] || create "$suite" "$r"
  if [ $# -gt 0 ] && ! all_installed "$r" "$@"; then
    echo "debian-root: adding to the $suite root: $*" >&2
    in_root "$r" apt-get update -q >/dev/null
    in_root "$r" apt-get install -y -q "$@" >"$ROOTS/$suite.apt.log" 2>&1 ||
      { tail -30 "$ROOTS/$suite.apt.log" >&2; echo "debian-root: apt-get install failed in $r" >&2; exit 1; }
  fi
  flock -u 9
  echo "$r"
}

[ $# -ge 1 ] || usage
[ "$(id -u)" -eq 0 ] || { echo "debian-root: run as root (debootstrap, chroot)" >&2; exit 1; }
if [ "$1" = run ]; then
  [ $# -ge 3 ] || usage
  suite="$2"; shift 2
  [ -d "$ROOTS/$suite" ] || { echo "debian-root: no $suite root yet; run $0 $suite first" >&2; exit 1; }
  exec 9>"$ROOTS/$suite.lock"
  flock -s 9
  in_root "$ROOTS/$suite" "$@"
else
  ensure "$@"
fi
