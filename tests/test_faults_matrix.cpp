// Issue 10's fault-injection matrix, against the scripted peer:
//   - every stage (connect, greeting, EHLO, STARTTLS, EHLO over TLS, AUTH,
//     MAIL, RCPT, DATA, end of data, QUIT) x every misbehaviour (disconnect,
//     4xx, 5xx, 421, stall past the timeout, reply trickled in many packets,
//     1 MB reply, non-SMTP banner, mixed codes), over plain text, plain text
//     with PIPELINING, and STARTTLS: the right error category, never past the
//     timeout, and the message counted as sent only after 250 to end of data;
//   - send_many with the middle message failing at each stage: the others'
//     results exact, each message on the wire at most once, none retried
//     after its body was sent;
//   - the security cases test_session_faults.cpp does not cover.
#include "smtp/dot_stuffer.h"
#include "scripted_server.h"
#include "smtp/session.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <functional>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <csignal>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

using namespace smtp;
using namespace smtp_test;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// The command and end-of-data timeout where a stall is the fault under test:
// short enough that the matrix's stalls stay quick, long enough for a busy machine.
constexpr milliseconds kTimeout{1000};
// Everywhere else nothing should time out: a wide timeout, so that a busy
// machine (a sanitizer build beside other jobs) is not mistaken for a stall.
constexpr milliseconds kCalmTimeout{5000};
// Looking up "localhost" (a resolver thread) and connecting to the scripted
// peer on loopback: faults are injected after that (but for the one connect
// test, which sets its own), so a wide margin keeps a busy machine's
// scheduling from turning the lookup into a Timeout.
constexpr milliseconds kConnectTimeout{5000};
constexpr milliseconds kSlack{700};    // scheduling, TLS handshakes, sanitizer builds

bool tls_files_present() { return std::ifstream(tls_dir() + "/server.pem").good(); }

// ---------------------------------------------------------------- sockets

// The scripted peer's SSL_write to a client that has already gone raises
// SIGPIPE, which would end the whole test run. Its thread is started with
// SIGPIPE blocked (threads inherit the mask); this thread, where the client
// runs, keeps the default, so a client write that could raise SIGPIPE still
// shows up as a dead test run.
template <class... Args>
std::unique_ptr<ScriptedServer> peer(Args&&... args) {
    sigset_t pipe, old;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, &old);
    auto server = std::make_unique<ScriptedServer>(std::forward<Args>(args)...);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return server;
}

int loopback_listener(int backlog, std::uint16_t& port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, backlog) != 0)
        throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return fd;
}

int connect_loopback(std::uint16_t port, bool nonblocking = false) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (rc != 0 && !(nonblocking && errno == EINPROGRESS)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// A loopback port where nothing listens: connecting is refused.
std::uint16_t refused_port() {
    std::uint16_t port = 0;
    int fd = loopback_listener(1, port);
    ::close(fd);
    return port;
}

// A listener nobody accepts from, to prove that no connection was attempted.
struct Tripwire {
    std::uint16_t port = 0;
    int fd = -1;
    Tripwire() { fd = loopback_listener(4, port); }
    ~Tripwire() { ::close(fd); }
    bool touched() {  // a connection waiting in the accept queue
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, 0) > 0;
    }
};

// Hands the i-th connection it accepts to the i-th backend (a ScriptedServer),
// copying bytes both ways: a client that reconnects meets the next script.
class Relay {
public:
    explicit Relay(std::vector<std::uint16_t> backends) : backends_(std::move(backends)) {
        listen_fd_ = loopback_listener(8, port_);
        thread_ = std::thread([this] { accept_loop(); });
    }
    ~Relay() {
        stop_ = true;
        ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
        thread_.join();
        for (auto& t : pumps_) t.join();
        ::close(listen_fd_);
    }
    std::uint16_t port() const { return port_; }
    int accepted() const { return accepted_; }

private:
    void accept_loop() {
        for (std::size_t i = 0;; ++i) {
            int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) return;
            ++accepted_;
            int backend = i < backends_.size() ? connect_loopback(backends_[i]) : -1;
            if (backend < 0) {
                ::close(client);
                continue;
            }
            pumps_.emplace_back([this, client, backend] { pump(client, backend); });
        }
    }
    void pump(int a, int b) {
        pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        std::vector<char> buf(65536);
        for (bool open = true; open && !stop_;) {
            if (::poll(p, 2, 50) <= 0) continue;
            for (int k = 0; k < 2 && open; ++k) {
                if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                ssize_t n = ::recv(p[k].fd, buf.data(), buf.size(), 0);
                for (ssize_t off = 0; n > 0 && off < n;) {
                    ssize_t w = ::send(p[1 - k].fd, buf.data() + off, static_cast<std::size_t>(n - off), MSG_NOSIGNAL);
                    if (w <= 0) { n = -1; break; }
                    off += w;
                }
                open = n > 0;
            }
        }
        ::close(a);
        ::close(b);
    }

    std::vector<std::uint16_t> backends_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> accepted_{0};
    std::thread thread_;
    std::vector<std::thread> pumps_;
};

// A ScriptedServer waits in accept() until someone comes; a script that was
// not needed is released by connecting and leaving at once.
void release(ScriptedServer& server) {
    int fd = connect_loopback(server.port());
    if (fd >= 0) ::close(fd);
}

// ---------------------------------------------------------------- the wire

// The client's bytes as commands and DATA payloads (still dot-stuffed, without the final ".").
struct WireLog {
    std::vector<std::string> commands;
    std::vector<std::string> data;
};

WireLog parse_wire(const std::string& w) {
    WireLog out;
    std::size_t pos = 0;
    while (pos < w.size()) {
        std::size_t eol = w.find("\r\n", pos);
        if (eol == std::string::npos) break;
        std::string line = w.substr(pos, eol - pos);
        pos = eol + 2;
        out.commands.push_back(line);
        if (line != "DATA") continue;
        std::size_t end = w.find("\r\n.\r\n", pos - 2);
        if (end == std::string::npos) break;  // the server closed before the end of the body
        out.data.push_back(w.substr(pos, end + 2 - pos));
        pos = end + 5;
    }
    return out;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t i = haystack.find(needle); i != std::string::npos; i = haystack.find(needle, i + 1)) ++n;
    return n;
}

