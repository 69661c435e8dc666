#include "mime/address.h"

#include "mime/encoding.h"
#include "error.h"

#include <arpa/inet.h>

namespace smtp {

namespace {

[[noreturn]] void bad(std::string_view address, const std::string& why) {
    throw_invalid_argument("invalid email address \"" + std::string(address) + "\": " + why);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool is_atext(unsigned char c) {
    if (c >= 0x80) return true;  // UTF-8 (RFC 6532)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

void validate_local_part(std::string_view address, std::string_view local) {
    if (local.empty()) bad(address, "nothing before the @");
    if (local.size() > 64) bad(address, "the part before the @ is longer than 64 characters");
    if (local.front() == '"') {
        if (local.size() < 2 || local.back() != '"') bad(address, "unterminated quotes");
        for (std::size_t i = 1; i + 1 < local.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(local[i]);
            if (c == '\\') { ++i; continue; }
            if (c == '"' || c < 0x20 || c == 0x7F) bad(address, "invalid character in the quoted part");
        }
        return;
    }
    if (local.front() == '.' || local.back() == '.') bad(address, "a dot may not start or end the part before the @");
    if (local.find("..") != std::string_view::npos) bad(address, "two dots in a row");
    for (char c : local)
        if (c != '.' && !is_atext(static_cast<unsigned char>(c)))
            bad(address, std::string("the character '") + c + "' is not allowed before the @ without quotes");
}

void validate_domain(std::string_view address, std::string_view domain) {
    if (domain.empty()) bad(address, "nothing after the @");
    if (domain.size() > 255) bad(address, "the domain is longer than 255 characters");
    if (domain.front() == '[') {
        if (domain.back() != ']') bad(address, "unterminated address literal");
        std::string lit(domain.substr(1, domain.size() - 2));
        unsigned char buf[16];
        bool ok = lit.rfind("IPv6:", 0) == 0 ? inet_pton(AF_INET6, lit.c_str() + 5, buf) == 1
                                             : inet_pton(AF_INET, lit.c_str(), buf) == 1;
        if (!ok) bad(address, "invalid IP address literal");
        return;
    }
    std::size_t start = 0;
    for (;;) {
        std::size_t dot = domain.find('.', start);
        std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty()) bad(address, "empty label in the domain");
        if (label.size() > 63) bad(address, "a domain label is longer than 63 characters");
        if (label.front() == '-' || label.back() == '-') bad(address, "a domain label may not start or end with '-'");
        for (unsigned char c : label)
            if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
                bad(address, std::string("the character '") + static_cast<char>(c) + "' is not allowed in a domain");
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
}

} // namespace

void reject_line_breaks(std::string_view value, std::string_view field) {
    for (char c : value) {
        if (c == '\r' || c == '\n')
            throw_invalid_argument(std::string(field) + " contains a line break (CR/LF); header injection is not allowed");
        if (c == '\0') throw_invalid_argument(std::string(field) + " contains a NUL byte");
    }
}

void validate_address(std::string_view address) {
    reject_line_breaks(address, "email address");
    if (address.empty()) throw_invalid_argument("the email address is empty");
    if (address.size() > 254) bad(address, "longer than 254 characters");
    if (!is_valid_utf8(address)) bad(address, "not valid UTF-8");
    std::size_t at = address.rfind('@');
    if (at == std::string_view::npos) bad(address, "no @");
    validate_local_part(address, address.substr(0, at));
    validate_domain(address, address.substr(at + 1));
}

bool needs_smtputf8(std::string_view address) { return !is_ascii(address); }

Mailbox parse_mailbox(std::string_view text) {
    reject_line_breaks(text, "email address");
    std::string_view s = trim(text);
    Mailbox box;
    if (!s.empty() && s.back() == '>') {
        std::size_t open = s.rfind('<');
        if (open == std::string_view::npos) bad(text, "'>' without '<'");
        box.address = std::string(trim(s.substr(open + 1, s.size() - open - 2)));
        std::string_view name = trim(s.substr(0, open));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            std::string unq;
            for (std::size_t i = 1; i + 1 < name.size(); ++i) {
                if (name[i] == '\\' && i + 2 < name.size()) ++i;
                unq += name[i];
            }
            box.name = std::move(unq);
        } else {
            box.name = std::string(name);
        }
    } else {
        box.address = std::string(s);
    }
    validate_address(box.address);
    return box;
}

std::vector<Mailbox> parse_mailbox_list(std::string_view text) {
    std::vector<Mailbox> out;
    bool quoted = false, angle = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        char c = i < text.size() ? text[i] : ',';
        if (quoted && c == '\\') { ++i; continue; }  // a quoted pair: the next character is literal
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == '<') angle = true;
        else if (!quoted && c == '>') angle = false;
        if ((c == ',' && !quoted && !angle) || i == text.size()) {
            std::string_view item = trim(text.substr(start, i - start));
            if (!item.empty()) out.push_back(parse_mailbox(item));
            start = i + 1;
        }
    }
    return out;
}

std::string format_mailbox(const Mailbox& m) {
    if (m.name.empty()) return m.address;
    return encode_display_name(m.name) + " <" + m.address + ">";
}

} // namespace smtp
