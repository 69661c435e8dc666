// The transaction's timing and recipient rules against a scripted peer:
// the end-of-data reply has its own (long) time limit, an overall limit
// ends any call, and "452 too many recipients" defers the rest to further
// transactions with each recipient delivered exactly once.
#include "scripted_server.h"
#include "smtp/session.h"

#include <catch2/catch.hpp>

using namespace smtp;
using namespace smtp_test;
using std::chrono::milliseconds;

namespace {

SessionOptions options(std::uint16_t port) {
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.encryption = Encryption::None;
    o.command_timeout = milliseconds(300);
    o.connect_timeout = milliseconds(1500);
    o.keep_transcript = true;
    return o;
}

Message message(std::vector<std::string> to) {
    Message m;
    m.from = {"Alice", "alice@example.com"};
    for (auto& t : to) m.to.push_back({"", t});
    m.subject = "Hello";
    m.text = "Hi";
    m.message_id = "deferral@example.com";
    return m;
}

std::size_t count(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

std::vector<Step> reads(int n) { return std::vector<Step>(static_cast<std::size_t>(n), read_line()); }

} // namespace

TEST_CASE("the end-of-data reply may take longer than the command timeout", "[transaction]") {
    // RFC 5321 4.5.3.2.6: 10 minutes by default. Here: 3 s against a 300 ms command timeout.
    ScriptedServer server(greet_ehlo() + reads(3) +
                          std::vector<Step>{send("250 ok\r\n250 ok\r\n354 go\r\n"), read_data(), stall(900),
                                            send("250 2.0.0 queued\r\n"), read_line()});
    auto o = options(server.port());
    o.data_timeout = milliseconds(3000);
    Session s(o);
    auto r = s.send(message({"bob@example.com"}));
    CHECK(r.last_reply.code == 250);
}

TEST_CASE("the total time limit ends a call whatever the other limits", "[transaction]") {
    ScriptedServer server(greet_ehlo() + reads(3) +
                          std::vector<Step>{send("250 ok\r\n250 ok\r\n354 go\r\n"), read_data(), stall_until_hangup()});
    auto o = options(server.port());
    o.command_timeout = milliseconds(5000);
    o.data_timeout = milliseconds(60000);
    o.total_timeout = milliseconds(400);
    const auto start = std::chrono::steady_clock::now();
    Session s(o);
    try {
        s.send(message({"bob@example.com"}));
        FAIL("sent");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::Timeout);
        CHECK(std::string(e.what()).find("total time limit") != std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start < milliseconds(4000));  // far below the 60 s data limit
}

TEST_CASE("every time limit is bounded: zero, negative and absurd values are refused", "[transaction]") {
    using Field = std::chrono::milliseconds SessionOptions::*;
    const Field field = GENERATE(&SessionOptions::connect_timeout, &SessionOptions::command_timeout,
                                 &SessionOptions::data_timeout, &SessionOptions::total_timeout);
    const auto bad = GENERATE(milliseconds(-1), milliseconds(std::numeric_limits<std::int64_t>::max()),
                              milliseconds(10'000'000'000'000LL), kMaxTimeout + milliseconds(1));
    SessionOptions o;
    o.host = "127.0.0.1";
    o.*field = bad;
    try {
        Session s(o);
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::InvalidArgument);
        CHECK(std::string(e.what()).find("at most 86400 seconds") != std::string::npos);
    }
    o.*field = kMaxTimeout;
    CHECK_NOTHROW(Session(o));
}

