// Addresses: which need SMTPUTF8, and the A-label form (RFC 5890, libidn2)
// a server without SMTPUTF8 is given.
#include "mime/address.h"
#include "error.h"

#include <catch2/catch.hpp>

using namespace smtp;

TEST_CASE("only a non-ASCII local part needs SMTPUTF8", "[address][idn]") {
    CHECK_FALSE(needs_smtputf8("bob@example.com"));
    CHECK_FALSE(needs_smtputf8("info@bücher.example"));
    CHECK_FALSE(needs_smtputf8("kaito@例え.テスト"));
    CHECK(needs_smtputf8("用户@例子.广告"));
    CHECK(needs_smtputf8("pekka.mäkinen@example.fi"));
}

TEST_CASE("addresses for a server without SMTPUTF8 carry A-labels", "[address][idn]") {
    auto [given, ascii] = GENERATE(table<std::string, std::string>({
        {"bob@example.com", "bob@example.com"},
        {"info@bücher.example", "info@xn--bcher-kva.example"},
        {"kaito@例え.テスト", "kaito@xn--r8jz45g.xn--zckzah"},
        {"a@XN--BCHER-KVA.example", "a@XN--BCHER-KVA.example"},
        {"\"quoted user\"@münchen.de", "\"quoted user\"@xn--mnchen-3ya.de"},
        {"x@[192.0.2.1]", "x@[192.0.2.1]"},
    }));
    CHECK(address_for_server(given, false) == ascii);
    CHECK(address_for_server(given, true) == given);
}

TEST_CASE("a domain that has no A-label form is refused by name", "[address][idn]") {
    CHECK_THROWS_WITH(address_for_server("a@exa mple.例え", false), Catch::Contains("exa mple.例え"));
    CHECK_THROWS_WITH(address_for_server("用户@example.com", false), Catch::Contains("SMTPUTF8"));
    CHECK(ascii_domain("例え.テスト") == "xn--r8jz45g.xn--zckzah");
    CHECK_FALSE(ascii_domain("a..例え").has_value());
}
