#include "smtp/auth.h"

#include "ascii.h"
#include "mime/encoding.h"
#include "error.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace smtp {

namespace {

// base64 of `in` after `prefix` ("AUTH PLAIN "), built in a Secret.
Secret base64_secret(std::string_view in, std::string_view prefix = {}) {
    Secret out;
    char* p = out.resize(prefix.size() + (in.size() + 2) / 3 * 4);
    std::copy(prefix.begin(), prefix.end(), p);
    EVP_EncodeBlock(reinterpret_cast<unsigned char*>(p + prefix.size()), reinterpret_cast<const unsigned char*>(in.data()),
                    static_cast<int>(in.size()));
    return out;
}

class PlainExchange : public AuthExchange {
public:
    PlainExchange(const std::string& u, const Secret& p) : user_(u), pass_(p) {}
    Secret start() override { return base64_secret(credentials(), "AUTH PLAIN "); }
    // A server that ignores the initial response sends an empty challenge.
    Secret respond(std::string_view) override { return base64_secret(credentials()); }

private:
    // authzid (empty) NUL authcid NUL password
    Secret credentials() const {
        Secret creds;
        creds.reserve(user_.size() + pass_.size() + 2);
        creds += '\0';
        creds += user_;
        creds += '\0';
        creds += pass_;
        return creds;
    }

