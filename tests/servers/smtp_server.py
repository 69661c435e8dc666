#!/usr/bin/python3
"""A real SMTP server for the tests, built on Debian's aiosmtpd (1.4.x).

Plain, STARTTLS or implicit TLS; AUTH PLAIN and LOGIN (aiosmtpd's own, through
an authenticator), CRAM-MD5 and XOAUTH2 (handler methods below). With
--oauth-introspect URL it checks OAuth 2.0 bearer tokens instead, as Gmail and
Microsoft 365 do: XOAUTH2 and OAUTHBEARER (RFC 7628) tokens are looked up at
that RFC 7662 introspection endpoint (tests/servers/oauth_server.py), a refused
token gets the provider's base64 JSON challenge and then 535 only after the
client's required dummy answer (empty line / AQ==), and password logins get
Microsoft's "550 5.7.30 Basic authentication is not supported". Every message
is kept exactly as received in DATA (after un-dot-stuffing) as
<maildir>/<sequence>-<uuid>.eml, with a JSON sidecar <same>.json describing the
envelope, the login and the TLS state. The sequence is a 19-digit number that
only grows within a maildir: the arrival time in nanoseconds, bumped by one when
the clock did not move, so names sort in arrival order across restarts.

Prints "READY <port>" on stdout once it listens; SIGTERM or SIGINT stop it.
aiosmtpd does not advertise PIPELINING (it does read pipelined commands in
order); --pipelining adds the keyword to the EHLO reply; --ascii-only takes
8BITMIME and SMTPUTF8 out of it (an older server).
"""
import argparse
import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import signal
import ssl
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult, LoginPassword

from faults import Faults, FaultyController

# Gmail's reply to a refused XOAUTH2 token, sent as a 334 challenge before 535.
XOAUTH2_ERROR = json.dumps({"status": "401", "schemes": "bearer",
                            "scope": "https://mail.google.com/"}, separators=(",", ":"))
# RFC 7628's error for OAUTHBEARER, sent the same way.
OAUTHBEARER_ERROR = json.dumps({"status": "invalid_token", "scope": "https://mail.google.com/",
                                "openid-configuration": "https://localhost/.well-known/openid-configuration"},
                               separators=(",", ":"))
BASIC_AUTH_OFF = "550 5.7.30 Basic authentication is not supported for Client Submission"
NAME_RE = re.compile(r"^(\d+)-[0-9a-f]{32}\.(?:eml|json)$")


class Maildir:
    """Writes each message and its sidecar atomically, in arrival order."""

    def __init__(self, path):
        self.path = path
        os.makedirs(path, exist_ok=True)
        self.lock = threading.Lock()  # one process may serve several addresses
        self.last = max((int(m.group(1)) for m in map(NAME_RE.match, os.listdir(path)) if m),
                        default=0)

    def next_name(self):
        with self.lock:
            self.last = max(time.time_ns(), self.last + 1)
            return "%019d-%s" % (self.last, uuid.uuid4().hex)

    def store(self, content, meta):
        name = self.next_name()
        # The sidecar first: most readers wait for the .eml, then read the .json.
        for suffix, data in ((".json", json.dumps(meta, indent=1, ensure_ascii=False).encode()),
                             (".eml", content)):
            tmp = os.path.join(self.path, ".%s%s.tmp" % (name, suffix))
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, os.path.join(self.path, name + suffix))
        return name


def tls_info(server):
    ssl_object = server.transport.get_extra_info("ssl_object") if server.transport else None
    if ssl_object is None:
        return {"tls": False, "tls_version": None}
    return {"tls": True, "tls_version": ssl_object.version()}


async def drop(server):
    """Ends the connection without a reply; aiosmtpd's reply to the hook goes nowhere."""
    server.transport.abort()
    return "421 4.3.0 closed"


