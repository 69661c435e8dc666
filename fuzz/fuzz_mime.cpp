// MIME building from a fuzzed Message. Input: a read size byte, a flags
// byte, then fields separated by 0x1f: subject, text, html, attachment
// data, sender name (also the attachment's name), custom header value,
// custom header name, attachment type, content id, message id, recipient
// name. Whatever validate_message() accepts must come out as:
//   - exactly size() bytes, whatever the read sizes;
//   - CRLF line ends only, lines of at most 998 octets, 7-bit unless
//     eight_bit() says otherwise;
//   - exactly the header fields we generate plus the custom one (no
//     injected field), never the Bcc address;
//   - subject, custom header, text, html, attachment bytes and name that
//     decode back to what was given.
#include "check.h"
#include "mime/encoding.h"
#include "error.h"
#include "mime/mime.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

namespace {

const char kBcc[] = "hidden.bcc@example.net";
const char kBoundaryLine[] = "\r\n--=_";

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The value of the first top-level header field `name` (folds kept), or nullopt.
std::optional<std::string> header_field(std::string_view head, const std::string& name) {
    std::string want = lower(name) + ":";
    auto lines = fuzz::crlf_lines(head);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lower(std::string(lines[i].substr(0, want.size()))) != want) continue;
        std::string value(lines[i].substr(want.size()));
        for (std::size_t j = i + 1; j < lines.size() && !lines[j].empty() && (lines[j][0] == ' ' || lines[j][0] == '\t'); ++j)
            value += "\r\n" + std::string(lines[j]);
        return value;
    }
    return std::nullopt;
}

// Unstructured header text as a reader sees it: one leading space dropped
// (the one after the colon), then unfolded and RFC 2047-decoded.
std::string read_header(std::string_view value) {
    if (value.rfind(" \r\n ", 0) == 0 && value.find("=?UTF-8?B?") == 4) value.remove_prefix(4);
    else if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
    return fuzz::header_decode(value);
}

struct Part {
    std::string head;     // header lines, each ended by CRLF
    std::string content;  // up to and including the CRLF before the next boundary line
};

// The leaf parts. Boundary lines ("--=_...") cannot occur in quoted-printable
// or base64 content, so every one found at a line start is a real boundary.
std::vector<Part> leaf_parts(const std::string& out, std::size_t head_end) {
    std::vector<Part> parts;
    if (out.find(kBoundaryLine, head_end) == std::string::npos) {
        std::size_t type = out.rfind("\r\nContent-Type: ", head_end);  // a single part: its fields end the header
        parts.push_back({out.substr(type + 2, head_end + 2 - type - 2), out.substr(head_end + 4)});
        return parts;
    }
    for (std::size_t b = out.find(kBoundaryLine, head_end); b != std::string::npos;) {
        std::size_t eol = out.find("\r\n", b + 2);
        std::size_t next = out.find(kBoundaryLine, b + 2);
        if (eol == std::string::npos) fuzz::fail("boundary line without CRLF", out.substr(b));
        if (out.compare(eol - 2, 2, "--") != 0) {  // not a closing boundary
            std::size_t body = out.find("\r\n\r\n", eol);
            if (body == std::string::npos || (next != std::string::npos && body > next)) fuzz::fail("part without headers", out.substr(b, 200));
            Part p{out.substr(eol + 2, body + 2 - eol - 2), out.substr(body + 4, (next == std::string::npos ? out.size() : next + 2) - body - 4)};
            if (p.head.rfind("Content-Type: multipart/", 0) != 0) parts.push_back(std::move(p));
        }
        b = next;
    }
    return parts;
}