    std::string user_;
    Secret pass_;
};

class LoginExchange : public AuthExchange {
public:
    LoginExchange(const std::string& u, const Secret& p) : user_(u), pass_(p) {}
    Secret start() override { return "AUTH LOGIN"; }
    // Challenges are "Username:" then "Password:"; some servers word them
    // differently, so answer by position, not by text.
    Secret respond(std::string_view) override { return base64_secret(step_++ == 0 ? user_ : pass_.view()); }

private:
    std::string user_;
    Secret pass_;
    int step_ = 0;
};

class CramMd5Exchange : public AuthExchange {
public:
    CramMd5Exchange(const std::string& u, const Secret& p) : user_(u), pass_(p) {}
    Secret start() override { return "AUTH CRAM-MD5"; }
    Secret respond(std::string_view challenge_b64) override {
        std::string challenge = base64_decode(challenge_b64);
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        HMAC(EVP_md5(), pass_.data(), static_cast<int>(pass_.size()),
             reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size(), mac, &len);
        static const char hex[] = "0123456789abcdef";
        Secret answer;
        answer.reserve(user_.size() + 1 + 2 * len);
        answer += user_;
        answer += ' ';
        for (unsigned int i = 0; i < len; ++i) {
            answer += hex[mac[i] >> 4];
            answer += hex[mac[i] & 15];
        }
        OPENSSL_cleanse(mac, sizeof mac);
        return base64_secret(answer);
    }

private:
    std::string user_;
    Secret pass_;
};

// What the server said in its error challenge: base64 JSON such as
// {"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}.
// Kept printable and short, since it goes into an error message.
std::string decode_server_error(std::string_view challenge_b64) {
    std::string text;
    try {
        text = base64_decode(challenge_b64);
    } catch (const Error&) {
        text = std::string(challenge_b64);
    }
    std::string shown;
    for (unsigned char c : text) {
        if (shown.size() >= 300) {
            shown += "...";
            break;
        }
        shown += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    return shown;
}

// RFC 6750's b64token: what a bearer token may contain, so nothing in it can
// end a field of the SASL message or a command line.
void check_bearer(const std::string& user, std::string_view token) {
    bool ok = !token.empty();
    std::size_t i = 0;
    for (; ok && i < token.size() && token[i] != '='; ++i) {
        unsigned char c = static_cast<unsigned char>(token[i]);
        ok = std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
    for (; ok && i < token.size(); ++i) ok = token[i] == '=';
    if (!ok)
        throw_invalid_argument("the OAuth access token is not a bearer token (RFC 6750: letters, digits and -._~+/ only); pass the access token itself as the password");
    for (unsigned char c : user)
        if (c < 0x20 || c == 0x7f) throw_invalid_argument("the user name contains a control character");
}

// A bearer-token mechanism: after a refused token the server sends its error
// as a 334 challenge and waits for a dummy answer, then its final 5xx.
class BearerExchange : public AuthExchange {
public:
    BearerExchange(const std::string& u, const Secret& t) : user_(u), token_(t) { check_bearer(u, t); }
    Secret respond(std::string_view challenge_b64) override {
        server_error_ = decode_server_error(challenge_b64);
        return dummy_response();
    }
    Error refused(Error e) const override {
        std::string message = e.what();
        if (!server_error_.empty()) message += " (the server explained: " + server_error_ + ")";
        std::string hint = e.category() == ErrorCategory::AuthFailed ? token_refused_hint : e.hint();
        return Error(e.category(), message, e.smtp_code(), e.enhanced_code(), e.server_reply(), hint);
    }

protected:
    virtual Secret dummy_response() const = 0;
    static constexpr const char* token_refused_hint =
        "The OAuth access token was refused: it has expired or was revoked, or it lacks the mail-sending permission "
        "(scope), or it belongs to another account than the user name. Get a new access token (refresh it, or sign in again).";
    std::string user_;
    Secret token_;
    std::string server_error_;
};

class XOAuth2Exchange : public BearerExchange {
public:
    using BearerExchange::BearerExchange;
    Secret start() override {
        Secret msg;
        msg.reserve(user_.size() + token_.size() + 32);
        msg += "user=";
        msg += user_;
        msg += "\x01" "auth=Bearer ";
        msg += token_;
        msg += "\x01\x01";
        return base64_secret(msg, "AUTH XOAUTH2 ");
    }

private:
    // Google's and Microsoft's documented answer to the error challenge: an empty line.
    Secret dummy_response() const override { return ""; }
};

class OAuthBearerExchange : public BearerExchange {
public:
    OAuthBearerExchange(const std::string& u, const Secret& t, const std::string& host, unsigned port)
        : BearerExchange(u, t), host_(host), port_(port) {}
    // gs2 header "n,a=<user>," then key=value fields separated by ^A (RFC 7628 3.1).
    Secret start() override {
        std::string fields = "n,a=" + escape_saslname(user_) + ",\x01";
        if (!host_.empty()) fields += "host=" + host_ + "\x01";
        if (port_ != 0) fields += "port=" + std::to_string(port_) + "\x01";
        Secret msg;
        msg.reserve(fields.size() + token_.size() + 16);
        msg += fields;
        msg += "auth=Bearer ";
        msg += token_;
        msg += "\x01\x01";
        return base64_secret(msg, "AUTH OAUTHBEARER ");
    }

private:
    // RFC 7628 3.2.3: the client answers the error challenge with a single ^A.
    Secret dummy_response() const override { return base64_encode("\x01"); }
    // RFC 5801: "," and "=" in the authorization identity as =2C and =3D.
    static std::string escape_saslname(const std::string& name) {
        std::string out;
        for (char c : name) {
            if (c == ',') out += "=2C";
            else if (c == '=') out += "=3D";
            else out += c;
        }
        return out;
    }
    std::string host_;
    unsigned port_;
};

bool is_token_mechanism(AuthMechanism m) { return m == AuthMechanism::XOAuth2 || m == AuthMechanism::OAuthBearer; }

const char* mech_name(AuthMechanism m) { return auth_mechanism_name(m); }

} // namespace

std::unique_ptr<AuthExchange> make_auth_exchange(AuthMechanism m, const std::string& user, const Secret& pass,
                                                 const std::string& host, unsigned port) {
    switch (m) {
    case AuthMechanism::Plain: return std::make_unique<PlainExchange>(user, pass);
    case AuthMechanism::Login: return std::make_unique<LoginExchange>(user, pass);
    case AuthMechanism::CramMd5: return std::make_unique<CramMd5Exchange>(user, pass);
    case AuthMechanism::XOAuth2: return std::make_unique<XOAuth2Exchange>(user, pass);
    case AuthMechanism::OAuthBearer: return std::make_unique<OAuthBearerExchange>(user, pass, host, port);
    case AuthMechanism::Auto: break;
    }
    throw Error(ErrorCategory::AuthMechanismUnsupported, "no authentication mechanism chosen");
}

AuthMechanism choose_auth_mechanism(const std::set<std::string>& offered, AuthMechanism forced, bool tls_active) {
    auto has = [&](AuthMechanism m) { return offered.count(mech_name(m)) > 0; };
    std::string list;
    for (const auto& m : offered) list += (list.empty() ? "" : " ") + m;
    if (list.empty()) list = "none";

    if (forced != AuthMechanism::Auto) {
        if (has(forced)) return forced;
        if (is_token_mechanism(forced)) {
            AuthMechanism other = forced == AuthMechanism::XOAuth2 ? AuthMechanism::OAuthBearer : AuthMechanism::XOAuth2;
            if (has(other)) return other;
            throw Error(ErrorCategory::AuthMechanismUnsupported,
                        "the server offers neither OAUTHBEARER nor XOAUTH2 for an OAuth access token (it offers: " + list + ")");
        }
        throw Error(ErrorCategory::AuthMechanismUnsupported,
                    std::string("the server does not offer AUTH ") + mech_name(forced) + " (it offers: " + list + ")");
    }
    const AuthMechanism tls_order[] = {AuthMechanism::Plain, AuthMechanism::Login, AuthMechanism::CramMd5};
    const AuthMechanism clear_order[] = {AuthMechanism::CramMd5, AuthMechanism::Plain, AuthMechanism::Login};
    for (AuthMechanism m : tls_active ? tls_order : clear_order)
        if (has(m)) return m;
    throw Error(ErrorCategory::AuthMechanismUnsupported,
                "the server offers no supported AUTH mechanism (it offers: " + list + ")");
}

AuthMechanism parse_auth_mechanism(std::string_view name) {
    const std::string up = ascii_upper(name);
    for (AuthMechanism m : {AuthMechanism::Auto, AuthMechanism::Plain, AuthMechanism::Login, AuthMechanism::CramMd5,
                            AuthMechanism::XOAuth2, AuthMechanism::OAuthBearer})
        if (up == ascii_upper(auth_mechanism_name(m))) return m;
    throw_invalid_argument("unknown authentication mechanism \"" + std::string(name) +
                           "\"; use auto, PLAIN, LOGIN, CRAM-MD5, XOAUTH2 or OAUTHBEARER");
}

} // namespace smtp
