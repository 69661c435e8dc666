#include "error.h"
#include "codes/verification_code.h"

#include <catch2/catch.hpp>
#include <openssl/rand.h>

#include <map>
#include <string>
#include <vector>

using namespace smtp;

namespace {
const std::string kSecret = "0123456789abcdef-site-secret";
constexpr std::int64_t kNow = 1'800'000'000;

double chi_square(const std::map<char, long>& counts, std::size_t bins, long total) {
    double expected = static_cast<double>(total) / static_cast<double>(bins), chi = 0;
    for (const auto& [symbol, n] : counts) chi += (n - expected) * (n - expected) / expected;
    chi += static_cast<double>(bins - counts.size()) * expected;  // bins never hit
    return chi;
}

// Hands out the given bytes in order, then 255 (a byte every alphabet rejects).
struct Scripted {
    std::vector<unsigned char> bytes;
    std::size_t next = 0;
    int calls = 0;
    void operator()(unsigned char* buf, std::size_t n) {
        ++calls;
        for (std::size_t i = 0; i < n; ++i) buf[i] = next < bytes.size() ? bytes[next++] : 255;
    }
};

std::vector<std::string> fields(const std::string& token) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t dot; (dot = token.find('.', start)) != std::string::npos; start = dot + 1)
        f.push_back(token.substr(start, dot - start));
    f.push_back(token.substr(start));
    return f;
}

std::string join(const std::vector<std::string>& f) {
    std::string out;
    for (const auto& s : f) out += (out.empty() ? "" : ".") + s;
    return out;
}

TokenState state_of(const std::string& token) {
    auto state = read_token(kSecret, token);
    REQUIRE(state);
    return *state;
}

std::string other_code(const std::string& code) { return code == "000000" ? "111111" : "000000"; }

void check_invalid_argument(const std::function<void()>& f, const std::string& words) {
    try {
        f();
        FAIL("no exception");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::InvalidArgument);
        CHECK_THAT(e.what(), Catch::Contains(words));
    }
}
} // namespace

TEST_CASE("digits are uniform (chi-square over 1e6 digits)", "[code]") {
    std::map<char, long> counts;
    long total = 0;
    CodeOptions o;
    o.length = 10;
    while (total < 1'000'000)
        for (char c : issue_code(kSecret, "test", "a@example.com", o, kNow).code) ++counts[c], ++total;
    REQUIRE(counts.size() == 10);
    CHECK(counts.begin()->first == '0');
    CHECK(counts.rbegin()->first == '9');
    CHECK(chi_square(counts, 10, total) < 27.88);  // df = 9, p = 0.001

    // The test can see a modulo bias: as many plain `byte % 10` digits
    // (0..5 come from 26 byte values each, 6..9 from 25) fail it.
    std::vector<unsigned char> bytes(static_cast<std::size_t>(total));
    REQUIRE(RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) == 1);
    std::map<char, long> naive;
    for (unsigned char b : bytes) ++naive[static_cast<char>('0' + b % 10)];
    CHECK(chi_square(naive, 10, total) > 27.88);
}

