// CHUNKING (RFC 3030) against two real servers that offer it: the private
// Postfix of scripts/postfix-private.sh and the private Exim of
// scripts/exim-private.sh. Raw messages are sent so that what the server
// delivered (to a Maildir, LF line ends, its own trace headers on top) can be
// compared with what was sent, byte for byte. Every refusal comes from the
// server itself (Postfix's check_recipient_access, Exim's ACL, their
// message_size_limit, a 421 and hang-up). Postfix also takes AUTH after
// STARTTLS (Cyrus SASL, its own user) with and without CHUNKING.
#include "run_env.h"
#include "smtp/session.h"

#include <catch2/catch.hpp>

#include <dirent.h>
#include <unistd.h>

#include <string>
#include <vector>

using namespace smtp;

namespace {

struct Mta {
    const char* name;
    const char* env;      // the file its script writes, under SMTP_TEST_RUN_DIR
    const char* prefix;   // of its keys there
    const char* starter;
};
const Mta kPostfix{"Postfix", "postfix.env", "SMTP_POSTFIX_", "scripts/postfix-private.sh start"};
const Mta kExim{"Exim", "exim.env", "SMTP_EXIM_", "scripts/exim-private.sh start"};

std::string get(const Mta& mta, const std::string& key) {  // key without the prefix: "PORT"
    return run_setting(mta.env, mta.prefix + key, mta.starter);
}

SessionOptions server(const Mta& mta, const std::string& port_key = "PORT", Encryption enc = Encryption::None) {
    SessionOptions o;
    o.host = enc == Encryption::None ? get(mta, "HOST") : "localhost";
    o.port = static_cast<std::uint16_t>(std::stoi(get(mta, port_key)));
    o.encryption = enc;
    o.ca_file = get(mta, "CA");
    o.keep_transcript = true;
    o.command_timeout = std::chrono::seconds(20);
    return o;
}

// Postfix's user (Cyrus sasldb), over STARTTLS: its only way to AUTH.
SessionOptions logged_in(const std::string& port_key, AuthMechanism mech = AuthMechanism::Auto) {
    SessionOptions o = server(kPostfix, port_key, Encryption::StartTls);
    o.username = get(kPostfix, "USER");
    o.password = get(kPostfix, "PASS");
    o.auth = mech;
    return o;
}

std::string unique_id() {
    static int n = 0;
    return "chunking-" + std::to_string(getpid()) + "-" + std::to_string(time(nullptr)) + "-" + std::to_string(++n) +
           "@native-smtp.test";
}

// A message whose lines start with dots (a BDAT client must not stuff them,
// a DATA client must), 8-bit text, and `filler` more bytes of plain lines.
Message raw_message(const std::string& id, std::vector<std::string> rcpts, std::size_t filler = 0) {
    Message m;
    m.from.address = "sender@example.com";
    m.envelope_to = std::move(rcpts);
    m.raw = "From: Sender <sender@example.com>\r\n"
            "To: <" + m.envelope_to.front() + ">\r\n"
            "Subject: CHUNKING test\r\n"
            "Message-ID: <" + id + ">\r\n"
            "Date: Sun, 29 Nov 2026 12:00:00 +0000\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "\r\n"
            ".\r\n"
            "..two dots\r\n"
            ".leading dot\r\n"
            "Gr\xc3\xbc\xc3\x9f" "e, \xe4\xbd\xa0\xe5\xa5\xbd\r\n"
            "\r\n"
            " .space then dot\r\n";
    for (std::size_t i = 0; m.raw.size() < 600 + filler; ++i) m.raw += "filler line " + std::to_string(i) + "\r\n";
    m.raw += ".\r\n";  // the last line a lone dot too
    return m;
}

std::string lf(std::string s) {
    for (auto p = s.find("\r\n"); p != std::string::npos; p = s.find("\r\n", p)) s.erase(p, 1);
    return s;
}

std::vector<std::string> maildir_files(const Mta& mta) {
    std::vector<std::string> out;
    const std::string dir = get(mta, "MAILDIR") + "/new";
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.') out.push_back(dir + "/" + e->d_name);
        closedir(d);
    }
    return out;
}

// Every delivered copy of the message with that Message-ID to rcpt (named by
// Postfix's Delivered-To, Exim's Envelope-to).
std::vector<std::string> deliveries(const Mta& mta, const std::string& id, const std::string& rcpt) {
    std::vector<std::string> out;
    for (const auto& f : maildir_files(mta)) {
        std::string text = read_file(f);
        auto body = text.find("\n\n");
        std::string head = text.substr(0, body);
        if (head.find("\nMessage-ID: <" + id + ">\n") != std::string::npos &&
            (head.find("\nDelivered-To: " + rcpt + "\n") != std::string::npos ||
             head.find("\nEnvelope-to: " + rcpt + "\n") != std::string::npos))
            out.push_back(text);
    }
    return out;
}

