// Header and content encodings on arbitrary text (CR, LF and NUL are
// refused before encoding, so they are skipped here). The first byte is the
// length of "Name: " already on the line (and the display name's column).
//   encode_header_value: the only line breaks are folds (CRLF SP); no
//     continuation line is blank; unfolding and RFC 2047 decoding give the
//     input back; lines stay within 78 characters, or (ASCII with no space
//     to fold at) within 998; only printable ASCII and white space on the wire.
//   fold_structured: never encoded; unfolds to the input; the same line
//     rules; refused only when not printable ASCII or past 998.
//   encode_display_name: an atom, a quoted-string or encoded-words, each
//     reading back as the input, no line past 78 counting the column.
//   base64 (one line and MIME lines) and quoted-printable: decode back,
//     lines within 76, sizes exact.
//   encode_text: decodes back to the text with CRLF line ends; as it is
//     only when lines fit 998 octets and no NUL (8-bit only when allowed);
//     otherwise the shorter of quoted-printable and base64.
#include "check.h"
#include "mime/encoding.h"
#include "error.h"

#include <cctype>
#include <cstdint>

namespace {

bool wire_char(unsigned char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\r' || c == '\n';
}

// A line past 78 is allowed only where the folder had no place to fold: the
// word after the line's last fold point (a space before a non-white-space
// character) still ended within 78; what follows it could not be folded.
bool foldable(std::string_view line, std::size_t used) {
    for (std::size_t j = line.size(); j-- > 1;) {
        if (line[j] != ' ' || j + 1 >= line.size() || line[j + 1] == ' ' || line[j + 1] == '\t') continue;
        std::size_t end = line.find(' ', j + 1);
        return used + (end == std::string_view::npos ? line.size() : end) > 78;
    }
    return false;
}

// Folded text: CRLF only as CRLF SP, no folded line of white space alone,
// lines within 998, and within 78 unless there was nowhere to fold.
void check_folded(std::string_view v, std::size_t name_len) {
    auto lines = fuzz::crlf_lines(v);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (i > 0) {
            fuzz::expect(!line.empty() && line[0] == ' ', "line break that is not a fold", v);
            fuzz::expect(line.find_first_not_of(" \t") != std::string_view::npos, "a folded line of only white space", v);
        }
        const std::size_t len = line.size() + (i == 0 ? name_len : 0);
        fuzz::expect(len <= 998, "header line over 998 octets", line);
        if (len > 78) fuzz::expect(!foldable(line, i == 0 ? name_len : 0), "foldable header line over 78 characters", line);
    }
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
    if (!encoded) return check_folded(v, name_len);
    auto lines = fuzz::crlf_lines(v);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (i > 0) fuzz::expect(!line.empty() && line[0] == ' ', "line break that is not a fold", v);
        const std::size_t len = line.size() + (i == 0 ? name_len : 0);
        // With no room after "Name: ", the first line is empty and the words start on the next.
        if (len > 78) fuzz::expect(i == 0 && line.empty(), "encoded header line over 78 characters", line);
    }
}

void check_structured(const std::string& in, std::size_t name_len) {
    std::string v;
    try {
        v = smtp::fold_structured(in, name_len);
    } catch (const smtp::Error& e) {
        fuzz::expect(e.category() == smtp::ErrorCategory::InvalidArgument, "fold_structured: not InvalidArgument", e.what());
        bool printable = true;
        for (unsigned char c : in) printable = printable && ((c >= 0x20 && c < 0x7f) || c == '\t');
        // Refused only when it is not ASCII or has a part no fold can bring within 998.
        if (printable) fuzz::expect(in.size() + name_len > 998, "fold_structured refused a short ASCII value", in);
        return;
    }
    std::string unfolded;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v.compare(i, 2, "\r\n") == 0) { ++i; continue; }
        unfolded += v[i];
    }
    fuzz::expect(unfolded == in, "a structured value does not unfold to itself", v);
    check_folded(v, name_len);
}

void check_display_name(const std::string& in, std::size_t column) {
    const std::string d = smtp::encode_display_name(in, column);
    fuzz::expect(fuzz::crlf_only(d), "bare CR or LF in a display name", d);
    for (unsigned char c : d) fuzz::expect(wire_char(c), "control or 8-bit byte in a display name", d);
    if (d.rfind("=?UTF-8?B?", 0) == 0) {
        fuzz::expect(fuzz::header_decode(d) == in, "encoded display name does not decode back", d);
        auto lines = fuzz::crlf_lines(d);
        for (std::size_t i = 0; i < lines.size(); ++i)
            fuzz::expect(lines[i].size() + (i == 0 ? column : 0) <= 78, "display name line over 78 characters", lines[i]);
        return;
    }
    if (d.rfind("\r\n =?UTF-8?B?", 0) == 0) {  // no room on the first line
        fuzz::expect(fuzz::header_decode(d.substr(3)) == in, "encoded display name does not decode back", d);
        return;
    }
    fuzz::expect(d.find("\r\n") == std::string::npos, "line break in an unencoded display name", d);
    fuzz::expect(column + d.size() <= 78, "unencoded display name runs past 78", d);
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

void check_text(const std::string& in, bool eight_bit_ok) {
    std::string out = "x";  // appends: what was there stays
    const smtp::TransferEncoding te = smtp::encode_text(in, eight_bit_ok, out);
    fuzz::expect(out[0] == 'x', "encode_text overwrote its output");
    out.erase(0, 1);
    const std::string canonical = fuzz::normalise_newlines(in);
    const std::string qp = smtp::quoted_printable_encode(in);
    const std::uint64_t b64 = smtp::base64_lines_size(canonical.size());
    bool fits = canonical.find('\0') == std::string::npos, high = false;
    for (auto line : fuzz::crlf_lines(canonical)) fits = fits && line.size() <= 998;
    for (unsigned char c : canonical) high = high || c >= 0x80;
    const bool as_is = fits && (!high || eight_bit_ok);
    fuzz::expect(fuzz::crlf_only(out), "bare CR or LF in an encoded text", out);
    switch (te) {
    case smtp::TransferEncoding::SevenBit:
    case smtp::TransferEncoding::EightBit:
        fuzz::expect(as_is, "text sent as it is although it may not be", out);
        fuzz::expect((te == smtp::TransferEncoding::EightBit) == high, "7bit/8bit label does not match the bytes", out);
        fuzz::expect(out == canonical, "text sent as it is was changed", out);
        break;
    case smtp::TransferEncoding::QuotedPrintable:
        fuzz::expect(!as_is && qp.size() <= b64, "quoted-printable chosen where it is not the best", out);
        fuzz::expect(out == qp && fuzz::qp_decode(out) == canonical, "quoted-printable text does not decode back", out);
        break;
    case smtp::TransferEncoding::Base64:
        fuzz::expect(!as_is && b64 < qp.size(), "base64 chosen where it is not the best", out);
        fuzz::expect(out.size() == b64 && smtp::base64_decode(out) == canonical, "base64 text does not decode back", out);
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t name_len = data[0] % 100;
    const std::string in(reinterpret_cast<const char*>(data) + 1, size - 1);
    check_base64(in);
    check_quoted_printable(in);
    check_text(in, false);
    check_text(in, true);
    if (in.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) return 0;  // refused before encoding
    check_header_value(in, name_len);
    check_structured(in, name_len);
    check_display_name(in, data[0] % 79);
    return 0;
}
