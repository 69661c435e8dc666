# Sourced by postfix-private.sh and exim-private.sh: what both private mail
# servers need. The caller sets NAME (postfix, exim) and COMMANDS (the
# sub-commands it takes, as a case pattern such as "start|stop|status").
# After private_mta_args "$@": CMD, and RUN (the run folder, absolute).

private_mta_args() {
  local usage="usage: $NAME-private.sh $COMMANDS [--dir RUN_DIR]"
  RUN="${SMTP_TEST_RUN_DIR:-$ROOT/.run}"
  CMD=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; RUN=$2; shift ;;
      --dir=*) RUN=${1#--dir=} ;;
      *) if [[ "|$COMMANDS|" == *"|$1|"* ]]; then CMD=$1; else echo "$usage" >&2; exit 2; fi ;;
    esac
    shift
  done
  [ -n "$CMD" ] || { echo "$usage" >&2; exit 2; }
  [ "$(id -u)" -eq 0 ] || { echo "$NAME-private.sh: the server starts as root; run this as root" >&2; exit 1; }
  mkdir -p "$RUN"
  RUN="$(cd "$RUN" && pwd)"
}

# RUN/NAME, where the server's own users (arguments) must pass. When the
# clone sits where others cannot (root's home is mode 700), the instance
# lives under /tmp and RUN/NAME is a link to it.
private_mta_dir() {  # user...
  local d="$RUN/$NAME" t u ok=1
  if [ -L "$d" ] && [ -d "$d" ]; then readlink -f "$d"; return; fi
  rm -f "$d" 2>/dev/null || true  # a link whose target was cleaned away
  mkdir -p "$d"
  chmod 755 "$d"
  for u in "$@"; do runuser -u "$u" -- test -x "$d" || ok=0; done
  if [ $ok = 1 ]; then echo "$d"; return; fi
  rmdir "$d"
  t=$(mktemp -d "/tmp/native-smtp-$NAME.XXXXXX")
  chmod 755 "$t"
  ln -s "$t" "$d"
  echo "$t"
}

free_ports() {  # n: n distinct free TCP ports on 127.0.0.1
  /usr/bin/python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

accepts() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

private_mta_lock() {  # one start or stop at a time per run folder (fd 8: keep it from the daemon)
  exec 8>"$RUN/.$NAME.lock"
  flock -w 60 8 || { echo "$NAME-private.sh: another start/stop holds $RUN/.$NAME.lock" >&2; exit 1; }
}