const Part* find_part(const std::vector<Part>& parts, std::string_view head_start) {
    const Part* found = nullptr;
    for (const auto& p : parts) {
        if (p.head.rfind(head_start, 0) != 0) continue;
        if (found) fuzz::fail("two parts of the same kind", head_start);
        found = &p;
    }
    return found;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && fuzz::hex_value(s[i + 1]) >= 0 && fuzz::hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(fuzz::hex_value(s[i + 1]) * 16 + fuzz::hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The filename parameter of a Content-Disposition value: quoted ASCII or RFC 2231.
std::string disposition_filename(std::string value) {
    std::string flat;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value.compare(i, 2, "\r\n") == 0) { ++i; continue; }
        flat += value[i];
    }
    std::size_t at = flat.find("; filename");  // the first parameter: the name cannot come before it
    if (at == std::string::npos) return {};
    if (flat.compare(at, 19, "; filename*=UTF-8''") == 0) return percent_decode(flat.substr(at + 19));
    std::size_t q = flat.compare(at, 12, "; filename=\"") == 0 ? at : std::string::npos;
    if (q == std::string::npos) fuzz::fail("unreadable filename parameter", flat);
    std::string name;
    for (std::size_t i = q + 12; i < flat.size() && flat[i] != '"'; ++i) {
        if (flat[i] == '\\') ++i;
        name += flat[i];
    }
    return name;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t cap = 1 + data[0] % 200;
    const unsigned flags = data[1];
    std::string f[11];
    std::size_t k = 0;
    for (std::size_t i = 2; i < size; ++i) {
        if (data[i] == 0x1f && k < 10) { ++k; continue; }
        f[k] += static_cast<char>(data[i]);
    }
    smtp::Message m;
    m.from = {f[4], "alice@example.com"};
    m.to = {{f[10], "bob@example.com"}};
    if (flags & 2) m.cc = {{"", "carol@example.com"}, {f[10], "dave@example.org"}};
    if (flags & 4) m.reply_to = {{f[4], "replies@example.com"}};
    m.bcc = {{"", kBcc}};
    m.subject = f[0];
    m.text = f[1];
    m.html = f[2];
    const bool attached = !f[3].empty();
    if (attached) m.attachments.push_back({"", f[3], f[4], f[7], (flags & 1) ? f[8] : ""});
    const std::string header_name = f[6].empty() ? "X-Fuzz" : f[6];
    m.headers.push_back({header_name, f[5]});
    m.message_id = f[9];
    try {
        smtp::validate_message(m);
    } catch (const smtp::Error& e) {
        fuzz::expect(e.category() == smtp::ErrorCategory::InvalidArgument, "validate_message: not InvalidArgument", e.what());
        return 0;
    }

    smtp::MimeBody body(m, "example.com");
    std::string out;
    std::vector<char> buf(cap);
    while (std::size_t n = body.read(buf.data(), cap)) {
        fuzz::expect(n <= cap, "read() wrote past its buffer");
        out.append(buf.data(), n);
    }
    fuzz::expect(out.size() == body.size(), "size() is not the number of bytes read",
                 std::to_string(body.size()) + " announced, " + std::to_string(out.size()) + " read");

    // The wire form.
    fuzz::expect(fuzz::crlf_only(out), "bare CR or LF in the message", out);
    for (auto line : fuzz::crlf_lines(out)) fuzz::expect(line.size() <= 998, "line over 998 octets", line);
    if (!body.eight_bit())
        for (unsigned char c : out) fuzz::expect(c < 0x80, "8-bit byte in a message that says it is 7-bit", out);
    bool bcc_given = false;
    for (const auto& field : f) bcc_given = bcc_given || field.find(kBcc) != std::string::npos;
    if (!bcc_given) fuzz::expect(out.find(kBcc) == std::string::npos, "the Bcc address is in the message", out);

    // The header section: our fields, in order, and nothing else.
    const std::size_t head_end = out.find("\r\n\r\n");
    fuzz::expect(head_end != std::string::npos, "no end of the header section", out);
    const std::string head = out.substr(0, head_end + 2);
    std::vector<std::string> names;
    for (auto line : fuzz::crlf_lines(head)) {
        if (line.empty() || line[0] == ' ' || line[0] == '\t') continue;
        std::size_t colon = line.find(':');
        fuzz::expect(colon != std::string_view::npos && colon > 0, "header line that is neither a field nor a fold", line);
        names.push_back(lower(std::string(line.substr(0, colon))));
    }
    std::vector<std::string> expected{"date", "from", "to"};
    if (!m.cc.empty()) expected.push_back("cc");
    if (!m.reply_to.empty()) expected.push_back("reply-to");
    for (const char* n : {"subject", "message-id", "mime-version"}) expected.push_back(n);
    expected.push_back(lower(header_name));
    expected.push_back("content-type");
    if (names.size() == expected.size() + 1) expected.push_back("content-transfer-encoding");  // a single part
    fuzz::expect(names == expected, "unexpected header fields (injection?)", head);

    auto subject = header_field(head, "Subject");
    fuzz::expect(subject && read_header(*subject) == m.subject, "the subject does not read back", subject.value_or(""));
    auto custom = header_field(head, header_name);
    fuzz::expect(custom && read_header(*custom) == f[5], "the custom header does not read back", custom.value_or(""));
    auto id = header_field(head, "Message-ID");
    fuzz::expect(id && *id == " <" + body.message_id() + ">", "the Message-ID header is not <message_id()>", id.value_or(""));
    if (!m.message_id.empty()) fuzz::expect(body.message_id() == m.message_id, "the given Message-ID was not used", body.message_id());

    // The parts.
    const auto parts = leaf_parts(out, head_end);
    const std::string qp = "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n";
    if (!m.text.empty()) {
        const Part* text = find_part(parts, "Content-Type: text/plain" + qp);
        fuzz::expect(text != nullptr, "no text/plain part", out);
        fuzz::expect(fuzz::qp_decode(text->content) == fuzz::normalise_newlines(m.text) + "\r\n", "the text part does not decode back", text->content);
    }
    if (!m.html.empty()) {
        const Part* html = find_part(parts, "Content-Type: text/html" + qp);
        fuzz::expect(html != nullptr, "no text/html part", out);
        fuzz::expect(fuzz::qp_decode(html->content) == fuzz::normalise_newlines(m.html) + "\r\n", "the html part does not decode back", html->content);
    }
    std::size_t expected_parts = (m.text.empty() ? 0 : 1) + (m.html.empty() ? 0 : 1) + (attached ? 1 : 0);
    if (expected_parts == 0) expected_parts = 1;  // an empty text/plain body
    fuzz::expect(parts.size() == expected_parts, "unexpected number of parts", std::to_string(parts.size()));
    if (attached) {
        const auto& a = m.attachments[0];
        const Part* file = nullptr;
        for (const auto& p : parts)
            if (p.head.find("\r\nContent-Transfer-Encoding: base64\r\n") != std::string::npos) file = &p;
        fuzz::expect(file != nullptr, "no base64 part", out);
        fuzz::expect(smtp::base64_decode(file->content) == a.data, "the attachment does not decode back", file->content);
        if (!a.content_type.empty())
            fuzz::expect(file->head.rfind("Content-Type: " + a.content_type + ";", 0) == 0 ||
                             file->head.rfind("Content-Type: " + a.content_type + "\r\n", 0) == 0,
                         "the attachment type was not kept", file->head);
        auto disposition = header_field(file->head, "Content-Disposition");
        fuzz::expect(disposition.has_value(), "attachment without Content-Disposition", file->head);
        fuzz::expect(disposition_filename(*disposition) == a.filename, "the attachment name does not read back", *disposition);
        if (!a.content_id.empty()) {
            auto cid = header_field(file->head, "Content-ID");
            fuzz::expect(cid && *cid == " <" + a.content_id + ">", "the Content-ID was not kept", file->head);
        }
    }
    return 0;
}
