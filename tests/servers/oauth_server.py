#!/usr/bin/python3
"""A small OAuth 2.0 authorization server for the tests (standard library only).

It plays Microsoft's and Google's part in the authorization-code flow with PKCE
(RFC 6749, RFC 7636), so the plugin's sign-in, refresh and revocation paths meet
a real HTTP peer, and the token-checking SMTP server asks it about tokens:

  GET  /authorize   a sign-in page (the browser test clicks "Allow"); with
                    ?auto=1 it answers at once (the PHP tests follow it)
  POST /authorize   the page's form: 302 to redirect_uri?code=...&state=...
  POST /token       grant_type=authorization_code (code_verifier checked
                    against the S256 challenge) or refresh_token
  POST /revoke      RFC 7009: the refresh token and every access token from it
  POST /introspect  RFC 7662: {"active": true, "username": ..., "exp": ...}
  POST /test/expire make every access token of username= expire now (what the
                    provider does when it shortens a token's life)
  GET  /test/stats  {"grants": {grant_type: count, "refresh_token_refused": n,
                    "revoke": n}, "introspections": n}

Errors are the RFC 6749 JSON ({"error": "invalid_grant", ...}). Clients:
--client ID:SECRET (repeatable). Access tokens live --access-ttl seconds
(default 3600). Refresh tokens rotate on every use, as Microsoft's do.
Prints "READY <port>" once it listens; SIGTERM or SIGINT stop it.
"""
import argparse
import base64
import hashlib
import hmac
import html
import json
import logging
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCOPE_DEFAULT = "https://mail.google.com/ https://outlook.office.com/SMTP.Send offline_access"
CODE_TTL = 120  # seconds an authorization code stays usable


class Store:
    """Every code and token, in memory, behind one lock."""

    def __init__(self, clients, access_ttl):
        self.clients = clients
        self.access_ttl = access_ttl
        self.lock = threading.Lock()
        self.codes = {}     # code -> {client_id, redirect_uri, challenge, username, scope, expires}
        self.refresh = {}   # refresh token -> {client_id, username, scope}
        self.access = {}    # access token -> {username, scope, exp, refresh}
        self.grants = {}
        self.introspections = 0

    def client_ok(self, client_id, secret):
        expected = self.clients.get(client_id)
        return expected is not None and hmac.compare_digest(expected.encode(), (secret or "").encode())

    def issue_code(self, client_id, redirect_uri, challenge, username, scope):
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = dict(client_id=client_id, redirect_uri=redirect_uri, challenge=challenge,
                                    username=username, scope=scope, expires=time.time() + CODE_TTL)
        return code

    def tokens_for(self, client_id, username, scope):
        """A new access token and a new refresh token (the caller holds the lock)."""
        refresh = "rt-" + secrets.token_urlsafe(32)
        access = "at-" + secrets.token_urlsafe(32)
        self.refresh[refresh] = dict(client_id=client_id, username=username, scope=scope)
        self.access[access] = dict(username=username, scope=scope, exp=time.time() + self.access_ttl,
                                   refresh=refresh)
        return {"token_type": "Bearer", "access_token": access, "refresh_token": refresh,
                "expires_in": self.access_ttl, "scope": scope}

    def count(self, grant):
        self.grants[grant] = self.grants.get(grant, 0) + 1


