// Shared oracles for the fuzz targets: a failed check prints what broke and
// the offending bytes (escaped), then aborts so libFuzzer saves the input.
#pragma once

#include "mime/encoding.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

inline std::string escaped(std::string_view s, std::size_t max = 400) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < max; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\\') out += "\\\\";
        else if (c < 0x20 || c >= 0x7f) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
    return out;
}

[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "\n==== invariant broken: %s\n     %s\n", what, escaped(detail).c_str());
    std::abort();
}

inline void expect(bool ok, const char* what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

// Every CR is followed by LF and every LF preceded by CR.
inline bool crlf_only(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return false;
        if (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n')) return false;
    }
    return true;
}

// CR, LF and CRLF each become CRLF (what DATA and quoted-printable produce).
inline std::string normalise_newlines(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\r') {
            out += "\r\n";
            if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
        } else if (in[i] == '\n') {
            out += "\r\n";
        } else {
            out += in[i];
        }
    }
    return out;
}

// Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
inline bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        unsigned char c1 = n > 1 ? static_cast<unsigned char>(s[i + 1]) : 0;
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
            return false;
        i += n;
    }
    return true;
}

inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;  // RFC 2045: encoders use upper case
}

// Quoted-printable back to bytes: "=\r\n" is a soft break, "=XX" a byte.
inline std::string qp_decode(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '=') { out += in[i]; continue; }
        if (in.substr(i + 1, 2) == "\r\n") { i += 2; continue; }
        if (i + 2 >= in.size() || hex_value(in[i + 1]) < 0 || hex_value(in[i + 2]) < 0) fail("bad quoted-printable escape", in.substr(i));
        out += static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
        i += 2;
    }
    return out;
}

// An unstructured header value as a reader sees it (RFC 5322 unfolding, then
// RFC 2047): CRLF removed; "=?UTF-8?B?...?=" words decoded, and the white
// space between two adjacent encoded-words dropped.
inline std::string header_decode(std::string_view folded) {
    std::string v;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (folded.substr(i, 2) == "\r\n") { ++i; continue; }
        v += folded[i];
    }
    static const std::string kOpen = "=?UTF-8?B?";
    std::string out;
    bool after_word = false;
    for (std::size_t i = 0; i < v.size();) {
        if (v.compare(i, kOpen.size(), kOpen) == 0) {
            std::size_t end = v.find("?=", i + kOpen.size());
            if (end == std::string::npos) fail("unterminated encoded-word", v.substr(i));
            if (end + 2 - i > 75) fail("encoded-word longer than 75 characters", v.substr(i, end + 2 - i));
            out += smtp::base64_decode(v.substr(i + kOpen.size(), end - i - kOpen.size()));
            i = end + 2;
            after_word = true;
            continue;
        }
        if (after_word && (v[i] == ' ' || v[i] == '\t')) {
            std::size_t j = v.find_first_not_of(" \t", i);
            if (j != std::string::npos && v.compare(j, kOpen.size(), kOpen) == 0) { i = j; continue; }
        }
        after_word = false;
        out += v[i++];
    }
    return out;
}

// Splits on CRLF; the last piece is what follows the last CRLF.
inline std::vector<std::string_view> crlf_lines(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t nl; (nl = s.find("\r\n", start)) != std::string_view::npos; start = nl + 2)
        out.push_back(s.substr(start, nl - start));
    out.push_back(s.substr(start));
    return out;
}

} // namespace fuzz
