#include "verification_code.h"

#include "address.h"
#include "encoding.h"
#include "error.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace smtp {

namespace {

constexpr std::string_view kDigits = "0123456789";
// No 0/O, 1/I/L: codes are read off a screen and typed by hand.
constexpr std::string_view kAlphanumeric = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::string_view kConsumed = "used";

std::string normalise_email(std::string_view email) {
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front()))) email.remove_prefix(1);
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back()))) email.remove_suffix(1);
    std::string out(email);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string normalise_code(std::string_view code) {
    std::string out;
    for (char c : code)
        if (!std::isspace(static_cast<unsigned char>(c)) && c != '-')
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string hmac_b64url(std::string_view secret, const std::string& data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    std::string b64 = base64_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
    for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
    b64.erase(std::remove(b64.begin(), b64.end(), '='), b64.end());
    return b64;
}

// Binds the code to purpose, address and expiry.
std::string code_tag(std::string_view secret, std::string_view purpose, const std::string& email,
                     const std::string& code, std::int64_t expires) {
    std::string data = "native-smtp code v1\n";
    data.append(purpose).append("\n").append(email).append("\n").append(code).append("\n").append(std::to_string(expires));
    return hmac_b64url(secret, data);
}

struct Token {
    std::int64_t expires = 0;
    std::string attempts;  // a count, or "used"
    int max_attempts = 0;
    std::string tag;
};

// Protects the fields the caller stores from being edited (attempts reset, expiry pushed).
std::string token_mac(std::string_view secret, const Token& t) {
    return hmac_b64url(secret, "native-smtp token v1\n" + std::to_string(t.expires) + "\n" + t.attempts + "\n" +
                                   std::to_string(t.max_attempts) + "\n" + t.tag);
}

std::string serialise(std::string_view secret, const Token& t) {
    return "v1." + std::to_string(t.expires) + "." + t.attempts + "." + std::to_string(t.max_attempts) + "." + t.tag +
           "." + token_mac(secret, t);
}

bool parse_int(std::string_view s, std::int64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

bool parse(std::string_view secret, std::string_view text, Token& t) {
    std::vector<std::string_view> f;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '.') {
            f.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    std::int64_t max = 0, attempts = 0;
    if (f.size() != 6 || f[0] != "v1" || !parse_int(f[1], t.expires) || !parse_int(f[3], max) || max < 1 || max > 1000)
        return false;
    if (f[2] != kConsumed && !parse_int(f[2], attempts)) return false;
    t.attempts = std::string(f[2]);
    t.max_attempts = static_cast<int>(max);
    t.tag = std::string(f[4]);
    std::string mac = token_mac(secret, t);
    return mac.size() == f[5].size() && CRYPTO_memcmp(mac.data(), f[5].data(), mac.size()) == 0;
}

void default_random(unsigned char* buf, std::size_t n) {
    if (RAND_bytes(buf, static_cast<int>(n)) != 1)
        throw Error(ErrorCategory::InvalidArgument, "the system random generator failed");
}

void check_common(std::string_view secret, std::string_view purpose) {
    if (secret.size() < 16) throw_invalid_argument("the verification secret must be at least 16 bytes long");
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
    if (o.ttl <= 0) throw_invalid_argument("the code lifetime must be positive");
    if (o.max_attempts < 1) throw_invalid_argument("the maximum number of attempts must be at least 1");
    std::string mail = normalise_email(email);
    if (mail.empty()) throw_invalid_argument("the email address is empty");

    // Rejection sampling: only bytes below the largest multiple of the
    // alphabet size are used, so every symbol is exactly equally likely.
    const std::string_view alphabet = o.alphanumeric ? kAlphanumeric : kDigits;
    const unsigned limit = 256 - 256 % alphabet.size();
    IssuedCode out;
    unsigned char buf[32];
    while (out.code.size() < static_cast<std::size_t>(o.length)) {
        random ? random(buf, sizeof buf) : default_random(buf, sizeof buf);
        for (unsigned char b : buf)
            if (b < limit && out.code.size() < static_cast<std::size_t>(o.length)) out.code += alphabet[b % alphabet.size()];
    }
    OPENSSL_cleanse(buf, sizeof buf);

    out.expires = now + o.ttl;
    Token t{out.expires, "0", o.max_attempts, code_tag(secret, purpose, mail, out.code, out.expires)};
    out.token = serialise(secret, t);
    return out;
}

VerifyStatus verify_code(std::string_view secret, std::string_view purpose, std::string_view email,
                         std::string_view code, std::string& token, std::int64_t now) {
    check_common(secret, purpose);
    Token t;
    if (!parse(secret, token, t)) return VerifyStatus::Malformed;
    if (t.attempts == kConsumed) return VerifyStatus::Invalid;  // a code works once
    if (now >= t.expires) return VerifyStatus::Expired;
    std::int64_t attempts = 0;
    parse_int(t.attempts, attempts);
    if (attempts >= t.max_attempts) return VerifyStatus::TooManyAttempts;

    std::string expected = code_tag(secret, purpose, normalise_email(email), normalise_code(code), t.expires);
    bool match = expected.size() == t.tag.size() && CRYPTO_memcmp(expected.data(), t.tag.data(), expected.size()) == 0;
    t.attempts = match ? std::string(kConsumed) : std::to_string(attempts + 1);
    token = serialise(secret, t);
    return match ? VerifyStatus::Valid : VerifyStatus::Invalid;
}

std::int64_t cooldown_remaining(std::int64_t last_sent_at, std::int64_t cooldown, std::int64_t now) {
    if (last_sent_at <= 0 || cooldown <= 0) return 0;
    return std::max<std::int64_t>(0, last_sent_at + cooldown - now);
}

} // namespace smtp