class Handler:
    def __init__(self, args, users):
        self.args = args
        self.users = users
        self.reject = re.compile(args.reject_rcpt) if args.reject_rcpt else None
        self.maildir = Maildir(args.maildir)
        self.faults = Faults(args.faults) if args.faults else None

    async def fault(self, at):
        """The reply a fault rule puts in place of the usual one (None: keep it), after its delay."""
        if not self.faults:
            return None
        reply, delay = self.faults.take(at)
        if delay:
            await asyncio.sleep(delay)
        return reply

    # --- hooks -----------------------------------------------------------
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.args.auth == "none":
            responses = [r for r in responses if not r[4:].startswith("AUTH")]
        if self.args.pipelining:
            responses.insert(1, "250-PIPELINING")
        if self.args.ascii_only:
            responses = [r for r in responses if r[4:] not in ("8BITMIME", "SMTPUTF8")]
        return responses

    async def handle_AUTH(self, server, session, envelope, args):
        if self.args.auth == "none":
            return "502 5.5.1 AUTH not available on this server"
        session.auth_mechanism = args[0].upper()
        return MISSING  # go on with the mechanism's auth_ method

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        reply = await self.fault("mail")
        if reply is not None:
            return await drop(server) if reply == "drop" else reply
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        if self.args.sender_must_match and (login is None or address.lower() != login.decode("utf-8", "replace").lower()):
            # As 163/126 answer (QQ's 501 says the same): only the logged-in account may send.
            return "553 Mail from must equal authorized user"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = await self.fault("rcpt")
        if reply is not None:
            return await drop(server) if reply == "drop" else reply
        if self.reject and self.reject.search(address):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.append(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "rcpt_options": envelope.rcpt_options,
            "auth_user": login.decode("utf-8", "replace") if login is not None else None,
            "auth_mechanism": getattr(session, "auth_mechanism", None) if session.authenticated else None,
            **tls_info(server),
            "helo": session.host_name,
            "peer": session.peer[0] if session.peer else None,
            "peer_port": session.peer[1] if session.peer else None,  # tells connections apart
            "smtputf8": envelope.smtp_utf8,
            "size": len(envelope.original_content),
        }
        reply = await self.fault("data_end")
        if reply is not None and reply != "drop":
            return reply
        name = self.maildir.store(envelope.original_content, meta)
        if reply == "drop":  # taken, but the client never hears so
            return await drop(server)
        return "250 2.0.0 OK queued as %s" % name

    # --- credentials -----------------------------------------------------
    def check(self, user, password):
        expected = self.users.get(user)
        return expected is not None and hmac.compare_digest(expected.encode(), password.encode())

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        """aiosmtpd's PLAIN and LOGIN end here."""
        if self.args.oauth_introspect:
            return AuthResult(success=False, handled=False, message=BASIC_AUTH_OFF)
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode("utf-8", "replace")
            if self.check(user, auth_data.password.decode("utf-8", "replace")):
                return AuthResult(success=True, auth_data=auth_data)
        # handled=False: aiosmtpd answers "535 5.7.8 Authentication credentials invalid".
        return AuthResult(success=False, handled=False)

    # --- extra mechanisms: aiosmtpd maps auth_CRAM__MD5 to "CRAM-MD5" --------
    async def auth_CRAM__MD5(self, server, args):
        if len(args) > 1:  # RFC 2195 has no initial response
            await server.push("501 5.5.2 CRAM-MD5 takes no initial response")
            return AuthResult(success=False, handled=True)
        challenge = "<%s.%d@localhost>" % (secrets.token_hex(8), time.time_ns())
        answer = await server.challenge_auth(challenge)
        if answer is MISSING:  # "*" or bad base64: aiosmtpd already replied 501
            return AuthResult(success=False, handled=True)
        user, _, digest = answer.decode("utf-8", "replace").rpartition(" ")
        secret = self.users.get(user)
        if secret is not None:
            good = hmac.new(secret.encode(), challenge.encode(), hashlib.md5).hexdigest()
            if hmac.compare_digest(good, digest.lower()):
                return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        return AuthResult(success=False, handled=False)

    async def initial_response(self, server, args):
        """The SASL initial response (decoded), or the answer to an empty 334; MISSING after a 501."""
        if len(args) > 1:
            if args[1] == "=":  # RFC 4954: an empty initial response
                return b""
            try:
                return base64.b64decode(args[1], validate=True)
            except binascii.Error:
                await server.push("501 5.5.2 Can't decode base64")
                return MISSING
        return await server.challenge_auth("")

    async def refuse_token(self, server, error_json, dummy):
        """The provider's JSON as a 334 challenge; 535 after the required dummy answer, 501 after any other."""
        answer = await server.challenge_auth(error_json)
        if answer is MISSING:
            return AuthResult(success=False, handled=True)
        if answer != dummy:
            return AuthResult(success=False, handled=False,
                              message="501 5.5.2 Expected the dummy response %r after the error challenge" % dummy)
        return AuthResult(success=False, handled=False)

    async def auth_XOAUTH2(self, server, args):
        """"user=<u>\\x01auth=Bearer <token>\\x01\\x01"; without --oauth-introspect the token is the password."""
        blob = await self.initial_response(server, args)
        if blob is MISSING:
            return AuthResult(success=False, handled=True)
        user = await self.xoauth2_user(blob)
        if user is not None:
            return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        # Like Gmail: the JSON error as a challenge; the client answers with an
        # empty line, then the failure.
        return await self.refuse_token(server, XOAUTH2_ERROR, b"")

    async def xoauth2_user(self, blob):
        parts = blob.split(b"\x01")
        if len(parts) != 4 or parts[2:] != [b"", b""]:
            return None
        fields = dict(p.split(b"=", 1) for p in parts[:2] if b"=" in p)
        user = fields.get(b"user", b"").decode("utf-8", "replace")
        auth = fields.get(b"auth", b"").decode("utf-8", "replace")
        if auth.startswith("Bearer ") and await self.token_ok(user, auth[len("Bearer "):]):
            return user
        return None

    async def auth_OAUTHBEARER(self, server, args):
        """RFC 7628: "n,a=<user>,\\x01host=...\\x01port=...\\x01auth=Bearer <token>\\x01\\x01"."""
        blob = await self.initial_response(server, args)
        if blob is MISSING:
            return AuthResult(success=False, handled=True)
        user = await self.oauthbearer_user(blob)
        if user is not None:
            return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        return await self.refuse_token(server, OAUTHBEARER_ERROR, b"\x01")

    async def oauthbearer_user(self, blob):
        gs2, sep, rest = blob.partition(b"\x01")
        if not sep or not rest.endswith(b"\x01\x01"):
            return None
        header = gs2.split(b",")
        if len(header) != 3 or header[0] != b"n" or not header[1].startswith(b"a="):
            return None
        user = header[1][2:].replace(b"=2C", b",").replace(b"=3D", b"=").decode("utf-8", "replace")
        fields = dict(kv.split(b"=", 1) for kv in rest[:-2].split(b"\x01") if b"=" in kv)
        auth = fields.get(b"auth", b"").decode("utf-8", "replace")
        if auth.startswith("Bearer ") and await self.token_ok(user, auth[len("Bearer "):]):
            return user
        return None

    async def token_ok(self, user, token):
        if not self.args.oauth_introspect:
            return self.check(user, token)
        loop = asyncio.get_running_loop()
        try:
            info = await loop.run_in_executor(None, self.introspect, token)
        except OSError as e:
            logging.getLogger("mail.log").warning("token introspection failed: %s", e)
            return False
        return bool(info.get("active")) and info.get("username") == user

    def introspect(self, token):
        data = urllib.parse.urlencode({"token": token}).encode()
        with urllib.request.urlopen(self.args.oauth_introspect, data, timeout=10) as r:
            return json.load(r)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", action="append",
                   help="address to listen on; repeat or comma-separate for several (default 127.0.0.1)")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    p.add_argument("--cert", help="PEM certificate (chain) for STARTTLS or implicit TLS")
    p.add_argument("--key", help="PEM private key of --cert")
    p.add_argument("--auth", choices=["none", "optional", "required"], default="optional",
                   help="required: MAIL, RCPT and DATA get 530 5.7.0 until AUTH succeeded")
    p.add_argument("--auth-require-tls", action=argparse.BooleanOptionalAction, default=None,
                   help="offer AUTH only after STARTTLS (default: on with --tls starttls, else off)")
    p.add_argument("--require-starttls", action=argparse.BooleanOptionalAction, default=None,
                   help="refuse MAIL etc. before STARTTLS with 530 (default: on with --tls starttls)")
    p.add_argument("--users", default="tester:s3cret-pass", help='"user:pass,user2:pass2"')
    p.add_argument("--maildir", required=True)
    p.add_argument("--pidfile")
    p.add_argument("--reject-rcpt", metavar="REGEX", help="matching RCPT TO addresses get 550 5.1.1")
    p.add_argument("--faults", metavar="FILE", help="JSON fault rules, re-read when the file changes (see faults.py)")
    p.add_argument("--pipelining", action="store_true", help="advertise PIPELINING (RFC 2920)")
    p.add_argument("--ascii-only", action="store_true",
                   help="an older server: neither 8BITMIME nor SMTPUTF8 offered, UTF-8 in MAIL/RCPT refused")
    p.add_argument("--sender-must-match", action="store_true",
                   help="refuse MAIL FROM other than the logged-in user with 553, as QQ Mail and 163 do")
    p.add_argument("--max-size", type=int, default=64 * 1024 * 1024, help="SIZE limit in bytes")
    p.add_argument("--hostname", default="localhost", help="name in the greeting and EHLO reply")
    p.add_argument("--log", help="log every session (commands, AUTH data hidden) to this file")
    p.add_argument("--oauth-introspect", metavar="URL",
                   help="check XOAUTH2/OAUTHBEARER tokens at this RFC 7662 endpoint; password AUTH gets 550 5.7.30")
    args = p.parse_args(argv)
    args.host = [h.strip() for hs in (args.host or ["127.0.0.1"]) for h in hs.split(",") if h.strip()]
    if args.tls != "none" and not (args.cert and args.key):
        p.error("--tls %s needs --cert and --key" % args.tls)
    if args.auth_require_tls is None:
        args.auth_require_tls = args.tls == "starttls"
    if args.require_starttls is None:
        args.require_starttls = args.tls == "starttls"
    try:
        args.users = dict(u.split(":", 1) for u in args.users.split(",") if u)
    except ValueError:
        p.error('--users wants "user:pass,user2:pass2"')
    return args


