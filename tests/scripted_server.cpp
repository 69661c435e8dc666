#include "scripted_server.h"

#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <csignal>
#include <poll.h>
#include <pthread.h>
#include <cstdlib>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace smtp_test {

std::vector<Step> greet_ehlo(const std::string& extensions) {
    return {send("220 test.example ESMTP\r\n"), read_line(), send("250-test.example\r\n" + extensions)};
}

FullBacklog::FullBacklog(int family) {
    sockaddr_storage ss{};
    socklen_t len;
    if (family == AF_INET6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = sizeof *a;
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&ss);
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *a;
    }
    listen_fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd < 0 || ::bind(listen_fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(listen_fd, 0) != 0)
        throw std::runtime_error("full backlog: cannot listen on the loopback address");
    ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&ss), &len);
    port = ntohs(family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                    : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    for (int i = 0; i < 4; ++i) {
        int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        ::connect(fd, reinterpret_cast<sockaddr*>(&ss), len);
        fillers.push_back(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the first handshakes complete
}

FullBacklog::~FullBacklog() {
    for (int fd : fillers)
        if (fd >= 0) ::close(fd);
    ::close(listen_fd);
}

std::string tls_dir() {
    const char* env = std::getenv("SMTP_TEST_TLS_DIR");
    return env ? env : ".run/tls";
}

ScriptedServer::ScriptedServer(std::vector<Step> script) : script_(std::move(script)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 1) != 0)
        throw std::runtime_error("scripted server: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
}

ScriptedServer::~ScriptedServer() {
    wait();
    ::close(listen_fd_);
}

void ScriptedServer::wait() {
    if (thread_.joinable()) thread_.join();
}

std::string ScriptedServer::received() {
    std::lock_guard<std::mutex> g(mutex_);
    return received_;
}

std::string ScriptedServer::received_before_tls() {
    std::lock_guard<std::mutex> g(mutex_);
    return before_tls_;
}

void ScriptedServer::run() {
    // SSL_write to a client that already hung up raises SIGPIPE in this thread;
    // blocked here, it can never kill the test run (the client's own SIGPIPE stays visible).
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    timeval tv{5, 0};  // never let a broken test hang
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    std::string pending;  // read but not yet consumed by a step

    auto read_some = [&]() -> bool {
        char buf[4096];
        int n = ssl ? SSL_read(ssl, buf, sizeof buf) : static_cast<int>(::recv(fd, buf, sizeof buf, 0));
        if (n <= 0) return false;
        std::lock_guard<std::mutex> g(mutex_);
        received_.append(buf, static_cast<size_t>(n));
        pending.append(buf, static_cast<size_t>(n));
        return true;
    };
    auto read_until = [&](const std::string& end) {
        for (;;) {
            auto pos = pending.find(end);
            if (pos != std::string::npos) {
                pending.erase(0, pos + end.size());
                return true;
            }
            if (!read_some()) return false;
        }
    };

    for (const Step& step : script_) {
        bool ok = true;
        switch (step.kind) {
        case Step::Send:
            if (ssl) SSL_write(ssl, step.bytes.data(), static_cast<int>(step.bytes.size()));
            else ok = ::send(fd, step.bytes.data(), step.bytes.size(), MSG_NOSIGNAL) >= 0;
            break;
        case Step::ReadLine: ok = read_until("\r\n"); break;
        case Step::ReadData: ok = read_until("\r\n.\r\n"); break;
        case Step::ReadChunk: {
            while (ok && pending.find("\r\n") == std::string::npos) ok = read_some();
            if (!ok) break;
            std::size_t eol = pending.find("\r\n");
            std::size_t size = pending.rfind("BDAT ", 0) == 0 ? std::strtoul(pending.c_str() + 5, nullptr, 10) : 0;
            pending.erase(0, eol + 2);
            while (ok && pending.size() < size) ok = read_some();
            if (ok) pending.erase(0, size);
            break;
        }
        case Step::Close: ok = false; break;
        case Step::Stall: std::this_thread::sleep_for(std::chrono::milliseconds(step.ms)); break;
        case Step::StallUntilHangup: {
            const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(step.ms);
            for (;;) {
                auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
                if (left.count() <= 0) break;
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, static_cast<int>(left.count())) > 0 && !read_some()) {
                    ok = false;  // the client hung up: nothing more to say
                    break;
                }
            }
            break;
        }
        case Step::StartTls: {
            {
                std::lock_guard<std::mutex> g(mutex_);
                before_tls_ = received_;
            }
            auto bar = step.bytes.find('|');
            ctx = SSL_CTX_new(TLS_server_method());
            SSL_CTX_use_certificate_chain_file(ctx, step.bytes.substr(0, bar).c_str());
            SSL_CTX_use_PrivateKey_file(ctx, step.bytes.substr(bar + 1).c_str(), SSL_FILETYPE_PEM);
            ssl = SSL_new(ctx);
            SSL_set_fd(ssl, fd);
            pending.clear();
            ok = SSL_accept(ssl) == 1;
            break;
        }
        }
        if (!ok) break;
    }
    if (ssl) {
        SSL_shutdown(ssl);
        SSL_free(ssl);
    }
    if (ctx) SSL_CTX_free(ctx);
    ::close(fd);
}

} // namespace smtp_test
