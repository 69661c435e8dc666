// Content and header encodings: base64 (RFC 4648), quoted-printable
// (RFC 2045 6.7), the transfer encoding of text parts, RFC 5322 folding and
// RFC 2047 encoded-words for header text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
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

// Content-Transfer-Encoding of a text part (RFC 2045 6, RFC 6152).
enum class TransferEncoding { SevenBit, EightBit, QuotedPrintable, Base64 };
const char* transfer_encoding_name(TransferEncoding encoding);  // "7bit", "8bit", "quoted-printable", "base64"

// Appends text (LF, CR and CRLF written as CRLF) in the smallest safe
// encoding, and returns it: as it is (7bit; 8bit only when eight_bit_ok,
// that is the server offers 8BITMIME) when no line passes 998 octets and no
// NUL appears; otherwise the shorter of quoted-printable and base64, so text
// in Japanese or Chinese costs 4/3 of its size, not 3 times.
TransferEncoding encode_text(std::string_view text, bool eight_bit_ok, std::string& out);

bool is_ascii(std::string_view s);

// The line breaks (CR or LF) of [begin, end), found in order. Each kind is
// searched for once per occurrence, not once per line: text with LF line
// ends (as PHP writes it) costs one memchr a line.
class LineBreaks {
public:
    explicit LineBreaks(const char* end) noexcept : end_(end) {}
    // The first CR or LF in [p, end), else end; p never moves back.
    const char* next(const char* p) noexcept {
        if (!lf_ || lf_ < p) lf_ = find(p, '\n');
        if (!cr_ || cr_ < p) cr_ = find(p, '\r');
        return cr_ < lf_ ? cr_ : lf_;
    }

private:
    const char* find(const char* p, char c) const noexcept {
        const void* at = std::memchr(p, c, static_cast<std::size_t>(end_ - p));
        return at ? static_cast<const char*>(at) : end_;
    }
    const char* end_;
    const char* lf_ = nullptr;  // the next LF from the last p on, else end_
    const char* cr_ = nullptr;
};
// Well-formed UTF-8: no stray continuation bytes, overlong forms, surrogates or values past U+10FFFF.
bool is_valid_utf8(std::string_view s);

// RFC 5322 atext, ASCII only (RFC 6532 adds UTF-8 where the caller allows it).
bool is_atext(unsigned char c);
// An RFC 5322 quoted-string: the text in double quotes, '"' and '\' escaped.
std::string quoted_string(std::string_view s);

// An unstructured header value (Subject, Comments, X- text) ready to follow
// "Name: " (name_len characters already on the line). Printable ASCII is
// folded at spaces (lines within 78 where a space allows, always within
// 998); anything else, RFC 2047 "=?UTF-8?B?...?=" words of at most 75
// characters that never split a UTF-8 sequence, folded with CRLF SP.
std::string encode_header_value(std::string_view utf8, std::size_t name_len);

// A structured value (message ids, addresses, URLs, tokens) folded at
// spaces, never encoded: RFC 2047 forbids encoded-words there. Throws
// InvalidArgument when it is not printable ASCII or a line would pass 998.
std::string fold_structured(std::string_view ascii, std::size_t name_len);

// RFC 2047 encoded-words for the whole text, the first starting at `column`,
// every line within `limit` characters (folds are CRLF SP).
std::string encoded_words(std::string_view utf8, std::size_t column, std::size_t limit = 78);

// A display name for "Name <addr>" starting at `column`: an atom phrase or a
// quoted-string when ASCII and it fits the line, encoded-words otherwise.
std::string encode_display_name(std::string_view utf8, std::size_t column);

} // namespace smtp
