#!/usr/bin/env bash
# Makes the test PKI under OUTDIR (default .run/tls): a CA, a server
# certificate for localhost/127.0.0.1/::1 signed by it, one for another host
# (wrong-host) and a self-signed one. Idempotent while the CA is valid.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/.run/tls}"
mkdir -p "$OUT"
cd "$OUT"

if [ -f ca.pem ] && [ -f self-signed.pem ] && openssl x509 -checkend 86400 -noout -in ca.pem >/dev/null 2>&1; then
  exit 0
fi

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

leaf() {  # name san
  key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=${2%%,*}" -out "$1.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

key ca.key
openssl req -x509 -new -key ca.key -sha256 -days 30 -subj "/CN=native-smtp test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem 2>/dev/null
leaf server localhost "DNS:localhost,IP:127.0.0.1,IP:::1"
leaf wrong-host wrong.example "DNS:wrong.example"
key self-signed.key
openssl req -x509 -new -key self-signed.key -sha256 -days 30 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -out self-signed.pem 2>/dev/null
openssl verify -CAfile ca.pem server.pem >/dev/null
