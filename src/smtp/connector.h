// Getting a TCP connection to a host name within a time limit:
// - the name is looked up in a thread of its own, so a slow resolver costs
//   at most the connect timeout (the thread is left to finish alone, as
//   curl's threaded resolver does);
// - the addresses are tried the Happy Eyeballs way (RFC 8305): IPv6 and IPv4
//   interleaved, a new attempt every 250 ms while earlier ones are pending,
//   each attempt with its own timeout, the first to connect wins. A
//   black-holed IPv6 route no longer costs the whole timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <netdb.h>
#include <sys/socket.h>

namespace smtp {

// "host:port" for messages and cache keys, an IPv6 address in brackets.
std::string endpoint(const std::string& host, std::uint16_t port);

struct Endpoint {
    sockaddr_storage addr{};
    socklen_t len = 0;
    int family() const noexcept { return addr.ss_family; }
    std::string text() const;  // "192.0.2.1:587", "[2001:db8::1]:587"
};

using Clock = std::chrono::steady_clock;
// getaddrinfo's signature; a test passes a slow one.
using Lookup = std::function<int(const char*, const char*, const addrinfo*, addrinfo**)>;

// The host's addresses in the order RFC 8305 4 tries them; throws Dns when
// the name does not resolve, Timeout when the lookup outlasts the deadline.
std::vector<Endpoint> resolve(const std::string& host, std::uint16_t port, Clock::time_point deadline,
                              const Lookup& lookup = ::getaddrinfo);

// Alternates address families, the first address's family first (RFC 8305 4).
std::vector<Endpoint> interleave_families(const std::vector<Endpoint>& addresses);

// A connected non-blocking socket to the first address that answers. Each
// attempt gives up after attempt_timeout, and all of them at deadline.
// Throws Timeout when every attempt timed out, else Connect naming the last error.
int connect_first(const std::vector<Endpoint>& addresses, std::chrono::milliseconds attempt_timeout,
                  Clock::time_point deadline, const std::string& where,
                  std::chrono::milliseconds stagger = std::chrono::milliseconds(250));

} // namespace smtp
