#!/usr/bin/env bash
# Makes the test PKI under OUTDIR (default <root>/.run/tls) with the openssl CLI:
#   ca.pem / ca.key                   test CA (EC P-256, SHA-256, CA:TRUE)
#   server.pem / server.key           signed by the CA for localhost, 127.0.0.1, ::1
#   wrong-host.pem / wrong-host.key   signed by the CA, but for wrong.example only
#   self-signed.pem / self-signed.key self-signed for localhost
# Idempotent: does nothing while every file is there, the keys match, nothing
# expires within a day and server.pem verifies against ca.pem with host-name
# checking. Otherwise the whole set is made anew (a new CA needs new leaves).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/.run/tls}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# Several scripts call this one (make unit, servers.sh, test.sh): one at a time.
exec 9>"$OUT/.lock"
flock 9

NAMES=(ca server wrong-host self-signed)

key_matches() {  # name: the certificate's public key is the key file's
  [ "$(openssl x509 -in "$1.pem" -noout -pubkey 2>/dev/null)" = "$(openssl pkey -in "$1.key" -pubout 2>/dev/null)" ]
}

valid() {
  local n
  for n in "${NAMES[@]}"; do
    [ -s "$OUT/$n.pem" ] && [ -s "$OUT/$n.key" ] || return 1
    openssl x509 -in "$OUT/$n.pem" -noout -checkend 86400 >/dev/null 2>&1 || return 1
    (cd "$OUT" && key_matches "$n") || return 1
  done
  openssl verify -CAfile "$OUT/ca.pem" -purpose sslserver -verify_hostname localhost "$OUT/server.pem" >/dev/null 2>&1 &&
  openssl verify -CAfile "$OUT/ca.pem" -purpose sslserver -verify_ip 127.0.0.1 "$OUT/server.pem" >/dev/null 2>&1 &&
  openssl verify -CAfile "$OUT/ca.pem" -purpose sslserver -verify_ip ::1 "$OUT/server.pem" >/dev/null 2>&1 &&
  openssl verify -CAfile "$OUT/ca.pem" -purpose sslserver -verify_hostname wrong.example "$OUT/wrong-host.pem" >/dev/null 2>&1
}

valid && exit 0

# Build in a scratch folder, check, then move into place.
WORK="$(mktemp -d "$OUT/.new.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
serial() { echo "0x$(openssl rand -hex 16)"; }
LEAF_EXT="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash"

newkey ca
openssl req -x509 -new -key ca.key -sha256 -days 3650 -set_serial "$(serial)" \
  -subj "/O=native-smtp tests/CN=native-smtp test CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" -out ca.pem

signed_leaf() {  # name common-name subjectAltName
  newkey "$1"
  openssl req -new -key "$1.key" -subj "/O=native-smtp tests/CN=$2" -out "$1.csr"
  printf '%s\nauthorityKeyIdentifier=keyid,issuer\nsubjectAltName=%s\n' "$LEAF_EXT" "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -set_serial "$(serial)" \
    -days 825 -sha256 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
signed_leaf server localhost "DNS:localhost,IP:127.0.0.1,IP:::1"
signed_leaf wrong-host wrong.example "DNS:wrong.example"

newkey self-signed
openssl req -x509 -new -key self-signed.key -sha256 -days 825 -set_serial "$(serial)" \
  -subj "/O=native-smtp tests/CN=localhost" \
  -addext "basicConstraints=critical,CA:FALSE" \
  -addext "keyUsage=critical,digitalSignature" \
  -addext "extendedKeyUsage=serverAuth" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" -out self-signed.pem

chmod 600 ./*.key
for n in "${NAMES[@]}"; do mv -f "$n.key" "$OUT/$n.key"; mv -f "$n.pem" "$OUT/$n.pem"; done
rm -f "$OUT/ca.srl"  # left by older versions of this script
if ! valid; then
  echo "test-ca.sh: the certificates made in $OUT do not verify" >&2
  exit 1
fi
echo "test-ca.sh: new test CA and certificates in $OUT"
