// Content and header encodings: base64 (RFC 4648), quoted-printable
// (RFC 2045 6.7) and RFC 2047 encoded-words for non-ASCII header text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smtp {

std::string base64_encode(std::string_view bytes);  // one line, no breaks
std::string base64_decode(std::string_view text);   // throws InvalidArgument on bad input
// Appends base64 in lines of 76 characters, each ended by CRLF (MIME bodies).
void base64_encode_lines(std::string_view bytes, std::string& out);
// Length of base64 in lines of 76 characters, each ended by CRLF.
std::uint64_t base64_lines_size(std::uint64_t bytes);

// Appends text as quoted-printable with CRLF line ends and lines <= 76;
// LF, CR and CRLF in the input become hard line breaks.
void quoted_printable_encode(std::string_view text, std::string& out);
std::string quoted_printable_encode(std::string_view text);

bool is_ascii(std::string_view s);
// Well-formed UTF-8: no stray continuation bytes, overlong forms, surrogates or values past U+10FFFF.
bool is_valid_utf8(std::string_view s);

// An unstructured header value (Subject, custom headers) ready to follow
// "Name: " (name_len characters already on the line): ASCII as-is, folded at
// spaces when long; otherwise RFC 2047 "=?UTF-8?B?...?=" words of at most 75
// characters that never split a UTF-8 sequence, folded with CRLF SP.
std::string encode_header_value(std::string_view utf8, std::size_t name_len);

// A display name for "Name <addr>": an atom or quoted-string when ASCII,
// encoded-words otherwise.
std::string encode_display_name(std::string_view utf8);

} // namespace smtp