// The one copy delivered to rcpt, waited for (the queue manager delivers
// within a second or so; 30 s is the margin for a busy machine).
std::string delivered(const Mta& mta, const std::string& id, const std::string& rcpt) {
    for (int i = 0; i < 300; ++i) {
        auto copies = deliveries(mta, id, rcpt);
        if (!copies.empty()) {
            usleep(200000);  // a duplicate would come right behind
            copies = deliveries(mta, id, rcpt);
            REQUIRE(copies.size() == 1);
            return copies.front();
        }
        usleep(100000);
    }
    FAIL(mta.name << ": no delivery of <" << id << "> to " << rcpt << " in " << get(mta, "MAILDIR") << "; log: " << get(mta, "LOG"));
    return {};
}

// What arrived is what was sent: the server's trace headers (Postfix:
// Return-Path, Delivered-To, X-Original-To, Received; Exim: Return-path,
// Envelope-to, Received), then the message's bytes with LF line ends,
// nothing changed, no dot left stuffed.
void check_same_bytes(const std::string& arrived, const Message& sent) {
    const std::string expected = lf(sent.raw);
    REQUIRE(arrived.size() > expected.size());
    CHECK(arrived.substr(arrived.size() - expected.size()) == expected);
    std::string trace = arrived.substr(0, arrived.size() - expected.size());
    for (std::size_t p = 0; p < trace.size();) {
        auto e = trace.find('\n', p);
        std::string line = trace.substr(p, e - p);
        INFO(line);
        bool trace_header = line[0] == ' ' || line[0] == '\t';  // a folded line
        for (const char* name : {"Return-Path: ", "Return-path: ", "Delivered-To: ", "X-Original-To: ", "Envelope-to: ", "Received: "})
            trace_header = trace_header || line.rfind(name, 0) == 0;
        CHECK(trace_header);
        p = e + 1;
    }
}

// A message the server did not take is never delivered: known for sure once
// a later message through the same server has arrived.
void check_not_delivered(const Mta& mta, const std::string& id, const std::string& rcpt) {
    Session s(server(mta));
    const std::string marker = unique_id();
    s.send(raw_message(marker, {"marker@example.com"}));
    delivered(mta, marker, "marker@example.com");
    CHECK(deliveries(mta, id, rcpt).empty());
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

std::string bdat_last(const Message& m) {
    return "C: BDAT " + std::to_string(m.raw.size()) + " LAST";
}

} // namespace

// The cases both servers run; SECTIONs name the server in a failure.
#define FOR_EACH_MTA(mta)                                     \
    const Mta& mta = GENERATE(std::cref(kPostfix), std::cref(kExim)); \
    SECTION(mta.name)

TEST_CASE("BDAT LAST instead of DATA, the message arrives byte for byte", "[server][postfix][exim][chunking]") {
    FOR_EACH_MTA(mta) {
        auto enc = GENERATE(Encryption::None, Encryption::StartTls);
        Session s(server(mta, "PORT", enc));
        const std::string id = unique_id();
        Message m = raw_message(id, {"bob@example.com"});
        SendResult r = s.send(m);
        INFO(s.transcript());
        CHECK(s.capabilities().chunking);
        CHECK(s.tls_active() == (enc == Encryption::StartTls));
        CHECK(r.last_reply.code == 250);
        CHECK(r.accepted == std::vector<std::string>{"bob@example.com"});
        // MAIL, RCPT and the whole message in one BDAT LAST; no DATA.
        CHECK(count(s.transcript(), bdat_last(m)) == 1);
        CHECK(count(s.transcript(), "C: BDAT ") == 1);
        CHECK(count(s.transcript(), "C: DATA") == 0);
        check_same_bytes(delivered(mta, id, "bob@example.com"), m);
    }
}

TEST_CASE("Postfix without CHUNKING: DATA, dot-stuffed on the wire, the same bytes arrive", "[server][postfix][chunking]") {
    Session s(server(kPostfix, "NOCHUNKING_PORT"));
    const std::string id = unique_id();
    Message m = raw_message(id, {"carol@example.com"});
    s.send(m);
    INFO(s.transcript());
    CHECK_FALSE(s.capabilities().chunking);
    CHECK(count(s.transcript(), "C: DATA") == 1);
    CHECK(count(s.transcript(), "C: BDAT") == 0);
    check_same_bytes(delivered(kPostfix, id, "carol@example.com"), m);
}

