#include "mime/raw_message.h"

#include "ascii.h"
#include "error.h"
#include "mime/address.h"

namespace smtp {

namespace {

// The header section: everything before the first empty line.
std::string_view header_section(std::string_view raw) {
    for (std::size_t pos = 0; pos < raw.size();) {
        std::size_t eol = raw.find('\n', pos);
        if (eol == std::string_view::npos) return raw;
        std::string_view line = raw.substr(pos, eol - pos);
        if (line.empty() || line == "\r") return raw.substr(0, pos);
        pos = eol + 1;
    }
    return raw;
}

bool starts_with_field(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':') return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (ascii_lower(line[i]) != name[i]) return false;
    return true;
}

} // namespace

std::size_t raw_body_offset(std::string_view raw) {
    std::size_t end = header_section(raw).size();
    if (end == raw.size()) return end;
    return raw.find('\n', end) + 1;  // past the empty line
}

void validate_raw_message(const Message& m) {
    if (!m.to.empty() || !m.cc.empty() || !m.bcc.empty() || !m.reply_to.empty() || !m.subject.empty() ||
        !m.text.empty() || !m.html.empty() || !m.attachments.empty() || !m.headers.empty() || !m.message_id.empty() ||
        !m.date.empty())
        throw_invalid_argument("a raw message carries its own headers and body: leave to, cc, bcc, replyTo, subject, "
                               "text, html, attachments, inline, headers, messageId and date empty, and give the envelope recipients in recipients");
    if (envelope_sender(m).empty()) throw_invalid_argument("a raw message needs an envelope sender: set sender (or from)");
    if (m.envelope_to.empty()) throw_invalid_argument("a raw message needs its envelope recipients in recipients");
    if (m.raw.find('\0') != std::string::npos)
        throw_invalid_argument("the raw message contains a NUL byte, which SMTP cannot carry; encode binary content (base64)");
    std::size_t line_start = 0, line = 1;
    for (std::size_t i = 0; i <= m.raw.size(); ++i) {
        if (i < m.raw.size() && m.raw[i] != '\n') continue;
        std::size_t len = i - line_start - (i > line_start && m.raw[i - 1] == '\r' ? 1 : 0);
        if (len > 998)
            throw_invalid_argument("line " + std::to_string(line) + " of the raw message is longer than 998 octets "
                                   "(RFC 5322 2.1.1); encode the body (quoted-printable or base64)");
        line_start = i + 1;
        ++line;
    }
    std::string_view headers = header_section(m.raw);
    if (headers.empty() || headers.find(':') == std::string_view::npos)
        throw_invalid_argument("the raw message does not start with a header section (\"Name: value\" lines, then an empty line)");
}

std::string raw_message_id(std::string_view raw) {
    std::string_view headers = header_section(raw);
    for (std::size_t pos = 0; pos < headers.size();) {
        std::size_t eol = headers.find('\n', pos);
        if (eol == std::string_view::npos) eol = headers.size();
        if (starts_with_field(headers.substr(pos, eol - pos), "message-id")) {
            // The value may be folded onto the following lines: take up to the '>'.
            std::size_t open = headers.find('<', pos), close = headers.find('>', open);
            if (open == std::string_view::npos || close == std::string_view::npos) return {};
            return std::string(headers.substr(open + 1, close - open - 1));
        }
        pos = eol + 1;
    }
    return {};
}

} // namespace smtp
