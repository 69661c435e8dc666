// SASL mechanisms for SMTP AUTH (RFC 4954): PLAIN (RFC 4616), LOGIN,
// CRAM-MD5 (RFC 2195), and for OAuth 2.0 bearer tokens OAUTHBEARER (RFC 7628)
// and XOAUTH2 (Google's and Microsoft's older form).
// Each mechanism is a small state machine: the command that starts it and the
// answer to each 334 challenge. The session does the I/O.
#pragma once

#include "smtp/secret.h"
#include "smtp/session.h"

#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace smtp {

// Enough for every mechanism here; more means a hostile or broken server.
constexpr int kMaxAuthChallenges = 10;

class AuthExchange {
public:
    virtual ~AuthExchange() = default;
    // "AUTH PLAIN <initial response>" etc., without CRLF. Secret: it may carry credentials.
    virtual Secret start() = 0;
    // Answer to a 334 challenge (base64 text as the server sent it), without CRLF.
    virtual Secret respond(std::string_view challenge_b64) = 0;
    // The error for the server's final refusal, given its classification: the
    // token mechanisms add what the server explained in its error challenge.
    virtual Error refused(Error classified) const { return classified; }
};

// host and port go into OAUTHBEARER's message (RFC 7628 recommends them).
// Throws Error(InvalidArgument) for a token that is not an RFC 6750 bearer
// token, or a user name with control characters, for the token mechanisms.
std::unique_ptr<AuthExchange> make_auth_exchange(AuthMechanism mechanism, const std::string& username,
                                                 const Secret& password, const std::string& host = {},
                                                 unsigned port = 0);

// The mechanism to use: the forced one if the server offers it, else the
// strongest offered. Over TLS PLAIN goes first (the channel protects it and it
// costs one round trip); in clear text CRAM-MD5 goes first because it never
// reveals the password. XOAUTH2 and OAUTHBEARER are never chosen
// automatically: they need a token, not a password. Forced, either one stands
// for "a bearer token": the named one when offered, else the other one (Gmail
// offers both, Microsoft 365 only XOAUTH2). Throws Error(AuthMechanismUnsupported).
AuthMechanism choose_auth_mechanism(const std::set<std::string>& offered, AuthMechanism forced, bool tls_active);

// Parses "PLAIN", "cram-md5", "auto"... Throws Error(InvalidArgument).
AuthMechanism parse_auth_mechanism(std::string_view name);

} // namespace smtp