TEST_CASE("alphanumeric codes avoid look-alikes and are uniform", "[code]") {
    std::map<char, long> counts;
    long total = 0;
    CodeOptions o;
    o.length = 12;
    o.alphanumeric = true;
    while (total < 1'000'000)
        for (char c : issue_code(kSecret, "test", "a@example.com", o, kNow).code) ++counts[c], ++total;
    REQUIRE(counts.size() == 31);
    for (char bad : std::string("0O1IlLoi")) CHECK(counts.count(bad) == 0);
    for (const auto& [c, n] : counts) CHECK(((c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z')));
    CHECK(chi_square(counts, 31, total) < 59.70);  // df = 30, p = 0.001
}

TEST_CASE("rejection sampling discards bytes that would bias a modulo", "[code]") {
    SECTION("all 255s: the generator keeps asking") {
        // 250..255 would map to 0..5 a second time; only the last byte of each batch is usable.
        int calls = 0;
        RandomSource biased = [&](unsigned char* buf, std::size_t n) {
            ++calls;
            for (std::size_t i = 0; i < n; ++i) buf[i] = 255;
            buf[n - 1] = static_cast<unsigned char>(7 + calls);  // "8", "9", "0"...
        };
        auto issued = issue_code(kSecret, "test", "a@example.com", CodeOptions{}, kNow, biased);
        CHECK(issued.code == "890123");
        CHECK(calls == 6);
    }
    SECTION("digits: 250..255 rejected, 249 is the last byte kept") {
        Scripted s{{255, 254, 253, 252, 251, 250, 249, 0, 10, 99, 200, 245}};
        auto issued = issue_code(kSecret, "test", "a@example.com", CodeOptions{}, kNow, std::ref(s));
        CHECK(issued.code == "900905");
        CHECK(s.calls == 1);
    }
    SECTION("alphanumeric (31 symbols): 248..255 rejected, 247 is the last byte kept") {
        CodeOptions o;
        o.alphanumeric = true;
        Scripted s{{248, 249, 250, 251, 252, 253, 254, 255, 247, 0, 31, 62, 30, 100}};
        auto issued = issue_code(kSecret, "test", "a@example.com", o, kNow, std::ref(s));
        CHECK(issued.code == "Z222Z9");
    }
    SECTION("a code longer than one batch of bytes") {
        CodeOptions o;
        o.length = 12;
        std::vector<unsigned char> bytes(40, 250);  // the first batch (32) is all rejected
        for (unsigned char b = 0; b < 12; ++b) bytes.push_back(b);
        Scripted s{bytes};
        CHECK(issue_code(kSecret, "test", "a@example.com", o, kNow, std::ref(s)).code == "012345678901");
        CHECK(s.calls == 2);
    }
}

TEST_CASE("injected randomness and clock make issuing deterministic", "[code]") {
    auto bytes = std::vector<unsigned char>{1, 2, 3, 4, 5, 6};
    Scripted a{bytes}, b{bytes};
    auto one = issue_code(kSecret, "login", "a@example.com", CodeOptions{}, kNow, std::ref(a));
    auto two = issue_code(kSecret, "login", "a@example.com", CodeOptions{}, kNow, std::ref(b));
    CHECK(one.code == "123456");
    CHECK(one.token == two.token);
    CHECK(one.expires == kNow + 600);
    // The same code for another address, purpose or expiry has another tag.
    Scripted c{bytes}, d{bytes}, e{bytes};
    CHECK(fields(issue_code(kSecret, "login", "b@example.com", CodeOptions{}, kNow, std::ref(c)).token)[4] != fields(one.token)[4]);
    CHECK(fields(issue_code(kSecret, "registration", "a@example.com", CodeOptions{}, kNow, std::ref(d)).token)[4] != fields(one.token)[4]);
    CHECK(fields(issue_code(kSecret, "login", "a@example.com", CodeOptions{}, kNow + 1, std::ref(e)).token)[4] != fields(one.token)[4]);
}

TEST_CASE("the token is ASCII, carries expiry and attempts, never the code", "[code]") {
    CodeOptions o;
    o.ttl = 300;
    o.max_attempts = 3;
    auto issued = issue_code(kSecret, "registration", "bob@example.com", o, kNow);
    auto f = fields(issued.token);
    REQUIRE(f.size() == 6);
    CHECK(f[0] == "v1");
    CHECK(f[1] == std::to_string(kNow + 300));
    CHECK(f[2] == "0");
    CHECK(f[3] == "3");
    CHECK(f[4].size() == 43);  // base64url of 32 bytes, unpadded
    CHECK(f[5].size() == 43);
    for (char c : issued.token)
        CHECK(((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'));
    CHECK(issued.token.find(issued.code) == std::string::npos);
    CHECK(issued.token.find("bob") == std::string::npos);
    auto s = state_of(issued.token);
    CHECK(s.expires == kNow + 300);
    CHECK(s.attempts == 0);
    CHECK(s.max_attempts == 3);
    CHECK_FALSE(s.consumed);
}

TEST_CASE("a code verifies once, for its purpose and address only", "[code]") {
    auto issued = issue_code(kSecret, "registration", "Bob@Example.COM", CodeOptions{}, kNow);
    CHECK(issued.code.size() == 6);
    CHECK(issued.expires == kNow + 600);
    std::string token = issued.token;

    SECTION("right code, then consumed for good") {
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, kNow + 10) == VerifyStatus::Valid);
        CHECK(state_of(token).consumed);
        CHECK(fields(token)[2] == "used");
        const std::string consumed = token;
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, kNow + 11) == VerifyStatus::Invalid);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", other_code(issued.code), token, kNow + 12) == VerifyStatus::Invalid);
        CHECK(token == consumed);  // nothing more is counted on a used code
        // Storing an older copy of the issued token is the caller's business (see the header),
        // but a consumed token cannot be turned back by editing it.
        auto f = fields(token);
        f[2] = "0";
        std::string edited = join(f);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, edited, kNow + 13) == VerifyStatus::Malformed);
    }
    SECTION("wrong purpose, wrong address, wrong code: Invalid, each counted") {
        CHECK(verify_code(kSecret, "login", "bob@example.com", issued.code, token, kNow) == VerifyStatus::Invalid);
        CHECK(state_of(token).attempts == 1);
        CHECK(verify_code(kSecret, "registration", "eve@example.com", issued.code, token, kNow) == VerifyStatus::Invalid);
        CHECK(state_of(token).attempts == 2);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", other_code(issued.code), token, kNow) == VerifyStatus::Invalid);
        CHECK(state_of(token).attempts == 3);
        CHECK(token.rfind("v1." + std::to_string(issued.expires) + ".3.5.", 0) == 0);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, kNow) == VerifyStatus::Valid);
    }
    SECTION("another secret cannot read the token: Malformed, nothing counted") {
        // Counting would need a MAC under the right secret, which the caller
        // does not have; a rotated site secret reads as "no usable code".
        CHECK(verify_code("another-secret-of-the-site", "registration", "bob@example.com", issued.code, token, kNow) == VerifyStatus::Malformed);
        CHECK(token == issued.token);
        CHECK_FALSE(read_token("another-secret-of-the-site", token));
    }
    SECTION("expiry: valid until the second before `expires`") {
        std::string late = issued.token;
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, late, issued.expires) == VerifyStatus::Expired);
        CHECK(late == issued.token);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, late, issued.expires + 3600) == VerifyStatus::Expired);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, issued.expires - 1) == VerifyStatus::Valid);
    }
    SECTION("five wrong tries lock the code, even against the right one") {
        for (int i = 0; i < 5; ++i)
            CHECK(verify_code(kSecret, "registration", "bob@example.com", other_code(issued.code), token, kNow) == VerifyStatus::Invalid);
        CHECK(state_of(token).attempts == 5);
        const std::string locked = token;
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, kNow) == VerifyStatus::TooManyAttempts);
        CHECK(token == locked);
        // Expiry is reported first once both apply.
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, issued.expires) == VerifyStatus::Expired);
    }
}