def setup_logging(args):
    if args.log:
        logging.basicConfig(filename=args.log, level=logging.INFO,
                            format="%(asctime)s %(name)s %(levelname)s %(message)s")
    else:
        logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    if args.tls == "implicit":
        # aiosmtpd only knows STARTTLS as TLS, so it warns about AUTH without
        # TLS on every connection of an implicit-TLS server: not true here.
        warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
        logging.getLogger("mail.log").addFilter(
            lambda r: "auth_require_tls == False" not in r.getMessage())


def main(argv=None):
    args = parse_args(argv)
    setup_logging(args)
    handler = Handler(args, args.users)

    context = None
    if args.tls != "none":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)

    smtp_kwargs = dict(
        server_hostname=args.hostname,
        enable_SMTPUTF8=not args.ascii_only,  # with 8BITMIME, which aiosmtpd always offers
        data_size_limit=args.max_size,
        authenticator=handler.authenticator if args.auth != "none" else None,
        auth_required=args.auth == "required",
        # aiosmtpd counts only STARTTLS as TLS: with implicit TLS there is nothing to require.
        auth_require_tls=args.auth_require_tls and args.tls == "starttls",
    )
    if args.tls == "starttls":
        smtp_kwargs.update(tls_context=context, require_starttls=args.require_starttls)

    controllers = []
    try:
        for host in args.host:
            c = FaultyController(handler, handler.faults, hostname=host, port=args.port,
                                 ssl_context=context if args.tls == "implicit" else None, **smtp_kwargs)
            c.start()
            controllers.append(c)
    except Exception as e:
        for c in controllers:
            c.stop()
        print("smtp_server.py: cannot listen on %s port %d: %s" % (host, args.port, e), file=sys.stderr)
        return 1

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.pidfile:
        with open(args.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    logging.getLogger("mail.log").info("listening on %s port %d", ",".join(args.host), args.port)
    print("READY %d" % args.port, flush=True)
    while not stop.wait(1.0):
        pass
    logging.getLogger("mail.log").info("stopping on signal")
    for c in controllers:
        c.stop()
    if args.pidfile:
        try:
            os.unlink(args.pidfile)
        except FileNotFoundError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
