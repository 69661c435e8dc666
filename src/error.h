// One error type for every failure of the SMTP core: a category callers can
// branch on, the server's reply when there was one, and a short remedy.
#pragma once

#include <stdexcept>
#include <string>

namespace smtp {

struct Reply;

enum class ErrorCategory {
    InvalidArgument,          // bad input from the caller, refused before any byte was sent
    Connect,                  // TCP connect refused / unreachable / closed
    Dns,                      // host name does not resolve
    Timeout,                  // connect or a command took too long
    TlsHandshake,             // TLS could not be negotiated
    TlsCertificate,           // peer certificate or host name not trusted
    StartTlsUnavailable,      // STARTTLS required but not offered / refused
    AuthFailed,               // 535 and friends: wrong user or password
    AppPasswordRequired,      // 534 5.7.9: provider wants an app password
    OAuthRequired,            // 5.7.30: password login off, OAuth 2.0 sign-in required (Microsoft 365)
    AuthMechanismUnsupported, // no usable AUTH mechanism
    SenderRejected,           // MAIL FROM refused
    RecipientRejected,        // every RCPT TO refused
    MessageRejected,          // DATA or end of data refused
    RateLimited,              // provider throttles this account
    Protocol,                 // the peer does not speak SMTP as it should
    AttachmentChanged,        // an attachment file changed or failed while the message was sent: abandoned, not delivered
};

// Stable snake_case name ("auth_failed") used by PHP and the plugin.
const char* category_name(ErrorCategory category);

// Default one-line remedy for a category.
const char* default_hint(ErrorCategory category);

class Error : public std::runtime_error {
public:
    Error(ErrorCategory category, const std::string& message, int smtp_code = 0,
          std::string enhanced_code = {}, std::string server_reply = {},
          std::string hint = {});

    ErrorCategory category() const noexcept { return category_; }
    int smtp_code() const noexcept { return smtp_code_; }
    const std::string& enhanced_code() const noexcept { return enhanced_code_; }
    const std::string& server_reply() const noexcept { return server_reply_; }
    const std::string& hint() const noexcept { return hint_; }
    // True for 4xx replies and network trouble: trying later may succeed.
    bool transient() const noexcept;

private:
    ErrorCategory category_;
    int smtp_code_;
    std::string enhanced_code_;
    std::string server_reply_;
    std::string hint_;
};

// The protocol step a reply answered; it decides how a refusal is classified.
enum class Stage { Greeting, Ehlo, StartTls, Auth, MailFrom, RcptTo, Data, EndOfData, Rset, Quit };

const char* stage_name(Stage stage);

// Turns a negative server reply at a given stage into the typed error,
// recognising provider-specific texts (app passwords, sender must equal the
// account, throttling).
Error classify_reply(Stage stage, const Reply& reply);

[[noreturn]] void throw_invalid_argument(const std::string& message);

} // namespace smtp
