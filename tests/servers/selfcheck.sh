#!/usr/bin/env bash
# Cross-checks the local test servers (scripts/servers.sh start) with clients
# that are not ours: swaks, openssl s_client and Python's smtplib. So a failure
# in the project's own tests cannot be the servers' fault. One line per check,
# a closing "N passed, N failed" line, non-zero exit on any failure.
#
#   tests/servers/selfcheck.sh [--dir RUN_DIR]   (default $SMTP_TEST_RUN_DIR, else <root>/.run)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="${SMTP_TEST_RUN_DIR:-$ROOT/.run}"
[ "${1:-}" = --dir ] && RUN=$2
if [ ! -r "$RUN/servers.env" ]; then
  echo "selfcheck: no $RUN/servers.env: run scripts/servers.sh start first" >&2
  exit 1
fi
set -a
# shellcheck disable=SC1091
. "$RUN/servers.env"
set +a
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export SELFCHECK_MARK="selfcheck-$$-$RANDOM"
passed=0 failed=0 n=0

pass() { echo "ok   $1"; passed=$((passed + 1)); }
fail() {  # name reason [transcript]
  echo "FAIL $1: $2"
  failed=$((failed + 1))
  if [ -n "${3:-}" ]; then tail -n 20 "$3" | sed 's/^/     | /'; fi
}

USER_ARGS=(--auth-user "$SMTP_TEST_USER" --auth-password "$SMTP_TEST_PASS")
VERIFY=(--tls-verify --tls-ca-path "$SMTP_TEST_CA")
PLAIN=(--server "127.0.0.1:$SMTP_TEST_PLAIN_PORT")
STARTTLS=(--server "localhost:$SMTP_TEST_STARTTLS_PORT")
IMPLICIT=(--server "localhost:$SMTP_TEST_IMPLICIT_PORT")

swaks_run() {  # transcript swaks-args...
  local out=$1; shift
  swaks --from check@example.com --to bob@example.com "$@" > "$out" 2>&1
}