TEST_CASE("452 too many recipients: the rest go in a further transaction, each recipient once", "[transaction]") {
    const std::string a = "a@example.com", b = "b@example.com", c = "c@example.com";
    SECTION("pipelining: every RCPT answered, the deferred ones sent again in the next transaction") {
        ScriptedServer server(
            greet_ehlo() + reads(5) +
            std::vector<Step>{send("250 ok\r\n250 ok\r\n452 4.5.3 Error: too many recipients\r\n"
                                   "452 4.5.3 Error: too many recipients\r\n354 go\r\n"),
                              read_data(), read_line(), read_line(), read_line(), read_line(),
                              send("250 2.0.0 queued as 1\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n"), read_data(),
                              send("250 2.0.0 queued as 2\r\n"), read_line()});
        Session s(options(server.port()));
        auto r = s.send(message({a, b, c}));
        s.close();
        server.wait();
        CHECK(r.accepted == std::vector<std::string>{a, b, c});
        CHECK(r.rejected.empty());
        CHECK(r.last_reply.text().find("queued as 2") != std::string::npos);
        const std::string wire = server.received();
        CHECK(count(wire, "Message-ID: <deferral@example.com>") == 2);
        CHECK(count(wire, "RCPT TO:<" + a + ">") == 1);
        CHECK(count(wire, "RCPT TO:<" + b + ">") == 2);
        // The second transaction rides in the same write as the first one's end of data.
        CHECK(wire.find("\r\n.\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n") !=
              std::string::npos);
    }
    SECTION("one by one: after the first 452 the rest are not asked in this transaction") {
        ScriptedServer server(std::vector<Step>{send("220 x ESMTP\r\n"), read_line(), send("250-x\r\n250 8BITMIME\r\n"),
                                                read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
                                                read_line(), send("452 too many recipients\r\n"), read_line(),
                                                send("354 go\r\n"), read_data(), send("250 queued 1\r\n"),
                                                read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
                                                read_line(), send("550 5.1.1 no such user\r\n"), read_line(),
                                                send("354 go\r\n"), read_data(), send("250 queued 2\r\n"), read_line()});
        Session s(options(server.port()));
        auto r = s.send(message({a, b, c}));
        s.close();
        server.wait();
        CHECK(r.accepted == std::vector<std::string>{a, b});
        REQUIRE(r.rejected.size() == 1);
        CHECK(r.rejected[0].address == c);
        CHECK(r.rejected[0].reply.code == 550);
        const std::string wire = server.received();
        CHECK(count(wire, "RCPT TO:<" + c + ">") == 1);  // not asked in the first transaction
        CHECK(count(wire, "Message-ID: <deferral@example.com>") == 2);
    }
    SECTION("452 4.2.2 (mailbox full) is a refusal, not a deferral") {
        ScriptedServer server(greet_ehlo() + reads(4) +
                              std::vector<Step>{send("250 ok\r\n250 ok\r\n452 4.2.2 Mailbox full\r\n354 go\r\n"),
                                                read_data(), send("250 queued\r\n"), read_line()});
        Session s(options(server.port()));
        auto r = s.send(message({a, b}));
        s.close();
        server.wait();
        CHECK(r.accepted == std::vector<std::string>{a});
        REQUIRE(r.rejected.size() == 1);
        CHECK(r.rejected[0].address == b);
        CHECK(count(server.received(), "MAIL FROM") == 1);
    }
    SECTION("the further transaction refused at its end: delivered ones accepted, the rest refused with the reason") {
        ScriptedServer server(
            greet_ehlo() + reads(4) +
            std::vector<Step>{send("250 ok\r\n250 ok\r\n452 4.5.3 too many recipients\r\n354 go\r\n"), read_data(),
                              read_line(), read_line(), read_line(),
                              send("250 queued\r\n250 ok\r\n250 ok\r\n354 go\r\n"), read_data(),
                              send("554 5.7.1 rejected\r\n"), read_line()});
        Session s(options(server.port()));
        auto r = s.send(message({a, b}));
        s.close();
        server.wait();
        CHECK(r.accepted == std::vector<std::string>{a});
        REQUIRE(r.rejected.size() == 1);
        CHECK(r.rejected[0].address == b);
        CHECK(r.rejected[0].reply.code == 554);
    }
    SECTION("a server that takes no recipient at all: refused, no loop") {
        ScriptedServer server(greet_ehlo() + reads(3) +
                              std::vector<Step>{send("250 ok\r\n452 4.5.3 too many recipients\r\n554 no valid recipients\r\n"),
                                                read_line()});
        Session s(options(server.port()));
        CHECK_THROWS_AS(s.send(message({a})), Error);
        s.close();
        server.wait();
        CHECK(count(server.received(), "MAIL FROM") == 1);
    }
}

// ---------------------------------------------------------------- CHUNKING

namespace {

const std::string kChunking = "250-PIPELINING\r\n250-CHUNKING\r\n250 8BITMIME\r\n";

// The BDAT commands the client wrote, each with the bytes it announced.
std::vector<std::pair<std::string, std::string>> bdat_chunks(const std::string& wire) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto p = wire.find("BDAT "); p != std::string::npos; p = wire.find("BDAT ", p)) {
        auto eol = wire.find("\r\n", p);
        std::string line = wire.substr(p, eol - p);
        std::size_t n = std::stoul(line.substr(5));
        out.push_back({line, wire.substr(eol + 2, n)});
        p = eol + 2 + n;
    }
    return out;
}

Message dotted() {
    Message m = message({"bob@example.com"});
    m.text = "line one\n.a line starting with a dot\n.\nlast";
    return m;
}

} // namespace

