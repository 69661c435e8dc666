#!/usr/bin/python3
"""Decodes a received message with Python's email package (an independent
MIME implementation) and prints what the tests compare, as JSON: decoded
headers (and, under "rfc2047", each header as email.header decodes it), every
leaf part with its decoded bytes' SHA-256 and size, and wire properties
(longest line, bare CR or LF)."""
import email
import email.header
import email.policy
import hashlib
import json
import sys

raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
# email.policy.default keeps a space between adjacent encoded-words in a
# display name; RFC 2047 6.2 (and email.header, and mail programs) drop it.
legacy = email.message_from_bytes(raw, policy=email.policy.compat32)
lines = raw.split(b"\r\n")
out = {
    "headers": {k.lower(): str(v) for k, v in msg.items()},
    "header_names": [k for k in msg.keys()],
    "rfc2047": {k.lower(): str(email.header.make_header(email.header.decode_header(v))) for k, v in legacy.items()},
    "content_type": msg.get_content_type(),
    "max_line": max(len(l) for l in lines),
    "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    "bare_cr": b"\r" in raw.replace(b"\r\n", b""),
    "defects": [str(d) for p in msg.walk() for d in p.defects],
    "parts": [],
}
for part in msg.walk():
    if part.is_multipart():
        continue
    payload = part.get_payload(decode=True) or b""
    entry = {
        "content_type": part.get_content_type(),
        "filename": part.get_filename(),
        "content_id": part.get("Content-ID"),
        "disposition": part.get_content_disposition(),
        "size": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    if part.get_content_maintype() == "text":
        entry["text"] = payload.decode(part.get_content_charset() or "utf-8")
    out["parts"].append(entry)
print(json.dumps(out, ensure_ascii=False))