TEST_CASE("max_attempts is honoured as given", "[code]") {
    CodeOptions o;
    o.max_attempts = 1;
    auto issued = issue_code(kSecret, "login", "a@example.com", o, kNow);
    std::string token = issued.token;
    CHECK(verify_code(kSecret, "login", "a@example.com", other_code(issued.code), token, kNow) == VerifyStatus::Invalid);
    CHECK(verify_code(kSecret, "login", "a@example.com", issued.code, token, kNow) == VerifyStatus::TooManyAttempts);
}

TEST_CASE("tampered or foreign tokens are malformed", "[code]") {
    auto issued = issue_code(kSecret, "login", "a@example.com", CodeOptions{}, kNow);

    SECTION("each field changed, at its first or last character") {
        auto field = GENERATE(range(0, 6));
        auto at_end = GENERATE(false, true);
        auto f = fields(issued.token);
        char& c = at_end ? f[field].back() : f[field].front();
        c = c == '1' ? '2' : '1';
        std::string token = join(f);
        REQUIRE(token != issued.token);
        const std::string before = token;
        CHECK(verify_code(kSecret, "login", "a@example.com", issued.code, token, kNow) == VerifyStatus::Malformed);
        CHECK(token == before);
        CHECK_FALSE(read_token(kSecret, token));
    }
    SECTION("attempts reset, expiry pushed, limit raised, fields swapped or doubled") {
        std::string used = issued.token;
        REQUIRE(verify_code(kSecret, "login", "a@example.com", "x", used, kNow) == VerifyStatus::Invalid);
        auto f = fields(used);
        std::vector<std::vector<std::string>> edits;
        edits.push_back(f), edits.back()[2] = "0";
        edits.push_back(f), edits.back()[1] = std::to_string(kNow + 100000);
        edits.push_back(f), edits.back()[3] = "1000";
        edits.push_back(f), edits.back()[1] = "0" + f[1];  // same number, other spelling
        edits.push_back(f), std::swap(edits.back()[4], edits.back()[5]);
        edits.push_back(f), edits.back().insert(edits.back().begin() + 4, f[4]);
        edits.push_back(f), edits.back()[0] = "v2";
        for (const auto& e : edits) {
            std::string token = join(e);
            INFO(token);
            CHECK(verify_code(kSecret, "login", "a@example.com", issued.code, token, kNow) == VerifyStatus::Malformed);
        }
    }
    SECTION("truncated at every length, or with bytes added") {
        for (std::size_t n = 0; n < issued.token.size(); ++n) {
            std::string token = issued.token.substr(0, n);
            INFO(n);
            CHECK(verify_code(kSecret, "login", "a@example.com", issued.code, token, kNow) == VerifyStatus::Malformed);
        }
        for (std::string token : {issued.token + ".x", issued.token + "A", " " + issued.token, issued.token + "\n"})
            CHECK(verify_code(kSecret, "login", "a@example.com", issued.code, token, kNow) == VerifyStatus::Malformed);
    }
    SECTION("garbage") {
        std::vector<std::string> junk = {"", ".", ".....", "v1", "v1.1.0.5.x", "v1.9999999999.0.5.x.y",
                                          "v1.-5.0.5.x.y", std::string(300, 'A'), std::string("v1\0.1", 5),
                                          "\xff\xfe garbage \xc3\x28"};
        for (std::string token : junk)
            CHECK(verify_code(kSecret, "login", "a@example.com", issued.code, token, kNow) == VerifyStatus::Malformed);
    }
}

