// MIME building from a fuzzed Message. Input: a read size byte, a flags
// byte (bits 8 and 16: the server offers 8BITMIME, SMTPUTF8), then fields
// separated by 0x1f: subject, text, html, attachment data, sender name
// (also the attachment's name), custom header value, custom header name,
// attachment type, content id, message id, recipient name. Whatever
// validate_message() accepts must come out as:
//   - exactly size() bytes, whatever the read sizes;
//   - CRLF line ends only, lines of at most 998 octets, 7-bit unless
//     eight_bit() says otherwise; 8-bit bodies only with 8BITMIME, 8-bit
//     headers only with SMTPUTF8 or when utf8_headers() says so;
//   - exactly the header fields we generate plus the custom one (no
//     injected field), never the Bcc address;
//   - subject, custom header (encoded only when unstructured), text, html
//     (in whichever transfer encoding), attachment bytes and name that
//     decode back to what was given; no header line of a name past 78.
#include "check.h"
#include "mime/encoding.h"
#include "error.h"
#include "mime/address.h"
#include "mime/header_fields.h"
#include "mime/mime.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

namespace {

const char kBcc[] = "hidden.bcc@example.net";

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

// The boundary named in a multipart entity's Content-Type, or "".
std::string boundary_of(const std::string& head) {
    std::size_t ct = head.rfind("Content-Type: multipart/", 0) == 0 ? 0 : head.find("\r\nContent-Type: multipart/");
    if (ct == std::string::npos) return {};
    std::size_t at = head.find("; boundary=\"", ct);
    if (at == std::string::npos) fuzz::fail("multipart without a boundary", head);
    return head.substr(at + 12, head.find('"', at + 12) - at - 12);
}

// The leaf parts of an entity, found through the boundaries each multipart
// header names (text sent as it is may hold "--=_" lines of its own).
void leaf_parts(const std::string& head, const std::string& body, std::vector<Part>& out, bool top = true) {
    const std::string b = boundary_of(head);
    if (b.empty()) {
        // A single-part message: its content fields end the header.
        out.push_back({top ? head.substr(head.rfind("\r\nContent-Type: ") + 2) : head, body});
        return;
    }
    const std::string delimiter = "\r\n--" + b;
    if (body.rfind("--" + b + "\r\n", 0) != 0) fuzz::fail("multipart body does not open with its boundary", body.substr(0, 200));
    for (std::size_t at = b.size() + 4;;) {
        std::size_t next = body.find(delimiter, at);
        if (next == std::string::npos) fuzz::fail("multipart without its closing boundary", body.substr(at, 200));
        std::string part = body.substr(at, next + 2 - at);
        std::size_t blank = part.find("\r\n\r\n");
        if (blank == std::string::npos) fuzz::fail("part without headers", part.substr(0, 200));
        leaf_parts(part.substr(0, blank + 2), part.substr(blank + 4), out, false);
        if (body.compare(next + delimiter.size(), 4, "--\r\n") == 0) {
            fuzz::expect(next + delimiter.size() + 4 == body.size(), "bytes after the closing boundary", body.substr(next));
            return;
        }
        if (body.compare(next + delimiter.size(), 2, "\r\n") != 0) fuzz::fail("boundary line with more after it", body.substr(next, 200));
        at = next + delimiter.size() + 2;
    }
}

// Content as the reader decodes it, by the part's Content-Transfer-Encoding.
std::string decoded_text(const Part& p) {
    auto te = header_field(p.head, "Content-Transfer-Encoding");
    fuzz::expect(te.has_value(), "text part without Content-Transfer-Encoding", p.head);
    if (*te == " 7bit" || *te == " 8bit") {
        if (*te == " 7bit")
            for (unsigned char c : p.content) fuzz::expect(c < 0x80, "8-bit byte in a 7bit part", p.content);
        return p.content;
    }
    if (*te == " quoted-printable") return fuzz::qp_decode(p.content);
    fuzz::expect(*te == " base64", "unknown transfer encoding", *te);
    fuzz::expect(p.content.size() >= 2 && p.content.compare(p.content.size() - 2, 2, "\r\n") == 0, "base64 text not ended by CRLF", p.content);
    return smtp::base64_decode(p.content) + "\r\n";  // the line end after the lines, as the other encodings have
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
    if (flat.compare(at, 21, "; filename*0*=UTF-8''") == 0) {  // RFC 2231 sections, in order
        std::string joined;
        for (int n = 0;; ++n) {
            const std::string key = "; filename*" + std::to_string(n) + "*=";
            std::size_t k = flat.find(key);
            if (k == std::string::npos) break;
            std::size_t end = flat.find(';', k + key.size());
            joined += flat.substr(k + key.size(), end == std::string::npos ? std::string::npos : end - k - key.size());
        }
        return percent_decode(joined.substr(7));
    }
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

    const smtp::WireFeatures server{(flags & 8) != 0, (flags & 16) != 0};
    smtp::MimeBody body(m, "example.com", server);
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
    if (!server.smtputf8 && !body.utf8_headers())
        fuzz::expect(smtp::is_ascii(head), "8-bit header for a server without SMTPUTF8", head);
    if (!server.eight_bit_mime)
        fuzz::expect(smtp::is_ascii(std::string_view(out).substr(head_end)), "8-bit body for a server without 8BITMIME", out);
    // Names start where they stand and fold within 78; only unfoldable ASCII runs longer.
    // An encoded-word is "=?UTF-8?B?...?="; the same opening without its end is
    // plain text a caller wrote, and may be such an unfoldable run.
    for (auto line : fuzz::crlf_lines(head)) {
        const auto word = line.find("=?UTF-8?B?");
        if (line.size() > 78 && word != std::string_view::npos && line.find("?=", word + 10) != std::string_view::npos)
            fuzz::fail("encoded header line over 78 characters", line);
    }
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
    fuzz::expect(custom.has_value(), "the custom header is missing", head);
    switch (smtp::field_kind(header_name)) {
    case smtp::FieldKind::Unstructured:
        fuzz::expect(read_header(*custom) == f[5], "the custom header does not read back", *custom);
        break;
    case smtp::FieldKind::Structured: {  // folded, never encoded
        std::string v = custom->substr(1);
        for (std::size_t i; (i = v.find("\r\n")) != std::string::npos;) v.erase(i, 2);
        fuzz::expect(v == f[5], "the structured custom header does not unfold to itself", *custom);
        break;
    }
    case smtp::FieldKind::Mailboxes:
        for (const auto& box : smtp::parse_mailbox_list(f[5])) {
            std::string a = box.address;
            try { a = smtp::address_for_server(box.address, server.smtputf8); } catch (const smtp::Error&) {}
            fuzz::expect(custom->find(a) != std::string::npos, "an address of the custom header is missing", *custom);
        }
        break;
    }
    auto id = header_field(head, "Message-ID");
    fuzz::expect(id && *id == " <" + body.message_id() + ">", "the Message-ID header is not <message_id()>", id.value_or(""));
    if (!m.message_id.empty()) fuzz::expect(body.message_id() == m.message_id, "the given Message-ID was not used", body.message_id());

    // The parts.
    std::vector<Part> parts;
    leaf_parts(head, out.substr(head_end + 4), parts);
    const std::string text_head = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: ";
    const std::string html_head = "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: ";
    if (!m.text.empty()) {
        const Part* text = find_part(parts, text_head);
        fuzz::expect(text != nullptr, "no text/plain part", out);
        fuzz::expect(decoded_text(*text) == fuzz::normalise_newlines(m.text) + "\r\n", "the text part does not decode back", text->content);
    }
    if (!m.html.empty()) {
        const Part* html = find_part(parts, html_head);
        fuzz::expect(html != nullptr, "no text/html part", out);
        fuzz::expect(decoded_text(*html) == fuzz::normalise_newlines(m.html) + "\r\n", "the html part does not decode back", html->content);
    }
    std::size_t expected_parts = (m.text.empty() ? 0 : 1) + (m.html.empty() ? 0 : 1) + (attached ? 1 : 0);
    if (expected_parts == 0) expected_parts = 1;  // an empty text/plain body
    fuzz::expect(parts.size() == expected_parts, "unexpected number of parts", std::to_string(parts.size()));
    if (attached) {
        const auto& a = m.attachments[0];
        const Part* file = nullptr;
        for (const auto& p : parts)  // text parts have no Content-Disposition
            if (p.head.find("\r\nContent-Disposition: ") != std::string::npos) file = &p;
        fuzz::expect(file != nullptr && file->head.find("\r\nContent-Transfer-Encoding: base64\r\n") != std::string::npos, "no base64 attachment part", out);
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
