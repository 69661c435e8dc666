// Address parsing: accepted addresses never carry CR, LF or NUL, and what
// parse_mailbox accepts, validate_address accepts too.
#include "address.h"
#include "error.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    try {
        for (const auto& box : smtp::parse_mailbox_list(in)) {
            if (box.address.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) std::abort();
            smtp::validate_address(box.address);
            std::string header = smtp::format_mailbox(box);
            if (header.find('\0') != std::string::npos) std::abort();
        }
    } catch (const smtp::Error& e) {
        if (e.category() != smtp::ErrorCategory::InvalidArgument) std::abort();
    }
    return 0;
}