bool crlf_only(const std::string& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return false;
        if (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n')) return false;
    }
    return true;
}

std::string unstuff(const std::string& payload) {
    std::string out;
    bool line_start = true;
    for (char c : payload) {
        if (line_start && c == '.') { line_start = false; continue; }
        out += c;
        line_start = c == '\n';
    }
    return out;
}

std::string qp_decode(const std::string& in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '=') { out += in[i]; continue; }
        if (in.compare(i + 1, 2, "\r\n") == 0) { i += 2; continue; }
        out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    return out;
}

std::string normalise_newlines(const std::string& in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\r' || in[i] == '\n') {
            out += "\r\n";
            if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') ++i;
        } else {
            out += in[i];
        }
    }
    return out;
}

// The decoded text/plain body of a single-part message as it went over the
// wire (7bit/8bit as it is, or quoted-printable, whichever the builder chose).
std::string text_body(const std::string& payload) {
    std::string message = unstuff(payload);
    std::size_t body = message.find("\r\n\r\n");
    REQUIRE(body != std::string::npos);
    const std::string head = message.substr(0, body);
    if (head.find("Content-Transfer-Encoding: 7bit") != std::string::npos ||
        head.find("Content-Transfer-Encoding: 8bit") != std::string::npos)
        return message.substr(body + 4);
    REQUIRE(head.find("Content-Transfer-Encoding: quoted-printable") != std::string::npos);
    return qp_decode(message.substr(body + 4));
}

// ---------------------------------------------------------------- the matrix

enum class Mode { Plain, Pipelining, StartTls };
enum class At { Connect, Greeting, Ehlo, StartTls, EhloTls, Auth, Mail, Rcpt, Data, EndOfData, Quit };
enum class Fault { Disconnect, Transient, Permanent, Closing421, Stall, Split, HugeLine, HugeLines, Banner, MixedCodes };

const char* name(Mode m) {
    switch (m) {
    case Mode::Plain: return "plain";
    case Mode::Pipelining: return "plain+PIPELINING";
    case Mode::StartTls: return "STARTTLS";
    }
    return "?";
}

const char* name(At at) {
    static const char* names[] = {"connect", "greeting", "EHLO", "STARTTLS", "EHLO over TLS", "AUTH",
                                  "MAIL", "RCPT", "DATA", "end of data", "QUIT"};
    return names[static_cast<int>(at)];
}

const char* name(Fault f) {
    static const char* names[] = {"disconnect", "4xx", "5xx", "421", "stall past the timeout", "reply in many packets",
                                  "1 MB reply line", "1 MB of reply lines", "non-SMTP banner", "mixed codes"};
    return names[static_cast<int>(f)];
}

std::vector<At> stages(Mode mode) {
    if (mode == Mode::StartTls)
        return {At::Greeting, At::Ehlo, At::StartTls, At::EhloTls, At::Auth, At::Mail, At::Rcpt, At::Data, At::EndOfData, At::Quit};
    return {At::Greeting, At::Ehlo, At::Auth, At::Mail, At::Rcpt, At::Data, At::EndOfData, At::Quit};
}

std::string good_reply(At at, Mode mode) {
    switch (at) {
    case At::Greeting: return "220 mx.example ESMTP ready\r\n";
    case At::Ehlo:
        if (mode == Mode::StartTls) return "250-mx.example\r\n250-STARTTLS\r\n250 AUTH LOGIN\r\n";
        if (mode == Mode::Pipelining) return "250-mx.example\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n";
        return "250-mx.example\r\n250 AUTH PLAIN\r\n";  // one command, one reply
    case At::StartTls: return "220 2.0.0 Ready to start TLS\r\n";
    case At::EhloTls: return "250-mx.example\r\n250 AUTH PLAIN\r\n";
    case At::Auth: return "235 2.7.0 Authentication successful\r\n";
    case At::Mail: return "250 2.1.0 Sender OK\r\n";
    case At::Rcpt: return "250 2.1.5 Recipient OK\r\n";
    case At::Data: return "354 Start mail input; end with <CRLF>.<CRLF>\r\n";
    case At::EndOfData: return "250 2.0.0 Ok: queued as 4F2A1\r\n";
    case At::Quit: return "221 2.0.0 Bye\r\n";
    case At::Connect: break;
    }
    return "";
}

std::string refusal(At at, bool transient) {
    if (transient) {
        switch (at) {
        case At::Auth: return "454 4.7.0 Temporary authentication failure\r\n";
        case At::StartTls: return "454 4.7.0 TLS not available due to temporary reason\r\n";
        default: return "451 4.3.0 Temporary local problem\r\n";
        }
    }
    switch (at) {
    case At::Greeting: return "554 5.3.2 No SMTP service here\r\n";
    case At::Auth: return "535 5.7.8 Authentication credentials invalid\r\n";
    case At::StartTls: return "502 5.5.1 Command not implemented\r\n";
    case At::Rcpt: return "550 5.1.1 Recipient address rejected: User unknown\r\n";
    default: return "554 5.7.1 Refused\r\n";
    }
}

// A reply trickled out 1 to 3 bytes at a time, a millisecond apart.
std::vector<Step> trickle(const std::string& reply) {
    std::vector<Step> s;
    for (std::size_t i = 0, n = 1; i < reply.size(); i += n, n = n % 3 + 1) {
        s.push_back(send(reply.substr(i, n)));
        s.push_back(stall(1));
    }
    return s;
}

std::string huge_line(const std::string& code) { return code + " " + std::string(1 << 20, 'x') + "\r\n"; }