TEST_CASE("CHUNKING: MAIL, RCPT and BDAT LAST with the message in one go, no dot-stuffing", "[transaction][chunking]") {
    // The server reads everything before it answers: the client cannot have waited for a reply.
    ScriptedServer server(greet_ehlo(kChunking) +
                          std::vector<Step>{read_line(), read_line(), read_chunk(),
                                            send("250 2.1.0 ok\r\n250 2.1.5 ok\r\n250 2.0.0 queued as BD1\r\n"),
                                            read_line()});
    Session s(options(server.port()));
    auto r = s.send(dotted());
    s.close();
    server.wait();
    CHECK(r.accepted == std::vector<std::string>{"bob@example.com"});
    CHECK(r.last_reply.text().find("BD1") != std::string::npos);
    const std::string wire = server.received();
    CHECK(wire.find("DATA\r\n") == std::string::npos);
    auto chunks = bdat_chunks(wire);
    REQUIRE(chunks.size() == 1);
    CHECK(chunks[0].first == "BDAT " + std::to_string(chunks[0].second.size()) + " LAST");
    CHECK(chunks[0].second.find("\r\n.a line starting with a dot\r\n.\r\nlast\r\n") != std::string::npos);
    CHECK(chunks[0].second.find("..") == std::string::npos);
    CHECK(chunks[0].second.substr(chunks[0].second.size() - 2) == "\r\n");
    CHECK(wire.find("RCPT TO:<bob@example.com>\r\nBDAT ") != std::string::npos);
}

TEST_CASE("CHUNKING: every refusal has its category, and the message is written once", "[transaction][chunking]") {
    struct Case { const char* name; std::string replies; ErrorCategory expected; int code; };
    auto c = GENERATE(values<Case>({
        {"sender refused", "553 5.7.1 sender refused\r\n503 5.5.1 need MAIL\r\n554 5.5.1 no valid recipients\r\n",
         ErrorCategory::SenderRejected, 553},
        {"every recipient refused while the message was on its way",
         "250 ok\r\n550 5.1.1 no such user\r\n554 5.5.1 Error: no valid recipients\r\n", ErrorCategory::RecipientRejected, 550},
        {"BDAT refused", "250 ok\r\n250 ok\r\n554 5.7.1 looks like spam\r\n", ErrorCategory::MessageRejected, 554},
        {"BDAT deferred", "250 ok\r\n250 ok\r\n451 4.3.0 try later\r\n", ErrorCategory::MessageRejected, 451},
    }));
    INFO(c.name);
    ScriptedServer server(greet_ehlo(kChunking) +
                          std::vector<Step>{read_line(), read_line(), read_chunk(), send(c.replies), read_line()});
    Session s(options(server.port()));
    try {
        s.send(dotted());
        FAIL("sent");
    } catch (const Error& e) {
        CHECK(e.category() == c.expected);
        CHECK(e.smtp_code() == c.code);
    }
    s.close();
    server.wait();
    CHECK(bdat_chunks(server.received()).size() == 1);
    CHECK(count(server.received(), "Message-ID:") == 1);
}

TEST_CASE("CHUNKING: a server that closes after the message: an error, never sent again", "[transaction][chunking]") {
    ScriptedServer server(greet_ehlo(kChunking) +
                          std::vector<Step>{read_line(), read_line(), read_chunk(), send("250 ok\r\n"), close_conn()});
    SessionOptions o = options(server.port());
    std::vector<Message> batch{dotted()};
    batch.push_back(dotted());
    batch[1].message_id = "second@example.com";
    Session s(o);
    auto out = s.send_many(batch);  // may retry, but not what was written
    server.wait();
    REQUIRE(out.size() == 2);
    REQUIRE(out[0].error);
    CHECK(out[0].error->category() == ErrorCategory::Connect);
    CHECK(count(server.received(), "Message-ID: <deferral@example.com>") == 1);
}

TEST_CASE("CHUNKING: 452 too many recipients defers the rest to another BDAT transaction", "[transaction][chunking]") {
    ScriptedServer server(
        greet_ehlo(kChunking) +
        std::vector<Step>{read_line(), read_line(), read_line(), read_chunk(),
                          send("250 ok\r\n250 ok\r\n452 4.5.3 too many recipients\r\n"),
                          read_line(), read_line(), read_chunk(),  // the next transaction, written before the reply
                          send("250 queued 1\r\n250 ok\r\n250 ok\r\n250 queued 2\r\n"), read_line()});
    Session s(options(server.port()));
    auto r = s.send(message({"a@example.com", "b@example.com"}));
    s.close();
    server.wait();
    CHECK(r.accepted == std::vector<std::string>{"a@example.com", "b@example.com"});
    CHECK(r.rejected.empty());
    CHECK(bdat_chunks(server.received()).size() == 2);
}
