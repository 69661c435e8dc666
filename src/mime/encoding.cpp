#include "mime/encoding.h"

#include "error.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace smtp {

namespace {

const char kHex[] = "0123456789ABCDEF";

int b64_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

} // namespace

std::string base64_encode(std::string_view in) {
    // EVP_EncodeBlock takes an int length: whole 3-byte groups at a time.
    constexpr std::size_t kChunk = 3 * 1024 * 1024;
    std::string out((in.size() + 2) / 3 * 4, '\0');
    auto* dst = reinterpret_cast<unsigned char*>(&out[0]);
    const auto* src = reinterpret_cast<const unsigned char*>(in.data());
    for (std::size_t i = 0; i < in.size(); i += kChunk)
        dst += EVP_EncodeBlock(dst, src + i, static_cast<int>(std::min(kChunk, in.size() - i)));
    return out;
}

std::string base64_decode(std::string_view in) {
    std::string out;
    out.reserve(in.size() / 4 * 3);
    std::uint32_t acc = 0;
    int bits = 0, pad = 0;
    for (unsigned char c : in) {
        if (c == '\r' || c == '\n' || c == ' ') continue;
        if (c == '=') { ++pad; continue; }
        int v = b64_value(c);
        if (v < 0 || pad) throw_invalid_argument("invalid base64 text");
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    if (pad > 2 || bits >= 6) throw_invalid_argument("invalid base64 text");
    return out;
}

void base64_encode_lines(std::string_view in, std::string& out) {
    constexpr std::size_t kLineBytes = 57;  // 57 bytes -> 76 characters
    std::size_t start = out.size();
    out.resize(start + base64_lines_size(in.size()));
    char* dst = &out[start];
    const auto* src = reinterpret_cast<const unsigned char*>(in.data());
    for (std::size_t i = 0; i < in.size(); i += kLineBytes) {
        int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(dst), src + i,
                                static_cast<int>(std::min(kLineBytes, in.size() - i)));
        dst += n;
        *dst++ = '\r';
        *dst++ = '\n';
    }
}

std::uint64_t base64_lines_size(std::uint64_t bytes) {
    std::uint64_t chars = (bytes + 2) / 3 * 4;
    return chars + (chars + 75) / 76 * 2;
}

bool is_ascii(std::string_view s) {
    // Eight bytes at a time: every message's text and headers pass here.
    const char* p = s.data();
    std::size_t n = s.size();
    std::uint64_t high = 0;
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        high |= w;
    }
    for (; n > 0; ++p, --n) high |= static_cast<unsigned char>(*p);
    return (high & 0x8080808080808080ull) == 0;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        std::uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (std::size_t k = 1; k < n; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc >> 6) != 2) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static const std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_for_len[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n;
    }
    return true;
}

void quoted_printable_encode(std::string_view in, std::string& out) {
    out.reserve(out.size() + in.size() + in.size() / 8);
    std::size_t col = 0;
    auto put = [&](const char* s, std::size_t n) {
        if (col + n > 75) {  // 75 + "=" soft break = 76
            out += "=\r\n";
            col = 0;
        }
        out.append(s, n);
        col += n;
    };
    for (std::size_t i = 0; i < in.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(in[i]);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < in.size() && in[i + 1] == '\n') ++i;
            out += "\r\n";
            col = 0;
            continue;
        }
        bool line_end = i + 1 == in.size() || in[i + 1] == '\r' || in[i + 1] == '\n';
        bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_end);
        // A leading '.' is left to dot-stuffing; a leading "From " is harmless in SMTP.
        if (literal) {
            char ch = static_cast<char>(c);
            put(&ch, 1);
        } else {
            char enc[3] = {'=', kHex[c >> 4], kHex[c & 15]};
            put(enc, 3);
        }
    }
}

std::string quoted_printable_encode(std::string_view text) {
    std::string out;
    quoted_printable_encode(text, out);
    return out;
}

const char* transfer_encoding_name(TransferEncoding e) {
    switch (e) {
    case TransferEncoding::SevenBit: return "7bit";
    case TransferEncoding::EightBit: return "8bit";
    case TransferEncoding::QuotedPrintable: return "quoted-printable";
    case TransferEncoding::Base64: return "base64";
    }
    return "base64";
}

namespace {

// Calls line(text, broken) for each line of text (lines end in CRLF, CR or
// LF; broken: a line break followed), a run at a time.
template <typename F>
void for_each_line(std::string_view text, F line) {
    const char* p = text.data();
    const char* end = p + text.size();
    LineBreaks breaks(end);
    while (p < end) {
        const char* brk = breaks.next(p);
        line(std::string_view(p, static_cast<std::size_t>(brk - p)), brk != end);
        if (brk == end) break;
        p = brk + (*brk == '\r' && brk + 1 < end && brk[1] == '\n' ? 2 : 1);
    }
}

} // namespace

