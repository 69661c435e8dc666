// Credentials do not outlive their use: the Secret type's storage is zeroed
// when it is cleared, moved from or reassigned, and the wire's output buffer
// keeps no copy of an AUTH line once it is written.
#include "scripted_server.h"
#include "smtp/auth.h"
#include "smtp/secret.h"
#include "smtp/wire.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace smtp;
using namespace smtp_test;

namespace {

bool all_zero(const char* p, std::size_t n) { return std::all_of(p, p + n, [](char c) { return c == 0; }); }

bool contains(const char* p, std::size_t n, std::string_view needle) {
    return std::search(p, p + n, needle.begin(), needle.end()) != p + n;
}

} // namespace

TEST_CASE("Secret: its storage is zeroed on wipe, reassignment and move", "[secret][security]") {
    SECTION("wipe zeroes the whole capacity, not only the size") {
        Secret s(std::string(100, 'p'));
        s.append(std::string(50, 'q'));
        const char* p = s.data();
        const std::size_t cap = s.capacity();
        s.wipe();
        CHECK(s.empty());
        CHECK(s.data() == p);  // same storage, still owned: safe to look at
        CHECK(all_zero(p, cap));
    }
    SECTION("assigning a shorter value leaves nothing of the longer one") {
        Secret s(std::string(64, 'x'));
        const char* p = s.data();
        s.assign("ab");
        REQUIRE(s.data() == p);
        CHECK(s == "ab");
        CHECK(all_zero(p + 2, s.capacity() - 2));
    }
    SECTION("a short secret moved away leaves no bytes in the source object") {
        Secret a("pw-1234");  // within std::string's inline buffer
        const char* p = a.data();
        const std::size_t cap = a.capacity();
        Secret b(std::move(a));
        CHECK(b == "pw-1234");
        CHECK_FALSE(contains(p, cap, "pw-1234"));
    }
    SECTION("growing keeps the content") {
        Secret s;
        for (int i = 0; i < 100; ++i) s += "0123456789";
        CHECK(s.size() == 1000);
        CHECK(s.view().substr(990) == "0123456789");
    }
}

TEST_CASE("Wire: the output buffer holds no credential bytes after the AUTH line is written", "[secret][security]") {
    const std::string password = "correct horse battery staple";
    auto exchange = make_auth_exchange(AuthMechanism::Plain, "alice@example.com", password);
    const Secret line = exchange->start();
    const std::string_view b64 = line.view().substr(std::string_view("AUTH PLAIN ").size());

    ScriptedServer server({send("220 ready\r\n"), read_line(), read_line(), send("235 ok\r\n")});
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = server.port();
    o.keep_transcript = true;
    Wire wire(o);
    TransportOptions t;
    t.host = o.host;
    t.port = o.port;
    wire.connect(t);
    REQUIRE(wire.read_reply(Stage::Greeting).code == 220);
    // A command before it, so the buffer already has content when the secret goes in.
    wire.queue("EHLO client.example.com");
    wire.queue_secret(line);
    const std::string& out = wire.out();
    REQUIRE(contains(out.data(), out.size(), b64));
    wire.flush();
    REQUIRE(wire.read_reply(Stage::Auth).code == 235);
    CHECK_FALSE(contains(out.data(), out.capacity(), b64));
    CHECK_FALSE(contains(out.data(), out.capacity(), "AUTH PLAIN"));
    CHECK(wire.transcript().find(std::string(b64)) == std::string::npos);
    server.wait();
    CHECK(server.received().find(std::string(b64)) != std::string::npos);  // it did go out
}

TEST_CASE("Wire: a dropped connection wipes an AUTH line never written", "[secret][security]") {
    ScriptedServer server({send("220 ready\r\n"), close_conn()});
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = server.port();
    Wire wire(o);
    TransportOptions t;
    t.host = o.host;
    t.port = o.port;
    wire.connect(t);
    wire.queue_secret(Secret("AUTH PLAIN c2VjcmV0LXRva2Vu"));
    const std::string& out = wire.out();
    wire.drop();
    CHECK_FALSE(contains(out.data(), out.capacity(), "c2VjcmV0LXRva2Vu"));
    server.wait();
}