TEST_CASE("addresses are compared trimmed and lower-cased", "[code]") {
    auto issued = issue_code(kSecret, "login", " Bob@Example.COM ", CodeOptions{}, kNow);
    for (const char* typed : {"bob@example.com", "BOB@EXAMPLE.COM", "\tbob@example.com\r\n"}) {
        std::string token = issued.token;
        INFO(typed);
        CHECK(verify_code(kSecret, "login", typed, issued.code, token, kNow) == VerifyStatus::Valid);
    }
    for (const char* other : {"bob@example.co", "bob@example.com.", "b ob@example.com", "bob+x@example.com"}) {
        std::string token = issued.token;
        INFO(other);
        CHECK(verify_code(kSecret, "login", other, issued.code, token, kNow) == VerifyStatus::Invalid);
    }
}

TEST_CASE("typed codes are forgiven case, separators and full-width forms", "[code]") {
    CodeOptions o;
    o.alphanumeric = true;
    o.length = 8;
    Scripted s{{0, 10, 18, 30, 1, 11, 19, 21}};  // "2CMZ3DNQ"
    auto issued = issue_code(kSecret, "login", "a@example.com", o, kNow, std::ref(s));
    REQUIRE(issued.code == "2CMZ3DNQ");
    for (const char* typed : {"2cmz3dnq", "2CMZ-3DNQ", " 2cmz 3dnq ",
                              "\xef\xbc\x92\xef\xbd\x83\xef\xbd\x8d\xef\xbc\xba\xef\xbc\x93\xef\xbc\xa4\xef\xbc\xae\xef\xbc\xb1",  // full-width
                              "2CMZ\xe3\x83\xbc" "3DNQ", "2CMZ\xe3\x80\x80" "3DNQ", "2CMZ\xe2\x80\x93" "3DNQ"}) {
        std::string token = issued.token;
        INFO(typed);
        CHECK(verify_code(kSecret, "login", "a@example.com", typed, token, kNow) == VerifyStatus::Valid);
    }
    for (const char* typed : {"2CMZ3DN", "2CMZ3DNQQ", "2CMZ3DNO", "", "2CMZ\xef\xbc" "3DNQ"}) {
        std::string token = issued.token;
        INFO(typed);
        CHECK(verify_code(kSecret, "login", "a@example.com", typed, token, kNow) == VerifyStatus::Invalid);
    }

    Scripted digits{{1, 2, 3, 4, 5, 6}};
    auto numeric = issue_code(kSecret, "login", "a@example.com", CodeOptions{}, kNow, std::ref(digits));
    std::string token = numeric.token;
    CHECK(verify_code(kSecret, "login", "a@example.com", "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93 \xef\xbc\x94\xef\xbc\x95\xef\xbc\x96", token, kNow) == VerifyStatus::Valid);
}