TransferEncoding encode_text(std::string_view text, bool eight_bit_ok, std::string& out) {
    // The size with CRLF line ends, and whether it may go as it is
    // (RFC 5321 4.5.3.1.6: lines of at most 998 octets; RFC 2045: no NUL).
    const bool eight_bit = !is_ascii(text);
    bool as_is = text.empty() || std::memchr(text.data(), 0, text.size()) == nullptr;
    std::size_t size = 0;
    for_each_line(text, [&](std::string_view line, bool broken) {
        size += line.size() + (broken ? 2 : 0);
        as_is = as_is && line.size() <= 998;
    });
    auto append_crlf = [&](std::string& to) {
        const std::size_t start = to.size();
        to.resize(start + size);  // written in place: no append's checks a line
        char* w = &to[start];
        for_each_line(text, [&](std::string_view line, bool broken) {
            std::memcpy(w, line.data(), line.size());
            w += line.size();
            if (broken) *w++ = '\r', *w++ = '\n';
        });
    };
    if (as_is && (!eight_bit || eight_bit_ok)) {
        append_crlf(out);
        return eight_bit ? TransferEncoding::EightBit : TransferEncoding::SevenBit;
    }
    std::string qp;
    quoted_printable_encode(text, qp);
    if (qp.size() <= base64_lines_size(size)) {
        out += qp;
        return TransferEncoding::QuotedPrintable;
    }
    std::string canonical;
    append_crlf(canonical);
    base64_encode_lines(canonical, out);
    return TransferEncoding::Base64;
}

bool is_atext(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string quoted_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

namespace {

// Length of the UTF-8 sequence starting with lead byte c (1 for invalid bytes,
// so malformed input is still carried, byte by byte).
std::size_t utf8_len(unsigned char c) {
    if (c >= 0xF0 && c <= 0xF4) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC2 && c < 0xE0) return 2;
    return 1;
}

// Folds ASCII text at spaces so lines stay within 78 characters where possible
// (RFC 5322 2.2.3); a word longer than that stays whole (limit 998).
std::string fold_ascii(std::string_view text, std::size_t used) {
    std::string out;
    std::size_t col = used;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t sp = text.find(' ', i + 1);
        std::string_view word = text.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i);
        // Fold only before a space that starts a word, so no folded line is white space alone.
        if (col + word.size() > 78 && i > 0 && word.size() > 1 && word[1] != ' ' && word[1] != '\t') {
            out += "\r\n";
            col = 0;
        }
        out.append(word.data(), word.size());
        col += word.size();
        i += word.size();
    }
    return out;
}

// Printable ASCII (and tab): what may stand in a header without encoding.
bool is_plain_header_text(std::string_view s) {
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\t') || c >= 0x7F) return false;
    return s.find("=?") == std::string_view::npos;
}

std::size_t longest_line(std::string_view s, std::size_t first_line_used) {
    std::size_t longest = 0, start = 0;
    for (std::size_t nl; (nl = s.find("\r\n", start)) != std::string_view::npos; start = nl + 2)
        longest = std::max(longest, nl - start + (start == 0 ? first_line_used : 0));
    return std::max(longest, s.size() - start + (start == 0 ? first_line_used : 0));
}

} // namespace

std::string encoded_words(std::string_view text, std::size_t column, std::size_t limit) {
    constexpr std::size_t kOverhead = 12;                      // "=?UTF-8?B?" + "?="
    constexpr std::size_t kMaxBytes = (75 - kOverhead) / 4 * 3;  // RFC 2047: words <= 75 chars
    std::string out;
    std::size_t col = column, i = 0;
    while (i < text.size()) {
        std::size_t room = col + kOverhead < limit ? (limit - col - kOverhead) / 4 * 3 : 0;
        std::size_t budget = std::min(kMaxBytes, room);
        std::size_t end = i;
        while (end < text.size()) {
            std::size_t n = std::min(utf8_len(static_cast<unsigned char>(text[end])), text.size() - end);
            if (end - i + n > budget) break;
            end += n;
        }
        if (end == i) {
            if (col > 1) {  // no room left on this line: continue on the next
                out += "\r\n ";
                col = 1;
                continue;
            }
            end = i + std::min(utf8_len(static_cast<unsigned char>(text[i])), text.size() - i);
        }
        std::string word = "=?UTF-8?B?" + base64_encode(text.substr(i, end - i)) + "?=";
        out += word;
        col += word.size();
        i = end;
        if (i < text.size()) {
            out += "\r\n ";
            col = 1;
        }
    }
    return out;
}

std::string encode_header_value(std::string_view text, std::size_t name_len) {
    if (is_plain_header_text(text)) {
        std::string folded = fold_ascii(text, name_len);
        // Past 998 octets (a word that long, a long run of spaces) only
        // encoded-words, which always fold, can carry it.
        if (longest_line(folded, name_len) <= 998) return folded;
    }
    return encoded_words(text, name_len);
}

std::string fold_structured(std::string_view value, std::size_t name_len) {
    for (unsigned char c : value)
        if ((c < 0x20 && c != '\t') || c >= 0x7F)
            throw_invalid_argument("a structured header value (message ids, addresses, URLs) must be printable ASCII: "
                                   "write domains as A-labels (xn--) and percent-encode URLs");
    std::string folded = fold_ascii(value, name_len);
    if (longest_line(folded, name_len) > 998)
        throw_invalid_argument("a structured header value has a part longer than 998 characters with no space to fold at");
    return folded;
}

std::string encode_display_name(std::string_view name, std::size_t column) {
    if (is_plain_header_text(name)) {
        bool atoms = !name.empty() && name.front() != ' ' && name.back() != ' ';
        for (unsigned char c : name) atoms = atoms && (is_atext(c) || c == ' ');
        std::string plain = atoms ? std::string(name) : quoted_string(name);
        // A quoted-string does not fold: a longer name goes into encoded-words, which do.
        if (column + plain.size() <= 78) return plain;
    }
    return encoded_words(name, column);
}

} // namespace smtp