std::string huge_lines(const std::string& code) {
    std::string r;
    for (int i = 0; i < 1024; ++i) r += code + "-" + std::string(1019, 'y') + "\r\n";
    return r + code + " end\r\n";
}

// What the peer says at `at` when `fault` strikes there, and whether the session goes on.
std::vector<Step> faulty_turn(At at, Fault fault, Mode mode, bool& goes_on) {
    const std::string good = good_reply(at, mode);
    const std::string code = good.substr(0, 3);
    goes_on = false;
    switch (fault) {
    case Fault::Disconnect: return {close_conn()};
    case Fault::Closing421: return {send("421 4.3.2 Service shutting down\r\n")};
    case Fault::Stall: return {stall_until_hangup()};
    case Fault::HugeLine: return {send(huge_line(code))};
    case Fault::HugeLines: return {send(huge_lines(code))};
    case Fault::Banner: return {send("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n")};
    case Fault::MixedCodes: return {send(code + "-first line\r\n" + (code[0] == '5' ? "250" : "554") + " second line\r\n")};
    case Fault::Split: goes_on = true; return trickle(good);
    case Fault::Transient:
    case Fault::Permanent: {
        std::string no = refusal(at, fault == Fault::Transient);
        std::vector<Step> s{send(no)};
        if ((at == At::Ehlo || at == At::EhloTls) && fault == Fault::Permanent)
            s = s + std::vector<Step>{read_line(), send(no)};  // the HELO fallback is refused too
        // A pipelining client already sent what follows; a real server answers it.
        if (mode == Mode::Pipelining && at == At::Mail)
            s = s + std::vector<Step>{read_line(), send("503 5.5.1 Error: need MAIL command\r\n"), read_line(),
                                      send("503 5.5.1 Error: need RCPT command\r\n")};
        if (mode == Mode::Pipelining && at == At::Rcpt)
            s = s + std::vector<Step>{read_line(), send("554 5.5.1 Error: no valid recipients\r\n")};
        return s + std::vector<Step>{read_line()};  // RSET or QUIT
    }
    }
    return {};
}

std::vector<Step> script(Mode mode, At fault_at, Fault fault) {
    const std::string dir = tls_dir();
    std::vector<Step> s;
    for (At at : stages(mode)) {
        if (at != At::Greeting) s.push_back(at == At::EndOfData ? read_data() : read_line());
        bool goes_on = true;
        if (at == fault_at) s = s + faulty_turn(at, fault, mode, goes_on);
        else s.push_back(send(good_reply(at, mode)));
        if (!goes_on) return s;
        if (at == At::StartTls) s.push_back(start_tls(dir + "/server.pem", dir + "/server.key"));
    }
    return s;
}

// nullopt: the message is sent.
std::optional<ErrorCategory> expected(At at, Fault fault) {
    if (at == At::Connect) return fault == Fault::Stall ? ErrorCategory::Timeout : ErrorCategory::Connect;
    if (at == At::Quit || fault == Fault::Split) return std::nullopt;  // QUIT's reply is not awaited
    switch (fault) {
    case Fault::Disconnect:
    case Fault::Closing421: return ErrorCategory::Connect;
    case Fault::Stall: return ErrorCategory::Timeout;
    case Fault::HugeLine:
    case Fault::HugeLines:
    case Fault::Banner:
    case Fault::MixedCodes: return ErrorCategory::Protocol;
    default: break;
    }
    switch (at) {
    case At::Greeting: return ErrorCategory::Connect;
    case At::Ehlo:
    case At::EhloTls: return ErrorCategory::Protocol;
    case At::StartTls: return ErrorCategory::StartTlsUnavailable;
    case At::Auth: return ErrorCategory::AuthFailed;
    case At::Mail: return ErrorCategory::SenderRejected;
    case At::Rcpt: return ErrorCategory::RecipientRejected;
    default: return ErrorCategory::MessageRejected;
    }
}

milliseconds timeout_for(Fault fault) { return fault == Fault::Stall ? kTimeout : kCalmTimeout; }

bool expected_transient(Fault fault) {
    return fault == Fault::Transient || fault == Fault::Disconnect || fault == Fault::Closing421 || fault == Fault::Stall;
}

SessionOptions options(std::uint16_t port, Mode mode, milliseconds timeout = kCalmTimeout) {
    SessionOptions o;
    o.host = mode == Mode::StartTls ? "localhost" : "127.0.0.1";
    o.port = port;
    o.encryption = mode == Mode::StartTls ? Encryption::StartTls : Encryption::None;
    o.ca_file = tls_dir() + "/ca.pem";
    o.username = "alice@example.com";
    o.password = "correct horse battery staple";
    o.connect_timeout = kConnectTimeout;
    o.command_timeout = timeout;
    o.data_timeout = timeout;
    return o;
}

Message message(const std::string& id = "") {
    Message m;
    m.from = {"Alice", "alice@example.com"};
    m.to = {{"Bob", "bob@example.com"}};
    m.subject = "Your code";
    m.text = "Your verification code is 123456.";
    m.message_id = id;
    return m;
}

struct Attempt {
    std::optional<SendResult> result;
    std::optional<Error> error;
    milliseconds elapsed{0};
};

Attempt attempt(const SessionOptions& o, const Message& m) {
    Attempt a;
    const auto start = Clock::now();
    {
        Session s(o);
        try {
            a.result = s.send(m);
        } catch (const Error& e) {
            a.error = e;
        }
    }  // the destructor's QUIT counts too
    a.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    return a;
}

void check_outcome(const Attempt& a, std::optional<ErrorCategory> want, Fault fault) {
    INFO("error: " << (a.error ? a.error->what() : std::string("none")) << "; elapsed " << a.elapsed.count() << " ms");
    if (want) {
        REQUIRE(a.error);
        CHECK(category_name(a.error->category()) == std::string(category_name(*want)));
        CHECK(a.error->transient() == expected_transient(fault));
        CHECK_FALSE(a.result);  // not counted as sent
    } else {
        REQUIRE(a.result);
        CHECK(a.result->last_reply.code == 250);
    }
    if (fault == Fault::Stall && want) CHECK(a.elapsed >= kTimeout - milliseconds(20));  // it did wait...
    CHECK(a.elapsed < timeout_for(fault) + kSlack);                                       // ...but never longer
}

} // namespace