def s256(verifier):
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class Handler(BaseHTTPRequestHandler):
    server_version = "TestOAuth/1"
    store: Store = None

    def log_message(self, fmt, *args):  # no tokens in the log: paths only
        logging.info("%s %s", self.command, self.path.split("?")[0])

    # --- replies ---------------------------------------------------------
    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def oauth_error(self, status, error, description):
        self.send_json(status, {"error": error, "error_description": description})

    def send_html(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, uri, params):
        sep = "&" if "?" in uri else "?"
        self.send_response(302)
        self.send_header("Location", uri + sep + urllib.parse.urlencode(params))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def form(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        return {k: v[0] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}

    def client_credentials(self, form):
        """client_secret_post or client_secret_basic."""
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                return urllib.parse.unquote_plus(cid), urllib.parse.unquote_plus(secret)
            except Exception:
                return None, None
        return form.get("client_id"), form.get("client_secret")

    # --- routes ----------------------------------------------------------
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path.endswith("/authorize"):
            return self.authorize_page(q)
        if url.path == "/test/stats":
            with self.store.lock:
                return self.send_json(200, {"grants": self.store.grants,
                                            "introspections": self.store.introspections})
        self.send_json(404, {"error": "not_found"})

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        form = self.form()
        routes = {"/authorize": self.authorize_answer, "/token": self.token, "/revoke": self.revoke,
                  "/introspect": self.introspect, "/test/expire": self.expire}
        for suffix, route in routes.items():
            if path == suffix or (suffix in ("/authorize", "/token") and path.endswith(suffix)):
                return route(form)
        self.send_json(404, {"error": "not_found"})

    def check_authorize_request(self, q):
        """None when the request is acceptable, else the reason."""
        if q.get("response_type") != "code":
            return "response_type must be code"
        if q.get("client_id") not in self.store.clients:
            return "unknown client_id"
        if not q.get("redirect_uri", "").startswith(("http://", "https://")):
            return "redirect_uri missing"
        if q.get("code_challenge_method") != "S256" or len(q.get("code_challenge", "")) < 43:
            return "PKCE with S256 is required"
        if not q.get("state"):
            return "state missing"
        return None

    def authorize_page(self, q):
        problem = self.check_authorize_request(q)
        if problem:
            return self.send_html(400, "<h1>Bad request</h1><p>%s</p>" % html.escape(problem))
        if q.get("auto") == "1":
            return self.authorize_answer(dict(q, username=q.get("login_hint") or "tester@example.com",
                                              decision="allow"))
        hidden = "".join('<input type="hidden" name="%s" value="%s">' % (html.escape(k), html.escape(v))
                         for k, v in q.items())
        self.send_html(200, """<!doctype html><html lang="en"><head><title>Test sign-in</title></head><body>
<h1>Sign in to the test provider</h1>
<p>The application <strong>%s</strong> asks to send mail as you (%s).</p>
<form method="post" action="/authorize">%s
<label>Account <input name="username" value="%s"></label>
<button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button>
</form></body></html>""" % (html.escape(q["client_id"]), html.escape(q.get("scope", "")), hidden,
                            html.escape(q.get("login_hint") or "tester@example.com")))

    def authorize_answer(self, form):
        problem = self.check_authorize_request(form)
        if problem:
            return self.send_html(400, "<h1>Bad request</h1><p>%s</p>" % html.escape(problem))
        redirect_uri, state = form["redirect_uri"], form["state"]
        if form.get("decision") != "allow":
            return self.redirect(redirect_uri, {"error": "access_denied", "state": state,
                                                "error_description": "The user declined."})
        code = self.store.issue_code(form["client_id"], redirect_uri, form["code_challenge"],
                                     form.get("username") or "tester@example.com",
                                     form.get("scope") or SCOPE_DEFAULT)
        self.redirect(redirect_uri, {"code": code, "state": state})

    def token(self, form):
        client_id, secret = self.client_credentials(form)
        if not self.store.client_ok(client_id, secret):
            return self.oauth_error(401, "invalid_client", "Unknown client or wrong client secret.")
        grant = form.get("grant_type")
        st = self.store
        with st.lock:
            if grant == "authorization_code":
                c = st.codes.pop(form.get("code", ""), None)  # single use
                if c is None or c["expires"] < time.time() or c["client_id"] != client_id:
                    return self.oauth_error(400, "invalid_grant", "The authorization code is invalid or expired.")
                if c["redirect_uri"] != form.get("redirect_uri"):
                    return self.oauth_error(400, "invalid_grant", "redirect_uri does not match the authorization request.")
                if not hmac.compare_digest(s256(form.get("code_verifier", "")), c["challenge"]):
                    return self.oauth_error(400, "invalid_grant", "PKCE verification failed (code_verifier).")
                st.count(grant)
                return self.send_json(200, st.tokens_for(client_id, c["username"], c["scope"]))
            if grant == "refresh_token":
                old = form.get("refresh_token", "")
                r = st.refresh.pop(old, None)
                if r is None or r["client_id"] != client_id:
                    st.count("refresh_token_refused")
                    return self.oauth_error(400, "invalid_grant",
                                            "The refresh token has expired or been revoked. The user must sign in again.")
                st.count(grant)
                for a in [a for a, v in st.access.items() if v["refresh"] == old]:
                    st.access[a]["refresh"] = None  # still valid until it expires; the chain moves on
                return self.send_json(200, st.tokens_for(client_id, r["username"], r["scope"]))
        self.oauth_error(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token.")

    def revoke(self, form):
        token = form.get("token", "")
        st = self.store
        with st.lock:
            st.count("revoke")
            if token in st.refresh:
                del st.refresh[token]
                for a in [a for a, v in st.access.items() if v["refresh"] == token]:
                    del st.access[a]
            st.access.pop(token, None)
        self.send_json(200, {})  # RFC 7009: 200 also for unknown tokens

    def introspect(self, form):
        st = self.store
        with st.lock:
            st.introspections += 1
            a = st.access.get(form.get("token", ""))
            if a is None or a["exp"] <= time.time():
                return self.send_json(200, {"active": False})
            return self.send_json(200, {"active": True, "username": a["username"], "scope": a["scope"],
                                        "exp": int(a["exp"]), "token_type": "Bearer"})

    def expire(self, form):
        st = self.store
        n = 0
        with st.lock:
            for a in st.access.values():
                if a["username"] == form.get("username"):
                    a["exp"] = time.time() - 1
                    n += 1
        self.send_json(200, {"expired": n})


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--client", action="append", default=[], help="ID:SECRET of a registered client")
    p.add_argument("--access-ttl", type=int, default=3600)
    p.add_argument("--log")
    args = p.parse_args(argv)
    logging.basicConfig(filename=args.log, level=logging.INFO if args.log else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s")
    clients = dict(c.split(":", 1) for c in args.client) or {"native-smtp-test": "test-client-secret"}
    Handler.store = Store(clients, args.access_ttl)
    try:
        httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    except OSError as e:
        print("oauth_server.py: cannot listen on %s port %d: %s" % (args.host, args.port, e), file=sys.stderr)
        return 1
    httpd.daemon_threads = True
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: threading.Thread(target=httpd.shutdown).start())
    print("READY %d" % args.port, flush=True)
    httpd.serve_forever()
    httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
