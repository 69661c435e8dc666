// The session against a scripted peer: every refusal, disconnect, stall and
// trick at each stage ends in the right error, and nothing is sent that
// should not be.
#include "scripted_server.h"
#include "smtp/session.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace smtp;
using namespace smtp_test;

namespace {

SessionOptions options(std::uint16_t port, Encryption enc = Encryption::None) {
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.encryption = enc;
    o.command_timeout = std::chrono::milliseconds(1500);
    o.data_timeout = std::chrono::milliseconds(1500);
    o.connect_timeout = std::chrono::milliseconds(1500);
    o.keep_transcript = true;
    return o;
}

Message message(std::vector<std::string> to = {"bob@example.com"}) {
    Message m;
    m.from = {"Alice", "alice@example.com"};
    for (auto& t : to) m.to.push_back({"", t});
    m.subject = "Hello";
    m.text = "Hi Bob";
    return m;
}

// MAIL, one RCPT and DATA accepted, the body read and accepted.
std::vector<Step> accept_one() {
    return {read_line(), send("250 2.1.0 ok\r\n"), read_line(), send("250 2.1.5 ok\r\n"), read_line(),
            send("354 go ahead\r\n"), read_data(), send("250 2.0.0 queued as 1\r\n")};
}

ErrorCategory category_of(ScriptedServer& server, Message m = message(), SessionOptions o = {}) {
    if (o.host.empty()) o = options(server.port());
    Session s(o);
    try {
        s.send(m);
    } catch (const Error& e) {
        return e.category();
    }
    FAIL("no error");
    return ErrorCategory::Protocol;
}

bool tls_files_present() { return std::ifstream(tls_dir() + "/server.pem").good(); }

} // namespace

TEST_CASE("a message goes through a plain pipelining server", "[session]") {
    ScriptedServer server(greet_ehlo() + accept_one() + std::vector<Step>{read_line()});
    Session s(options(server.port()));
    auto r = s.send(message());
    CHECK(r.accepted == std::vector<std::string>{"bob@example.com"});
    CHECK(r.rejected.empty());
    CHECK(r.last_reply.code == 250);
    CHECK_FALSE(r.message_id.empty());
    s.close();
    server.wait();
    std::string wire = server.received();
    CHECK(wire.find("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n") != std::string::npos);
    CHECK(wire.rfind("QUIT\r\n") == wire.size() - 6);
}

TEST_CASE("failures at each stage end in the right category", "[session]") {
    struct Vec { const char* name; std::vector<Step> script; ErrorCategory expected; };
    auto v = GENERATE(values<Vec>({
        {"disconnect before greeting", {close_conn()}, ErrorCategory::Connect},
        {"554 greeting", {send("554 5.3.2 no service\r\n")}, ErrorCategory::Connect},
        {"421 greeting", {send("421 4.3.2 busy\r\n")}, ErrorCategory::Connect},
        {"non-SMTP banner", {send("SSH-2.0-OpenSSH_9.2p1\r\n")}, ErrorCategory::Protocol},
        {"stall at greeting", {stall_until_hangup()}, ErrorCategory::Timeout},
        {"disconnect after EHLO", {send("220 x\r\n"), read_line(), close_conn()}, ErrorCategory::Connect},
        {"EHLO 421", {send("220 x\r\n"), read_line(), send("421 bye\r\n")}, ErrorCategory::Connect},
        {"1 MB reply", {send("220 x\r\n"), read_line(), send("250 " + std::string(1 << 20, 'a') + "\r\n")}, ErrorCategory::Protocol},
        {"mixed codes", {send("220 x\r\n"), read_line(), send("250-x\r\n550 y\r\n")}, ErrorCategory::Protocol},
        {"MAIL refused", greet_ehlo() + std::vector<Step>{read_line(), send("553 Mail from must equal authorized user\r\n"),
                                                         read_line(), send("503 bad sequence\r\n"), read_line(), send("503 bad sequence\r\n")},
         ErrorCategory::SenderRejected},
        {"RCPT refused", greet_ehlo() + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("550 5.1.1 User unknown\r\n"),
                                                         read_line(), send("554 5.5.1 no valid recipients\r\n")},
         ErrorCategory::RecipientRejected},
        {"DATA refused", greet_ehlo() + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
                                                         read_line(), send("554 5.7.1 no\r\n")},
         ErrorCategory::MessageRejected},
        {"end of data refused", greet_ehlo() + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
                                                                read_line(), send("354 go\r\n"), read_data(), send("554 5.7.1 spam\r\n")},
         ErrorCategory::MessageRejected},
        {"end of data throttled", greet_ehlo() + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
                                                                  read_line(), send("354 go\r\n"), read_data(), send("451 4.7.1 rate limit exceeded, try again later\r\n")},
         ErrorCategory::RateLimited},
        {"disconnect after the body", greet_ehlo() + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
                                                                      read_line(), send("354 go\r\n"), read_data(), close_conn()},
         ErrorCategory::Connect},
        {"stall after the body", greet_ehlo() + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
                                                                 read_line(), send("354 go\r\n"), read_data(), stall_until_hangup()},
         ErrorCategory::Timeout},
    }));
    INFO(v.name);
    ScriptedServer server(v.script);
    CHECK(category_of(server) == v.expected);
}