TEST_CASE("fault matrix: every stage x every fault, plain, pipelining and STARTTLS", "[faults]") {
    if (!tls_files_present()) FAIL("test certificates missing: run scripts/test-ca.sh");
    const Mode mode = GENERATE(Mode::Plain, Mode::Pipelining, Mode::StartTls);
    const At at = GENERATE(At::Greeting, At::Ehlo, At::StartTls, At::EhloTls, At::Auth, At::Mail, At::Rcpt, At::Data,
                           At::EndOfData, At::Quit);
    const Fault fault = GENERATE(Fault::Disconnect, Fault::Transient, Fault::Permanent, Fault::Closing421, Fault::Stall,
                                 Fault::Split, Fault::HugeLine, Fault::HugeLines, Fault::Banner, Fault::MixedCodes);
    auto in_mode = stages(mode);
    if (std::find(in_mode.begin(), in_mode.end(), at) == in_mode.end()) return;  // no STARTTLS in plain text
    INFO(name(mode) << ": " << name(fault) << " at " << name(at));

    auto server = peer(script(mode, at, fault));
    Attempt a = attempt(options(server->port(), mode, timeout_for(fault)), message("matrix@example.com"));
    check_outcome(a, expected(at, fault), fault);
    server->wait();

    const std::string wire = server->received();
    const WireLog w = parse_wire(wire);
    // The body went out at most once, and was counted as sent only if it did.
    CHECK(w.data.size() <= 1);
    if (a.result) CHECK(w.data.size() == 1);
    CHECK(count(wire, "Message-ID: <matrix@example.com>") <= 1);
    if (mode == Mode::StartTls) {
        // Credentials only inside TLS, and only from the capabilities learned there.
        const std::string clear = server->received_before_tls().empty() ? wire : server->received_before_tls();
        CHECK(clear.find("AUTH") == std::string::npos);
        if (!server->received_before_tls().empty()) {
            CHECK(clear.substr(clear.find("\r\n") + 2) == "STARTTLS\r\n");
            if (w.commands.size() > 3 && at != At::EhloTls) CHECK(w.commands[3].rfind("AUTH PLAIN ", 0) == 0);
        }
    }
}

TEST_CASE("a 5xx greeting is a permanent refusal, not transient", "[faults]") {
    // Error::transient(): "4xx replies and network trouble". A server that
    // answers 554 is neither; retrying will not help.
    auto server = peer(std::vector<Step>{send("554 5.3.2 No SMTP service here\r\n"), read_line()});
    Attempt a = attempt(options(server->port(), Mode::Plain), message());
    REQUIRE(a.error);
    CHECK(a.error->category() == ErrorCategory::Connect);
    CHECK(a.error->smtp_code() == 554);
    CHECK_FALSE(a.error->transient());
}

TEST_CASE("fault matrix: connect refused or never answered", "[faults]") {
    SECTION("refused") {
        Attempt a = attempt(options(refused_port(), Mode::Plain), message());
        check_outcome(a, ErrorCategory::Connect, Fault::Disconnect);
    }
    SECTION("no answer to the SYN (accept queue full)") {
        FullBacklog backlog;
        SessionOptions o = options(backlog.port, Mode::Plain);
        o.connect_timeout = kTimeout;  // the stall under test; 127.0.0.1 needs no lookup
        Attempt a = attempt(o, message());
        check_outcome(a, ErrorCategory::Timeout, Fault::Stall);
    }
}

