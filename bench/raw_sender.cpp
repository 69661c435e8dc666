// The batch ceiling: the least a client can do to send N messages over one
// connection with PIPELINING (RFC 2920). Every transaction is rendered
// before the clock starts; then each write carries one message's body and
// end of data together with the next message's MAIL, RCPT and DATA, and the
// sender reads their replies: one round trip per message, as sendMany()
// does, with nothing else to do. The body is read from stdin (bench/common.php's),
// under the header fields the extension writes for it: the same bytes
// on the wire but for the Date and Message-ID values.
//   raw_sender PORT N < body    prints {"ok":..,"n":..,"seconds":..,"rate":..}
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace {

int fd = -1;
std::string in;  // reply bytes received, not yet read

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "raw_sender: %s\n", why.c_str());
    std::exit(1);
}

void write_all(const std::string& s) {
    for (std::size_t done = 0; done < s.size();) {
        ssize_t n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
        if (n <= 0) die(std::string("write: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
}

// Reads one whole reply (its last line is "NNN text") and checks its code.
void expect(int code) {
    for (;;) {
        std::size_t start = 0, end;
        while ((end = in.find("\r\n", start)) != std::string::npos) {
            if (end - start >= 4 && in[start + 3] == '-') {
                start = end + 2;
                continue;
            }
            int got = std::atoi(in.c_str() + start);
            if (got != code) die("expected " + std::to_string(code) + ", got: " + in.substr(start, end - start));
            in.erase(0, end + 2);
            return;
        }
        char buf[16384];
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) die("the server closed the connection");
        in.append(buf, static_cast<std::size_t>(n));
    }
}

// LF line ends made CRLF, lines starting with '.' doubled (RFC 5321 4.5.2).
std::string to_wire(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && c == '.') out += '.';
        if (c == '\n') out += '\r';
        out += c;
        line_start = c == '\n';
    }
    if (!line_start) out += "\r\n";
    return out;
}

// 32 hex digits, as long as the extension's random Message-IDs.
std::string id(int i) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%032x", i);
    return buf;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) die("usage: raw_sender PORT N < body");
    const int port = std::atoi(argv[1]);
    const int n = std::atoi(argv[2]);
    const std::string body = to_wire(std::string(std::istreambuf_iterator<char>(std::cin), {}));
    const std::string from = "bench@example.com", to = "sink@example.com";

    // Rendered before the clock starts: each write is message i (its text
    // part closed by an empty line, as the extension closes it) with its end
    // of data, then the envelope of message i + 1.
    const std::string envelope = "MAIL FROM:<" + from + ">\r\nRCPT TO:<" + to + ">\r\nDATA\r\n";
    std::vector<std::string> writes(n);
    for (int i = 0; i < n; ++i)
        writes[i] = "Date: Sun, 29 Nov 2026 16:00:00 +0000\r\nFrom: Bench <" + from + ">\r\nTo: " + to +
                    "\r\nSubject: bench\r\nMessage-ID: <" + id(i) + "@example.com>\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" +
                    body + "\r\n.\r\n" + (i + 1 < n ? envelope : "");

    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die(std::string("connect: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    expect(220);
    write_all("EHLO [127.0.0.1]\r\n");
    expect(250);

    const auto t0 = std::chrono::steady_clock::now();
    write_all(envelope);
    expect(250), expect(250), expect(354);
    for (int i = 0; i < n; ++i) {
        write_all(writes[i]);
        expect(250);  // end of data
        if (i + 1 < n) expect(250), expect(250), expect(354);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_all("QUIT\r\n");
    expect(221);
    std::printf("{\"ok\":%d,\"n\":%d,\"seconds\":%.6f,\"rate\":%.1f}\n", n, n, seconds, n / seconds);
}
