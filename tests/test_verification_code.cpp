#include "error.h"
#include "verification_code.h"

#include <catch2/catch.hpp>

#include <map>
#include <vector>

using namespace smtp;

namespace {
const std::string kSecret = "0123456789abcdef-site-secret";
constexpr std::int64_t kNow = 1'800'000'000;

double chi_square(const std::map<char, long>& counts, std::size_t bins, long total) {
    double expected = static_cast<double>(total) / static_cast<double>(bins), chi = 0;
    for (const auto& [symbol, n] : counts) chi += (n - expected) * (n - expected) / expected;
    return chi;
}
} // namespace

TEST_CASE("digits are uniform (chi-square over 1e6 digits)", "[code]") {
    std::map<char, long> counts;
    long total = 0;
    CodeOptions o;
    o.length = 10;
    while (total < 1'000'000) {
        for (char c : issue_code(kSecret, "test", "a@example.com", o, kNow).code) ++counts[c], ++total;
    }
    REQUIRE(counts.size() == 10);
    CHECK(chi_square(counts, 10, total) < 27.88);  // df = 9, p = 0.001
}

TEST_CASE("alphanumeric codes avoid look-alikes and are uniform", "[code]") {
    std::map<char, long> counts;
    long total = 0;
    CodeOptions o;
    o.length = 12;
    o.alphanumeric = true;
    while (total < 600'000) {
        for (char c : issue_code(kSecret, "test", "a@example.com", o, kNow).code) ++counts[c], ++total;
    }
    REQUIRE(counts.size() == 31);
    for (char bad : std::string("0O1IlL")) CHECK(counts.count(bad) == 0);
    CHECK(chi_square(counts, 31, total) < 59.70);  // df = 30, p = 0.001
}

TEST_CASE("rejection sampling discards bytes that would bias a modulo", "[code]") {
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

TEST_CASE("a code verifies once, for its purpose and address only", "[code]") {
    auto issued = issue_code(kSecret, "registration", "Bob@Example.COM", CodeOptions{}, kNow);
    CHECK(issued.code.size() == 6);
    CHECK(issued.token.find(issued.code) == std::string::npos);
    CHECK(issued.expires == kNow + 600);
    std::string token = issued.token;

    SECTION("right code, normalised address") {
        CHECK(verify_code(kSecret, "registration", "  bob@example.com ", issued.code, token, kNow + 10) == VerifyStatus::Valid);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, kNow + 11) == VerifyStatus::Invalid);
    }
    SECTION("wrong purpose, wrong address, wrong code count as attempts") {
        CHECK(verify_code(kSecret, "login", "bob@example.com", issued.code, token, kNow) == VerifyStatus::Invalid);
        CHECK(verify_code(kSecret, "registration", "eve@example.com", issued.code, token, kNow) == VerifyStatus::Invalid);
        CHECK(token.find("v1." + std::to_string(issued.expires) + ".2.5.") == 0);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, kNow) == VerifyStatus::Valid);
    }
    SECTION("expiry: valid until the last second") {
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, issued.expires) == VerifyStatus::Expired);
        std::string again = issued.token;
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, again, issued.expires - 1) == VerifyStatus::Valid);
    }
    SECTION("five wrong tries lock the code, even against the right one") {
        std::string wrong = issued.code == "000000" ? "111111" : "000000";
        for (int i = 0; i < 5; ++i)
            CHECK(verify_code(kSecret, "registration", "bob@example.com", wrong, token, kNow) == VerifyStatus::Invalid);
        CHECK(verify_code(kSecret, "registration", "bob@example.com", issued.code, token, kNow) == VerifyStatus::TooManyAttempts);
    }
}

TEST_CASE("tampered or foreign tokens are malformed", "[code]") {
    auto issued = issue_code(kSecret, "login", "a@example.com", CodeOptions{}, kNow);
    auto tamper = GENERATE(range(0, 6));
    std::string token = issued.token;
    // Change one field: version, expiry, attempts, max, tag, mac.
    std::size_t start = 0;
    for (int i = 0; i < tamper; ++i) start = token.find('.', start) + 1;
    token[start] = token[start] == '1' ? '2' : '1';
    std::string before = token;
    CHECK(verify_code(kSecret, "login", "a@example.com", issued.code, token, kNow) == VerifyStatus::Malformed);
    CHECK(token == before);
    std::string other_secret = issued.token;
    CHECK(verify_code("another-secret-of-the-site", "login", "a@example.com", issued.code, other_secret, kNow) == VerifyStatus::Malformed);
    for (std::string junk : std::vector<std::string>{"", "v1", "v1.1.0.5.x", issued.token.substr(0, issued.token.size() - 3), issued.token + ".x"})
        CHECK(verify_code(kSecret, "login", "a@example.com", issued.code, junk, kNow) == VerifyStatus::Malformed);
}

TEST_CASE("alphanumeric input is accepted in lower case", "[code]") {
    CodeOptions o;
    o.alphanumeric = true;
    o.length = 8;
    auto issued = issue_code(kSecret, "login", "a@example.com", o, kNow);
    std::string lower;
    for (char c : issued.code) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string token = issued.token;
    CHECK(verify_code(kSecret, "login", "a@example.com", lower, token, kNow) == VerifyStatus::Valid);
}

TEST_CASE("bad arguments are refused", "[code]") {
    CodeOptions o;
    CHECK_THROWS_AS(issue_code("short", "login", "a@example.com", o, kNow), Error);
    CHECK_THROWS_AS(issue_code(kSecret, "log\nin", "a@example.com", o, kNow), Error);
    o.length = 3;
    CHECK_THROWS_AS(issue_code(kSecret, "login", "a@example.com", o, kNow), Error);
    o.length = 13;
    CHECK_THROWS_AS(issue_code(kSecret, "login", "a@example.com", o, kNow), Error);
    o = CodeOptions{};
    o.ttl = 0;
    CHECK_THROWS_AS(issue_code(kSecret, "login", "a@example.com", o, kNow), Error);
}

TEST_CASE("resend cooldown", "[code]") {
    CHECK(cooldown_remaining(kNow, 60, kNow + 15) == 45);
    CHECK(cooldown_remaining(kNow, 60, kNow + 60) == 0);
    CHECK(cooldown_remaining(0, 60, kNow) == 0);
    CHECK(std::string(verify_status_name(VerifyStatus::TooManyAttempts)) == "too_many_attempts");
}