TEST_CASE("send_many: one message failing at any stage leaves the others' results exact", "[faults][batch]") {
    const bool pipelining = GENERATE(false, true);
    const At at = GENERATE(At::Mail, At::Rcpt, At::Data, At::EndOfData);
    const Fault fault = GENERATE(Fault::Transient, Fault::Permanent, Fault::Disconnect, Fault::Closing421, Fault::Stall,
                                 Fault::HugeLine, Fault::Banner, Fault::MixedCodes);
    const Mode mode = pipelining ? Mode::Pipelining : Mode::Plain;
    INFO(name(mode) << ": message 2 of 3 meets " << name(fault) << " at " << name(at));

    auto greet = [&] {
        return greet_ehlo(pipelining ? "250-PIPELINING\r\n250 8BITMIME\r\n" : "250 8BITMIME\r\n");
    };
    auto accept = [] {
        return std::vector<Step>{read_line(), send("250 2.1.0 ok\r\n"), read_line(), send("250 2.1.5 ok\r\n"),
                                 read_line(), send("354 go ahead\r\n"), read_data(), send("250 2.0.0 queued\r\n")};
    };
    // Message 2 up to its fault, as a pipelining or a one-by-one server answers.
    std::vector<Step> second;
    for (At step : {At::Mail, At::Rcpt, At::Data, At::EndOfData}) {
        second.push_back(step == At::EndOfData ? read_data() : read_line());
        if (step != at) {
            second.push_back(send(good_reply(step, mode)));
            continue;
        }
        bool goes_on = false;
        auto turn = faulty_turn(step, fault, mode, goes_on);
        if (fault == Fault::Transient || fault == Fault::Permanent) turn.pop_back();  // the read of RSET/QUIT: below
        second = second + turn;
        break;
    }
    const bool connection_survives = fault == Fault::Transient || fault == Fault::Permanent;
    // A connection that broke before message 2's body was written: message 2
    // is tried again on the next connection; after its body, never.
    const bool retried = !connection_survives && at != At::EndOfData;
    std::vector<Step> first_connection = greet() + accept() + second;
    if (connection_survives) {
        if (at != At::EndOfData) first_connection = first_connection + std::vector<Step>{read_line(), send("250 2.0.0 reset\r\n")};
        first_connection = first_connection + accept() + std::vector<Step>{read_line()};
    }
    auto one = peer(first_connection);
    auto two = peer(greet() + accept() + (retried ? accept() : std::vector<Step>{}) + std::vector<Step>{read_line()});
    Relay relay({one->port(), two->port()});

    SessionOptions o = options(relay.port(), mode, timeout_for(fault));
    o.username.clear();
    std::vector<Message> batch{message("batch-1@example.com"), message("batch-2@example.com"), message("batch-3@example.com")};
    std::vector<BatchOutcome> out;
    const auto start = Clock::now();
    {
        Session s(o);
        out = s.send_many(batch);
    }
    const auto elapsed = Clock::now() - start;
    if (relay.accepted() < 2) release(*two);
    one->wait();
    two->wait();

    REQUIRE(out.size() == 3);
    REQUIRE(out[0].result);
    CHECK(out[0].result->accepted == std::vector<std::string>{"bob@example.com"});
    CHECK(out[0].result->last_reply.code == 250);
    CHECK_FALSE(out[0].error);
    if (retried) {
        REQUIRE(out[1].result);
        CHECK_FALSE(out[1].error);
        CHECK(out[1].result->message_id == "batch-2@example.com");
    } else {
        REQUIRE(out[1].error);
        CHECK_FALSE(out[1].result);
        CHECK(category_name(out[1].error->category()) == std::string(category_name(*expected(at, fault))));
    }
    REQUIRE(out[2].result);
    CHECK_FALSE(out[2].error);
    CHECK(out[2].result->message_id == "batch-3@example.com");
    CHECK(out[2].result->last_reply.code == 250);
    CHECK(relay.accepted() == (connection_survives ? 1 : 2));
    CHECK(elapsed < timeout_for(fault) + kSlack);

    // Each body on the wire at most once; message 2 resent only if its body
    // never left; 1 and 3 exactly once.
    const std::string all = one->received() + two->received();
    CHECK(count(all, "Message-ID: <batch-1@example.com>") == 1);
    CHECK(count(all, "Message-ID: <batch-2@example.com>") == (at == At::EndOfData || retried ? 1u : 0u));
    CHECK(count(one->received(), "Message-ID: <batch-2@example.com>") == (at == At::EndOfData ? 1u : 0u));
    CHECK(count(two->received(), "batch-2@example.com") == (retried ? 1u : 0u));
    CHECK(count(all, "Message-ID: <batch-3@example.com>") == 1);
}

TEST_CASE("send_many: a wrong password or an untrusted certificate is not tried on a second connection", "[faults][batch]") {
    const bool certificate = GENERATE(false, true);
    if (certificate && !tls_files_present()) FAIL("test certificates missing: run scripts/test-ca.sh");
    INFO((certificate ? "certificate for another host" : "wrong password"));
    const std::string dir = tls_dir();
    std::vector<Step> first =
        certificate ? std::vector<Step>{send(good_reply(At::Greeting, Mode::StartTls)), read_line(),
                                        send(good_reply(At::Ehlo, Mode::StartTls)), read_line(),
                                        send(good_reply(At::StartTls, Mode::StartTls)),
                                        start_tls(dir + "/wrong-host.pem", dir + "/wrong-host.key")}
                    : std::vector<Step>{send(good_reply(At::Greeting, Mode::Pipelining)), read_line(),
                                        send(good_reply(At::Ehlo, Mode::Pipelining)), read_line(),
                                        send("535 5.7.8 Authentication credentials invalid\r\n"), read_line()};
    auto one = peer(first);
    auto two = peer(std::vector<Step>{send("220 second\r\n"), read_line()});
    Relay relay({one->port(), two->port()});
    SessionOptions o = options(relay.port(), certificate ? Mode::StartTls : Mode::Pipelining);
    std::vector<Message> batch{message("a@example.com"), message("b@example.com"), message("c@example.com")};
    std::vector<BatchOutcome> out;
    {
        Session s(o);
        out = s.send_many(batch);
    }
    if (relay.accepted() < 2) release(*two);
    one->wait();
    two->wait();
    REQUIRE(out.size() == 3);
    for (const auto& x : out) {
        REQUIRE(x.error);
        CHECK(x.error->category() == (certificate ? ErrorCategory::TlsCertificate : ErrorCategory::AuthFailed));
    }
    CHECK(relay.accepted() == 1);
    CHECK(count(one->received() + two->received(), "AUTH") == (certificate ? 0u : 1u));
}

// ---------------------------------------------------------------- security

