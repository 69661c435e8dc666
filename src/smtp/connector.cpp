#include "smtp/connector.h"

#include "error.h"

#include <arpa/inet.h>
#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace smtp {

std::string endpoint(const std::string& host, std::uint16_t port) {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Endpoint::text() const {
    char host[INET6_ADDRSTRLEN] = "?";
    if (family() == AF_INET6) {
        auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        return endpoint(host, ntohs(a->sin6_port));
    }
    auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
    return endpoint(host, ntohs(a->sin_port));
}

namespace {

// One lookup, shared by the caller and the thread doing it; whoever is last frees it.
struct Pending {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    int rc = 0;
    std::vector<Endpoint> found;
};

int lookup_into(const Lookup& lookup, const std::string& host, const std::string& port, std::vector<Endpoint>& out) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* list = nullptr;
    int rc = lookup(host.c_str(), port.c_str(), &hints, &list);
    if (rc == EAI_ADDRFAMILY || rc == EAI_NONAME) {  // e.g. "::1" with AI_ADDRCONFIG on a v4-only host
        hints.ai_flags = 0;
        rc = lookup(host.c_str(), port.c_str(), &hints, &list);
    }
    if (rc != 0) return rc;
    for (addrinfo* ai = list; ai; ai = ai->ai_next) {
        if (ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
        Endpoint e;
        std::memcpy(&e.addr, ai->ai_addr, ai->ai_addrlen);
        e.len = ai->ai_addrlen;
        out.push_back(e);
    }
    ::freeaddrinfo(list);
    return 0;
}

// An address literal ("192.0.2.1", "2001:db8::1") names its one endpoint:
// no lookup, so no resolver thread for the common "127.0.0.1" relay.
bool literal_endpoint(const std::string& host, std::uint16_t port, Endpoint& e) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&e.addr);
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        e.len = sizeof(sockaddr_in);
        return true;
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&e.addr);
    if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        e.len = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK); }

} // namespace

std::vector<Endpoint> interleave_families(const std::vector<Endpoint>& addresses) {
    if (addresses.empty()) return {};
    const int first = addresses.front().family();
    std::vector<Endpoint> same, other, out;
    for (const auto& a : addresses) (a.family() == first ? same : other).push_back(a);
    for (std::size_t i = 0; i < std::max(same.size(), other.size()); ++i) {
        if (i < same.size()) out.push_back(same[i]);
        if (i < other.size()) out.push_back(other[i]);
    }
    return out;
}

std::vector<Endpoint> resolve(const std::string& host, std::uint16_t port, Clock::time_point deadline,
                              const Lookup& lookup) {
    if (Endpoint e; literal_endpoint(host, port, e)) return {e};
    const std::string service = std::to_string(port);
    auto job = std::make_shared<Pending>();
    try {
        std::thread([job, lookup, host, service] {
            std::vector<Endpoint> found;
            int rc = lookup_into(lookup, host, service, found);
            std::lock_guard<std::mutex> g(job->mutex);
            job->rc = rc;
            job->found = std::move(found);
            job->done = true;
            job->done_cv.notify_all();
        }).detach();
    } catch (const std::system_error&) {  // no thread to be had: look up here
        job->rc = lookup_into(lookup, host, service, job->found);
        job->done = true;
    }
    std::unique_lock<std::mutex> g(job->mutex);
    if (!job->done_cv.wait_until(g, deadline, [&] { return job->done; }))
        throw Error(ErrorCategory::Timeout, "timed out looking up the SMTP host \"" + host + "\"", 0, {}, {},
                    "The name server did not answer in time: check the host name and this server's DNS settings.");
    if (job->rc != 0)
        throw Error(ErrorCategory::Dns, "cannot resolve SMTP host \"" + host + "\": " + gai_strerror(job->rc));
    if (job->found.empty()) throw Error(ErrorCategory::Dns, "the SMTP host \"" + host + "\" has no address");
    return interleave_families(job->found);
}

int connect_first(const std::vector<Endpoint>& addresses, std::chrono::milliseconds attempt_timeout,
                  Clock::time_point deadline, const std::string& where, std::chrono::milliseconds stagger) {
    struct Attempt { int fd; Clock::time_point gives_up; std::size_t index; };
    std::vector<Attempt> live;
    std::size_t next = 0;
    std::string last_error = "no address";
    bool timed_out = false;
    auto close_all = [&] {
        for (auto& a : live) ::close(a.fd);
        live.clear();
    };
    Clock::time_point next_start = Clock::now();
    for (;;) {
        auto now = Clock::now();
        // Start the next address when it is due, or at once when nothing is pending.
        while (next < addresses.size() && (live.empty() || now >= next_start)) {
            const Endpoint& e = addresses[next++];
            int fd = ::socket(e.family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) { last_error = std::strerror(errno); continue; }
            set_nonblocking(fd);
            if (::connect(fd, reinterpret_cast<const sockaddr*>(&e.addr), e.len) != 0 && errno != EINPROGRESS) {
                last_error = e.text() + ": " + std::strerror(errno);
                ::close(fd);
                continue;
            }
            live.push_back({fd, std::min(deadline, now + attempt_timeout), next - 1});
            next_start = now + stagger;
        }
        if (live.empty()) break;
        if (now >= deadline) { timed_out = true; last_error = "timed out"; break; }
        // Attempts past their own timeout give way to the next address.
        for (auto it = live.begin(); it != live.end();) {
            if (now >= it->gives_up) {
                timed_out = true;
                last_error = addresses[it->index].text() + ": timed out";
                ::close(it->fd);
                it = live.erase(it);
            } else {
                ++it;
            }
        }
        if (live.empty()) continue;
        Clock::time_point wake = deadline;
        for (auto& a : live) wake = std::min(wake, a.gives_up);
        if (next < addresses.size()) wake = std::min(wake, next_start);
        std::vector<pollfd> fds;
        for (auto& a : live) fds.push_back({a.fd, POLLOUT, 0});
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count() + 1;
        int n = ::poll(fds.data(), fds.size(), static_cast<int>(std::clamp<long long>(ms, 0, 1 << 30)));
        if (n < 0 && errno != EINTR) {
            last_error = std::string("poll failed: ") + std::strerror(errno);
            break;
        }
        for (std::size_t i = fds.size(); n > 0 && i-- > 0;) {
            if (!fds[i].revents) continue;
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(live[i].fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err == 0) {
                int fd = live[i].fd;
                live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
                close_all();
                return fd;
            }
            last_error = addresses[live[i].index].text() + ": " + std::strerror(err);
            ::close(live[i].fd);
            live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    close_all();
    if (timed_out && last_error.find("timed out") != std::string::npos)
        throw Error(ErrorCategory::Timeout, "timed out connecting to " + where);
    throw Error(ErrorCategory::Connect, "cannot connect to " + where + ": " + last_error);
}

} // namespace smtp
