// OAuth 2.0 bearer tokens over SMTP AUTH: OAUTHBEARER (RFC 7628) beside
// XOAUTH2, the choice between them from the server's AUTH list, the error
// challenge decoded into the error and answered with the required dummy
// response, the token kept out of the transcript, and Microsoft's 5.7.30.
#include "scripted_server.h"
#include "smtp/auth.h"
#include "smtp/session.h"
#include "mime/encoding.h"
#include "error.h"

#include <catch2/catch.hpp>

using namespace smtp;
using namespace smtp_test;

namespace {

const std::string kToken = "eyJ0eXAiOiJKV1QifQ.eyJzY3AiOiJTTVRQLlNlbmQifQ.c2lnbmF0dXJl";
// Gmail's and RFC 7628's error challenges.
const std::string kXoauth2Error = R"({"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})";
const std::string kBearerError = R"({"status":"invalid_token","scope":"example_scope","openid-configuration":"https://example.com/.well-known/openid-configuration"})";

SessionOptions token_options(std::uint16_t port, AuthMechanism mech) {
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.encryption = Encryption::None;
    o.username = "user@example.com";
    o.password = kToken;
    o.auth = mech;
    o.command_timeout = std::chrono::milliseconds(3000);
    o.connect_timeout = std::chrono::milliseconds(3000);
    o.keep_transcript = true;
    return o;
}

Message message() {
    Message m;
    m.from = {"", "user@example.com"};
    m.to.push_back({"", "bob@example.com"});
    m.subject = "Hello";
    m.text = "Hi";
    return m;
}

std::vector<Step> accept_one() {
    return {read_line(), send("250 2.1.0 ok\r\n"), read_line(), send("250 2.1.5 ok\r\n"), read_line(),
            send("354 go ahead\r\n"), read_data(), send("250 2.0.0 queued\r\n")};
}

// The lines the client wrote after EHLO.
std::vector<std::string> client_lines(const std::string& received) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < received.size()) {
        auto end = received.find("\r\n", pos);
        if (end == std::string::npos) break;
        lines.push_back(received.substr(pos, end - pos));
        pos = end + 2;
    }
    return lines;
}

Error send_expecting_error(SessionOptions o, std::string* transcript = nullptr) {
    Session s(o);
    try {
        s.send(message());
    } catch (const Error& e) {
        if (transcript) *transcript = s.transcript();
        return e;
    }
    FAIL("sent");
    throw;
}

} // namespace

TEST_CASE("OAUTHBEARER's initial response follows RFC 7628", "[auth][oauth]") {
    auto ex = make_auth_exchange(AuthMechanism::OAuthBearer, "user@example.com", "vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==",
                                 "server.example.com", 587);
    // RFC 7628 section 4.1, with the user and token of its example.
    CHECK(ex->start() == "AUTH OAUTHBEARER " + base64_encode("n,a=user@example.com,\x01host=server.example.com\x01port=587\x01"
                                                             "auth=Bearer vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==\x01\x01"));
    // The error challenge gets a single ^A.
    CHECK(ex->respond(base64_encode(kBearerError)) == "AQ==");
    CHECK(base64_decode("AQ==") == "\x01");

    auto escaped = make_auth_exchange(AuthMechanism::OAuthBearer, "a,b=c", "tok", "", 0);
    CHECK(base64_decode(escaped->start().view().substr(17)) == "n,a=a=2Cb=3Dc,\x01" "auth=Bearer tok\x01\x01");
}

TEST_CASE("XOAUTH2 answers its error challenge with an empty line", "[auth][oauth]") {
    auto ex = make_auth_exchange(AuthMechanism::XOAuth2, "user@example.com", kToken);
    CHECK(ex->respond(base64_encode(kXoauth2Error)).empty());
}

TEST_CASE("a token that is not an RFC 6750 bearer token, or a user with control bytes, is refused before sending", "[auth][oauth]") {
    for (AuthMechanism m : {AuthMechanism::XOAuth2, AuthMechanism::OAuthBearer}) {
        for (const std::string bad : {"", "two words", "tok\x01" "auth=Bearer x", "a=b", "tok\"en", "ünicode"}) {
            INFO(bad);
            try {
                make_auth_exchange(m, "user@example.com", bad);
                FAIL("accepted");
            } catch (const Error& e) {
                CHECK(e.category() == ErrorCategory::InvalidArgument);
                CHECK(std::string(e.what()).find("bearer token") != std::string::npos);
                if (!bad.empty()) CHECK(std::string(e.what()).find(bad) == std::string::npos);  // never echoed
            }
        }
        CHECK_THROWS_AS(make_auth_exchange(m, "user\x01@example.com", kToken), Error);
        CHECK_NOTHROW(make_auth_exchange(m, "user@example.com", "ya29.a0Af-_~+/xyz=="));
    }
}

TEST_CASE("a token mechanism falls back to the other one the server offers", "[auth][oauth]") {
    CHECK(choose_auth_mechanism({"LOGIN", "XOAUTH2"}, AuthMechanism::OAuthBearer, true) == AuthMechanism::XOAuth2);
    CHECK(choose_auth_mechanism({"OAUTHBEARER"}, AuthMechanism::XOAuth2, true) == AuthMechanism::OAuthBearer);
    CHECK(choose_auth_mechanism({"OAUTHBEARER", "XOAUTH2"}, AuthMechanism::XOAuth2, true) == AuthMechanism::XOAuth2);
    CHECK(choose_auth_mechanism({"OAUTHBEARER", "XOAUTH2"}, AuthMechanism::OAuthBearer, true) == AuthMechanism::OAuthBearer);
    CHECK(choose_auth_mechanism({"OAUTHBEARER", "PLAIN"}, AuthMechanism::Auto, true) == AuthMechanism::Plain);
    CHECK(parse_auth_mechanism("oauthbearer") == AuthMechanism::OAuthBearer);
    CHECK(std::string(auth_mechanism_name(AuthMechanism::OAuthBearer)) == "OAUTHBEARER");
    try {
        choose_auth_mechanism({"PLAIN", "LOGIN"}, AuthMechanism::XOAuth2, true);
        FAIL("chose");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::AuthMechanismUnsupported);
        CHECK(std::string(e.what()).find("neither OAUTHBEARER nor XOAUTH2") != std::string::npos);
    }
}