TEST_CASE("CR, LF or NUL in any field is refused before connecting", "[faults][security]") {
    struct Field { const char* name; std::function<void(Message&, SessionOptions&, const std::string&)> poison; };
    const auto field = GENERATE(values<Field>({
        {"subject", [](Message& m, SessionOptions&, const std::string& x) { m.subject += x + "Bcc: victim@example.com"; }},
        {"sender name", [](Message& m, SessionOptions&, const std::string& x) { m.from.name += x; }},
        {"sender address", [](Message& m, SessionOptions&, const std::string& x) { m.from.address = "alice" + x + "@example.com"; }},
        {"to name", [](Message& m, SessionOptions&, const std::string& x) { m.to[0].name += x + "X-Evil: 1"; }},
        {"to address", [](Message& m, SessionOptions&, const std::string& x) { m.to[0].address += x; }},
        {"cc address", [](Message& m, SessionOptions&, const std::string& x) { m.cc.push_back({"", "carol@example.com" + x + "RCPT TO:<x@evil.example>"}); }},
        {"cc name", [](Message& m, SessionOptions&, const std::string& x) { m.cc.push_back({"Carol" + x, "carol@example.com"}); }},
        {"bcc address", [](Message& m, SessionOptions&, const std::string& x) { m.bcc.push_back({"", x + "dave@example.com"}); }},
        {"reply-to name", [](Message& m, SessionOptions&, const std::string& x) { m.reply_to.push_back({"R" + x, "r@example.com"}); }},
        {"reply-to address", [](Message& m, SessionOptions&, const std::string& x) { m.reply_to.push_back({"", "r@example.com" + x}); }},
        {"header name", [](Message& m, SessionOptions&, const std::string& x) { m.headers.push_back({"X-A" + x + "B", "v"}); }},
        {"header value", [](Message& m, SessionOptions&, const std::string& x) { m.headers.push_back({"X-Tag", "v" + x + "Bcc: a@b.c"}); }},
        {"attachment name", [](Message& m, SessionOptions&, const std::string& x) { m.attachments.push_back({"", "data", "a" + x + ".txt", "", ""}); }},
        {"attachment type", [](Message& m, SessionOptions&, const std::string& x) { m.attachments.push_back({"", "data", "a.txt", "text/plain" + x, ""}); }},
        {"content id", [](Message& m, SessionOptions&, const std::string& x) { m.attachments.push_back({"", "data", "a.png", "", "logo" + x}); }},
        {"message id", [](Message& m, SessionOptions&, const std::string& x) { m.message_id = "id" + x + "@example.com"; }},
        {"host", [](Message&, SessionOptions& o, const std::string& x) { o.host += x; }},
        {"HELO name", [](Message&, SessionOptions& o, const std::string& x) { o.helo_name = "client" + x + "example.com"; }},
        {"user name", [](Message&, SessionOptions& o, const std::string& x) { o.username = "alice" + x; }},
        {"password", [](Message&, SessionOptions& o, const std::string& x) { o.password = "pw" + x + "MAIL FROM:<x@y>"; }},
    }));
    const std::string bad = GENERATE(as<std::string>{}, "\r\n", "\r", "\n", std::string(1, '\0'));
    INFO(field.name << " with byte " << static_cast<int>(bad.back()));
    Tripwire trip;
    SessionOptions o = options(trip.port, Mode::Plain);
    Message m = message();
    field.poison(m, o, bad);
    try {
        Session s(o);
        s.send(m);
        FAIL("sent");
    } catch (const Error& e) {
        INFO(e.what());
        CHECK(e.category() == ErrorCategory::InvalidArgument);
    }
    CHECK_FALSE(trip.touched());
}

TEST_CASE("certificate checks: refused by default, accepted only when verification is off", "[faults][security][tls]") {
    if (!tls_files_present()) FAIL("test certificates missing: run scripts/test-ca.sh");
    const std::string dir = tls_dir();
    const Encryption enc = GENERATE(Encryption::StartTls, Encryption::Ssl);
    const std::string cert = GENERATE(as<std::string>{}, "wrong-host", "self-signed");
    const bool verify = GENERATE(true, false);
    INFO(encryption_name(enc) << ", " << cert << " certificate, verify_peer " << verify);
    const Step handshake = start_tls(dir + "/" + cert + ".pem", dir + "/" + cert + ".key");
    std::vector<Step> script;
    if (enc == Encryption::Ssl) script = std::vector<Step>{handshake} + greet_ehlo("250 AUTH PLAIN\r\n");
    else script = greet_ehlo("250-STARTTLS\r\n250 AUTH PLAIN\r\n") +
                  std::vector<Step>{read_line(), send("220 go ahead\r\n"), handshake, read_line(), send("250-mx\r\n250 AUTH PLAIN\r\n")};
    script = script + std::vector<Step>{read_line(), send("235 2.7.0 ok\r\n"), read_line(), send("250 ok\r\n"), read_line(),
                                        send("250 ok\r\n"), read_line(), send("354 go\r\n"), read_data(), send("250 queued\r\n"), read_line()};
    auto server = peer(script);
    SessionOptions o = options(server->port(), Mode::StartTls);
    o.encryption = enc;
    o.verify_peer = verify;
    Attempt a = attempt(o, message());
    if (verify) {
        REQUIRE(a.error);
        CHECK(a.error->category() == ErrorCategory::TlsCertificate);
        server->wait();
        CHECK(server->received().find("AUTH") == std::string::npos);  // nothing said after the refused handshake
    } else {
        INFO((a.error ? a.error->what() : ""));
        REQUIRE(a.result);
        CHECK(a.result->last_reply.code == 250);
    }
    CHECK(a.elapsed < kCalmTimeout + kSlack);
}

TEST_CASE("a plain-text peer where TLS is expected fails the handshake, never sends credentials", "[faults][security][tls]") {
    SECTION("implicit TLS port that answers in clear") {
        auto server = peer(std::vector<Step>{send("220 mx.example ESMTP\r\n"), read_line()});
        SessionOptions o = options(server->port(), Mode::StartTls);
        o.encryption = Encryption::Ssl;
        Attempt a = attempt(o, message());
        REQUIRE(a.error);
        CHECK(a.error->category() == ErrorCategory::TlsHandshake);
        CHECK(a.elapsed < kCalmTimeout + kSlack);
        server->wait();
        CHECK(server->received().find("AUTH") == std::string::npos);
    }
    SECTION("STARTTLS accepted, then more clear text instead of a handshake") {
        auto server = peer(greet_ehlo("250-STARTTLS\r\n250 AUTH PLAIN\r\n") +
                              std::vector<Step>{read_line(), send("220 2.0.0 Ready\r\n"), stall(30),
                                                send("250-mx.example\r\n250 AUTH PLAIN\r\n"), read_line(), read_line()});
        SessionOptions o = options(server->port(), Mode::StartTls);
        Attempt a = attempt(o, message());
        REQUIRE(a.error);
        // Injected before the client looked (Protocol) or after it began the handshake (TlsHandshake).
        CHECK((a.error->category() == ErrorCategory::Protocol || a.error->category() == ErrorCategory::TlsHandshake));
        CHECK(a.elapsed < kCalmTimeout + kSlack);
        server->wait();
        const std::string wire = server->received();
        CHECK(wire.find("AUTH") == std::string::npos);
        CHECK(wire.find(o.password) == std::string::npos);
        CHECK(wire.find("MAIL FROM") == std::string::npos);
        CHECK(wire.substr(wire.find("\r\n") + 2, 10) == "STARTTLS\r\n");
    }
}

