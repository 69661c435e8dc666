#include "smtp/auth.h"

#include "ascii.h"
#include "mime/encoding.h"
#include "error.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace smtp {

namespace {

class PlainExchange : public AuthExchange {
public:
    PlainExchange(const std::string& u, const std::string& p) : user_(u), pass_(p) {}
    std::string start() override { return "AUTH PLAIN " + response(); }
    // A server that ignores the initial response sends an empty challenge.
    std::string respond(std::string_view) override { return response(); }

private:
    // authzid (empty) NUL authcid NUL password
    std::string response() const {
        std::string creds;
        creds.reserve(user_.size() + pass_.size() + 2);
        creds += '\0';
        creds += user_;
        creds += '\0';
        creds += pass_;
        return base64_encode(creds);
    }

    std::string user_;
    std::string pass_;
};

class LoginExchange : public AuthExchange {
public:
    LoginExchange(const std::string& u, const std::string& p) : user_(u), pass_(p) {}
    std::string start() override { return "AUTH LOGIN"; }
    // Challenges are "Username:" then "Password:"; some servers word them
    // differently, so answer by position, not by text.
    std::string respond(std::string_view) override { return base64_encode(step_++ == 0 ? user_ : pass_); }

private:
    std::string user_;
    std::string pass_;
    int step_ = 0;
};

class CramMd5Exchange : public AuthExchange {
public:
    CramMd5Exchange(const std::string& u, const std::string& p) : user_(u), pass_(p) {}
    std::string start() override { return "AUTH CRAM-MD5"; }
    std::string respond(std::string_view challenge_b64) override {
        std::string challenge = base64_decode(challenge_b64);
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        HMAC(EVP_md5(), pass_.data(), static_cast<int>(pass_.size()),
             reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size(), mac, &len);
        static const char hex[] = "0123456789abcdef";
        std::string answer = user_ + ' ';
        for (unsigned int i = 0; i < len; ++i) {
            answer += hex[mac[i] >> 4];
            answer += hex[mac[i] & 15];
        }
        return base64_encode(answer);
    }

private:
    std::string user_;
    std::string pass_;
};

class XOAuth2Exchange : public AuthExchange {
public:
    XOAuth2Exchange(const std::string& u, const std::string& t) : user_(u), token_(t) {}
    std::string start() override {
        return "AUTH XOAUTH2 " + base64_encode("user=" + user_ + "\x01" "auth=Bearer " + token_ + "\x01\x01");
    }
    // The only challenge is a base64 JSON error; an empty line ends the
    // exchange so the server sends its final 535/454.
    std::string respond(std::string_view) override { return ""; }

private:
    std::string user_;
    std::string token_;
};

const char* mech_name(AuthMechanism m) { return auth_mechanism_name(m); }

} // namespace

std::unique_ptr<AuthExchange> make_auth_exchange(AuthMechanism m, const std::string& user, const std::string& pass) {
    switch (m) {
    case AuthMechanism::Plain: return std::make_unique<PlainExchange>(user, pass);
    case AuthMechanism::Login: return std::make_unique<LoginExchange>(user, pass);
    case AuthMechanism::CramMd5: return std::make_unique<CramMd5Exchange>(user, pass);
    case AuthMechanism::XOAuth2: return std::make_unique<XOAuth2Exchange>(user, pass);
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
                            AuthMechanism::XOAuth2})
        if (up == ascii_upper(auth_mechanism_name(m))) return m;
    throw_invalid_argument("unknown authentication mechanism \"" + std::string(name) +
                           "\"; use auto, PLAIN, LOGIN, CRAM-MD5 or XOAUTH2");
}

} // namespace smtp
