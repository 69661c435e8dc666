#include "error.h"
#include "smtp/reply.h"

#include <catch2/catch.hpp>

using namespace smtp;

namespace {
Reply parse_one(const std::string& wire) {
    ReplyParser p;
    p.feed(wire);
    auto r = p.next();
    REQUIRE(r);
    REQUIRE(p.buffered() == 0);
    return *r;
}
} // namespace

TEST_CASE("single-line replies keep code, enhanced code and text", "[reply]") {
    auto r = parse_one("250 2.1.0 Sender OK\r\n");
    CHECK(r.code == 250);
    CHECK(r.enhanced == "2.1.0");
    CHECK(r.lines == std::vector<std::string>{"Sender OK"});
    CHECK(r.text() == "250 2.1.0 Sender OK");
    CHECK(r.positive());
}

TEST_CASE("reply vectors", "[reply]") {
    struct Vec { const char* wire; int code; const char* enhanced; std::size_t lines; const char* first; };
    auto v = GENERATE(values<Vec>({
        {"220 smtp.qq.com Esmtp QQ Mail Server\r\n", 220, "", 1, "smtp.qq.com Esmtp QQ Mail Server"},
        {"250\r\n", 250, "", 1, ""},
        {"354 \r\n", 354, "", 1, ""},
        {"535 5.7.8 Error: authentication failed\r\n", 535, "5.7.8", 1, "Error: authentication failed"},
        {"534-5.7.9 Application-specific password required. Learn more at\r\n534 5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor\r\n",
         534, "5.7.9", 2, "Application-specific password required. Learn more at"},
        {"553 Mail from must equal authorized user\r\n", 553, "", 1, "Mail from must equal authorized user"},
        {"250 2.0.0\r\n", 250, "2.0.0", 1, ""},
        {"250 2.0.0 Ok: queued as 4Xyz\n", 250, "2.0.0", 1, "Ok: queued as 4Xyz"},  // bare LF tolerated
        {"550 5.1.10 RESOLVER.ADR.RecipientNotFound\r\n", 550, "5.1.10", 1, "RESOLVER.ADR.RecipientNotFound"},
        {"250 4.0.0 text\r\n", 250, "", 1, "4.0.0 text"},  // class mismatch: not an enhanced code
    }));
    auto r = parse_one(v.wire);
    CHECK(r.code == v.code);
    CHECK(r.enhanced == v.enhanced);
    CHECK(r.lines.size() == v.lines);
    CHECK(r.lines.front() == v.first);
}

TEST_CASE("replies split at every byte arrive whole and in order", "[reply]") {
    const std::string wire = "250-mx.example\r\n250-PIPELINING\r\n250 SIZE 1000\r\n354 go\r\n";
    for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
        ReplyParser p;
        p.feed(wire.substr(0, cut));
        std::vector<Reply> got;
        while (auto r = p.next()) got.push_back(*r);
        p.feed(wire.substr(cut));
        while (auto r = p.next()) got.push_back(*r);
        REQUIRE(got.size() == 2);
        CHECK(got[0].lines.size() == 3);
        CHECK(got[1].code == 354);
    }
}

TEST_CASE("malformed replies are protocol errors", "[reply]") {
    auto wire = GENERATE(as<std::string>{},
                         "hello\r\n", "25\r\n", "2500 x\r\n", "250x\r\n", "650 no\r\n", "abc def\r\n",
                         "250-first\r\n550 mixed\r\n",  // mixed codes in one reply
                         "SSH-2.0-OpenSSH_9.2\r\n");
    ReplyParser p;
    p.feed(wire);
    try {
        p.next();
        FAIL("no error for " << wire);
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::Protocol);
    }
}

TEST_CASE("over-long lines and endless replies are cut off", "[reply]") {
    SECTION("a line without end") {
        ReplyParser p;
        p.feed("250 " + std::string(kMaxReplyLine + 10, 'x'));
        CHECK_THROWS_AS(p.next(), Error);
    }
    SECTION("a 1 MB line") {
        ReplyParser p;
        p.feed("250 " + std::string(1 << 20, 'x') + "\r\n");
        CHECK_THROWS_AS(p.next(), Error);
    }
    SECTION("too many continuation lines") {
        ReplyParser p;
        std::string wire;
        for (std::size_t i = 0; i <= kMaxReplyLines; ++i) wire += "250-line\r\n";
        p.feed(wire);
        CHECK_THROWS_AS(p.next(), Error);
    }
}

TEST_CASE("EHLO capabilities", "[reply]") {
    auto r = parse_one(
        "250-smtp.example.com Hello\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n"
        "250-AUTH LOGIN PLAIN XOAUTH2\r\n250-AUTH=LOGIN CRAM-MD5\r\n250-ENHANCEDSTATUSCODES\r\n"
        "250-STARTTLS\r\n250 SMTPUTF8\r\n");
    auto c = Capabilities::from_ehlo(r);
    CHECK(c.pipelining);
    CHECK(c.size);
    CHECK(c.size_limit == 35882577u);
    CHECK(c.eightbitmime);
    CHECK(c.starttls);
    CHECK(c.smtputf8);
    CHECK(c.enhanced_status_codes);
    CHECK(c.auth == std::set<std::string>{"LOGIN", "PLAIN", "XOAUTH2", "CRAM-MD5"});

    SECTION("lower case and no extensions") {
        auto plain = Capabilities::from_ehlo(parse_one("250-host\r\n250-auth plain\r\n250 size\r\n"));
        CHECK(plain.auth == std::set<std::string>{"PLAIN"});
        CHECK(plain.size);
        CHECK(plain.size_limit == 0);
        CHECK_FALSE(plain.pipelining);
        CHECK_FALSE(Capabilities::from_ehlo(parse_one("250 host\r\n")).starttls);
    }
    SECTION("the greeting line is not a capability") {
        CHECK_FALSE(Capabilities::from_ehlo(parse_one("250-STARTTLS\r\n250 OK\r\n")).starttls);
    }
}