TEST_CASE("a server that hangs up while the body is written: an error, not a dead process", "[faults][tls]") {
    if (!tls_files_present()) FAIL("test certificates missing: run scripts/test-ca.sh");
    const std::string dir = tls_dir();
    const Mode mode = GENERATE(Mode::Plain, Mode::StartTls);
    INFO(name(mode));
    // 354, then the peer closes with the body unread: the kernel answers the
    // client's next segments with RST, and its next write fails (EPIPE).
    std::vector<Step> script = greet_ehlo(mode == Mode::StartTls ? "250 STARTTLS\r\n" : "250 8BITMIME\r\n");
    if (mode == Mode::StartTls)
        script = script + std::vector<Step>{read_line(), send("220 go\r\n"), start_tls(dir + "/server.pem", dir + "/server.key"),
                                            read_line(), send("250-mx.example\r\n250 8BITMIME\r\n")};
    script = script + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"), read_line(),
                                        send("354 go\r\n"), stall(20), close_conn()};
    auto server = peer(script);
    SessionOptions o = options(server->port(), mode);
    o.username.clear();
    Message m = message();
    m.attachments.push_back({"", std::string(8 << 20, 'z'), "big.bin", "", ""});
    Attempt a = attempt(o, m);
    REQUIRE(a.error);
    INFO(a.error->what());
    CHECK(std::string(a.error->what()).find("while writing") != std::string::npos);  // the case this test is about
    CHECK(a.error->category() == ErrorCategory::Connect);
    CHECK_FALSE(a.result);
    CHECK(a.elapsed < kCalmTimeout + kSlack);
}

TEST_CASE("capabilities learned in clear text are forgotten after STARTTLS", "[faults][security][tls]") {
    if (!tls_files_present()) FAIL("test certificates missing: run scripts/test-ca.sh");
    const std::string dir = tls_dir();
    auto tls_then = [&](const std::string& clear_caps, std::vector<Step> after) {
        return greet_ehlo(clear_caps) + std::vector<Step>{read_line(), send("220 go\r\n"), start_tls(dir + "/server.pem", dir + "/server.key"),
                                                          read_line(), send("250-mx.example\r\n250 8BITMIME\r\n")} + after;
    };
    SessionOptions o;
    SECTION("a tiny SIZE offered in clear does not refuse the message, nor add SIZE=") {
        auto server = peer(tls_then("250-STARTTLS\r\n250-SIZE 10\r\n250 PIPELINING\r\n",
                                       {read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"), read_line(),
                                        send("354 go\r\n"), read_data(), send("250 queued\r\n"), read_line()}));
        o = options(server->port(), Mode::StartTls);
        o.username.clear();
        Attempt a = attempt(o, message());
        INFO((a.error ? a.error->what() : ""));
        REQUIRE(a.result);
        server->wait();
        const WireLog w = parse_wire(server->received());
        bool mail_seen = false;
        for (const auto& c : w.commands) {
            if (c.rfind("MAIL FROM:", 0) != 0) continue;
            mail_seen = true;
            CHECK(c.find("SIZE=") == std::string::npos);
        }
        CHECK(mail_seen);
    }
    SECTION("SMTPUTF8 offered only in clear: a UTF-8 address is refused without asking") {
        auto server = peer(tls_then("250-STARTTLS\r\n250 SMTPUTF8\r\n", {read_line()}));
        o = options(server->port(), Mode::StartTls);
        o.username.clear();
        Message m = message();
        m.to = {{"", "jörg@bücher.example"}};
        Attempt a = attempt(o, m);
        REQUIRE(a.error);
        CHECK(a.error->category() == ErrorCategory::MessageRejected);
        server->wait();
        CHECK(server->received().find("MAIL FROM") == std::string::npos);
    }
}

TEST_CASE("SMTP smuggling: end-of-data look-alikes in the body stay inside one message", "[faults][security]") {
    const std::string trick = GENERATE(as<std::string>{}, "\r\n.\r\n", "\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r.\n", "\n.\r");
    Message m = message("smuggle@example.com");
    m.text = "first part" + trick + "MAIL FROM:<evil@example.com>" + trick + "RCPT TO:<victim@example.com>\r\nDATA\r\n"
             "Subject: forged\r\n\r\nforged" + trick + "QUIT\r\n";
    m.html = "<p>x</p>" + trick + "<p>y</p>";
    auto server = peer(greet_ehlo() + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"),
                                                           read_line(), send("354 go\r\n"), read_data(), send("250 queued\r\n"), read_line()});
    SessionOptions o = options(server->port(), Mode::Pipelining);
    o.username.clear();
    Attempt a = attempt(o, m);
    INFO((a.error ? a.error->what() : ""));
    REQUIRE(a.result);
    server->wait();
    const std::string wire = server->received();
    CHECK(crlf_only(wire));
    const WireLog w = parse_wire(wire);
    REQUIRE(w.data.size() == 1);
    CHECK(w.commands.back() == "QUIT");
    CHECK(w.commands.size() == 5 + 0);  // EHLO, MAIL, RCPT, DATA, QUIT: nothing from the body became a command
    CHECK(count(wire, "\r\n.\r\n") == 1);
    CHECK(count(unstuff(w.data[0]), "MAIL FROM:<evil@example.com>") == 1);  // still in the body
}

