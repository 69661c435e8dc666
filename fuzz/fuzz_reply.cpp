// The reply parser and capability parser on arbitrary server bytes.
// The first byte seeds the packet sizes. Checks: errors only as
// smtp::Error(Protocol); every reply well formed and within the caps; the
// buffer never holds more than one line's cap; and the packet boundaries
// change nothing: the same bytes fed whole give the same replies and fail
// at the same place.
#include "check.h"
#include "error.h"
#include "smtp/reply.h"

#include <cstdint>
#include <vector>

namespace {

struct Outcome {
    std::vector<smtp::Reply> replies;
    bool failed = false;
};

bool same(const smtp::Reply& a, const smtp::Reply& b) {
    return a.code == b.code && a.enhanced == b.enhanced && a.lines == b.lines;
}

bool enhanced_ok(const smtp::Reply& r) {
    if (r.enhanced.empty()) return true;
    const std::string& e = r.enhanced;
    if (e[0] - '0' != r.code / 100) return false;
    std::size_t dot1 = e.find('.'), dot2 = e.find('.', dot1 + 1);
    if (dot1 != 1 || dot2 == std::string::npos || e.find('.', dot2 + 1) != std::string::npos) return false;
    if (dot2 - dot1 - 1 < 1 || dot2 - dot1 - 1 > 3 || e.size() - dot2 - 1 < 1 || e.size() - dot2 - 1 > 3) return false;
    return e.find_first_not_of("0123456789.") == std::string::npos;
}

void check_reply(const smtp::Reply& r) {
    fuzz::expect(r.code >= 200 && r.code <= 599, "reply code outside 200..599", std::to_string(r.code));
    fuzz::expect(!r.lines.empty() && r.lines.size() <= smtp::kMaxReplyLines, "reply line count", std::to_string(r.lines.size()));
    for (const auto& l : r.lines) {
        fuzz::expect(l.size() <= smtp::kMaxReplyLine, "reply line over the cap", l);
        // Reply text ends up in exceptions, logs and the transcript: no line breaks (RFC 5321 4.2: textstring).
        fuzz::expect(l.find_first_of("\r\n") == std::string::npos, "CR or LF inside a reply line", l);
    }
    fuzz::expect(enhanced_ok(r), "malformed enhanced status code kept", r.enhanced);
    fuzz::expect(r.text().find('\n') == std::string::npos, "LF in Reply::text()", r.text());
    if (r.code == 250) {
        auto caps = smtp::Capabilities::from_ehlo(r);
        fuzz::expect(caps.esmtp, "EHLO reply not marked ESMTP");
        fuzz::expect(caps.size_limit == 0 || caps.size, "SIZE limit without SIZE");
        for (const auto& m : caps.auth) {
            fuzz::expect(!m.empty(), "empty AUTH mechanism");
            for (char c : m)  // upper-cased words; which names are usable is choose_auth_mechanism's business
                fuzz::expect(c != ' ' && c != '\t' && !(c >= 'a' && c <= 'z'),
                             "AUTH mechanism not an upper-case word", m);
        }
    }
}

// Feeds `in` in packets whose sizes come from `sizes` (cycled; empty: all at once).
Outcome run(std::string_view in, std::string_view sizes) {
    Outcome out;
    smtp::ReplyParser parser;
    std::size_t k = 0;
    try {
        for (std::size_t i = 0; i < in.size();) {
            std::size_t n = sizes.empty() ? in.size() : 1 + static_cast<unsigned char>(sizes[k++ % sizes.size()]) % 64;
            parser.feed(in.substr(i, n));
            i += n;
            while (auto r = parser.next()) {
                check_reply(*r);
                out.replies.push_back(std::move(*r));
            }
            // +1: a line exactly at the cap may wait for its LF after its CR.
            fuzz::expect(parser.buffered() <= smtp::kMaxReplyLine + 1, "parser holds more than one line's cap",
                         std::to_string(parser.buffered()));
        }
    } catch (const smtp::Error& e) {
        fuzz::expect(e.category() == smtp::ErrorCategory::Protocol, "parser error not Protocol", e.what());
        out.failed = true;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t seed_len = 1 + data[0] % 8;  // the packet sizes, then the server's bytes
    if (size < 1 + seed_len) return 0;
    std::string_view sizes(reinterpret_cast<const char*>(data) + 1, seed_len);
    std::string_view in(reinterpret_cast<const char*>(data) + 1 + seed_len, size - 1 - seed_len);

    Outcome split = run(in, sizes);
    Outcome whole = run(in, {});
    // Fed whole, the parser sees every complete line; split, it may stop
    // earlier only because a line is not complete yet, never differently.
    std::size_t n = std::min(split.replies.size(), whole.replies.size());
    for (std::size_t i = 0; i < n; ++i)
        fuzz::expect(same(split.replies[i], whole.replies[i]), "packet boundaries changed a reply", split.replies[i].text());
    fuzz::expect(split.replies.size() == whole.replies.size(), "packet boundaries changed the number of replies",
                 std::to_string(split.replies.size()) + " vs " + std::to_string(whole.replies.size()));
    fuzz::expect(split.failed == whole.failed, "packet boundaries changed whether the reply is malformed",
                 std::string(in.substr(0, 200)));
    return 0;
}
