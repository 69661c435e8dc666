// ASCII-only case mapping for protocol text (commands, keywords, header
// names, domains). std::tolower follows the C locale, which a PHP script can
// change (setlocale): a Turkish locale would map 'I' to a dotless i.
#pragma once

#include <string>
#include <string_view>

namespace smtp {

constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

inline std::string ascii_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_upper(c);
    return out;
}

} // namespace smtp
