// Header and content encodings on arbitrary text (CR, LF and NUL are
// refused before encoding, so they are skipped here). The first byte is the
// length of "Name: " already on the line.
//   encode_header_value: the only line breaks are folds (CRLF SP); no
//     continuation line is blank; unfolding and RFC 2047 decoding give the
//     input back; lines stay within 78 characters, or (ASCII words too long
//     to fold) within 998; only printable ASCII and white space on the wire.
//   encode_display_name: an atom, a quoted-string or encoded-words, each
//     reading back as the input.
//   base64 (one line and MIME lines) and quoted-printable: decode back,
//     lines within 76, sizes exact.
#include "check.h"
#include "mime/encoding.h"
#include "error.h"

#include <cctype>
#include <cstdint>

namespace {

bool wire_char(unsigned char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\r' || c == '\n';
}

void check_header_value(const std::string& in, std::size_t name_len) {
    const std::string v = smtp::encode_header_value(in, name_len);
    fuzz::expect(fuzz::crlf_only(v), "bare CR or LF in a header value", v);
    for (unsigned char c : v) fuzz::expect(wire_char(c), "control or 8-bit byte in a header value", v);
    const bool encoded = v.find("=?UTF-8?B?") != std::string::npos;
    // With no room left after "Name: ", encoded-words start on the next line;
    // that fold is the separator after the colon, which readers drop.
    const std::string_view value = encoded && v.rfind("\r\n ", 0) == 0 ? std::string_view(v).substr(3) : std::string_view(v);
    fuzz::expect(fuzz::header_decode(value) == in, "header value does not decode back", v);
    auto lines = fuzz::crlf_lines(v);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (i > 0) {
            fuzz::expect(!line.empty() && line[0] == ' ', "line break that is not a fold", v);
            fuzz::expect(line.find_first_not_of(" \t") != std::string_view::npos, "a folded line of only white space", v);
        }
        const std::size_t len = line.size() + (i == 0 ? name_len : 0);
        fuzz::expect(len <= 998, "header line over 998 octets", line);
        if (len <= 78) continue;
        if (encoded) {
            fuzz::expect(i == 0 && line.empty(), "encoded header line over 78 characters", line);
        } else {
            // Only a word with no space to fold at may run long.
            fuzz::expect(line.find(' ', 1) == std::string_view::npos, "foldable header line over 78 characters", line);
        }
    }
}

void check_display_name(const std::string& in) {
    const std::string d = smtp::encode_display_name(in);
    fuzz::expect(fuzz::crlf_only(d), "bare CR or LF in a display name", d);
    for (unsigned char c : d) fuzz::expect(wire_char(c), "control or 8-bit byte in a display name", d);
    if (d.rfind("=?UTF-8?B?", 0) == 0) {
        fuzz::expect(fuzz::header_decode(d) == in, "encoded display name does not decode back", d);
        for (auto line : fuzz::crlf_lines(d)) fuzz::expect(line.size() <= 78, "display name line over 78 characters", line);
        return;
    }
    fuzz::expect(d.find("\r\n") == std::string::npos, "line break in an unencoded display name", d);
    fuzz::expect(d.size() <= 998 - 8, "display name cannot fit a header line", d);
    if (!d.empty() && d.front() == '"') {
        fuzz::expect(d.size() >= 2 && d.back() == '"', "unterminated quoted display name", d);
        std::string unq;
        for (std::size_t i = 1; i + 1 < d.size(); ++i) {
            if (d[i] == '\\') ++i;
            else fuzz::expect(d[i] != '"', "unescaped quote inside a quoted display name", d);
            unq += d[i];
        }
        fuzz::expect(unq == in, "quoted display name does not read back", d);
        return;
    }
    fuzz::expect(d == in, "atom display name changed", d);
    for (unsigned char c : d)
        fuzz::expect(std::isalnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~ ").find(static_cast<char>(c)) != std::string_view::npos,
                     "display name left unquoted has a special character", d);
}

void check_base64(const std::string& in) {
    fuzz::expect(smtp::base64_decode(smtp::base64_encode(in)) == in, "base64 does not decode back", in);
    std::string lines = "x";  // appends: what was there stays
    smtp::base64_encode_lines(in, lines);
    fuzz::expect(lines[0] == 'x', "base64_encode_lines overwrote its output");
    lines.erase(0, 1);
    fuzz::expect(lines.size() == smtp::base64_lines_size(in.size()), "base64_lines_size is not exact", std::to_string(lines.size()));
    fuzz::expect(fuzz::crlf_only(lines) && (lines.empty() || lines.size() >= 2 && lines.compare(lines.size() - 2, 2, "\r\n") == 0),
                 "base64 lines not ended by CRLF", lines);
    for (auto line : fuzz::crlf_lines(lines)) fuzz::expect(line.size() <= 76, "base64 line over 76 characters", line);
    fuzz::expect(smtp::base64_decode(lines) == in, "base64 lines do not decode back", lines);
    try {
        smtp::base64_decode(in);  // arbitrary text: decodes or throws InvalidArgument
    } catch (const smtp::Error& e) {
        fuzz::expect(e.category() == smtp::ErrorCategory::InvalidArgument, "base64_decode: not InvalidArgument", e.what());
    }
}

void check_quoted_printable(const std::string& in) {
    const std::string q = smtp::quoted_printable_encode(in);
    fuzz::expect(fuzz::crlf_only(q), "bare CR or LF in quoted-printable", q);
    for (unsigned char c : q) fuzz::expect(wire_char(c), "quoted-printable byte outside printable ASCII", q);
    for (auto line : fuzz::crlf_lines(q)) {
        fuzz::expect(line.size() <= 76, "quoted-printable line over 76 characters", line);
        fuzz::expect(line.empty() || (line.back() != ' ' && line.back() != '\t'), "quoted-printable line ends in white space", line);
    }
    fuzz::expect(fuzz::qp_decode(q) == fuzz::normalise_newlines(in), "quoted-printable does not decode back", q);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t name_len = data[0] % 100;
    const std::string in(reinterpret_cast<const char*>(data) + 1, size - 1);
    check_base64(in);
    check_quoted_printable(in);
    if (in.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) return 0;  // refused before encoding
    check_header_value(in, name_len);
    check_display_name(in);
    return 0;
}