TEST_CASE("bad arguments are refused with a clear message", "[code]") {
    CodeOptions o;
    auto issue = [&](std::string_view secret, std::string_view purpose, std::string_view email, std::int64_t now = kNow) {
        return [=] { issue_code(secret, purpose, email, o, now); };
    };
    check_invalid_argument(issue("", "login", "a@example.com"), "at least 16 bytes");
    check_invalid_argument(issue("fifteen-bytes!!", "login", "a@example.com"), "at least 16 bytes");
    CHECK_NOTHROW(issue_code("sixteen-bytes!!!", "login", "a@example.com", o, kNow));
    check_invalid_argument(issue(kSecret, "log\nin", "a@example.com"), "line break");
    check_invalid_argument(issue(kSecret, "log\rin", "a@example.com"), "line break");
    check_invalid_argument(issue(kSecret, "", "a@example.com"), "purpose is empty");
    check_invalid_argument(issue(kSecret, "login", "  "), "address is empty");
    check_invalid_argument(issue(kSecret, "login", "a@example.com\r\nBcc: x@example.com"), "line break");
    check_invalid_argument(issue(kSecret, "login", "a@example.com", -1), "time");
    for (int length : {3, 13, 0, -6}) {
        o.length = length;
        check_invalid_argument(issue(kSecret, "login", "a@example.com"), "between 4 and 12");
    }
    for (int length : {4, 12}) {
        o.length = length;
        CHECK(issue_code(kSecret, "login", "a@example.com", o, kNow).code.size() == static_cast<std::size_t>(length));
    }
    o = CodeOptions{};
    for (std::int64_t ttl : {std::int64_t{0}, std::int64_t{-600}, kMaxCodeTtl + 1}) {
        o.ttl = ttl;
        check_invalid_argument(issue(kSecret, "login", "a@example.com"), "lifetime");
    }
    o = CodeOptions{};
    for (int max : {0, -1, kMaxCodeAttempts + 1}) {
        o.max_attempts = max;
        check_invalid_argument(issue(kSecret, "login", "a@example.com"), "attempts");
    }
    o.max_attempts = kMaxCodeAttempts;
    auto many = issue_code(kSecret, "login", "a@example.com", o, kNow);
    CHECK(state_of(many.token).max_attempts == kMaxCodeAttempts);

    std::string token = many.token;
    check_invalid_argument([&] { verify_code("short", "login", "a@example.com", "123456", token, kNow); }, "at least 16 bytes");
    check_invalid_argument([&] { verify_code(kSecret, "log\nin", "a@example.com", "123456", token, kNow); }, "line break");
    CHECK(token == many.token);
}

TEST_CASE("a failing random source stops issuing", "[code]") {
    RandomSource broken = [](unsigned char*, std::size_t) { throw std::runtime_error("no entropy"); };
    CHECK_THROWS_WITH(issue_code(kSecret, "login", "a@example.com", CodeOptions{}, kNow, broken), "no entropy");
}

TEST_CASE("resend cooldown", "[code]") {
    CHECK(kDefaultResendCooldown == 60);
    CHECK(cooldown_remaining(kNow, 60, kNow) == 60);
    CHECK(cooldown_remaining(kNow, 60, kNow + 15) == 45);
    CHECK(cooldown_remaining(kNow, 60, kNow + 59) == 1);
    CHECK(cooldown_remaining(kNow, 60, kNow + 60) == 0);
    CHECK(cooldown_remaining(kNow, 60, kNow + 86400) == 0);
    CHECK(cooldown_remaining(0, 60, kNow) == 0);              // never sent
    CHECK(cooldown_remaining(kNow, 0, kNow) == 0);            // no cooldown
    CHECK(cooldown_remaining(kNow, 60, kNow - 3600) == 60);   // clock went back
}

TEST_CASE("status names", "[code]") {
    CHECK(std::string(verify_status_name(VerifyStatus::Valid)) == "valid");
    CHECK(std::string(verify_status_name(VerifyStatus::Invalid)) == "invalid");
    CHECK(std::string(verify_status_name(VerifyStatus::Expired)) == "expired");
    CHECK(std::string(verify_status_name(VerifyStatus::TooManyAttempts)) == "too_many_attempts");
    CHECK(std::string(verify_status_name(VerifyStatus::Malformed)) == "malformed");
}
