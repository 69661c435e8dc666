#include "codes/verification_code.h"

#include "ascii.h"
#include "mime/address.h"
#include "mime/encoding.h"
#include "error.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace smtp {

namespace {

constexpr std::string_view kDigits = "0123456789";
// No 0/O, 1/I/L: codes are read off a screen and typed by hand.
constexpr std::string_view kAlphanumeric = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::string_view kVersion = "v1";
constexpr std::string_view kConsumed = "used";
constexpr std::size_t kMaxTokenSize = 256;  // a real one is about 105 bytes
// Expiry times are written with at most 18 digits.
constexpr std::int64_t kMaxExpires = 999'999'999'999'999'999;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Trimmed and lower-cased as a whole (see the header).
std::string normalise_email(std::string_view email) {
    while (!email.empty() && is_space(email.front())) email.remove_prefix(1);
    while (!email.empty() && is_space(email.back())) email.remove_suffix(1);
    return ascii_lower(email);
}

// What the member typed, as the generator would have written it: separators
// dropped, upper case, and the full-width forms an East Asian input method
// produces ("１２３４５６", U+FF10..) folded to ASCII.
std::string normalise_code(std::string_view code) {
    std::string out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        auto b = [&](std::size_t k) { return static_cast<unsigned char>(code[i + k]); };
        char c = code[i];
        if (i + 2 < code.size() && b(0) == 0xEF && (b(1) == 0xBC || b(1) == 0xBD)) {
            // U+FF01..U+FF5E are ASCII 0x21..0x7E shifted.
            unsigned cp = 0xFF00u + ((b(1) & 0x03u) << 6) + (b(2) & 0x3Fu);
            if (cp >= 0xFF01 && cp <= 0xFF5E && (b(2) & 0xC0u) == 0x80) {
                c = static_cast<char>(cp - 0xFF01 + 0x21);
                i += 2;
            }
        } else if (i + 2 < code.size() &&
                   ((b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) ||                  // ideographic space
                    (b(0) == 0xE2 && b(1) == 0x80 && b(2) >= 0x90 && b(2) <= 0x95) ||  // hyphens and dashes
                    (b(0) == 0xE2 && b(1) == 0x88 && b(2) == 0x92) ||                  // minus sign
                    (b(0) == 0xE3 && b(1) == 0x83 && b(2) == 0xBC))) {                 // katakana long vowel mark
            i += 2;
            continue;
        }
        if (is_space(c) || c == '-') continue;
        out += ascii_upper(c);
    }
    return out;
}

std::string base64url(const unsigned char* bytes, std::size_t n) {
    std::string b64 = base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), n));
    for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
    b64.erase(std::remove(b64.begin(), b64.end(), '='), b64.end());
    return b64;
}

std::string hmac_b64url(std::string_view secret, const std::string& data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len))
        throw std::runtime_error("HMAC-SHA256 failed");
    return base64url(mac, len);
}

