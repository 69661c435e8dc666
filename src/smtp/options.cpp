#include "smtp/options.h"

#include "error.h"
#include "mime/address.h"

namespace smtp {

const char* encryption_name(Encryption e) {
    switch (e) {
    case Encryption::None: return "none";
    case Encryption::Ssl: return "ssl";
    case Encryption::StartTls: return "starttls";
    }
    return "none";
}

const char* auth_mechanism_name(AuthMechanism m) {
    switch (m) {
    case AuthMechanism::Auto: return "auto";
    case AuthMechanism::Plain: return "PLAIN";
    case AuthMechanism::Login: return "LOGIN";
    case AuthMechanism::CramMd5: return "CRAM-MD5";
    case AuthMechanism::XOAuth2: return "XOAUTH2";
    case AuthMechanism::OAuthBearer: return "OAUTHBEARER";
    }
    return "auto";
}

std::uint16_t default_port(Encryption e) {
    switch (e) {
    case Encryption::None: return 25;
    case Encryption::Ssl: return 465;
    case Encryption::StartTls: return 587;
    }
    return 25;
}

namespace {

void check_limit(std::chrono::milliseconds value, const char* name, bool zero_allowed) {
    if ((zero_allowed && value.count() == 0) || (value.count() > 0 && value <= kMaxTimeout)) return;
    throw_invalid_argument(std::string("the ") + name + " must be more than 0 and at most " +
                           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kMaxTimeout).count()) +
                           " seconds");
}

} // namespace

void check_options(SessionOptions& o) {
    if (o.port == 0) o.port = default_port(o.encryption);
    if (o.host.empty()) throw_invalid_argument("the SMTP host is empty");
    reject_line_breaks(o.host, "SMTP host");
    reject_line_breaks(o.helo_name, "HELO name");
    reject_line_breaks(o.username, "user name");
    reject_line_breaks(o.password, "password");
    check_limit(o.connect_timeout, "connect timeout", false);
    check_limit(o.command_timeout, "command timeout", false);
    check_limit(o.data_timeout, "end-of-data timeout", false);
    check_limit(o.total_timeout, "total time limit", true);
}

} // namespace smtp
