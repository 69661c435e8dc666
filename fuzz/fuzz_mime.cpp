// MIME building from a fuzzed message: size() is exact, every line ends in
// CRLF and is at most 998 octets, whatever the read sizes.
#include "error.h"
#include "mime.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return 0;
    std::string_view in(reinterpret_cast<const char*>(data), size);
    const std::size_t cap = 1 + data[0] % 200;
    // Fields separated by 0x1f: subject, text, html, attachment data, name, header value.
    std::string f[6];
    std::size_t k = 0;
    for (std::size_t i = 1; i < in.size(); ++i) {
        if (in[i] == '\x1f' && k < 5) { ++k; continue; }
        f[k] += in[i];
    }
    smtp::Message m;
    m.from = {f[4], "a@example.com"};
    m.to = {{"", "b@example.com"}};
    m.subject = f[0];
    m.text = f[1];
    m.html = f[2];
    if (!f[3].empty()) m.attachments.push_back({"", f[3], f[4], "", (data[1] & 1) ? "cid1" : ""});
    m.headers.push_back({"X-Fuzz", f[5]});
    try {
        smtp::validate_message(m);
    } catch (const smtp::Error&) {
        return 0;
    }
    smtp::MimeBody body(m, "example.com");
    std::string out;
    char buf[256];
    while (std::size_t n = body.read(buf, cap)) out.append(buf, n);
    if (out.size() != body.size()) std::abort();
    std::size_t line = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\n' && (i == 0 || out[i - 1] != '\r')) std::abort();
        if (out[i] == '\r' && (i + 1 >= out.size() || out[i + 1] != '\n')) std::abort();
        if (out[i] == '\n') line = 0;
        else if (++line > 999) std::abort();
    }
    return 0;
}
