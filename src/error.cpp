#include "error.h"

#include "ascii.h"
#include "data_tables.h"
#include "smtp/reply.h"

#include <optional>

namespace smtp {

const char* category_name(ErrorCategory c) {
    switch (c) {
    case ErrorCategory::InvalidArgument: return "invalid_argument";
    case ErrorCategory::Connect: return "connect";
    case ErrorCategory::Dns: return "dns";
    case ErrorCategory::Timeout: return "timeout";
    case ErrorCategory::TlsHandshake: return "tls_handshake";
    case ErrorCategory::TlsCertificate: return "tls_certificate";
    case ErrorCategory::StartTlsUnavailable: return "starttls_unavailable";
    case ErrorCategory::AuthFailed: return "auth_failed";
    case ErrorCategory::AppPasswordRequired: return "app_password_required";
    case ErrorCategory::OAuthRequired: return "oauth_required";
    case ErrorCategory::AuthMechanismUnsupported: return "auth_mechanism_unsupported";
    case ErrorCategory::SenderRejected: return "sender_rejected";
    case ErrorCategory::RecipientRejected: return "recipient_rejected";
    case ErrorCategory::MessageRejected: return "message_rejected";
    case ErrorCategory::RateLimited: return "rate_limited";
    case ErrorCategory::Protocol: return "protocol";
    case ErrorCategory::AttachmentChanged: return "attachment_changed";
    }
    return "protocol";
}

// default_hint() is generated from the data file the plugin shares:
// src/data_tables.cpp (scripts/gen-data.py).

Error::Error(ErrorCategory category, const std::string& message, int smtp_code,
             std::string enhanced_code, std::string server_reply, std::string hint)
    : std::runtime_error(message),
      category_(category),
      smtp_code_(smtp_code),
      enhanced_code_(std::move(enhanced_code)),
      server_reply_(std::move(server_reply)),
      hint_(hint.empty() ? default_hint(category) : std::move(hint)) {}

bool Error::transient() const noexcept {
    if (smtp_code_ >= 500) return false;  // a permanent refusal, whatever the stage
    if (smtp_code_ >= 400) return true;
    switch (category_) {
    case ErrorCategory::Connect:
    case ErrorCategory::Timeout:
    case ErrorCategory::RateLimited:
        return true;
    default:
        return false;
    }
}

const char* stage_name(Stage s) {
    switch (s) {
    case Stage::Greeting: return "greeting";
    case Stage::Ehlo: return "EHLO";
    case Stage::StartTls: return "STARTTLS";
    case Stage::Auth: return "AUTH";
    case Stage::MailFrom: return "MAIL FROM";
    case Stage::RcptTo: return "RCPT TO";
    case Stage::Data: return "DATA";
    case Stage::EndOfData: return "end of data";
    case Stage::Rset: return "RSET";
    case Stage::Quit: return "QUIT";
    }
    return "?";
}

namespace {

// A phrase list of the shared data file (ends with nullptr).
bool contains_any(const std::string& haystack, const char* const* needles) {
    for (; *needles; ++needles)
        if (haystack.find(*needles) != std::string::npos) return true;
    return false;
}

// Texts real providers send that tell more than the code does.
bool looks_like_app_password(const std::string& t) { return contains_any(t, data::app_password_phrases); }

bool looks_like_sender_mismatch(const std::string& t) { return contains_any(t, data::sender_mismatch_phrases); }

bool looks_like_rate_limit(const std::string& t) { return contains_any(t, data::rate_limit_phrases); }

bool looks_like_basic_auth_off(const std::string& t) { return contains_any(t, data::basic_auth_off_phrases); }

bool looks_like_mailbox_full(const std::string& t) { return contains_any(t, data::mailbox_full_phrases); }

bool looks_like_tls_required(const std::string& t) { return contains_any(t, data::tls_required_phrases); }

struct Classified {
    ErrorCategory category;
    const char* hint = nullptr;  // nullptr: the category's default
};

// RFC 3463 codes that name the cause, whatever the class digit (the data
// file's table). At MAIL FROM every refusal is about the sender, so only the
// stage-independent ones apply there.
std::optional<Classified> by_enhanced_code(Stage stage, const std::string& enh) {
    if (enh.size() < 5) return std::nullopt;
    const std::string sd = enh.substr(2);  // "subject.detail"
    const bool after_mail = stage == Stage::RcptTo || stage == Stage::Data || stage == Stage::EndOfData;
    for (const data::EnhancedCodeRule* rule = data::enhanced_code_rules; rule->subject_detail; ++rule)
        if (sd == rule->subject_detail && (after_mail || !rule->after_mail_only))
            return Classified{rule->category, rule->hint};
    return std::nullopt;
}

Classified classify(Stage stage, const Reply& r, const std::string& t) {
    const std::string& enh = r.enhanced;
    const bool after_mail = stage == Stage::RcptTo || stage == Stage::Data || stage == Stage::EndOfData;

    // Provider-wide signals first: they can arrive at any stage. 534 is
    // AUTH's "use another way to log in" (RFC 4954; Gmail's web login 5.7.14).
    // Microsoft 365 with basic authentication off: at AUTH or, for some tenants, at MAIL FROM.
    if (enh == "5.7.30" || looks_like_basic_auth_off(t)) return {ErrorCategory::OAuthRequired};
    if (enh.size() >= 5 && enh.compare(2, std::string::npos, "7.9") == 0) return {ErrorCategory::AppPasswordRequired};
    if ((stage == Stage::Auth && r.code == 534) || looks_like_app_password(t)) return {ErrorCategory::AppPasswordRequired};
    if (auto c = by_enhanced_code(stage, enh)) return *c;
    if (after_mail && looks_like_mailbox_full(t)) return {ErrorCategory::RecipientRejected, data::mailbox_full_hint};
    if (enh == "5.4.5" || ((r.klass() == 4 || r.code == 554 || r.code == 550) && looks_like_rate_limit(t)))
        return {ErrorCategory::RateLimited};
    // 421: the server is closing the connection, whatever we asked.
    if (r.code == 421) return {ErrorCategory::Connect};

    switch (stage) {
    case Stage::Greeting:
        return {ErrorCategory::Connect};
    case Stage::Ehlo:
    case Stage::Rset:
    case Stage::Quit:
        return {ErrorCategory::Protocol};
    case Stage::StartTls:
        return {ErrorCategory::StartTlsUnavailable};
    case Stage::Auth:
        if (r.code == 538) return {ErrorCategory::StartTlsUnavailable, data::tls_required_hint};
        if (r.code == 504 || enh == "5.5.4" || enh == "5.7.4") return {ErrorCategory::AuthMechanismUnsupported};
        return {ErrorCategory::AuthFailed};
    case Stage::MailFrom:
        // "530 Authentication required", or "530 Must issue a STARTTLS command first".
        if (r.code == 530) return {looks_like_tls_required(t) ? ErrorCategory::StartTlsUnavailable : ErrorCategory::AuthFailed,
                                   looks_like_tls_required(t) ? data::tls_required_hint : nullptr};
        return {ErrorCategory::SenderRejected};
    case Stage::RcptTo:
        if (looks_like_sender_mismatch(t)) return {ErrorCategory::SenderRejected};
        return {ErrorCategory::RecipientRejected};
    case Stage::Data:
    case Stage::EndOfData:
        if (looks_like_sender_mismatch(t)) return {ErrorCategory::SenderRejected};
        return {ErrorCategory::MessageRejected};
    }
    return {ErrorCategory::Protocol};
}

} // namespace

Error classify_reply(Stage stage, const Reply& r) {
    const std::string text = r.text();
    Classified c = classify(stage, r, ascii_lower(text));
    return Error(c.category, std::string("server refused ") + stage_name(stage) + ": " + text, r.code, r.enhanced, text,
                 c.hint ? c.hint : std::string());
}

void throw_invalid_argument(const std::string& message) {
    throw Error(ErrorCategory::InvalidArgument, message);
}

} // namespace smtp
