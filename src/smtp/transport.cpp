#include "smtp/transport.h"

#include "error.h"
#include "smtp/connector.h"
#include "smtp/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace smtp {

namespace {

std::string openssl_errors() {
    std::string out;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!out.empty()) out += "; ";
        out += buf;
    }
    return out;
}

bool is_ip_literal(const std::string& host) {
    unsigned char buf[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// OpenSSL's socket BIO writes with write(), which raises SIGPIPE when the peer
// is gone, and a program using the core as a library may keep SIGPIPE's default
// action (terminate). While an SSL call runs, SIGPIPE is blocked in this thread
// and one it raised is taken off the pending set before the old mask returns
// (curl guards its SSL calls for the same reason, in lib/sigpipe.h).
class SigpipeBlocked {
public:
    SigpipeBlocked() noexcept {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;  // not ours: left for its owner
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~SigpipeBlocked() {
        sigset_t pending;
        if (!was_pending_ && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
            const timespec now{0, 0};
            while (sigtimedwait(&pipe_, nullptr, &now) < 0 && errno == EINTR) {}
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

private:
    sigset_t pipe_, old_;
    bool was_pending_ = false;
};

} // namespace

Transport::Transport(TransportOptions options) : opts_(std::move(options)) {}

Transport::~Transport() { close(); }

void Transport::wait(bool for_write, Clock::time_point deadline, const char* what) {
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            throw Error(ErrorCategory::Timeout, std::string("timed out ") + what + " " + endpoint(opts_.host, opts_.port));
        pollfd p{fd_, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
        int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
        if (n > 0) return;
        if (n < 0 && errno != EINTR)
            throw Error(ErrorCategory::Connect, std::string("poll failed: ") + std::strerror(errno));
    }
}

Transport::Clock::time_point Transport::within_limit(std::chrono::milliseconds timeout) const {
    const auto now = Clock::now();
    return limit_ - now < timeout ? limit_ : now + timeout;
}

void Transport::connect() {
    close();
    owner_pid_ = ::getpid();
    auto addresses = resolve(opts_.host, opts_.port, within_limit(opts_.connect_timeout));
    // Each address gets the whole connect timeout; staggered, they overlap.
    fd_ = connect_first(addresses, opts_.connect_timeout, limit_, endpoint(opts_.host, opts_.port));
    // SMTP is request/response: never let Nagle hold back a command.
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (opts_.implicit_tls) handshake();
    else set_blocking(true);
}

// A plain socket is left blocking, so the reply after a write is waited for
// in recv() itself (SO_RCVTIMEO), one system call where poll() and recv()
// made two; every other call on it passes MSG_DONTWAIT. OpenSSL reads and
// writes with plain read()/write(), so under TLS the socket is non-blocking.
void Transport::set_blocking(bool blocking) {
    const int flags = fcntl(fd_, F_GETFL, 0);
    fcntl(fd_, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
    receive_timeout_ms_ = 0;
}

// Bounds a blocking recv() by the deadline, give or take kTimeoutSlack: the
// option is set again only when the deadline is nearer than that, so a batch,
// whose every reply has the same limit, sets it once. False: no time left.
bool Transport::arm_receive_timeout(Clock::time_point deadline) {
    constexpr long long kTimeoutSlack = 10;  // ms
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    if (receive_timeout_ms_ == 0 || receive_timeout_ms_ > left + kTimeoutSlack) {
        timeval tv{static_cast<time_t>(left / 1000), static_cast<suseconds_t>(left % 1000 * 1000)};
        if (::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) return false;
        receive_timeout_ms_ = left;
    }
    return true;
}

void Transport::start_tls() { handshake(); }

void Transport::handshake() {
    set_blocking(false);
    TlsContextKey key{opts_.verify_peer, opts_.ca_file};
    SSL_CTX* ctx = tls_context(key);  // shared, cached per settings
    ssl_ = SSL_new(ctx);
    if (!ssl_) throw Error(ErrorCategory::TlsHandshake, "cannot create TLS state: " + openssl_errors());
    SSL_set_fd(ssl_, fd_);
    const bool ip = is_ip_literal(opts_.host);
    if (!ip) SSL_set_tlsext_host_name(ssl_, opts_.host.c_str());
    if (opts_.verify_peer) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, opts_.host.c_str())
                    : X509_VERIFY_PARAM_set1_host(param, opts_.host.c_str(), 0);
        if (ok != 1) throw Error(ErrorCategory::TlsHandshake, "cannot set the host name to verify");
        SSL_set_verify(ssl_, SSL_VERIFY_PEER, nullptr);
    }
    tls_session_resume(ssl_, key, endpoint(opts_.host, opts_.port));

    const auto deadline = within_limit(opts_.io_timeout);
    for (;;) {
        ERR_clear_error();
        int rc;
        { SigpipeBlocked quiet; rc = SSL_connect(ssl_); }
        if (rc == 1) break;
        int err = SSL_get_error(ssl_, rc);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
            wait(err == SSL_ERROR_WANT_WRITE, deadline, "in the TLS handshake with");
            continue;
        }
        long verify = SSL_get_verify_result(ssl_);
        std::string detail = openssl_errors();
        if (opts_.verify_peer && verify != X509_V_OK)
            throw Error(ErrorCategory::TlsCertificate,
                        "the certificate of " + endpoint(opts_.host, opts_.port) + " is not trusted: " +
                            X509_verify_cert_error_string(verify));
        if (detail.empty()) detail = err == SSL_ERROR_SYSCALL ? "connection closed during the handshake" : "handshake failed";
        throw Error(ErrorCategory::TlsHandshake, "TLS handshake with " + endpoint(opts_.host, opts_.port) + " failed: " + detail);
    }
}

void Transport::write(std::string_view bytes) {
    if (fd_ < 0) throw Error(ErrorCategory::Connect, "not connected to " + endpoint(opts_.host, opts_.port));
    const auto deadline = within_limit(opts_.io_timeout);
    while (!bytes.empty()) {
        if (ssl_) {
            ERR_clear_error();
            size_t written = 0;
            int rc;
            { SigpipeBlocked quiet; rc = SSL_write_ex(ssl_, bytes.data(), bytes.size(), &written); }
            if (rc == 1) { bytes.remove_prefix(written); continue; }
            int err = SSL_get_error(ssl_, rc);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
                wait(err == SSL_ERROR_WANT_WRITE, deadline, "writing to");
                continue;
            }
            throw Error(ErrorCategory::Connect, "connection to " + endpoint(opts_.host, opts_.port) + " lost while writing: " + openssl_errors());
        }
        ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) { bytes.remove_prefix(static_cast<size_t>(n)); continue; }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { wait(true, deadline, "writing to"); continue; }
        if (n < 0 && errno == EINTR) continue;
        throw Error(ErrorCategory::Connect, "connection to " + endpoint(opts_.host, opts_.port) + " lost while writing: " + std::strerror(errno));
    }
    just_wrote_ = true;
}

