// Every stage of a session against every kind of misbehaviour: each ends in
// the right error category, within the timeout, and a message counts as sent
// only when the server answered 250 to its end of data.
#include "scripted_server.h"
#include "session.h"

#include <catch2/catch.hpp>

using namespace smtp;
using namespace smtp_test;

namespace {

enum class At { Greeting, Ehlo, Auth, Mail, Rcpt, Data, EndOfData, Quit };
enum class Fault { Close, Stall, Closing421, Transient4xx, Permanent5xx, Split, Huge, Garbage };

// The good reply a server gives at each stage.
const char* good_reply(At at) {
    switch (at) {
    case At::Greeting: return "220 mx.example ESMTP\r\n";
    case At::Ehlo: return "250-mx.example\r\n250 AUTH PLAIN\r\n";  // no PIPELINING: one command, one reply
    case At::Auth: return "235 2.7.0 ok\r\n";
    case At::Mail: return "250 2.1.0 ok\r\n";
    case At::Rcpt: return "250 2.1.5 ok\r\n";
    case At::Data: return "354 go\r\n";
    case At::EndOfData: return "250 2.0.0 queued\r\n";
    case At::Quit: return "221 bye\r\n";
    }
    return "";
}

// What the client sends before the server answers at each stage.
Step client_turn(At at) { return at == At::Greeting ? stall(0) : at == At::EndOfData ? read_data() : read_line(); }

std::vector<Step> script(At fault_at, Fault fault) {
    std::vector<Step> s;
    for (At at : {At::Greeting, At::Ehlo, At::Auth, At::Mail, At::Rcpt, At::Data, At::EndOfData, At::Quit}) {
        s.push_back(client_turn(at));
        if (at != fault_at) {
            s.push_back(send(good_reply(at)));
            continue;
        }
        switch (fault) {
        case Fault::Close: s.push_back(close_conn()); break;
        case Fault::Stall: s.push_back(stall(1500)); break;
        case Fault::Closing421: s.push_back(send("421 4.3.2 shutting down\r\n")); break;
        case Fault::Transient4xx: s.push_back(send("451 4.3.0 local error\r\n")); break;
        case Fault::Permanent5xx: s.push_back(send("554 5.0.0 no\r\n")); break;
        case Fault::Huge: s.push_back(send("250 " + std::string(1 << 20, 'x') + "\r\n")); break;
        case Fault::Garbage: s.push_back(send("HTTP/1.1 400 Bad Request\r\n")); break;
        case Fault::Split:
            for (char c : std::string(good_reply(at))) s.push_back(send(std::string(1, c)));
            continue;  // and the session goes on
        }
        return s;
    }
    return s;
}

// nullopt: the message must count as sent.
std::optional<ErrorCategory> expected(At at, Fault fault) {
    if (fault == Fault::Split || at == At::Quit) return std::nullopt;  // QUIT's reply is not awaited
    switch (fault) {
    case Fault::Close: case Fault::Closing421: return ErrorCategory::Connect;
    case Fault::Stall: return ErrorCategory::Timeout;
    case Fault::Huge: case Fault::Garbage: return ErrorCategory::Protocol;
    default: break;
    }
    switch (at) {
    case At::Greeting: return ErrorCategory::Connect;
    case At::Ehlo: return ErrorCategory::Protocol;
    case At::Auth: return ErrorCategory::AuthFailed;
    case At::Mail: return ErrorCategory::SenderRejected;
    case At::Rcpt: return ErrorCategory::RecipientRejected;
    default: return ErrorCategory::MessageRejected;
    }
}

} // namespace

TEST_CASE("fault matrix: every stage x every fault", "[faults]") {
    auto at = GENERATE(At::Greeting, At::Ehlo, At::Auth, At::Mail, At::Rcpt, At::Data, At::EndOfData, At::Quit);
    auto fault = GENERATE(Fault::Close, Fault::Stall, Fault::Closing421, Fault::Transient4xx, Fault::Permanent5xx,
                          Fault::Split, Fault::Huge, Fault::Garbage);
    if (at == At::Ehlo && fault == Fault::Permanent5xx) return;  // the HELO fallback has its own test
    INFO("stage " << static_cast<int>(at) << ", fault " << static_cast<int>(fault));
    ScriptedServer server(script(at, fault));
    SessionOptions o;
    o.host = "127.0.0.1";
    o.port = server.port();
    o.encryption = Encryption::None;
    o.username = "alice@example.com";
    o.password = "pw";
    o.command_timeout = std::chrono::milliseconds(400);
    Message m;
    m.from = {"", "alice@example.com"};
    m.to = {{"", "bob@example.com"}};
    m.text = "hi";

    const auto start = std::chrono::steady_clock::now();
    std::optional<ErrorCategory> got;
    {
        Session s(o);
        try {
            auto r = s.send(m);
            CHECK(r.last_reply.code == 250);
        } catch (const Error& e) {
            got = e.category();
        }
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1400));  // never past the timeout
    CHECK(got == expected(at, fault));
}
