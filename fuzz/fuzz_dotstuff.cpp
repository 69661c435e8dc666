// DATA transparency: whatever the body and however it is split, the stuffed
// stream has only CRLF line ends, contains "\r\n.\r\n" exactly once (at the
// end), and un-stuffing it gives the body with normalised line ends.
#include "dot_stuffer.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = 1 + data[0] % 32;
    std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
    smtp::DotStuffer stuffer;
    std::string out = "\r\n";  // as if after the DATA command's reply: the body starts a line
    for (std::size_t i = 0; i < in.size(); i += chunk) stuffer.feed(in.substr(i, chunk), out);
    stuffer.finish(out);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\n' && (i == 0 || out[i - 1] != '\r')) std::abort();
        if (out[i] == '\r' && (i + 1 >= out.size() || out[i + 1] != '\n')) std::abort();
    }
    if (out.find("\r\n.\r\n") != out.size() - 5) std::abort();
    // Un-stuff and compare with the input's lines.
    std::string normalised;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\r') { normalised += "\r\n"; if (i + 1 < in.size() && in[i + 1] == '\n') ++i; }
        else if (in[i] == '\n') normalised += "\r\n";
        else normalised += in[i];
    }
    if (!normalised.empty() && normalised.compare(normalised.size() >= 2 ? normalised.size() - 2 : 0, 2, "\r\n") != 0) normalised += "\r\n";
    std::string body = out.substr(2, out.size() - 5);
    std::string unstuffed;
    bool line_start = true;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (line_start && body[i] == '.') { ++i; if (i >= body.size()) break; }
        unstuffed += body[i];
        line_start = body[i] == '\n';
    }
    if (unstuffed != normalised) std::abort();
    return 0;
}
