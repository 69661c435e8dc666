// SMTP replies (RFC 5321 4.2) with RFC 3463 enhanced status codes, an
// incremental parser that knows multi-line replies, and EHLO capabilities.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace smtp {

struct Reply {
    int code = 0;                    // 3-digit reply code
    std::string enhanced;            // "5.7.8" when the server sent one, else ""
    std::vector<std::string> lines;  // text after "NNN " / "NNN-" (and the enhanced code), per line

    int klass() const noexcept { return code / 100; }
    bool positive() const noexcept { return code >= 200 && code < 400; }
    // "535 5.7.8 Authentication failed" style one-line rendering, lines joined by " / ".
    std::string text() const;
};

// Caps that keep a hostile server from exhausting memory.
constexpr std::size_t kMaxReplyLine = 4096;    // RFC 5321 says 512; be lenient
constexpr std::size_t kMaxReplyLines = 256;

class ReplyParser {
public:
    // Appends raw bytes from the wire.
    void feed(std::string_view bytes);
    // A complete reply if one is buffered; nullopt when more bytes are needed.
    // Throws Error(Protocol) on malformed input (bad code, mixed codes in a
    // multi-line reply, over-long line, too many lines).
    std::optional<Reply> next();
    // Bytes received but not yet consumed by next().
    std::size_t buffered() const noexcept { return buf_.size() - pos_; }
    void clear() noexcept { buf_.clear(); pos_ = 0; pending_ = Reply{}; }

private:
    std::string buf_;
    std::size_t pos_ = 0;
    Reply pending_;
};

struct Capabilities {
    bool esmtp = false;
    bool pipelining = false;
    bool chunking = false;               // BDAT (RFC 3030)
    bool starttls = false;
    bool eightbitmime = false;
    bool smtputf8 = false;
    bool enhanced_status_codes = false;
    bool size = false;
    std::uint64_t size_limit = 0;        // 0 = no limit announced
    std::set<std::string> auth;          // upper-case mechanism names

    static Capabilities from_ehlo(const Reply& ehlo);
};

} // namespace smtp
