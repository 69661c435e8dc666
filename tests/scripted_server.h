// A tiny SMTP peer for fault cases, run in a thread on 127.0.0.1: it follows
// a script (send these bytes, read a line, read a message, close, stall,
// start TLS) and records every byte the client wrote. The real-server tests
// use aiosmtpd and smtp-sink; this one makes the misbehaviour repeatable.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace smtp_test {

struct Step {
    enum Kind { Send, ReadLine, ReadData, ReadChunk, Close, Stall, StallUntilHangup, StartTls } kind;
    std::string bytes;  // Send: what to write; StartTls: "cert.pem|key.pem"
    int ms = 0;         // Stall: how long; StallUntilHangup: at most how long
};

inline Step send(std::string b) { return {Step::Send, std::move(b)}; }
inline Step read_line() { return {Step::ReadLine, {}}; }
inline Step read_data() { return {Step::ReadData, {}}; }
// "BDAT <n> [LAST]" and the n bytes after it (RFC 3030).
inline Step read_chunk() { return {Step::ReadChunk, {}}; }
inline Step close_conn() { return {Step::Close, {}}; }
inline Step stall(int ms) { return {Step::Stall, {}, ms}; }
// Silent until the client gives up and closes (bytes it writes are recorded),
// so a test of the client's timeout depends on no race with the server's own clock.
inline Step stall_until_hangup(int max_ms = 20000) { return {Step::StallUntilHangup, {}, max_ms}; }
inline Step start_tls(std::string cert, std::string key) { return {Step::StartTls, cert + "|" + key}; }

// One script after another.
inline std::vector<Step> operator+(std::vector<Step> a, const std::vector<Step>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// The replies of a plain ESMTP server up to and including EHLO.
std::vector<Step> greet_ehlo(const std::string& extensions = "250-PIPELINING\r\n250 8BITMIME\r\n");

class ScriptedServer {
public:
    explicit ScriptedServer(std::vector<Step> script);
    ~ScriptedServer();
    std::uint16_t port() const { return port_; }
    // Every byte the client wrote in clear text, then (after StartTls) decrypted.
    std::string received();
    // Bytes the client wrote before a StartTls step (on the raw socket).
    std::string received_before_tls();
    void wait();

private:
    void run();
    std::vector<Step> script_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::string received_;
    std::string before_tls_;
};

// A listener on the loopback address of `family` (AF_INET, AF_INET6) whose
// accept queue is full: further SYNs are dropped, so a connect neither
// succeeds nor fails until the client gives up.
struct FullBacklog {
    explicit FullBacklog(int family = 2 /* AF_INET */);
    ~FullBacklog();
    FullBacklog(const FullBacklog&) = delete;
    FullBacklog& operator=(const FullBacklog&) = delete;
    std::uint16_t port = 0;
    int listen_fd = -1;
    std::vector<int> fillers;
};

// The test CA and server certificate made by scripts/test-ca.sh.
std::string tls_dir();

} // namespace smtp_test
