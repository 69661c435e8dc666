// The core as a library in a program that keeps SIGPIPE's default action
// (terminate): a TLS peer that vanishes while the body is being written must
// end in an Error, not kill the program. OpenSSL's socket BIO writes with
// write(), which raises SIGPIPE, unlike the plain path's send(MSG_NOSIGNAL).
#include "scripted_server.h"
#include "smtp/session.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>

using namespace smtp;
using namespace smtp_test;

TEST_CASE("a TLS peer that vanishes mid-body is an error, not a SIGPIPE", "[transport][tls]") {
    const std::string dir = tls_dir();
    if (!std::ifstream(dir + "/server.pem").good()) FAIL("test certificates missing: run scripts/test-ca.sh");
    // Close with the client's body unread: the kernel answers further writes with a reset.
    ScriptedServer server(greet_ehlo("250 STARTTLS\r\n") +
                          std::vector<Step>{read_line(), send("220 go\r\n"), start_tls(dir + "/server.pem", dir + "/server.key"),
                                            read_line(), send("250 localhost\r\n"), read_line(), send("250 ok\r\n"),
                                            read_line(), send("250 ok\r\n"), read_line(), send("354 go\r\n"), close_conn()});
    SessionOptions o;
    o.host = "localhost";
    o.port = server.port();
    o.encryption = Encryption::StartTls;
    o.ca_file = dir + "/ca.pem";
    o.command_timeout = o.connect_timeout = std::chrono::milliseconds(5000);
    Message m;
    m.from = {"", "alice@example.com"};
    m.to.push_back({"", "bob@example.com"});
    m.text = std::string(8 << 20, 'x');  // far more than the socket buffers hold

    auto* previous = std::signal(SIGPIPE, SIG_DFL);
    bool failed = false;
    {
        Session s(o);
        try {
            s.send(m);
        } catch (const Error& e) {
            failed = e.category() == ErrorCategory::Connect;
        }
    }  // ~Session: QUIT and close_notify on the dead connection, also without a signal
    std::signal(SIGPIPE, previous);
    server.wait();
    CHECK(failed);
}
