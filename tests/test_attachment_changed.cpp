// An attachment file that changes after the message was checked, while the
// message is being sent: not bad input (bytes already went out) but its own
// category, and the transaction is abandoned without its end, so the server
// discards what it got. The change is made by a second thread once the
// scripted server has seen the command it waits on; the server holds its
// next reply for seconds meanwhile (a wide margin on a busy machine).
#include "scripted_server.h"
#include "smtp/session.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace smtp;
using namespace smtp_test;

namespace {

std::string make_file(std::size_t size) {
    char path[] = "/tmp/smtp-attachment-XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ::close(fd);
    std::ofstream(path, std::ios::binary) << std::string(size, 'a');
    return path;
}

void change(const std::string& path, const std::string& how) {
    if (how == "shrinks") REQUIRE(::truncate(path.c_str(), 400 * 1024) == 0);
    if (how == "grows") std::ofstream(path, std::ios::binary | std::ios::app) << "more";
    if (how == "vanishes") REQUIRE(std::remove(path.c_str()) == 0);
}

// Changes the file once the server has received `trigger`.
std::thread change_after(ScriptedServer& server, const std::string& trigger, const std::string& path, const std::string& how) {
    return std::thread([&server, trigger, path, how] {
        for (int i = 0; i < 10000 && server.received().find(trigger) == std::string::npos; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        change(path, how);
    });
}

SessionOptions options(std::uint16_t port) {
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.encryption = Encryption::None;
    o.command_timeout = o.connect_timeout = o.data_timeout = std::chrono::milliseconds(20000);
    o.keep_transcript = true;
    return o;
}

Message with_attachment(const std::string& path) {
    Message m;
    m.from = {"Alice", "alice@example.com"};
    m.to.push_back({"", "bob@example.com"});
    m.subject = "Report";
    m.text = "Attached.";
    m.attachments.push_back({path, "", "report.bin", "", ""});
    return m;
}

} // namespace

TEST_CASE("an attachment changing during DATA: attachment_changed, no end of data, connection closed", "[session][attachment]") {
    const std::string how = GENERATE(as<std::string>{}, "shrinks", "grows", "vanishes");
    const std::string path = make_file(600 * 1024);  // more than one write's worth once encoded
    // MAIL, RCPT and DATA arrive in one write (PIPELINING); the replies wait 3 s.
    ScriptedServer server(greet_ehlo() + std::vector<Step>{read_line(), read_line(), read_line(), stall(3000),
                                                           send("250 ok\r\n250 ok\r\n354 go ahead\r\n"),
                                                           stall_until_hangup()});
    std::thread changer = change_after(server, "DATA\r\n", path, how);
    Session s(options(server.port()));
    try {
        s.send(with_attachment(path));
        FAIL("sent");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::AttachmentChanged);
        CHECK(std::string(e.what()).find("changed while the message was being sent") != std::string::npos);
        CHECK(std::string(e.hint()).find("Nothing was delivered") != std::string::npos);
    }
    changer.join();
    server.wait();
    CHECK_FALSE(s.is_open());
    const std::string wire = server.received();
    const auto body = wire.find("DATA\r\n");
    REQUIRE(body != std::string::npos);
    CHECK(wire.find("\r\n.\r\n", body) == std::string::npos);  // never ended: the server discards it
    CHECK(wire.find("QUIT") == std::string::npos);
    if (how == "shrinks") CHECK(wire.size() - body > 64 * 1024);  // part of the body had gone out
    std::remove(path.c_str());
}

TEST_CASE("an attachment changing before its BDAT chunks: attachment_changed, no LAST chunk", "[session][attachment][chunking]") {
    const std::string how = GENERATE(as<std::string>{}, "shrinks", "grows", "vanishes");
    const std::string path = make_file(600 * 1024);
    // The EHLO reply waits 3 s: the file changes after it was checked, before it is read.
    ScriptedServer server({send("220 ready\r\n"), read_line(), stall(3000),
                           send("250-localhost\r\n250-PIPELINING\r\n250 CHUNKING\r\n"), stall_until_hangup()});
    std::thread changer = change_after(server, "EHLO", path, how);
    Session s(options(server.port()));
    try {
        s.send(with_attachment(path));
        FAIL("sent");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::AttachmentChanged);
    }
    changer.join();
    server.wait();
    CHECK_FALSE(s.is_open());
    CHECK(server.received().find("LAST") == std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("sendMany with CHUNKING: the next message's attachment changing leaves this one's result exact", "[session][attachment][chunking][batch]") {
    // Message 2's chunks are read while message 1's BDAT LAST is on its way;
    // message 1's replies wait 3 s, and message 2's file shrinks meanwhile.
    const std::string path = make_file(600 * 1024);
    ScriptedServer server({send("220 ready\r\n"), read_line(), send("250-localhost\r\n250-PIPELINING\r\n250 CHUNKING\r\n"),
                           read_line(), read_line(), read_chunk(), stall(3000),
                           send("250 2.1.0 ok\r\n250 2.1.5 ok\r\n250 2.0.0 queued as ONE\r\n"), stall_until_hangup()});
    std::thread changer = change_after(server, " LAST\r\n", path, "shrinks");
    Message first = with_attachment(path);
    first.attachments.clear();
    Session s(options(server.port()));
    auto out = s.send_many({first, with_attachment(path)});
    changer.join();
    server.wait();
    REQUIRE(out.size() == 2);
    REQUIRE(out[0].result);  // delivered: the server said so, and the caller must not send it again
    CHECK(out[0].result->last_reply.text().find("queued as ONE") != std::string::npos);
    REQUIRE(out[1].error);
    CHECK(out[1].error->category() == ErrorCategory::AttachmentChanged);
    CHECK_FALSE(s.is_open());
    const std::string wire = server.received();
    CHECK(wire.find(" LAST\r\n") == wire.rfind(" LAST\r\n"));  // message 2 never ended
    std::remove(path.c_str());
}
