#include "smtp/reply.h"

#include "ascii.h"
#include "error.h"

#include <algorithm>

namespace smtp {

std::string Reply::text() const {
    std::string out = std::to_string(code);
    if (!enhanced.empty()) out += " " + enhanced;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        out += i == 0 ? " " : " / ";
        out += lines[i];
    }
    return out;
}

namespace {

[[noreturn]] void malformed(const std::string& why) {
    throw Error(ErrorCategory::Protocol, "malformed SMTP reply: " + why);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 3463 "class.subject.detail" at the start of the text; returns its length or 0.
std::size_t enhanced_code_length(std::string_view s) {
    if (s.size() < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return 0;
    std::size_t i = 2, digits = 0;
    while (i < s.size() && is_digit(s[i]) && digits < 3) ++i, ++digits;
    if (digits == 0 || i >= s.size() || s[i] != '.') return 0;
    ++i;
    digits = 0;
    while (i < s.size() && is_digit(s[i]) && digits < 3) ++i, ++digits;
    if (digits == 0) return 0;
    if (i < s.size() && s[i] != ' ') return 0;
    return i;
}

} // namespace

void ReplyParser::feed(std::string_view bytes) {
    // Compact once the consumed prefix dominates, so a long session does not grow the buffer.
    if (pos_ > 0 && pos_ >= buf_.size() / 2) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    buf_.append(bytes.data(), bytes.size());
}

std::optional<Reply> ReplyParser::next() {
    for (;;) {
        std::size_t eol = buf_.find('\n', pos_);
        if (eol == std::string::npos) {
            // +1: the CR of a line exactly at the cap may arrive before its LF.
            if (buf_.size() - pos_ > kMaxReplyLine + 1) malformed("line longer than " + std::to_string(kMaxReplyLine) + " bytes");
            return std::nullopt;
        }
        std::size_t end = eol;
        if (end > pos_ && buf_[end - 1] == '\r') --end;  // tolerate bare LF from sloppy servers
        std::string_view line(buf_.data() + pos_, end - pos_);
        pos_ = eol + 1;

        if (line.size() > kMaxReplyLine) malformed("line longer than " + std::to_string(kMaxReplyLine) + " bytes");
        if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]) ||
            line[0] < '2' || line[0] > '5')
            malformed("expected a 3-digit code, got \"" + std::string(line.substr(0, 64)) + "\"");
        if (line.size() > 3 && line[3] != ' ' && line[3] != '-')
            malformed("expected a space or '-' after the code, got \"" + std::string(line.substr(0, 64)) + "\"");

        int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        bool last = line.size() == 3 || line[3] == ' ';
        std::string_view rest = line.size() > 4 ? line.substr(4) : std::string_view{};

        if (pending_.lines.empty()) {
            pending_.code = code;
        } else if (code != pending_.code) {
            malformed("multi-line reply mixes codes " + std::to_string(pending_.code) + " and " + std::to_string(code));
        }
        if (pending_.lines.size() >= kMaxReplyLines) malformed("more than " + std::to_string(kMaxReplyLines) + " lines");

        // The enhanced code is repeated on every line; keep the first, strip all.
        if (std::size_t n = enhanced_code_length(rest); n && rest[0] - '0' == code / 100) {
            if (pending_.enhanced.empty()) pending_.enhanced.assign(rest.substr(0, n));
            rest.remove_prefix(n < rest.size() ? n + 1 : n);
        }
        // A stray CR inside the text must not reach messages, logs or the transcript.
        std::string& text = pending_.lines.emplace_back(rest);
        std::replace(text.begin(), text.end(), '\r', ' ');

        if (last) {
            Reply done = std::move(pending_);
            pending_ = Reply{};
            return done;
        }
    }
}

namespace {

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '=' || s[i] == '\t')) ++i;
        std::size_t start = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}

} // namespace

Capabilities Capabilities::from_ehlo(const Reply& ehlo) {
    Capabilities caps;
    caps.esmtp = true;
    // The first line is the server's greeting name; capabilities follow.
    for (std::size_t i = 1; i < ehlo.lines.size(); ++i) {
        std::string line = ascii_upper(ehlo.lines[i]);
        auto w = words(line);
        if (w.empty()) continue;
        std::string_view kw = w[0];
        if (kw == "PIPELINING") caps.pipelining = true;
        else if (kw == "CHUNKING") caps.chunking = true;
        else if (kw == "STARTTLS") caps.starttls = true;
        else if (kw == "8BITMIME") caps.eightbitmime = true;
        else if (kw == "SMTPUTF8") caps.smtputf8 = true;
        else if (kw == "ENHANCEDSTATUSCODES") caps.enhanced_status_codes = true;
        else if (kw == "SIZE") {
            caps.size = true;
            if (w.size() > 1) {
                std::uint64_t v = 0;
                bool ok = true;
                for (char c : w[1]) {
                    if (!is_digit(c) || v > (UINT64_MAX - 9) / 10) { ok = false; break; }
                    v = v * 10 + static_cast<unsigned>(c - '0');
                }
                if (ok) caps.size_limit = v;
            }
        } else if (kw == "AUTH" || kw.rfind("AUTH=", 0) == 0) {
            // "AUTH PLAIN LOGIN" and the old "AUTH=PLAIN LOGIN" form.
            std::size_t first = kw == "AUTH" ? 1 : 0;
            if (first == 0) caps.auth.insert(std::string(kw.substr(5)));
            for (std::size_t j = first == 0 ? 1 : first; j < w.size(); ++j) caps.auth.insert(std::string(w[j]));
            caps.auth.erase("");
        }
    }
    return caps;
}

} // namespace smtp
