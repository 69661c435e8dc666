#include "smtp/auth.h"
#include "mime/encoding.h"
#include "error.h"

#include <catch2/catch.hpp>

using namespace smtp;

TEST_CASE("PLAIN sends authzid, user and password in one response", "[auth]") {
    auto ex = make_auth_exchange(AuthMechanism::Plain, "tim", "tanstaaftanstaaf");
    CHECK(ex->start() == "AUTH PLAIN " + base64_encode(std::string("\0tim\0tanstaaftanstaaf", 21)));
    CHECK(ex->respond("") == base64_encode(std::string("\0tim\0tanstaaftanstaaf", 21)));
}

TEST_CASE("LOGIN answers user then password", "[auth]") {
    auto ex = make_auth_exchange(AuthMechanism::Login, "alice", "pw");
    CHECK(ex->start() == "AUTH LOGIN");
    CHECK(base64_decode(ex->respond("VXNlcm5hbWU6")) == "alice");
    CHECK(base64_decode(ex->respond("UGFzc3dvcmQ6")) == "pw");
}

TEST_CASE("CRAM-MD5 matches RFC 2195's example", "[auth]") {
    auto ex = make_auth_exchange(AuthMechanism::CramMd5, "tim", "tanstaaftanstaaf");
    CHECK(ex->start() == "AUTH CRAM-MD5");
    CHECK(ex->respond("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+") ==
          "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
}

TEST_CASE("XOAUTH2 carries the bearer token", "[auth]") {
    auto ex = make_auth_exchange(AuthMechanism::XOAuth2, "someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
    CHECK(ex->start() == "AUTH XOAUTH2 " + base64_encode("user=someuser@example.com\x01" "auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"));
    CHECK(ex->respond("eyJzdGF0dXMiOiI0MDEifQ==") == "");
}

TEST_CASE("mechanism choice", "[auth]") {
    std::set<std::string> all{"PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"};
    CHECK(choose_auth_mechanism(all, AuthMechanism::Auto, true) == AuthMechanism::Plain);
    CHECK(choose_auth_mechanism(all, AuthMechanism::Auto, false) == AuthMechanism::CramMd5);
    CHECK(choose_auth_mechanism({"LOGIN"}, AuthMechanism::Auto, true) == AuthMechanism::Login);
    CHECK(choose_auth_mechanism(all, AuthMechanism::XOAuth2, true) == AuthMechanism::XOAuth2);
    CHECK_THROWS_AS(choose_auth_mechanism({"XOAUTH2"}, AuthMechanism::Auto, true), Error);
    try {
        choose_auth_mechanism({"PLAIN"}, AuthMechanism::CramMd5, true);
        FAIL("chose");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::AuthMechanismUnsupported);
        CHECK(std::string(e.what()).find("PLAIN") != std::string::npos);
    }
}

TEST_CASE("mechanism names parse case-insensitively", "[auth]") {
    CHECK(parse_auth_mechanism("cram-md5") == AuthMechanism::CramMd5);
    CHECK(parse_auth_mechanism("AUTO") == AuthMechanism::Auto);
    CHECK(parse_auth_mechanism("xoauth2") == AuthMechanism::XOAuth2);
    CHECK_THROWS_AS(parse_auth_mechanism("NTLM"), Error);
}