bool equal_ct(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Binds the code to purpose, address and expiry. The fields cannot run into
// each other: the purpose and the code hold no LF, the expiry is digits.
std::string code_tag(std::string_view secret, std::string_view purpose, const std::string& email,
                     const std::string& code, std::int64_t expires) {
    std::string data = "native-smtp code v1\n";
    data.append(purpose).append("\n").append(email).append("\n").append(code).append("\n").append(std::to_string(expires));
    return hmac_b64url(secret, data);
}

// Protects what the caller stores (attempts reset, expiry pushed, limit raised).
// Computed over the token's text itself, so any changed byte is caught.
std::string token_mac(std::string_view secret, std::string_view body) {
    return hmac_b64url(secret, "native-smtp token v1\n" + std::string(body));
}

struct Token {
    TokenState state;
    std::string tag;
};

std::string serialise(std::string_view secret, const Token& t) {
    std::string body = std::string(kVersion) + "." + std::to_string(t.state.expires) + "." +
                       (t.state.consumed ? std::string(kConsumed) : std::to_string(t.state.attempts)) + "." +
                       std::to_string(t.state.max_attempts) + "." + t.tag;
    return body + "." + token_mac(secret, body);
}

bool parse_int(std::string_view s, std::int64_t max, std::int64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return out <= max;
}

bool parse(std::string_view secret, std::string_view text, Token& t) {
    if (text.size() > kMaxTokenSize) return false;
    std::size_t last_dot = text.rfind('.');
    if (last_dot == std::string_view::npos) return false;
    // Integrity first: nothing in the fields is believed before the MAC matches.
    if (!equal_ct(token_mac(secret, text.substr(0, last_dot)), text.substr(last_dot + 1))) return false;

    std::vector<std::string_view> f;
    for (std::size_t start = 0;;) {
        std::size_t dot = text.find('.', start);
        f.push_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    std::int64_t expires = 0, max = 0, attempts = 0;
    if (f.size() != 6 || f[0] != kVersion || !parse_int(f[1], kMaxExpires, expires) ||
        !parse_int(f[3], kMaxCodeAttempts, max) || max < 1 || f[4].empty())
        return false;
    bool consumed = f[2] == kConsumed;
    if (!consumed && !parse_int(f[2], max, attempts)) return false;
    t.state = TokenState{expires, static_cast<int>(attempts), static_cast<int>(max), consumed};
    t.tag = std::string(f[4]);
    return true;
}

void system_random(unsigned char* buf, std::size_t n) {
    if (RAND_bytes(buf, static_cast<int>(n)) != 1) {
        char why[256] = "no reason given";
        if (unsigned long e = ERR_get_error()) ERR_error_string_n(e, why, sizeof why);
        throw std::runtime_error(std::string("OpenSSL RAND_bytes failed: ") + why);
    }
}

// Each symbol from unbiased random bytes: a byte at or above the largest
// multiple of the alphabet size is thrown away (rejection sampling), so
// b % size is exactly uniform over the bytes kept.
std::string random_code(std::string_view alphabet, std::size_t length, const RandomSource& random) {
    const unsigned limit = 256 - 256 % alphabet.size();
    std::string code;
    unsigned char buf[32];
    while (code.size() < length) {
        if (random)
            random(buf, sizeof buf);
        else
            system_random(buf, sizeof buf);
        for (unsigned char b : buf)
            if (b < limit && code.size() < length) code += alphabet[b % alphabet.size()];
    }
    OPENSSL_cleanse(buf, sizeof buf);
    return code;
}

void check_common(std::string_view secret, std::string_view purpose) {
    if (secret.size() < kMinCodeSecret) throw_invalid_argument("the verification secret must be at least 16 bytes long");
    if (purpose.empty()) throw_invalid_argument("the verification purpose is empty");
    reject_line_breaks(purpose, "verification purpose");
}

} // namespace

const char* verify_status_name(VerifyStatus s) {
    switch (s) {
    case VerifyStatus::Valid: return "valid";
    case VerifyStatus::Invalid: return "invalid";
    case VerifyStatus::Expired: return "expired";
    case VerifyStatus::TooManyAttempts: return "too_many_attempts";
    case VerifyStatus::Malformed: return "malformed";
    }
    return "malformed";
}

IssuedCode issue_code(std::string_view secret, std::string_view purpose, std::string_view email,
                      const CodeOptions& o, std::int64_t now, const RandomSource& random) {
    check_common(secret, purpose);
    if (o.length < 4 || o.length > 12) throw_invalid_argument("the code length must be between 4 and 12");
    if (o.ttl <= 0 || o.ttl > kMaxCodeTtl) throw_invalid_argument("the code lifetime must be between 1 second and one year");
    if (o.max_attempts < 1 || o.max_attempts > kMaxCodeAttempts)
        throw_invalid_argument("the maximum number of attempts must be between 1 and 1000");
    if (now < 0 || now > kMaxExpires - o.ttl) throw_invalid_argument("the current time is out of range");
    std::string mail = normalise_email(email);
    if (mail.empty()) throw_invalid_argument("the email address is empty");
    reject_line_breaks(mail, "email address");

    IssuedCode out;
    out.code = random_code(o.alphanumeric ? kAlphanumeric : kDigits, static_cast<std::size_t>(o.length), random);
    out.expires = now + o.ttl;
    Token t{TokenState{out.expires, 0, o.max_attempts, false}, code_tag(secret, purpose, mail, out.code, out.expires)};
    out.token = serialise(secret, t);
    return out;
}

VerifyStatus verify_code(std::string_view secret, std::string_view purpose, std::string_view email,
                         std::string_view code, std::string& token, std::int64_t now) {
    check_common(secret, purpose);
    Token t;
    if (!parse(secret, token, t)) return VerifyStatus::Malformed;
    if (t.state.consumed) return VerifyStatus::Invalid;  // a code works once
    if (now >= t.state.expires) return VerifyStatus::Expired;
    if (t.state.attempts >= t.state.max_attempts) return VerifyStatus::TooManyAttempts;

    std::string expected = code_tag(secret, purpose, normalise_email(email), normalise_code(code), t.state.expires);
    bool match = equal_ct(expected, t.tag);
    if (match)
        t.state.consumed = true;
    else
        ++t.state.attempts;
    token = serialise(secret, t);
    return match ? VerifyStatus::Valid : VerifyStatus::Invalid;
}

std::optional<TokenState> read_token(std::string_view secret, std::string_view token) {
    if (secret.size() < kMinCodeSecret) throw_invalid_argument("the verification secret must be at least 16 bytes long");
    Token t;
    if (!parse(secret, token, t)) return std::nullopt;
    return t.state;
}

std::int64_t cooldown_remaining(std::int64_t last_sent_at, std::int64_t cooldown, std::int64_t now) {
    if (last_sent_at <= 0 || cooldown <= 0) return 0;
    if (now < last_sent_at) return cooldown;  // the clock went back
    std::int64_t elapsed = now - last_sent_at;
    return elapsed >= cooldown ? 0 : cooldown - elapsed;
}

} // namespace smtp
