#!/usr/bin/python3
"""A real SMTP server for the tests, built on Debian's aiosmtpd: plain,
STARTTLS or implicit TLS; AUTH PLAIN, LOGIN, CRAM-MD5 and XOAUTH2; every
message kept exactly as received (<maildir>/<time_ns>-<uuid>.eml) with a JSON
sidecar describing the envelope, the login and whether TLS was on."""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import signal
import ssl
import sys
import threading
import time
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, args, users):
        self.args = args
        self.users = users
        self.reject = re.compile(args.reject_rcpt) if args.reject_rcpt else None
        os.makedirs(args.maildir, exist_ok=True)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # aiosmtpd reads commands from a buffered stream, so pipelined commands
        # work; it just does not say so. --pipelining makes it say so.
        session.host_name = hostname
        if self.args.pipelining:
            responses.insert(1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject.search(address):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.append(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        # Time first, so names sort in arrival order across server restarts.
        name = "%019d-%s" % (time.time_ns(), uuid.uuid4().hex)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "rcpt_options": envelope.rcpt_options,
            "auth_user": (session.auth_data.login.decode()
                          if isinstance(session.auth_data, LoginPassword) else None),
            # aiosmtpd sets session.ssl after STARTTLS only; implicit TLS is always on.
            "tls": session.ssl is not None or self.args.tls == "implicit",
            "helo": session.host_name,
        }
        for suffix, data in ((".json", json.dumps(meta, indent=1).encode()),
                             (".eml", envelope.original_content)):
            tmp = os.path.join(self.args.maildir, "." + name + suffix + ".tmp")
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, os.path.join(self.args.maildir, name + suffix))
        return "250 2.0.0 OK queued as %s" % name

    def check(self, user, password):
        expected = self.users.get(user)
        return expected is not None and hmac.compare_digest(expected, password)

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            if self.check(user, password):
                return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    async def auth_CRAM__MD5(self, server, args):
        challenge = "<%s@localhost>" % secrets.token_hex(8)
        answer = await server.challenge_auth(challenge)
        if not isinstance(answer, bytes) or b" " not in answer:
            return AuthResult(success=False, handled=False)
        user, digest = answer.decode().rsplit(" ", 1)
        secret = self.users.get(user)
        if secret is not None:
            good = hmac.new(secret.encode(), challenge.encode(), hashlib.md5).hexdigest()
            if hmac.compare_digest(good, digest):
                return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        return AuthResult(success=False, handled=False)

    async def auth_XOAUTH2(self, server, args):
        if len(args) > 1:
            blob = base64.b64decode(args[1])
        else:
            blob = await server.challenge_auth("")
            if not isinstance(blob, bytes):
                return AuthResult(success=False, handled=True)
        fields = dict(p.split("=", 1) for p in blob.decode(errors="replace").split("\x01") if "=" in p)
        user, auth = fields.get("user", ""), fields.get("auth", "")
        if auth.startswith("Bearer ") and self.check(user, auth[7:]):
            return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        # Like Gmail: a JSON error as a challenge, then 535 after the client's empty answer.
        error = json.dumps({"status": "401", "schemes": "bearer", "scope": "https://mail.google.com/"})
        await server.challenge_auth(error)
        return AuthResult(success=False, handled=False)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth", choices=["none", "optional", "required"], default="optional")
    p.add_argument("--users", default="tester:s3cret-pass")
    p.add_argument("--maildir", required=True)
    p.add_argument("--reject-rcpt", help="regex: matching recipients get 550 5.1.1")
    p.add_argument("--pipelining", action="store_true", help="advertise PIPELINING (RFC 2920)")
    p.add_argument("--max-size", type=int, default=64 * 1024 * 1024)
    p.add_argument("--pidfile")
    args = p.parse_args()

    users = dict(u.split(":", 1) for u in args.users.split(",") if ":" in u)
    handler = Handler(args, users)
    context = None
    if args.tls != "none":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)

    smtp_kwargs = dict(
        enable_SMTPUTF8=True,
        data_size_limit=args.max_size,
        authenticator=handler.authenticator if args.auth != "none" else None,
        auth_required=args.auth == "required",
        # Over plain connections AUTH is allowed so clear-text tests can log in.
        auth_require_tls=args.tls == "starttls",
        auth_exclude_mechanism=[] if args.auth != "none" else ["PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"],
    )
    if args.tls == "starttls":
        smtp_kwargs.update(tls_context=context, require_starttls=True)

    class Server(Controller):
        def factory(self):
            return SMTP(self.handler, hostname="localhost", **smtp_kwargs)

    controller = Server(handler, hostname=args.host, port=args.port,
                        ssl_context=context if args.tls == "implicit" else None,
                        server_hostname="localhost")
    controller.start()
    if args.pidfile:
        with open(args.pidfile, "w") as f:
            f.write(str(os.getpid()))
    print("READY %d" % args.port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
