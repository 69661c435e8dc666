// What a session is told: server, encryption, credentials, time limits.
#pragma once

#include "smtp/secret.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace smtp {

enum class Encryption { None, Ssl, StartTls };

enum class AuthMechanism { Auto, Plain, Login, CramMd5, XOAuth2, OAuthBearer };

const char* encryption_name(Encryption e);     // "none" "ssl" "starttls"
const char* auth_mechanism_name(AuthMechanism m);  // "auto" "PLAIN" ...
// Port used when SessionOptions::port is 0: 25, 465, 587.
std::uint16_t default_port(Encryption e);

// The longest any time limit may be; longer values are refused, so no
// deadline arithmetic can overflow.
constexpr std::chrono::milliseconds kMaxTimeout = std::chrono::hours(24);

struct SessionOptions {
    std::string host;
    std::uint16_t port = 0;  // 0: default_port(encryption)
    Encryption encryption = Encryption::StartTls;
    std::string username;    // empty: no AUTH
    Secret password;         // password, app password, or OAuth 2.0 access token for XOAUTH2/OAUTHBEARER
    AuthMechanism auth = AuthMechanism::Auto;
    std::string helo_name;   // empty: this machine's host name, else "localhost"
    // Name lookup, then each address tried (a new one every 250 ms, RFC 8305).
    std::chrono::milliseconds connect_timeout{10000};
    // Each reply, TLS handshake and write.
    std::chrono::milliseconds command_timeout{30000};
    // The reply to the end of the message, which the server may take long to
    // give (RFC 5321 4.5.3.2.6: 10 minutes; giving up early causes duplicates).
    std::chrono::milliseconds data_timeout{600000};
    // The whole send() / send_many() / open() call; 0: no overall limit.
    std::chrono::milliseconds total_timeout{0};
    bool verify_peer = true;
    std::string ca_file;     // empty: system CA store
    bool keep_transcript = false;
};

// Fills in the default port; throws InvalidArgument for an empty host, line
// breaks in a field sent to the server, or a time limit out of range.
void check_options(SessionOptions& o);

} // namespace smtp