TEST_CASE("a reply split into one-byte packets is read whole", "[session]") {
    std::vector<Step> script;
    for (char c : std::string("220 slow.example ESMTP\r\n")) script.push_back(send(std::string(1, c)));
    script.push_back(read_line());
    for (char c : std::string("250-slow.example\r\n250 PIPELINING\r\n")) script.push_back(send(std::string(1, c)));
    ScriptedServer server(script + accept_one());
    Session s(options(server.port()));
    CHECK(s.send(message()).last_reply.code == 250);
}

TEST_CASE("a reply trickled byte by byte cannot outlast the command timeout", "[session]") {
    std::vector<Step> script{send("220 x\r\n"), read_line()};
    for (int i = 0; i < 40; ++i) script.push_back(send("250-slow\r\n")), script.push_back(stall(100));
    ScriptedServer server(script);
    auto o = options(server.port());
    o.command_timeout = std::chrono::milliseconds(1000);
    auto start = std::chrono::steady_clock::now();
    Session s(o);
    CHECK_THROWS_AS(s.open(), Error);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2000));
}

TEST_CASE("EHLO refused falls back to HELO without extensions", "[session]") {
    ScriptedServer server(std::vector<Step>{send("220 old\r\n"), read_line(), send("502 what\r\n"), read_line(), send("250 old\r\n")} +
                          accept_one());
    Session s(options(server.port()));
    s.send(message());
    s.close();
    server.wait();
    CHECK(server.received().find("HELO ") != std::string::npos);
    CHECK(server.received().find("SIZE=") == std::string::npos);
}

TEST_CASE("partial recipient refusal is reported per recipient", "[session]") {
    ScriptedServer server(greet_ehlo() + std::vector<Step>{
        read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"), read_line(), send("550 5.1.1 <nobody@example.com> unknown\r\n"),
        read_line(), send("250 ok\r\n"), read_line(), send("354 go\r\n"), read_data(), send("250 queued\r\n")});
    Session s(options(server.port()));
    Message m = message({"bob@example.com", "nobody@example.com"});
    m.bcc.push_back({"", "carol@example.com"});
    auto r = s.send(m);
    CHECK(r.accepted == std::vector<std::string>{"bob@example.com", "carol@example.com"});
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].address == "nobody@example.com");
    CHECK(r.rejected[0].reply.code == 550);
    CHECK(r.rejected[0].reply.enhanced == "5.1.1");
}

