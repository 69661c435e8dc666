// DATA transparency (RFC 5321 4.5.2) whatever the body and however it is cut
// into writes. The first byte says how many packet-size bytes follow; the
// rest is the body. Checks: only CRLF line ends on the wire (no bare CR or
// LF: SMTP smuggling); "\r\n.\r\n" exactly once, at the end; un-stuffing
// gives the body with normalised line ends; the cut changes nothing; a
// stuffer is as good as new after finish().
#include "check.h"
#include "smtp/dot_stuffer.h"

#include <cstdint>

namespace {

std::string stuff(smtp::DotStuffer& stuffer, std::string_view body, std::string_view sizes) {
    std::string out = "\r\n";  // the DATA command's line: the body starts a line
    std::size_t k = 0;
    for (std::size_t i = 0; i < body.size();) {
        std::size_t n = sizes.empty() ? body.size() : static_cast<unsigned char>(sizes[k++ % sizes.size()]) % 40;
        stuffer.feed(body.substr(i, n), out);  // n may be 0: an empty write changes nothing
        i += n;
    }
    stuffer.finish(out);
    return out;
}

std::string unstuff(std::string_view wire) {
    std::string out;
    bool line_start = true;
    for (std::size_t i = 0; i < wire.size(); ++i) {
        if (line_start && wire[i] == '.') {
            if (++i >= wire.size()) break;
        }
        out += wire[i];
        line_start = wire[i] == '\n';
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t sizes_len = std::min<std::size_t>(data[0] % 16, size - 1);
    std::string_view sizes(reinterpret_cast<const char*>(data) + 1, sizes_len);
    std::string_view body(reinterpret_cast<const char*>(data) + 1 + sizes_len, size - 1 - sizes_len);
    bool progress = false;  // only zero-length writes would never end: feed whole then
    for (unsigned char c : sizes) progress = progress || c % 40 != 0;
    if (!progress) sizes = {};

    smtp::DotStuffer stuffer;
    const std::string out = stuff(stuffer, body, sizes);
    fuzz::expect(fuzz::crlf_only(out), "bare CR or LF on the wire", out);
    fuzz::expect(out.find("\r\n.\r\n") == out.size() - 5, "end of data before the end", out);

    std::string expected = fuzz::normalise_newlines(body);
    if (!expected.empty() && (expected.size() < 2 || expected.compare(expected.size() - 2, 2, "\r\n") != 0)) expected += "\r\n";
    fuzz::expect(unstuff(out.substr(2, out.size() - 5)) == expected, "un-stuffing does not give the body back", out);

    smtp::DotStuffer whole;
    fuzz::expect(stuff(whole, body, {}) == out, "the cut into writes changed the stream", out);
    fuzz::expect(stuff(stuffer, body, {}) == out, "a stuffer reused after finish() differs", out);
    return 0;
}
