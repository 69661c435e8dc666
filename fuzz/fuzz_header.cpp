// RFC 2047 header encoding of arbitrary text: the only line breaks are
// folds (CRLF + space), encoded words stay within 75 characters, and
// decoding the words gives the input back.
#include "encoding.h"

#include <cstdint>
#include <cstdlib>

namespace {
std::string decode_words(const std::string& v) {
    std::string out;
    std::size_t i = 0;
    while ((i = v.find("=?UTF-8?B?", i)) != std::string::npos) {
        std::size_t end = v.find("?=", i + 10);
        if (end == std::string::npos) std::abort();
        if (end + 2 - i > 75) std::abort();
        out += smtp::base64_decode(v.substr(i + 10, end - i - 10));
        i = end + 2;
    }
    return out;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string in(reinterpret_cast<const char*>(data), size);
    if (in.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) return 0;  // refused earlier
    std::string v = smtp::encode_header_value(in, 9);
    for (std::size_t start = 0, nl = 0; start <= v.size(); start = nl + 2) {  // RFC 5322: lines of at most 998 octets
        nl = v.find("\r\n", start);
        if (nl == std::string::npos) nl = v.size();
        if (nl - start + (start == 0 ? 9 : 0) > 998) std::abort();
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\r' && (i + 2 >= v.size() || v[i + 1] != '\n' || v[i + 2] != ' ')) std::abort();
        if (v[i] == '\n' && (i == 0 || v[i - 1] != '\r')) std::abort();
    }
    if (!smtp::is_ascii(in) || in.find("=?") != std::string::npos) {
        if (decode_words(v) != in) std::abort();
    }
    std::string name = smtp::encode_display_name(in);
    if (!smtp::is_ascii(in) && decode_words(name) != in) std::abort();
    return 0;
}