TEST_CASE("credentials are never sent without TLS unless encryption is none", "[session][security]") {
    SECTION("STARTTLS not offered: stop after EHLO") {
        ScriptedServer server(greet_ehlo("250-AUTH PLAIN LOGIN\r\n250 PIPELINING\r\n") + std::vector<Step>{read_line()});
        auto o = options(server.port(), Encryption::StartTls);
        o.username = "alice@example.com";
        o.password = "secret-password";
        CHECK(category_of(server, message(), o) == ErrorCategory::StartTlsUnavailable);
        server.wait();
        CHECK(server.received().find("AUTH") == std::string::npos);
        CHECK(server.received().find("MAIL") == std::string::npos);
    }
    SECTION("STARTTLS refused with 454, 501 or 502") {
        auto code = GENERATE(as<std::string>{}, "454 4.7.0 TLS not available\r\n", "501 5.5.4 syntax\r\n", "502 5.5.1 unknown\r\n");
        ScriptedServer server(greet_ehlo("250-STARTTLS\r\n250 AUTH PLAIN\r\n") + std::vector<Step>{read_line(), send(code), read_line()});
        auto o = options(server.port(), Encryption::StartTls);
        o.username = "alice@example.com";
        o.password = "secret-password";
        CHECK(category_of(server, message(), o) == ErrorCategory::StartTlsUnavailable);
        server.wait();
        CHECK(server.received().find("secret") == std::string::npos);
        CHECK(server.received().find("AUTH") == std::string::npos);
    }
}

TEST_CASE("bytes pipelined after the STARTTLS reply abort the session", "[session][security]") {
    ScriptedServer server(greet_ehlo("250-STARTTLS\r\n250 PIPELINING\r\n") +
                          std::vector<Step>{read_line(), send("220 2.0.0 Ready to start TLS\r\n250-evil\r\n250 AUTH PLAIN\r\n"), read_line()});
    auto o = options(server.port(), Encryption::StartTls);
    o.username = "alice@example.com";
    o.password = "secret-password";
    CHECK(category_of(server, message(), o) == ErrorCategory::Protocol);
    server.wait();
    std::string wire = server.received();
    // Exactly EHLO then STARTTLS: no handshake, no AUTH, no QUIT in clear after the trick.
    CHECK(wire.substr(wire.find("\r\n") + 2) == "STARTTLS\r\n");
}

TEST_CASE("after STARTTLS the client says EHLO again and forgets clear-text capabilities", "[session][security][tls]") {
    if (!tls_files_present()) FAIL("test certificates missing: run scripts/test-ca.sh");
    const std::string dir = tls_dir();
    // In clear the server offers AUTH; after TLS it does not: the client must not use the old list.
    ScriptedServer server(greet_ehlo("250-STARTTLS\r\n250 AUTH PLAIN\r\n") +
                          std::vector<Step>{read_line(), send("220 go\r\n"), start_tls(dir + "/server.pem", dir + "/server.key"),
                                            read_line(), send("250-localhost\r\n250 PIPELINING\r\n"), read_line()});
    auto o = options(server.port(), Encryption::StartTls);
    o.host = "localhost";
    o.ca_file = dir + "/ca.pem";
    o.username = "alice@example.com";
    o.password = "secret-password";
    CHECK(category_of(server, message(), o) == ErrorCategory::AuthMechanismUnsupported);
    server.wait();
    CHECK(server.received_before_tls().substr(server.received_before_tls().find("\r\n") + 2) == "STARTTLS\r\n");
    CHECK(server.received().find("EHLO", server.received_before_tls().size()) != std::string::npos);
}

TEST_CASE("certificates for another host or self-signed are refused", "[session][security][tls]") {
    if (!tls_files_present()) FAIL("test certificates missing: run scripts/test-ca.sh");
    const std::string dir = tls_dir();
    auto cert = GENERATE(as<std::string>{}, "wrong-host", "self-signed");
    ScriptedServer server(greet_ehlo("250 STARTTLS\r\n") +
                          std::vector<Step>{read_line(), send("220 go\r\n"), start_tls(dir + "/" + cert + ".pem", dir + "/" + cert + ".key")});
    auto o = options(server.port(), Encryption::StartTls);
    o.host = "localhost";
    o.ca_file = dir + "/ca.pem";
    CHECK(category_of(server, message(), o) == ErrorCategory::TlsCertificate);
}