find_eml() {  # box id: prints the .eml that carries "X-Selfcheck: id" (waits up to 5 s)
  local f
  for _ in $(seq 50); do
    for f in "$SMTP_TEST_MAILDIR/$1"/*.eml; do
      [ -f "$f" ] && grep -qF "X-Selfcheck: $2" "$f" && { echo "$f"; return 0; }
    done
    sleep 0.1
  done
  return 1
}

sidecar_differs() {  # json 'key=value ...': prints what differs
  /usr/bin/python3 - "$@" <<'EOF'
import json, sys
meta = json.load(open(sys.argv[1]))
for want in sys.argv[2:]:
    key, value = want.split("=", 1)
    if str(meta.get(key)) != value:
        print("%s is %r, not %s" % (key, meta.get(key), value), end="; ")
EOF
}

delivered() {  # name box 'key=value ...' swaks-args...: swaks succeeds, the message is in box, the sidecar says so
  local name=$1 box=$2 want=$3; shift 3
  n=$((n + 1))
  local id="$SELFCHECK_MARK-$n" out="$TMP/$n.out" eml bad rc=0
  swaks_run "$out" --header "X-Selfcheck: $id" "$@" || rc=$?
  if [ $rc -ne 0 ]; then fail "$name" "swaks exit $rc" "$out"; return; fi
  if ! eml=$(find_eml "$box" "$id"); then fail "$name" "no message in $SMTP_TEST_MAILDIR/$box"; return; fi
  # shellcheck disable=SC2086
  bad=$(sidecar_differs "${eml%.eml}.json" $want)
  if [ -n "$bad" ]; then fail "$name" "${eml%.eml}.json: $bad"; else pass "$name"; fi
}

refused() {  # name 'text the transcript must show' swaks-args...: swaks fails, with that reply
  local name=$1 text=$2 rc=0; shift 2
  n=$((n + 1))
  local out="$TMP/$n.out"
  swaks_run "$out" "$@" || rc=$?
  if [ $rc -eq 0 ]; then fail "$name" "swaks succeeded" "$out"
  elif ! grep -qF -- "$text" "$out"; then fail "$name" "no \"$text\" in the transcript" "$out"
  else pass "$name"; fi
}

# --- swaks -----------------------------------------------------------------
delivered "swaks: plain, no AUTH" plain "tls=False auth_user=None" "${PLAIN[@]}"
delivered "swaks: plain, AUTH PLAIN" plain "tls=False auth_user=$SMTP_TEST_USER auth_mechanism=PLAIN" "${PLAIN[@]}" --auth PLAIN "${USER_ARGS[@]}"
delivered "swaks: plain, AUTH LOGIN" plain "auth_user=$SMTP_TEST_USER auth_mechanism=LOGIN" "${PLAIN[@]}" --auth LOGIN "${USER_ARGS[@]}"
delivered "swaks: plain, AUTH CRAM-MD5" plain "auth_user=$SMTP_TEST_USER auth_mechanism=CRAM-MD5" "${PLAIN[@]}" --auth CRAM-MD5 "${USER_ARGS[@]}"
refused "swaks: plain, wrong password gives 535" "535 5.7.8 Authentication credentials invalid" "${PLAIN[@]}" --auth LOGIN --auth-user "$SMTP_TEST_USER" --auth-password wrong
delivered "swaks: STARTTLS, certificate verified, AUTH PLAIN" starttls "tls=True auth_user=$SMTP_TEST_USER auth_mechanism=PLAIN" "${STARTTLS[@]}" --tls "${VERIFY[@]}" --auth PLAIN "${USER_ARGS[@]}"
delivered "swaks: STARTTLS, AUTH CRAM-MD5" starttls "tls=True auth_mechanism=CRAM-MD5" "${STARTTLS[@]}" --tls "${VERIFY[@]}" --auth CRAM-MD5 "${USER_ARGS[@]}"
refused "swaks: STARTTLS port refuses MAIL before STARTTLS" "530 Must issue a STARTTLS command first" "${STARTTLS[@]}"
refused "swaks: STARTTLS port offers no AUTH before STARTTLS" "Host did not advertise authentication" "${STARTTLS[@]}" --auth PLAIN "${USER_ARGS[@]}"
refused "swaks: STARTTLS port refuses MAIL without AUTH" "530 5.7.0 Authentication required" "${STARTTLS[@]}" --tls "${VERIFY[@]}"
delivered "swaks: implicit TLS, certificate verified, AUTH LOGIN" implicit "tls=True auth_user=$SMTP_TEST_USER auth_mechanism=LOGIN" "${IMPLICIT[@]}" --tlsc "${VERIFY[@]}" --auth LOGIN "${USER_ARGS[@]}"
refused "swaks: implicit TLS, wrong password gives 535" "535 5.7.8" "${IMPLICIT[@]}" --tlsc "${VERIFY[@]}" --auth PLAIN --auth-user "$SMTP_TEST_USER" --auth-password wrong
refused "swaks: self-signed certificate fails verification" "certificate verify failed" --server "localhost:$SMTP_TEST_SELFSIGNED_PORT" --tls "${VERIFY[@]}"
delivered "swaks: self-signed server works without verification" selfsigned "tls=True" --server "localhost:$SMTP_TEST_SELFSIGNED_PORT" --tls
# swaks 20201014 checks the chain but not the host name: the chain is fine, the name is checked below.
delivered "swaks: wrong-host certificate chains to the test CA" wronghost "tls=True" --server "localhost:$SMTP_TEST_WRONGHOST_PORT" --tls "${VERIFY[@]}"
refused "swaks: refused recipient gives 550 5.1.1" "550 5.1.1" --server "127.0.0.1:$SMTP_TEST_REJECT_PORT" --to reject-me@example.com
delivered "swaks: refusing server takes other recipients" reject "rcpt_tos=['bob@example.com']" --server "127.0.0.1:$SMTP_TEST_REJECT_PORT"
delivered "swaks: the ASCII-only server takes plain mail" ascii "smtputf8=False" --server "127.0.0.1:$SMTP_TEST_ASCII_PORT"

# Exact bytes: swaks dot-stuffs ".x" lines and ends the data with CRLF; the
# .eml must hold the data as it was before stuffing.
n=$((n + 1))
printf 'Subject: exact bytes\r\nX-Selfcheck: %s-bytes\r\n\r\n.one dot\r\n..two dots\r\n8-bit: \303\244\342\202\254\r\n\r\nlast line' "$SELFCHECK_MARK" > "$TMP/data"
printf '\r\n' | cat "$TMP/data" - > "$TMP/expected"
if ! swaks_run "$TMP/$n.out" "${PLAIN[@]}" --data "$TMP/data"; then fail "swaks: .eml holds the exact bytes" "swaks failed" "$TMP/$n.out"
elif ! eml=$(find_eml plain "$SELFCHECK_MARK-bytes"); then fail "swaks: .eml holds the exact bytes" "no message"
elif ! cmp -s "$eml" "$TMP/expected"; then fail "swaks: .eml holds the exact bytes" "$eml differs from what was sent"
else pass "swaks: .eml holds the exact bytes"; fi

n=$((n + 1))
if swaks_run "$TMP/$n.out" --server "127.0.0.1:$SMTP_TEST_SINK_PORT" --pipeline && grep -q "250-PIPELINING" "$TMP/$n.out"; then
  pass "swaks: smtp-sink, pipelined"
else fail "swaks: smtp-sink, pipelined" "no PIPELINING or not accepted" "$TMP/$n.out"; fi

n=$((n + 1))
if swaks_run "$TMP/$n.out" --server "127.0.0.1:$SMTP_TEST_SINK_DUMP_PORT" --header "X-Selfcheck: $SELFCHECK_MARK-dump" &&
   for _ in $(seq 50); do grep -rqF "X-Selfcheck: $SELFCHECK_MARK-dump" "$SMTP_TEST_MAILDIR/sink" && break; sleep 0.1; done &&
   grep -rqF "X-Selfcheck: $SELFCHECK_MARK-dump" "$SMTP_TEST_MAILDIR/sink"; then
  pass "swaks: dumping smtp-sink writes the message to mail/sink"
else fail "swaks: dumping smtp-sink writes the message to mail/sink" "not found" "$TMP/$n.out"; fi

# --- openssl s_client: host-name checking ------------------------------------
tls_check() {  # name expect(ok|fail) text port s_client-args...
  local name=$1 expect=$2 text=$3 port=$4 rc=0; shift 4
  n=$((n + 1))
  openssl s_client -connect "127.0.0.1:$port" -CAfile "$SMTP_TEST_CA" -verify_return_error -brief "$@" \
    < /dev/null > "$TMP/$n.out" 2>&1 || rc=$?
  if [ "$expect" = ok ] && [ $rc -ne 0 ]; then fail "$name" "openssl exit $rc" "$TMP/$n.out"
  elif [ "$expect" = fail ] && [ $rc -eq 0 ]; then fail "$name" "verification passed" "$TMP/$n.out"
  elif ! grep -qF -- "$text" "$TMP/$n.out"; then fail "$name" "no \"$text\" in the output" "$TMP/$n.out"
  else pass "$name"; fi
}
tls_check "openssl: STARTTLS certificate verifies for localhost" ok "Verification: OK" "$SMTP_TEST_STARTTLS_PORT" -starttls smtp -verify_hostname localhost
tls_check "openssl: implicit TLS certificate verifies for 127.0.0.1" ok "Verification: OK" "$SMTP_TEST_IMPLICIT_PORT" -verify_ip 127.0.0.1
tls_check "openssl: wrong-host certificate fails the host-name check" fail "hostname mismatch" "$SMTP_TEST_WRONGHOST_PORT" -starttls smtp -verify_hostname localhost
tls_check "openssl: self-signed certificate fails verification" fail "self-signed certificate" "$SMTP_TEST_SELFSIGNED_PORT" -starttls smtp -verify_hostname localhost

# --- Python smtplib: XOAUTH2, exact bytes, TLS refusals, IPv6, many connections ---
py_rc=0
/usr/bin/python3 - > "$TMP/py.out" 2>&1 <<'EOF' || py_rc=$?
import base64, json, os, smtplib, ssl, threading, time
env = os.environ
MARK, USER, PASS = env["SELFCHECK_MARK"], env["SMTP_TEST_USER"], env["SMTP_TEST_PASS"]
HOST, CA, MAIL = env["SMTP_TEST_HOST"], env["SMTP_TEST_CA"], env["SMTP_TEST_MAILDIR"]
port = lambda name: int(env["SMTP_TEST_%s_PORT" % name])
ctx = ssl.create_default_context(cafile=CA)

def check(name):
    def run(f):
        try:
            f()
            print("ok   python: " + name)
        except Exception as e:
            print("FAIL python: %s: %s: %s" % (name, type(e).__name__, e))
    return run

def received(box, marker):
    for _ in range(50):
        for f in sorted(os.listdir(os.path.join(MAIL, box))):
            p = os.path.join(MAIL, box, f)
            if f.endswith(".eml") and marker.encode() in open(p, "rb").read():
                return open(p, "rb").read(), json.load(open(p[:-4] + ".json"))
        time.sleep(0.1)
    raise AssertionError("nothing with %s arrived in %s" % (marker, box))

def xoauth2(user, token):
    return base64.b64encode(("user=%s\x01auth=Bearer %s\x01\x01" % (user, token)).encode()).decode()

def expect(got, want):
    assert got[0] == want[0] and got[1].startswith(want[1]), "got %r, wanted %r" % (got, want)

@check("XOAUTH2 over implicit TLS (create_default_context(cafile=CA))")
def _():
    marker = MARK + "-xoauth2"
    with smtplib.SMTP_SSL("localhost", port("IMPLICIT"), context=ctx) as s:
        s.ehlo("selfcheck.example")
        assert "XOAUTH2" in s.esmtp_features["auth"].split(), s.esmtp_features
        expect(s.docmd("AUTH", "XOAUTH2 " + xoauth2(USER, PASS)), (235, b"2.7.0"))
        s.sendmail("a@example.com", ["b@example.com"], ("Subject: x\r\nX-Selfcheck: %s\r\n\r\nhi\r\n" % marker).encode())
    _, meta = received("implicit", marker)
    assert meta["tls"] is True and meta["auth_user"] == USER and meta["auth_mechanism"] == "XOAUTH2", meta

@check("XOAUTH2 wrong token: 334 JSON error, then 535")
def _():
    with smtplib.SMTP_SSL("localhost", port("IMPLICIT"), context=ctx) as s:
        s.ehlo("selfcheck.example")
        code, text = s.docmd("AUTH", "XOAUTH2 " + xoauth2(USER, "wrong"))
        assert code == 334 and json.loads(base64.b64decode(text))["status"] == "401", (code, text)
        expect(s.docmd(""), (535, b"5.7.8 Authentication credentials invalid"))
        expect(s.docmd("MAIL", "FROM:<a@example.com>"), (530, b"5.7.0 Authentication required"))

@check("STARTTLS, SMTPUTF8 + 8BITMIME: .eml holds the exact bytes")
def _():
    marker = MARK + "-utf8"
    body = ("Subject: =?UTF-8?B?w6Q=?=\r\nX-Selfcheck: %s\r\n\r\n.dot\r\n..dots\r\n.\r\nÄ € 😀\r\n" % marker).encode()
    with smtplib.SMTP("localhost", port("STARTTLS")) as s:
        s.ehlo("selfcheck.example")
        assert "auth" not in s.esmtp_features and "starttls" in s.esmtp_features, s.esmtp_features
        s.starttls(context=ctx)
        s.ehlo("selfcheck.example")
        for k in ("8bitmime", "smtputf8", "pipelining", "auth"):
            assert k in s.esmtp_features, (k, s.esmtp_features)
        s.login(USER, PASS)
        s.sendmail("ä@example.com", ["ü@example.com"], body, mail_options=["SMTPUTF8", "BODY=8BITMIME"])
    eml, meta = received("starttls", marker)
    assert eml == body, "bytes differ"
    assert meta["smtputf8"] is True and meta["rcpt_tos"] == ["ü@example.com"] and "SMTPUTF8" in meta["mail_options"], meta

@check("plain server: 8BITMIME and SMTPUTF8, no PIPELINING, AUTH without TLS")
def _():
    with smtplib.SMTP(HOST, port("PLAIN")) as s:
        s.ehlo("selfcheck.example")
        f = s.esmtp_features
        assert "8bitmime" in f and "smtputf8" in f and "pipelining" not in f and "PLAIN" in f.get("auth", ""), f

@check("wrong-host certificate: host-name check fails")
def _():
    with smtplib.SMTP("localhost", port("WRONGHOST")) as s:
        try:
            s.starttls(context=ctx)
        except ssl.SSLCertVerificationError as e:
            assert "mismatch" in str(e) or "match" in str(e), e
            return
    raise AssertionError("the handshake succeeded")

@check("self-signed certificate: verification fails")
def _():
    with smtplib.SMTP("localhost", port("SELFSIGNED")) as s:
        try:
            s.starttls(context=ctx)
        except ssl.SSLCertVerificationError as e:
            assert "self-signed" in str(e) or "self signed" in str(e), e
            return
    raise AssertionError("the handshake succeeded")

if env.get("SMTP_TEST_HOST6"):
    @check("IPv6 loopback [::1] on the plain port")
    def _():
        marker = MARK + "-ipv6"
        with smtplib.SMTP(env["SMTP_TEST_HOST6"], port("PLAIN")) as s:
            s.sendmail("a@example.com", ["b@example.com"], ("Subject: v6\r\nX-Selfcheck: %s\r\n\r\nhi\r\n" % marker).encode())
        _, meta = received("plain6", marker)
        assert meta["peer"] == "::1", meta

@check("smtp-sink: 50 concurrent connections")
def _():
    errors = []
    def one(i):
        try:
            with smtplib.SMTP(HOST, port("SINK"), timeout=20) as s:
                s.sendmail("a@example.com", ["b%d@example.com" % i], b"Subject: load\r\n\r\nx\r\n")
        except Exception as e:
            errors.append(e)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
    for t in threads: t.start()
    for t in threads: t.join()
    assert not errors, errors[:3]
EOF
# The OAuth authorization server and the token-checking SMTP server.
/usr/bin/python3 "$ROOT/tests/servers/selfcheck_oauth.py" >> "$TMP/py.out" 2>&1 || py_rc=$?

cat "$TMP/py.out"
passed=$((passed + $(grep -c '^ok ' "$TMP/py.out")))
failed=$((failed + $(grep -c '^FAIL ' "$TMP/py.out")))
if [ $py_rc -ne 0 ]; then fail "python checks" "python exited with $py_rc"; fi

echo "selfcheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
