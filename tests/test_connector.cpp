// Name lookup within the timeout and Happy Eyeballs (RFC 8305): an address
// that never answers costs at most the 250 ms stagger or its own attempt
// timeout, never the whole connect; a slow resolver costs at most the timeout.
#include "scripted_server.h"
#include "error.h"
#include "smtp/connector.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <thread>
#include <unistd.h>

using namespace smtp;
using namespace smtp_test;
using std::chrono::milliseconds;

namespace {

Endpoint loopback(int family, std::uint16_t port) {
    Endpoint e;
    if (family == AF_INET6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&e.addr);
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        a->sin6_port = htons(port);
        e.len = sizeof *a;
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&e.addr);
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a->sin_port = htons(port);
        e.len = sizeof *a;
    }
    return e;
}

std::uint16_t port_of(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len);
    return ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                          : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

milliseconds since(Clock::time_point t) { return std::chrono::duration_cast<milliseconds>(Clock::now() - t); }

} // namespace

TEST_CASE("a black-holed address does not hold up the next one", "[connector]") {
    const int hung_family = GENERATE(AF_INET6, AF_INET);
    INFO((hung_family == AF_INET6 ? "IPv6 black hole, then IPv4" : "IPv4 black hole, then IPv4"));
    FullBacklog hung(hung_family);
    ScriptedServer good({send("220 x\r\n")});
    const std::vector<Endpoint> addresses{loopback(hung_family, hung.port), loopback(AF_INET, good.port())};
    const milliseconds timeout = GENERATE(milliseconds(8000), milliseconds(400));

    SECTION("Happy Eyeballs: the next address starts 250 ms later while the first still waits") {
        const auto start = Clock::now();
        int fd = connect_first(addresses, milliseconds(8000), Clock::now() + milliseconds(8000), "test");
        CHECK(port_of(fd) == good.port());
        CHECK(since(start) < milliseconds(4000));  // not the 8 s of the first attempt
        ::close(fd);
    }
    SECTION("an attempt past its own timeout gives way to the next address") {
        const auto start = Clock::now();
        int fd = connect_first(addresses, timeout, Clock::now() + milliseconds(20000), "test", milliseconds(60000));
        CHECK(port_of(fd) == good.port());
        CHECK(since(start) < timeout + milliseconds(4000));
        ::close(fd);
    }
}

TEST_CASE("every address silent: a timeout error, within the deadline", "[connector]") {
    FullBacklog a(AF_INET), b(AF_INET6);
    const auto start = Clock::now();
    try {
        connect_first({loopback(AF_INET, a.port), loopback(AF_INET6, b.port)}, milliseconds(300),
                      Clock::now() + milliseconds(10000), "mx.example:587");
        FAIL("connected");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::Timeout);
        CHECK(std::string(e.what()).find("mx.example:587") != std::string::npos);
    }
    CHECK(since(start) < milliseconds(5000));
}

TEST_CASE("a refused address moves on at once; all refused is a connect error", "[connector]") {
    int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(probe, reinterpret_cast<sockaddr*>(&any), sizeof any);
    socklen_t len = sizeof any;
    ::getsockname(probe, reinterpret_cast<sockaddr*>(&any), &len);
    const std::uint16_t closed = ntohs(any.sin_port);
    ::close(probe);
    try {
        connect_first({loopback(AF_INET, closed)}, milliseconds(2000), Clock::now() + milliseconds(5000), "x");
        FAIL("connected");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::Connect);
    }
    ScriptedServer good({send("220 x\r\n")});
    int fd = connect_first({loopback(AF_INET, closed), loopback(AF_INET, good.port())}, milliseconds(2000),
                           Clock::now() + milliseconds(5000), "x", milliseconds(60000));
    CHECK(port_of(fd) == good.port());
    ::close(fd);
}

TEST_CASE("IPv6 and IPv4 addresses are interleaved, the first family first", "[connector]") {
    std::vector<Endpoint> in{loopback(AF_INET6, 1), loopback(AF_INET6, 2), loopback(AF_INET6, 3), loopback(AF_INET, 4),
                             loopback(AF_INET, 5)};
    std::vector<int> order;
    for (const auto& e : interleave_families(in)) order.push_back(e.family() == AF_INET6 ? 6 : 4);
    CHECK(order == std::vector<int>{6, 4, 6, 4, 6});
    CHECK(interleave_families(in)[1].text() == "127.0.0.1:4");
}

TEST_CASE("an address literal is used as it is, without a lookup", "[connector]") {
    auto lookups = std::make_shared<std::atomic<int>>(0);  // shared with the resolver thread, if one ran
    Lookup counted = [lookups](const char* host, const char* port, const addrinfo* hints, addrinfo** out) {
        ++*lookups;
        return ::getaddrinfo(host, port, hints, out);
    };
    auto v4 = resolve("192.0.2.7", 587, Clock::now() + milliseconds(5000), counted);
    REQUIRE(v4.size() == 1);
    CHECK(v4[0].text() == "192.0.2.7:587");
    auto v6 = resolve("2001:db8::1", 465, Clock::now() + milliseconds(5000), counted);
    REQUIRE(v6.size() == 1);
    CHECK(v6[0].text() == "[2001:db8::1]:465");
    CHECK(*lookups == 0);
    // A name still goes through the lookup.
    resolve("localhost", 25, Clock::now() + milliseconds(5000), counted);
    CHECK(*lookups >= 1);
}

TEST_CASE("a resolver slower than the timeout costs the timeout, not its own time", "[connector]") {
    Lookup slow = [](const char* host, const char* port, const addrinfo* hints, addrinfo** out) {
        std::this_thread::sleep_for(milliseconds(3000));
        return ::getaddrinfo(host, port, hints, out);
    };
    const auto start = Clock::now();
    try {
        resolve("localhost", 25, Clock::now() + milliseconds(200), slow);
        FAIL("resolved");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::Timeout);
    }
    CHECK(since(start) < milliseconds(2500));
    // A fast answer is used.
    auto found = resolve("127.0.0.1", 25, Clock::now() + milliseconds(5000));
    REQUIRE(found.size() == 1);
    CHECK(found[0].text() == "127.0.0.1:25");
}