std::size_t Transport::read(char* out, std::size_t cap, Clock::time_point deadline) {
    if (fd_ < 0) throw Error(ErrorCategory::Connect, "not connected to " + endpoint(opts_.host, opts_.port));
    // Right after a write the answer cannot be there yet: wait for it first,
    // which saves a read that would only say "nothing yet" (a system call a
    // message in a batch). On a plain socket the first recv() waits
    // (SO_RCVTIMEO); under TLS poll() does. Time limits and errors are left
    // to the loop below.
    bool wait_in_recv = false;
    if (just_wrote_ && !ssl_) {
        wait_in_recv = arm_receive_timeout(deadline);
    } else if (just_wrote_ && !SSL_has_pending(ssl_)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        pollfd p{fd_, POLLIN, 0};
        if (left > 0) ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    }
    just_wrote_ = false;
    for (;;) {
        if (ssl_) {
            ERR_clear_error();
            size_t got = 0;
            int rc;
            { SigpipeBlocked quiet; rc = SSL_read_ex(ssl_, out, cap, &got); }  // may write (TLS 1.3 key updates)
            if (rc == 1) return got;
            int err = SSL_get_error(ssl_, rc);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
                wait(err == SSL_ERROR_WANT_WRITE, deadline, "waiting for a reply from");
                continue;
            }
            if (err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL)
                throw Error(ErrorCategory::Connect, "the server " + endpoint(opts_.host, opts_.port) + " closed the connection");
            throw Error(ErrorCategory::TlsHandshake, "TLS error reading from " + endpoint(opts_.host, opts_.port) + ": " + openssl_errors());
        }
        ssize_t n = ::recv(fd_, out, cap, wait_in_recv ? 0 : MSG_DONTWAIT);
        wait_in_recv = false;  // timed out or interrupted: the rest is waited for in wait()
        if (n > 0) return static_cast<std::size_t>(n);
        if (n == 0) throw Error(ErrorCategory::Connect, "the server " + endpoint(opts_.host, opts_.port) + " closed the connection");
        if (errno == EAGAIN || errno == EWOULDBLOCK) { wait(false, deadline, "waiting for a reply from"); continue; }
        if (errno == EINTR) continue;
        throw Error(ErrorCategory::Connect, "connection to " + endpoint(opts_.host, opts_.port) + " lost: " + std::strerror(errno));
    }
}

bool Transport::readable_now() {
    if (fd_ < 0) return false;
    if (ssl_ && SSL_pending(ssl_) > 0) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

bool Transport::inherited() const noexcept { return fd_ >= 0 && owner_pid_ != ::getpid(); }

bool Transport::tls_resumed() const noexcept { return ssl_ && SSL_session_reused(ssl_); }

std::string Transport::local_address_literal() const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    char text[INET6_ADDRSTRLEN] = "";
    if (fd_ < 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "[127.0.0.1]";
    if (addr.ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr, text, sizeof text);
        return std::string("[IPv6:") + text + "]";
    }
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
    return std::string("[") + text + "]";
}

std::string Transport::tls_description() const {
    if (!ssl_) return {};
    return std::string(SSL_get_version(ssl_)) + " " + SSL_get_cipher_name(ssl_);
}

void Transport::close() noexcept {
    if (ssl_) {
        // A best-effort close_notify; the socket is non-blocking so this cannot hang.
        if (!inherited()) {  // a child's close_notify would end its parent's TLS session
            SigpipeBlocked quiet;
            SSL_shutdown(ssl_);
        }
        SSL_free(ssl_);
        ssl_ = nullptr;
    }
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

void Transport::abandon() noexcept {
    if (ssl_) {
        SSL_set_quiet_shutdown(ssl_, 1);  // SSL_free then writes nothing
        SSL_free(ssl_);
        ssl_ = nullptr;
    }
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

} // namespace smtp
