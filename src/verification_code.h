// One-time verification codes a site mails to a member (registration,
// login). The code itself is never stored: the caller keeps a token that
// carries the expiry, the attempt count and an HMAC-SHA256 binding the code
// to the purpose and the email address under the site's secret.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace smtp {

enum class VerifyStatus { Valid, Invalid, Expired, TooManyAttempts, Malformed };

// "valid", "invalid", "expired", "too_many_attempts", "malformed"
const char* verify_status_name(VerifyStatus status);

struct CodeOptions {
    int length = 6;             // 4..12
    bool alphanumeric = false;  // digits 2-9 and upper-case letters without look-alikes
    std::int64_t ttl = 600;     // seconds
    int max_attempts = 5;
};

struct IssuedCode {
    std::string code;   // to mail, never to store
    std::string token;  // to store
    std::int64_t expires;
};

// Fills a buffer with unpredictable bytes; the default is OpenSSL's RAND_bytes.
using RandomSource = std::function<void(unsigned char*, std::size_t)>;

// Throws InvalidArgument for a secret under 16 bytes, a length outside 4..12,
// ttl <= 0, max_attempts < 1, or CR/LF in the purpose.
IssuedCode issue_code(std::string_view secret, std::string_view purpose, std::string_view email,
                      const CodeOptions& options, std::int64_t now, const RandomSource& random = {});

// Checks a code typed by the member. Unless the token is Malformed, `token`
// is replaced by its new state (one more attempt, or consumed), which the
// caller must store. Comparison is constant-time.
VerifyStatus verify_code(std::string_view secret, std::string_view purpose, std::string_view email,
                         std::string_view code, std::string& token, std::int64_t now);

// Seconds left before another code may be sent (0: now).
std::int64_t cooldown_remaining(std::int64_t last_sent_at, std::int64_t cooldown, std::int64_t now);

} // namespace smtp