TEST_CASE("AUTH outcomes", "[session][auth]") {
    auto auth_script = [](std::vector<Step> tail) {
        return greet_ehlo("250 AUTH PLAIN LOGIN\r\n") + std::vector<Step>{read_line()} + tail;
    };
    auto o = [](std::uint16_t port) {
        auto opts = options(port);
        opts.username = "alice@example.com";
        opts.password = "pw";
        return opts;
    };
    SECTION("535") {
        ScriptedServer server(auth_script({send("535 5.7.8 Authentication credentials invalid\r\n")}));
        CHECK(category_of(server, message(), o(server.port())) == ErrorCategory::AuthFailed);
    }
    SECTION("534 5.7.9") {
        ScriptedServer server(auth_script({send("534-5.7.9 Application-specific password required.\r\n534 5.7.9 Learn more\r\n")}));
        CHECK(category_of(server, message(), o(server.port())) == ErrorCategory::AppPasswordRequired);
    }
    SECTION("an endless stream of challenges is cut off") {
        std::vector<Step> tail;
        for (int i = 0; i < 40; ++i) tail.push_back(send("334 \r\n")), tail.push_back(read_line());
        ScriptedServer server(auth_script(tail));
        CHECK(category_of(server, message(), o(server.port())) == ErrorCategory::Protocol);
    }
    SECTION("the transcript hides the credentials") {
        ScriptedServer server(auth_script({send("235 2.7.0 ok\r\n")}) + accept_one());
        Session s(o(server.port()));
        s.send(message());
        CHECK(s.transcript().find("AUTH PLAIN <redacted>") != std::string::npos);
        CHECK(s.transcript().find("AGFsaWNl") == std::string::npos);  // base64 of "\0alice"
    }
}

TEST_CASE("send_many keeps every message's result exact", "[session][batch]") {
    ScriptedServer server(greet_ehlo() + accept_one() + std::vector<Step>{
        // second: recipient refused; the client resets and goes on
        read_line(), send("250 ok\r\n"), read_line(), send("550 5.1.1 unknown\r\n"), read_line(), send("554 no valid recipients\r\n"),
        read_line(), send("250 reset\r\n")} + accept_one());
    Session s(options(server.port()));
    std::vector<Message> batch{message(), message({"nobody@example.com"}), message()};
    batch[1].from.address = "bad address";  // invalid: refused before the wire
    batch.push_back(message({"nobody@example.com"}));
    std::swap(batch[1], batch[3]);
    // batch: ok, refused recipient, ok, invalid
    auto out = s.send_many(batch);
    REQUIRE(out.size() == 4);
    CHECK(out[0].result);
    REQUIRE(out[1].error);
    CHECK(out[1].error->category() == ErrorCategory::RecipientRejected);
    CHECK(out[2].result);
    REQUIRE(out[3].error);
    CHECK(out[3].error->category() == ErrorCategory::InvalidArgument);
}

TEST_CASE("send_many with nothing it can send opens no connection", "[session][batch]") {
    // Messages are laid out as their turn comes, the first before connecting:
    // no server listens, so any connection attempt would be a Connect error.
    Session s(options(1));
    std::vector<Message> batch{message(), message()};
    batch[0].subject = "Hi\r\nBcc: victim@example.com";
    batch[1].to.clear();
    auto out = s.send_many(batch);
    REQUIRE(out.size() == 2);
    for (const auto& o : out) {
        REQUIRE(o.error);
        CHECK(o.error->category() == ErrorCategory::InvalidArgument);
    }
    CHECK_FALSE(s.is_open());
}

TEST_CASE("bad input is refused before connecting", "[session][security]") {
    // No server listens: any connection attempt would be a Connect error.
    auto o = options(1);
    Session s(o);
    Message m = message();
    SECTION("CR/LF in the subject") { m.subject = "Hi\r\nBcc: victim@example.com"; }
    SECTION("LF in a display name") { m.from.name = "Alice\nX-Evil: 1"; }
    SECTION("NUL in an address") { m.to[0].address = std::string("bob@example.com\0x", 17); }
    SECTION("no recipient") { m.to.clear(); }
    SECTION("CR in a custom header") { m.headers.push_back({"X-Tag", "a\rb"}); }
    SECTION("an attachment name too long for one header line") { m.attachments.push_back({"", "x", std::string(300, 'n'), "", ""}); }
    try {
        s.send(m);
        FAIL("sent");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::InvalidArgument);
    }
}
