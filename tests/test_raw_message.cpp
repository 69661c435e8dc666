// Messages rendered by the caller (Message::raw) and envelopes that differ
// from the headers: what is refused before any byte is sent, and what goes on
// the wire.
#include "error.h"
#include "mime/mime.h"
#include "mime/raw_message.h"
#include "scripted_server.h"
#include "smtp/session.h"

#include <catch2/catch.hpp>

using namespace smtp;
using namespace smtp_test;

namespace {

const std::string kRaw =
    "From: a@example.com\r\nTo: list@example.com\r\nSubject: raw\r\n"
    "Message-ID:\r\n <raw-1@example.com>\r\n\r\n.leading dot\r\nbody\r\n";

Message raw_message(std::string raw = kRaw) {
    Message m;
    m.raw = std::move(raw);
    m.envelope_from = "bounces@example.com";
    m.envelope_to = {"x@example.net", "y@example.org"};
    return m;
}

std::string refusal(const Message& m) {
    try {
        validate_message(m);
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::InvalidArgument);
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a raw message's id and body are found in its header section", "[raw]") {
    CHECK(raw_message_id(kRaw) == "raw-1@example.com");
    CHECK(raw_message_id("Subject: x\r\n\r\nMessage-ID: <in-body@example.com>\r\n").empty());
    CHECK(raw_message_id("message-id: <lower@example.com>\n\nbody").empty() == false);
    CHECK(kRaw.substr(raw_body_offset(kRaw)) == ".leading dot\r\nbody\r\n");
    CHECK(raw_body_offset("Subject: only headers\r\n") == std::string("Subject: only headers\r\n").size());
    CHECK(raw_body_offset("Subject: x\n\nbody") == 12);
}

TEST_CASE("a raw message is refused before sending when it cannot go out as it is", "[raw]") {
    CHECK(refusal(raw_message()).empty());

    Message m = raw_message();
    m.subject = "also a subject";
    CHECK_THAT(refusal(m), Catch::Contains("leave to, cc"));

    m = raw_message();
    m.envelope_to.clear();
    CHECK_THAT(refusal(m), Catch::Contains("envelope recipients"));

    m = raw_message();
    m.envelope_from.clear();
    CHECK_THAT(refusal(m), Catch::Contains("envelope sender"));
    m.from.address = "a@example.com";  // From is the envelope sender when none is given
    CHECK(refusal(m).empty());

    CHECK_THAT(refusal(raw_message(kRaw + std::string(1, '\0'))), Catch::Contains("NUL"));
    CHECK_THAT(refusal(raw_message(kRaw + std::string(999, 'a') + "\r\n")), Catch::Contains("line 9 of the raw message is longer than 998"));
    CHECK(refusal(raw_message(kRaw + std::string(998, 'a') + "\r\n")).empty());
    CHECK_THAT(refusal(raw_message("just text without headers\r\n")), Catch::Contains("header section"));

    m = raw_message();
    m.envelope_to.push_back("x@example.net>\r\nRSET");
    CHECK_FALSE(refusal(m).empty());
    m = raw_message();
    m.envelope_from = "b@example.com\r\nDATA";
    CHECK_FALSE(refusal(m).empty());
}

TEST_CASE("a raw message goes out byte for byte with its own envelope", "[raw][session]") {
    ScriptedServer server(greet_ehlo() + std::vector<Step>{
        read_line(), send("250 2.1.0 ok\r\n"), read_line(), send("250 2.1.5 ok\r\n"), read_line(), send("250 2.1.5 ok\r\n"),
        read_line(), send("354 go ahead\r\n"), read_data(), send("250 2.0.0 Ok: queued as ABC123\r\n"), read_line()});
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = server.port();
    o.encryption = Encryption::None;
    Session s(o);
    SendResult r = s.send(raw_message());
    s.close();
    server.wait();

    CHECK(r.message_id == "raw-1@example.com");
    CHECK(r.accepted == std::vector<std::string>{"x@example.net", "y@example.org"});
    std::string wire = server.received();
    CHECK_THAT(wire, Catch::Contains("MAIL FROM:<bounces@example.com>\r\nRCPT TO:<x@example.net>\r\nRCPT TO:<y@example.org>\r\nDATA\r\n"));
    // Only dot-stuffing is added; the From header stays what the caller wrote.
    CHECK_THAT(wire, Catch::Contains("DATA\r\n" + kRaw.substr(0, raw_body_offset(kRaw)) + "..leading dot\r\nbody\r\n.\r\n"));
}

TEST_CASE("a structured message can have an envelope of its own", "[raw][session]") {
    ScriptedServer server(greet_ehlo() + std::vector<Step>{
        read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"), read_line(), send("354 go\r\n"), read_data(),
        send("250 ok\r\n"), read_line()});
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = server.port();
    o.encryption = Encryption::None;
    Message m;
    m.from = {"Shop", "shop@example.com"};
    m.to = {{"", "visible@example.com"}};
    m.subject = "s";
    m.text = "t";
    m.envelope_from = "return@example.com";
    m.envelope_to = {"hidden@example.com"};
    Session s(o);
    s.send(m);
    s.close();
    server.wait();
    std::string wire = server.received();
    CHECK_THAT(wire, Catch::Contains("MAIL FROM:<return@example.com>\r\nRCPT TO:<hidden@example.com>\r\nDATA\r\n"));
    CHECK_THAT(wire, Catch::Contains("To: visible@example.com\r\n"));
    CHECK_THAT(wire, Catch::Contains("From: Shop <shop@example.com>\r\n"));
}

TEST_CASE("an 8-bit raw body needs 8BITMIME and declares it", "[raw][session]") {
    const std::string eight = "Subject: x\r\n\r\nK\xc3\xa4ytt\xc3\xa4j\xc3\xa4\r\n";
    SessionOptions o;
    o.host = "127.0.0.1";
    o.encryption = Encryption::None;

    SECTION("refused, before the envelope, when the server lacks 8BITMIME") {
        ScriptedServer server(greet_ehlo("250 PIPELINING\r\n") + std::vector<Step>{read_line()});
        o.port = server.port();
        Session s(o);
        CHECK_THROWS_WITH(s.send(raw_message(eight)), Catch::Contains("8BITMIME"));
        s.close();
        server.wait();
        CHECK(server.received().find("MAIL FROM") == std::string::npos);
    }
    SECTION("declared as BODY=8BITMIME when offered") {
        ScriptedServer server(greet_ehlo() + std::vector<Step>{
            read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
            read_line(), send("354 go\r\n"), read_data(), send("250 ok\r\n"), read_line()});
        o.port = server.port();
        Session s(o);
        s.send(raw_message(eight));
        s.close();
        server.wait();
        CHECK_THAT(server.received(), Catch::Contains("MAIL FROM:<bounces@example.com> BODY=8BITMIME\r\n"));
    }
}
