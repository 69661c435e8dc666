// A byte stream to the SMTP server: TCP (IPv4/IPv6), implicit TLS, and the
// STARTTLS upgrade, with a deadline on every operation. OpenSSL 3 verifies
// the peer certificate and host name unless told not to.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

typedef struct ssl_st SSL;

namespace smtp {

struct TransportOptions {
    std::string host;
    std::uint16_t port = 25;
    bool implicit_tls = false;
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds io_timeout{30000};
    bool verify_peer = true;
    std::string ca_file;  // empty: the system store
};

class Transport {
public:
    explicit Transport(TransportOptions options);
    ~Transport();
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    // Resolves, connects (Happy Eyeballs, see connector.h) and, for implicit TLS, handshakes.
    void connect();
    using Clock = std::chrono::steady_clock;
    // No operation waits past this point (the caller's overall time limit).
    void set_deadline(Clock::time_point deadline) noexcept { limit_ = deadline; }
    // Upgrades the connected socket to TLS (after "220 Ready to start TLS").
    void start_tls();
    // Writes every byte or throws.
    void write(std::string_view bytes);
    // Reads at least one byte by the deadline or throws (Timeout, Connect on EOF).
    std::size_t read(char* out, std::size_t cap, Clock::time_point deadline);
    // True when bytes from the server are waiting to be read right now.
    bool readable_now();
    void close() noexcept;
    // Closes this process's descriptor without a byte written (no TLS
    // close_notify): for a forked child whose parent still uses the connection.
    void abandon() noexcept;

    bool connected() const noexcept { return fd_ >= 0; }
    // Connected by another process: this is a fork()ed child holding its
    // parent's connection. It must not say a word on it (see close()).
    bool inherited() const noexcept;
    bool tls_active() const noexcept { return ssl_ != nullptr; }
    bool tls_resumed() const noexcept;
    // This end's address as an SMTP address literal: "[192.0.2.1]", "[IPv6:::1]".
    std::string local_address_literal() const;
    // "TLSv1.3 TLS_AES_256_GCM_SHA384", empty without TLS.
    std::string tls_description() const;

private:
    void wait(bool for_write, Clock::time_point deadline, const char* what);
    void handshake();
    void set_blocking(bool blocking);
    bool arm_receive_timeout(Clock::time_point deadline);
    Clock::time_point within_limit(std::chrono::milliseconds timeout) const;

    TransportOptions opts_;
    int fd_ = -1;
    SSL* ssl_ = nullptr;
    Clock::time_point limit_ = Clock::time_point::max();
    long owner_pid_ = 0;  // the process that connected
    bool just_wrote_ = false;  // nothing read since the last write
    long long receive_timeout_ms_ = 0;  // SO_RCVTIMEO as last set; 0: not set (none)
};

} // namespace smtp
