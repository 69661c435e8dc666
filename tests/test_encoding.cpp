// Encodings: base64 (RFC 4648 vectors), header folding for structured and
// unstructured fields, display names placed at a column, the one ASCII
// case-mapping and quoting helpers.
#include "ascii.h"
#include "mime/encoding.h"
#include "error.h"

#include <catch2/catch.hpp>

using namespace smtp;

namespace {

std::vector<std::string> lines_of(const std::string& s, std::size_t first_column) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t nl; (nl = s.find("\r\n", start)) != std::string::npos; start = nl + 2) out.push_back(s.substr(start, nl - start));
    out.push_back(s.substr(start));
    out.front().insert(0, first_column, '.');
    return out;
}

std::string unfold(std::string s) {
    for (std::size_t i; (i = s.find("\r\n")) != std::string::npos;) s.erase(i, 2);
    return s;
}

} // namespace

TEST_CASE("base64 matches RFC 4648's vectors", "[encoding]") {
    auto [in, out] = GENERATE(table<std::string, std::string>({
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
        {std::string("\0\xff\xfe", 3), "AP/+"},
    }));
    CHECK(base64_encode(in) == out);
    CHECK(base64_decode(out) == in);
}

TEST_CASE("a long ASCII word in an unstructured field stays ASCII up to 998 octets", "[encoding]") {
    const std::string url = "https://example.com/" + std::string(150, 'a');
    std::string v = encode_header_value("Click " + url, 9);
    CHECK(v.find("=?") == std::string::npos);
    CHECK(unfold(v) == "Click " + url);
    // Past 998 octets only encoded-words can carry it.
    std::string huge(1200, 'b');
    CHECK(encode_header_value(huge, 9).rfind("=?UTF-8?B?", 0) == 0);
}

TEST_CASE("structured values fold at white space and are never encoded", "[encoding]") {
    std::string refs;
    for (int i = 0; i < 8; ++i) refs += (i ? " <" : "<") + std::to_string(i) + "CAKx7Jh0Hq5rP3b5eA9m0pQxu1vZs9Q0jTY2yH8B3dWc4fQ@mail.gmail.com>";
    std::string v = fold_structured(refs, 12);
    CHECK(unfold(v) == refs);
    for (const auto& line : lines_of(v, 12)) CHECK(line.size() <= 78);
    CHECK_THROWS_AS(fold_structured("<" + std::string(990, 'x') + ">", 12), Error);
    CHECK_THROWS_AS(fold_structured("<ü@example.com>", 12), Error);
}

TEST_CASE("an encoded display name's first line counts the column it starts at", "[encoding]") {
    const std::string name = "株式会社サンプル・ソリューションズ 営業部";
    auto column = GENERATE(0u, 6u, 40u, 70u, 77u);
    std::string d = encode_display_name(name, column);
    INFO(d);
    for (const auto& line : lines_of(d, column)) CHECK(line.size() <= 78);
    CHECK(unfold(d).find("=?UTF-8?B?") != std::string::npos);
}

TEST_CASE("one quoting helper and one ASCII case mapping", "[encoding]") {
    CHECK(quoted_string("Doe, \"J\" \\ Jr") == "\"Doe, \\\"J\\\" \\\\ Jr\"");
    CHECK(ascii_lower("MAIL From:<A@B.ÄÖ>") == "mail from:<a@b.ÄÖ>");
    CHECK(ascii_upper("auth plain é") == "AUTH PLAIN é");
    CHECK(is_atext('!'));
    CHECK_FALSE(is_atext(' '));
    CHECK_FALSE(is_atext('"'));
}
