// The reply parser and capability parser on arbitrary server bytes, fed in
// arbitrary chunks: never crash, never hang, errors only as smtp::Error.
#include "error.h"
#include "reply.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = 1 + data[0] % 64;  // the first byte picks the packet size
    std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
    smtp::ReplyParser parser;
    try {
        for (std::size_t i = 0; i < in.size(); i += chunk) {
            parser.feed(in.substr(i, chunk));
            while (auto r = parser.next()) {
                if (r->code < 200 || r->code > 599 || r->lines.empty()) std::abort();
                if (r->code == 250) smtp::Capabilities::from_ehlo(*r);
                (void)r->text();
            }
        }
    } catch (const smtp::Error& e) {
        if (e.category() != smtp::ErrorCategory::Protocol) std::abort();
    }
    return 0;
}
