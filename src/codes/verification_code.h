// One-time verification codes a site mails to a member (registration,
// login). The code itself is never stored: the caller keeps a token that
// carries the expiry, the attempt count and an HMAC-SHA256 binding the code
// to the purpose and the email address under the site's secret.
//
// Token: "v1.<expires>.<attempts|used>.<max attempts>.<tag>.<mac>", ASCII.
// <tag> = base64url HMAC(secret, purpose, address, code, expires);
// <mac> = base64url HMAC(secret, every field before it), so an edited
// attempt count, expiry or limit makes the token Malformed.
//
// The token belongs on the server (a database row, a transient), never in a
// form or cookie: an older copy would bring back spent attempts. Two checks
// of one token at the same time must be serialised by the caller (store the
// new token only if the old one is still there).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace smtp {

enum class VerifyStatus { Valid, Invalid, Expired, TooManyAttempts, Malformed };

// "valid", "invalid", "expired", "too_many_attempts", "malformed"
const char* verify_status_name(VerifyStatus status);

constexpr std::size_t kMinCodeSecret = 16;              // bytes
constexpr int kMaxCodeAttempts = 1000;                  // CodeOptions::max_attempts upper bound
constexpr std::int64_t kMaxCodeTtl = 366LL * 24 * 3600; // a year
constexpr std::int64_t kDefaultResendCooldown = 60;     // seconds, for cooldown_remaining()

struct CodeOptions {
    int length = 6;             // 4..12
    bool alphanumeric = false;  // digits 2-9 and upper-case letters without look-alikes (no 0/O, 1/I/L)
    std::int64_t ttl = 600;     // seconds, 1..kMaxCodeTtl
    int max_attempts = 5;       // 1..kMaxCodeAttempts
};

struct IssuedCode {
    std::string code;   // to mail, never to store
    std::string token;  // to store
    std::int64_t expires;  // now + ttl; the code is accepted while now < expires
};

// Fills a buffer with unpredictable bytes; the default is OpenSSL's RAND_bytes
// (std::runtime_error if it fails).
using RandomSource = std::function<void(unsigned char*, std::size_t)>;

// Email addresses are compared after trimming surrounding white space and
// lower-casing the whole address (ASCII): " Bob@Example.COM " is
// "bob@example.com". Lower-casing the local part too is a deliberate
// simplification: no real provider gives Bob@ and bob@ to two people.
//
// Throws Error(InvalidArgument) for a secret under 16 bytes, an empty purpose
// or one with CR/LF/NUL, an empty address or one with CR/LF/NUL, a length
// outside 4..12, ttl outside 1..kMaxCodeTtl, max_attempts outside
// 1..kMaxCodeAttempts, or a negative `now`.
IssuedCode issue_code(std::string_view secret, std::string_view purpose, std::string_view email,
                      const CodeOptions& options, std::int64_t now, const RandomSource& random = {});

// Checks a code typed by the member (spaces, dashes, letter case and
// full-width digits or letters from an East Asian input method are forgiven).
// Checked in this order:
//   Malformed        the token is not one of ours under this secret (edited,
//                    truncated, or issued with another secret); token unchanged
//   Invalid          the code was already used (the token says "used"); unchanged
//   Expired          now >= expires; unchanged
//   TooManyAttempts  max_attempts wrong tries already made; unchanged
//   Invalid          wrong code, or a code for another purpose or address:
//                    `token` is updated with one more attempt
//   Valid            `token` is updated to its consumed state
// The caller stores `token` after every call. Comparison is constant-time.
// Throws InvalidArgument only for a bad secret or purpose (as issue_code).
VerifyStatus verify_code(std::string_view secret, std::string_view purpose, std::string_view email,
                         std::string_view code, std::string& token, std::int64_t now);

// What a token says, once its integrity is checked; nullopt when Malformed.
struct TokenState {
    std::int64_t expires = 0;
    int attempts = 0;        // wrong tries so far
    int max_attempts = 0;
    bool consumed = false;   // the code was used
};
std::optional<TokenState> read_token(std::string_view secret, std::string_view token);

// Seconds left before another code may be sent (0: now). last_sent_at <= 0
// means never sent. A clock that went back never makes the wait longer than
// the cooldown itself.
std::int64_t cooldown_remaining(std::int64_t last_sent_at, std::int64_t cooldown, std::int64_t now);

} // namespace smtp