TEST_CASE("sendMany() over one connection, one BDAT LAST per message, each delivered once", "[server][postfix][exim][chunking]") {
    FOR_EACH_MTA(mta) {
        Session s(server(mta));
        std::vector<Message> batch;
        std::vector<std::string> ids;
        for (int i = 0; i < 5; ++i) {
            ids.push_back(unique_id());
            batch.push_back(raw_message(ids.back(), {"dave@example.com", "erin@example.com"}, 200 * i));
        }
        auto out = s.send_many(batch);
        INFO(s.transcript());
        REQUIRE(out.size() == batch.size());
        CHECK(count(s.transcript(), "C: EHLO ") == 1);
        CHECK(count(s.transcript(), "C: DATA") == 0);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            REQUIRE(out[i].result);
            CHECK(out[i].result->accepted.size() == 2);
            CHECK(count(s.transcript(), bdat_last(batch[i])) == 1);
            for (const char* rcpt : {"dave@example.com", "erin@example.com"})
                check_same_bytes(delivered(mta, ids[i], rcpt), batch[i]);
        }
    }
}

TEST_CASE("some recipients refused while the message is in flight", "[server][postfix][exim][chunking]") {
    FOR_EACH_MTA(mta) {
        Session s(server(mta));
        const std::string id = unique_id();
        Message m = raw_message(id, {"refused-1@example.com", "frank@example.com", "deferred-1@example.com"});
        SendResult r = s.send(m);
        INFO(s.transcript());
        CHECK(count(s.transcript(), bdat_last(m)) == 1);
        CHECK(r.accepted == std::vector<std::string>{"frank@example.com"});
        REQUIRE(r.rejected.size() == 2);
        CHECK(r.rejected[0].address == "refused-1@example.com");
        CHECK(r.rejected[0].reply.code == 550);
        CHECK(r.rejected[0].reply.enhanced == "5.1.1");
        CHECK(r.rejected[1].address == "deferred-1@example.com");
        CHECK(r.rejected[1].reply.code == 450);
        check_same_bytes(delivered(mta, id, "frank@example.com"), m);
        CHECK(deliveries(mta, id, "refused-1@example.com").empty());
    }
}

TEST_CASE("every refusal has its category, the message was written once and is not delivered", "[server][postfix][exim][chunking]") {
    struct Case {
        const char* name;
        const Mta* mta;
        const char* port;
        std::vector<std::string> rcpts;
        bool too_big;
        ErrorCategory category;
        int code;
        std::size_t written;  // MAIL FROM and BDAT commands sent: 1 each, or 0
    };
    std::vector<Case> cases;
    for (const Mta* mta : {&kPostfix, &kExim}) {
        // The server answers the BDAT of a transaction with no recipient
        // (Postfix: 554 5.5.1); the error is the recipients' refusal.
        cases.push_back({"all recipients refused", mta, "PORT", {"refused-a@example.com", "refused-b@example.com"}, false,
                         ErrorCategory::RecipientRejected, 550, 1});
        cases.push_back({"every recipient deferred", mta, "PORT", {"deferred-a@example.com"}, false, ErrorCategory::RecipientRejected, 450, 1});
        // SIZE offered: the client knows the limit and sends nothing at all.
        cases.push_back({"too big for the SIZE offered", mta, "PORT", {"grace@example.com"}, true, ErrorCategory::MessageRejected, 0, 0});
        // The server hangs up with the message in flight: Postfix after a 421
        // to a RCPT (the error's code), Exim's ACL drop after a 550 (no code:
        // the hang-up before BDAT's reply is the error).
        cases.push_back({"server closes", mta, "PORT", {"grace@example.com", "close@example.com"}, false, ErrorCategory::Connect,
                         mta == &kPostfix ? 421 : 0, 1});
    }
    // Postfix without SIZE counts the chunk and refuses BDAT itself.
    cases.push_back({"too big, BDAT refused", &kPostfix, "NOSIZE_PORT", {"grace@example.com"}, true, ErrorCategory::MessageRejected, 552, 1});

    for (const auto& c : cases) {
        const Mta& mta = *c.mta;
        Session s(server(mta, c.port));
        const std::string id = unique_id();
        Message m = raw_message(id, c.rcpts, c.too_big ? std::stoul(get(mta, "SIZE_LIMIT")) + 1000 : 0);
        try {
            s.send(m);
            FAIL(mta.name << ", " << c.name << ": sent");
        } catch (const Error& e) {
            INFO(mta.name << ", " << c.name << ": " << e.what() << "\n" << s.transcript());
            CHECK(e.category() == c.category);
            CHECK(e.smtp_code() == c.code);
            CHECK(count(s.transcript(), "C: MAIL FROM") == c.written);
            CHECK(count(s.transcript(), "C: BDAT ") == c.written);
            // Neither server said it took the message (Postfix: "queued as", Exim: "OK id=").
            CHECK(count(s.transcript(), "queued as") + count(s.transcript(), "OK id=") == 0);
        }
        for (const auto& rcpt : c.rcpts) check_not_delivered(mta, id, rcpt);
    }
}