TEST_CASE("dot-stuffing is right wherever the writes are cut", "[faults][security]") {
    SECTION("DotStuffer: every cut into two and three writes") {
        const std::string body = ".start\r\n.\r\n..\n.\r.x\r\n\r\n.\n\r\n.end";
        smtp::DotStuffer whole;
        std::string expected;
        whole.feed(body, expected);
        whole.finish(expected);
        CHECK(expected.rfind("..start\r\n", 0) == 0);  // a dot at the very start is doubled
        CHECK(crlf_only(expected));
        CHECK(count(expected, "\r\n.\r\n") == 1);
        for (std::size_t i = 0; i <= body.size(); ++i) {
            for (std::size_t j = i; j <= body.size(); ++j) {
                smtp::DotStuffer s;
                std::string out;
                s.feed(body.substr(0, i), out);
                s.feed(body.substr(i, j - i), out);
                s.feed(body.substr(j), out);
                s.finish(out);
                INFO("cut at " << i << " and " << j);
                REQUIRE(out == expected);
            }
        }
    }
    SECTION("DotStuffer::leaves_as_is: true exactly when stuffing adds only the terminator") {
        // Every string of up to six bytes from the ones that matter: a layout
        // found to need no stuffing goes on the wire as it is.
        const std::string alphabet = "a.\r\n";
        std::size_t as_is = 0, total = 0;
        std::vector<std::string> level{""};
        for (int len = 0; len <= 6; ++len) {
            std::vector<std::string> next;
            for (const std::string& text : level) {
                smtp::DotStuffer s;
                std::string out;
                s.feed(text, out);
                s.finish(out);
                INFO("text: " << text);
                REQUIRE(smtp::DotStuffer::leaves_as_is(text) == (out == text + ".\r\n"));
                as_is += smtp::DotStuffer::leaves_as_is(text);
                ++total;
                for (char c : alphabet) next.push_back(text + c);
            }
            level = std::move(next);
        }
        CHECK(as_is > 10);  // both answers were exercised
        CHECK(as_is < total / 10);
    }
    SECTION("the session: a dot line at every offset of its 64 KiB read buffer") {
        // The quoted-printable form of `pattern` repeats every 11 bytes, so 13
        // messages, each one byte longer in front (and headers of equal length),
        // put every byte of it on the boundary of the session's read buffer.
        const std::string pattern = ".\n..\n.x\r\n";
        std::vector<Message> batch;
        for (int shift = 0; shift < 13; ++shift) {
            Message m = message("shift-" + std::string(shift < 10 ? "0" : "") + std::to_string(shift) + "@example.com");
            m.text = std::string(static_cast<std::size_t>(shift), 'a') + "\n";
            while (m.text.size() < 70000) m.text += pattern;
            batch.push_back(std::move(m));
        }
        Message first = message("dot-first@example.com");
        first.text = ".\n.hidden line\n";
        batch.push_back(first);
        std::vector<Step> script = greet_ehlo();
        for (std::size_t i = 0; i < batch.size(); ++i)
            script = script + std::vector<Step>{read_line(), send("250 ok\r\n"), read_line(), send("250 ok\r\n"), read_line(),
                                                send("354 go\r\n"), read_data(), send("250 queued\r\n")};
        auto server = peer(script + std::vector<Step>{read_line()});
        SessionOptions o = options(server->port(), Mode::Pipelining);
        o.username.clear();
        o.command_timeout = milliseconds(5000);
        std::vector<BatchOutcome> out;
        {
            Session s(o);
            out = s.send_many(batch);
        }
        server->wait();
        for (const auto& r : out) REQUIRE(r.result);
        const std::string wire = server->received();
        CHECK(crlf_only(wire));
        const WireLog w = parse_wire(wire);
        REQUIRE(w.data.size() == batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            INFO("message " << i);
            CHECK(text_body(w.data[i]) == normalise_newlines(batch[i].text) + "\r\n");
        }
    }
}

// The same smuggling attempt through a real server (aiosmtpd): one message arrives, whole.
TEST_CASE("SMTP smuggling against aiosmtpd: one message arrives, with the look-alikes inside", "[faults][security][server]") {
    // .run/servers.env, written by scripts/servers.sh: KEY=value lines.
    const char* run = std::getenv("SMTP_TEST_RUN_DIR");
    std::ifstream env(std::string(run ? run : ".run") + "/servers.env");
    std::string line, port, maildir;
    while (std::getline(env, line)) {
        if (line.rfind("SMTP_TEST_PLAIN_PORT=", 0) == 0) port = line.substr(21);
        if (line.rfind("SMTP_TEST_MAILDIR=", 0) == 0) maildir = line.substr(18);
    }
    if (port.empty() || maildir.empty()) FAIL("servers not running: start them with scripts/servers.sh start");
    const std::string id = "smuggle-" + std::to_string(Clock::now().time_since_epoch().count()) + "@example.com";
    Message m = message(id);
    m.text = "before\r\n.\r\nMAIL FROM:<evil@example.com>\n.\nRCPT TO:<victim@example.com>\r.\rDATA\r\n\r\nforged\r\n.\r\nafter";
    SessionOptions o = options(static_cast<std::uint16_t>(std::stoi(port)), Mode::Plain);
    o.username.clear();
    o.command_timeout = milliseconds(5000);
    Attempt a = attempt(o, m);
    INFO((a.error ? a.error->what() : ""));
    REQUIRE(a.result);

    const std::string box = maildir + "/plain";
    std::vector<std::string> hits;
    for (int tries = 0; tries < 50 && hits.empty(); ++tries) {
        if (tries) std::this_thread::sleep_for(milliseconds(100));
        DIR* d = ::opendir(box.c_str());
        REQUIRE(d);
        while (dirent* e = ::readdir(d)) {
            std::string f = e->d_name;
            if (f.size() < 4 || f.compare(f.size() - 4, 4, ".eml") != 0) continue;
            std::ifstream in(box + "/" + f, std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            if (ss.str().find("Message-ID: <" + id + ">") != std::string::npos) hits.push_back(ss.str());
        }
        ::closedir(d);
    }
    REQUIRE(hits.size() == 1);
    const std::string& eml = hits[0];
    std::size_t body = eml.find("\r\n\r\n");
    REQUIRE(body != std::string::npos);
    CHECK(qp_decode(eml.substr(body + 4)) == normalise_newlines(m.text) + "\r\n");
}
