#!/usr/bin/python3
"""Cross-checks the OAuth servers (tests/servers/oauth_server.py and the
token-checking SMTP server) with Python's own clients, so the project's OAuth
tests can trust them: the PKCE code flow, refresh with rotation, revocation,
introspection, XOAUTH2 and OAUTHBEARER with good, expired and revoked tokens,
the dummy answers after an error challenge, and 5.7.30 for passwords.
Reads servers.env from the environment; one "ok"/"FAIL" line per check."""
import base64
import hashlib
import json
import os
import secrets
import smtplib
import ssl
import urllib.error
import urllib.parse
import urllib.request

env = os.environ
BASE = env["SMTP_TEST_OAUTH_URL"]
CID, SECRET = env["SMTP_TEST_OAUTH_CLIENT_ID"], env["SMTP_TEST_OAUTH_CLIENT_SECRET"]
PORT = int(env["SMTP_TEST_OAUTH_SMTP_PORT"])
CTX = ssl.create_default_context(cafile=env["SMTP_TEST_CA"])
USER = "selfcheck-%s@example.com" % secrets.token_hex(4)
REDIRECT = "http://127.0.0.1:9/callback"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def post(path, **fields):
    """(status, JSON body)"""
    req = urllib.request.Request(BASE + path, urllib.parse.urlencode(fields).encode())
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def sign_in(verifier, challenge=None):
    """The code from the authorization endpoint's redirect."""
    q = dict(response_type="code", client_id=CID, redirect_uri=REDIRECT, state="st-1", auto="1",
             login_hint=USER, scope="https://mail.google.com/",
             code_challenge=challenge or base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode(),
             code_challenge_method="S256")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(BASE + "/authorize?" + urllib.parse.urlencode(q), timeout=10)
    except urllib.error.HTTPError as e:
        assert e.code == 302, e.code
        back = urllib.parse.parse_qs(urllib.parse.urlsplit(e.headers["Location"]).query)
        assert back["state"] == ["st-1"], back
        return back["code"][0]
    raise AssertionError("no redirect from /authorize")


def xoauth2(user, token):
    return base64.b64encode(("user=%s\x01auth=Bearer %s\x01\x01" % (user, token)).encode()).decode()


def oauthbearer(user, token):
    return base64.b64encode(("n,a=%s,\x01host=localhost\x01port=%d\x01auth=Bearer %s\x01\x01"
                             % (user, PORT, token)).encode()).decode()


def smtp():
    s = smtplib.SMTP("localhost", PORT, timeout=20)
    s.starttls(context=CTX)
    s.ehlo("selfcheck.example")
    return s


results = []


def check(name):
    def run(f):
        try:
            f()
            results.append("ok   oauth: " + name)
        except Exception as e:
            results.append("FAIL oauth: %s: %s: %s" % (name, type(e).__name__, e))
    return run


state = {}


@check("code flow with PKCE: a wrong verifier is refused, the right one gets tokens, the code is single-use")
def _():
    verifier = secrets.token_urlsafe(48)
    code = sign_in(verifier)
    status, body = post("/token", grant_type="authorization_code", code=code, redirect_uri=REDIRECT,
                        client_id=CID, client_secret=SECRET, code_verifier="x" * 43)
    assert status == 400 and body["error"] == "invalid_grant", body  # the code is gone now too
    code = sign_in(verifier)
    status, body = post("/token", grant_type="authorization_code", code=code, redirect_uri=REDIRECT,
                        client_id=CID, client_secret=SECRET, code_verifier=verifier)
    assert status == 200 and body["token_type"] == "Bearer" and body["expires_in"] > 0, body
    state.update(body)
    status, body = post("/token", grant_type="authorization_code", code=code, redirect_uri=REDIRECT,
                        client_id=CID, client_secret=SECRET, code_verifier=verifier)
    assert status == 400 and body["error"] == "invalid_grant", body


@check("a wrong client secret is invalid_client")
def _():
    status, body = post("/token", grant_type="refresh_token", refresh_token=state["refresh_token"],
                        client_id=CID, client_secret="wrong")
    assert status == 401 and body["error"] == "invalid_client", body


@check("server advertises XOAUTH2 and OAUTHBEARER after STARTTLS; a password gets 550 5.7.30")
def _():
    with smtp() as s:
        mechs = s.esmtp_features["auth"].split()
        assert "XOAUTH2" in mechs and "OAUTHBEARER" in mechs, mechs
        try:
            s.login(USER, "password")
        except smtplib.SMTPAuthenticationError as e:
            assert e.smtp_code == 550 and b"5.7.30" in e.smtp_error, e
        else:
            raise AssertionError("password login accepted")


@check("XOAUTH2 and OAUTHBEARER with the access token: 235")
def _():
    for mech, blob in (("XOAUTH2", xoauth2), ("OAUTHBEARER", oauthbearer)):
        with smtp() as s:
            code, text = s.docmd("AUTH", "%s %s" % (mech, blob(USER, state["access_token"])))
            assert code == 235, (mech, code, text)


@check("a token for another user is refused: 334 JSON, dummy answer, 535; a wrong dummy answer gets 501")
def _():
    with smtp() as s:
        code, text = s.docmd("AUTH", "OAUTHBEARER " + oauthbearer("other@example.com", state["access_token"]))
        assert code == 334 and json.loads(base64.b64decode(text))["status"] == "invalid_token", (code, text)
        code, text = s.docmd("AQ==")
        assert code == 535, (code, text)
    with smtp() as s:
        code, text = s.docmd("AUTH", "XOAUTH2 " + xoauth2("other@example.com", state["access_token"]))
        assert code == 334 and json.loads(base64.b64decode(text))["status"] == "401", (code, text)
        code, text = s.docmd("AQ==")  # XOAUTH2 wants an empty line
        assert code == 501, (code, text)


@check("expired access token refused; refresh rotates the refresh token and the new access token works")
def _():
    status, body = post("/test/expire", username=USER)
    assert status == 200 and body["expired"] >= 1, body
    with smtp() as s:
        code, _ = s.docmd("AUTH", "XOAUTH2 " + xoauth2(USER, state["access_token"]))
        assert code == 334, code
        assert s.docmd("")[0] == 535
    status, body = post("/token", grant_type="refresh_token", refresh_token=state["refresh_token"],
                        client_id=CID, client_secret=SECRET)
    assert status == 200 and body["refresh_token"] != state["refresh_token"], body
    old = state["refresh_token"]
    state.update(body)
    status, body = post("/token", grant_type="refresh_token", refresh_token=old, client_id=CID, client_secret=SECRET)
    assert status == 400 and body["error"] == "invalid_grant", body
    with smtp() as s:
        assert s.docmd("AUTH", "XOAUTH2 " + xoauth2(USER, state["access_token"]))[0] == 235


@check("revoking the refresh token ends its access tokens and later refreshes (invalid_grant)")
def _():
    assert post("/revoke", token=state["refresh_token"])[0] == 200
    assert post("/introspect", token=state["access_token"])[1] == {"active": False}
    status, body = post("/token", grant_type="refresh_token", refresh_token=state["refresh_token"],
                        client_id=CID, client_secret=SECRET)
    assert status == 400 and body["error"] == "invalid_grant", body


print("\n".join(results))