TEST_CASE("a batch around a server that hangs up: nothing is sent twice", "[server][postfix][exim][chunking]") {
    FOR_EACH_MTA(mta) {
        Session s(server(mta));
        std::vector<std::string> ids;
        std::vector<Message> batch;
        for (const char* rcpt : {"henry@example.com", "close@example.com", "ivy@example.com"}) {
            ids.push_back(unique_id());
            batch.push_back(raw_message(ids.back(), {rcpt}));
        }
        auto out = s.send_many(batch);
        INFO(s.transcript());
        REQUIRE(out.size() == 3);
        REQUIRE(out[0].result);
        check_same_bytes(delivered(mta, ids[0], "henry@example.com"), batch[0]);
        REQUIRE(out[1].error);
        CHECK(out[1].error->category() == ErrorCategory::Connect);
        check_not_delivered(mta, ids[1], "close@example.com");
        // The third one's envelope and body may have followed the second's
        // on the closed connection: either it went again on a new connection
        // and arrived once, or it failed and never arrived.
        if (out[2].result) check_same_bytes(delivered(mta, ids[2], "ivy@example.com"), batch[2]);
        else check_not_delivered(mta, ids[2], "ivy@example.com");
    }
}

TEST_CASE("Postfix: AUTH after STARTTLS, then BDAT LAST or DATA; the Received header names the user", "[server][postfix][chunking]") {
    auto [port, chunking] = GENERATE(table<const char*, bool>({{"PORT", true}, {"NOCHUNKING_PORT", false}}));
    auto mech = GENERATE(AuthMechanism::Plain, AuthMechanism::Login);
    Session s(logged_in(port, mech));
    const std::string id = unique_id();
    Message m = raw_message(id, {"judy@example.com"});
    SendResult r = s.send(m);
    INFO(port << ", " << auth_mechanism_name(mech) << "\n" << s.transcript());
    CHECK(s.tls_active());
    CHECK(s.capabilities().chunking == chunking);
    CHECK(count(s.transcript(), std::string("C: AUTH ") + auth_mechanism_name(mech)) == 1);
    CHECK(count(s.transcript(), "S: 235 ") == 1);
    CHECK(s.transcript().find(get(kPostfix, "PASS")) == std::string::npos);
    CHECK(r.accepted == std::vector<std::string>{"judy@example.com"});
    CHECK(count(s.transcript(), bdat_last(m)) == (chunking ? 1U : 0U));
    CHECK(count(s.transcript(), "C: DATA") == (chunking ? 0U : 1U));
    const std::string arrived = delivered(kPostfix, id, "judy@example.com");
    check_same_bytes(arrived, m);
    // smtpd_sasl_authenticated_header: Postfix names the user it authenticated
    // (with its realm: "tester@postfix.native-smtp.test").
    CHECK(arrived.substr(0, arrived.find("\n\n")).find("(Authenticated sender: " + get(kPostfix, "USER")) != std::string::npos);
}

TEST_CASE("Postfix: a wrong password is auth_failed, no transaction starts, nothing is delivered", "[server][postfix][chunking]") {
    auto port = GENERATE("PORT", "NOCHUNKING_PORT");
    SessionOptions o = logged_in(port);
    o.password = "not-" + get(kPostfix, "PASS");
    Session s(o);
    const std::string id = unique_id();
    Message m = raw_message(id, {"judy@example.com"});
    try {
        s.send(m);
        FAIL(port << ": sent with a wrong password");
    } catch (const Error& e) {
        INFO(port << ": " << e.what() << "\n" << s.transcript());
        CHECK(e.category() == ErrorCategory::AuthFailed);
        CHECK(e.smtp_code() == 535);
        CHECK(count(s.transcript(), "C: AUTH ") == 1);
        CHECK(count(s.transcript(), "C: MAIL FROM") == 0);
    }
    check_not_delivered(kPostfix, id, "judy@example.com");
}