TEST_CASE("session: OAUTHBEARER when the server offers only it, token hidden in the transcript", "[session][oauth]") {
    ScriptedServer server(greet_ehlo("250-AUTH LOGIN OAUTHBEARER\r\n250 8BITMIME\r\n") +
                          std::vector<Step>{read_line(), send("235 2.7.0 Accepted\r\n")} + accept_one() +
                          std::vector<Step>{read_line(), send("221 bye\r\n")});
    {
        Session s(token_options(server.port(), AuthMechanism::XOAuth2));
        s.send(message());
        CHECK(s.transcript().find("AUTH OAUTHBEARER <redacted>") != std::string::npos);
        CHECK(s.transcript().find(kToken) == std::string::npos);
        CHECK(s.transcript().find(base64_encode("n,a=user")) == std::string::npos);
        s.close();
    }
    server.wait();
    auto lines = client_lines(server.received());
    REQUIRE(lines.size() >= 2);
    CHECK(lines[1] == "AUTH OAUTHBEARER " + base64_encode("n,a=user@example.com,\x01host=127.0.0.1\x01port=" + std::to_string(server.port()) +
                                                          "\x01" "auth=Bearer " + kToken + "\x01\x01"));
}

TEST_CASE("session: a refused token's error challenge is decoded into the error, answered as each mechanism requires", "[session][oauth]") {
    struct Case { AuthMechanism mech; std::string offered; std::string challenge; std::string dummy; std::string final_reply; };
    auto c = GENERATE_COPY(values<Case>({
        {AuthMechanism::XOAuth2, "XOAUTH2", kXoauth2Error, "", "535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 https://support.google.com/mail/?p=BadCredentials\r\n"},
        {AuthMechanism::OAuthBearer, "OAUTHBEARER XOAUTH2", kBearerError, "AQ==", "535 5.7.8 Authentication credentials invalid\r\n"},
    }));
    ScriptedServer server(greet_ehlo("250-AUTH " + c.offered + "\r\n250 8BITMIME\r\n") +
                          std::vector<Step>{read_line(), send("334 " + base64_encode(c.challenge) + "\r\n"), read_line(), send(c.final_reply)});
    std::string transcript;
    Error e = send_expecting_error(token_options(server.port(), c.mech), &transcript);
    server.wait();
    CHECK(e.category() == ErrorCategory::AuthFailed);
    CHECK(e.smtp_code() == 535);
    // The server's JSON, decoded, in the message; the hint speaks of the token.
    CHECK(std::string(e.what()).find("(the server explained: " + c.challenge + ")") != std::string::npos);
    CHECK(e.hint().find("access token was refused") != std::string::npos);
    // Exactly the required dummy answer after the challenge, nothing more (no MAIL FROM).
    auto lines = client_lines(server.received());
    REQUIRE(lines.size() == 3);
    CHECK(lines[2] == c.dummy);
    CHECK(transcript.find(kToken) == std::string::npos);
    CHECK(std::string(e.what()).find(kToken) == std::string::npos);
}

TEST_CASE("session: a server that keeps challenging a token is cut off", "[session][oauth]") {
    std::vector<Step> script = greet_ehlo("250 AUTH XOAUTH2\r\n");
    for (int i = 0; i <= kMaxAuthChallenges; ++i) {
        script.push_back(read_line());
        script.push_back(send("334 " + base64_encode(kXoauth2Error) + "\r\n"));
    }
    ScriptedServer server(script);
    Error e = send_expecting_error(token_options(server.port(), AuthMechanism::XOAuth2));
    CHECK(e.category() == ErrorCategory::Protocol);
}

TEST_CASE("5.7.30: basic authentication off is its own category, with the fix", "[error][oauth]") {
    auto reply = [](const std::string& wire) {
        ReplyParser p;
        p.feed(wire);
        return *p.next();
    };
    for (auto [stage, wire] : std::vector<std::pair<Stage, std::string>>{
             {Stage::Auth, "550 5.7.30 Basic authentication is not supported for Client Submission\r\n"},
             {Stage::MailFrom, "550 5.7.30 Basic authentication is not supported for Client Submission\r\n"},
             {Stage::Auth, "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.\r\n"}}) {
        INFO(wire);
        Error e = classify_reply(stage, reply(wire));
        CHECK(e.category() == ErrorCategory::OAuthRequired);
        CHECK(std::string(category_name(e.category())) == "oauth_required");
        CHECK(e.hint().find("sign in with Microsoft (OAuth 2.0)") != std::string::npos);
        CHECK_FALSE(e.transient());
    }

    // Over a session: a password login meets it at AUTH.
    ScriptedServer server(greet_ehlo("250 AUTH LOGIN PLAIN XOAUTH2\r\n") +
                          std::vector<Step>{read_line(), send("550 5.7.30 Basic authentication is not supported for Client Submission\r\n")});
    SessionOptions o = token_options(server.port(), AuthMechanism::Auto);
    o.password = "a password";
    Error e = send_expecting_error(o);
    CHECK(e.category() == ErrorCategory::OAuthRequired);
    CHECK(e.enhanced_code() == "5.7.30");
}
