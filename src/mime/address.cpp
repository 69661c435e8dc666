#include "mime/address.h"

#include "mime/encoding.h"
#include "error.h"

#include <arpa/inet.h>
#include <idn2.h>

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
        if (c != '.' && static_cast<unsigned char>(c) < 0x80 && !is_atext(static_cast<unsigned char>(c)))  // UTF-8: RFC 6532
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

bool needs_smtputf8(std::string_view address) {
    std::size_t at = address.rfind('@');
    return !is_ascii(address.substr(0, at == std::string_view::npos ? address.size() : at));
}

std::optional<std::string> ascii_domain(std::string_view domain) {
    if (is_ascii(domain)) return std::string(domain);
    char* out = nullptr;
    const std::string in(domain);
    if (idn2_to_ascii_8z(in.c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK) return std::nullopt;
    std::string result(out);
    idn2_free(out);
    // libidn2 passes through what is not its business (spaces, empty labels): check the result.
    if (result.size() > 253) return std::nullopt;
    for (std::size_t start = 0;;) {
        std::size_t dot = result.find('.', start);
        std::string_view label = std::string_view(result).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return std::nullopt;
        for (unsigned char c : label)
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return std::nullopt;
        if (dot == std::string::npos) return result;
        start = dot + 1;
    }
}

std::string address_for_server(std::string_view address, bool smtputf8) {
    if (smtputf8 || is_ascii(address)) return std::string(address);
    if (needs_smtputf8(address))
        throw_invalid_argument("the address \"" + std::string(address) +
                               "\" has non-ASCII characters before the @, which only a server offering SMTPUTF8 accepts");
    std::size_t at = address.rfind('@');
    auto domain = ascii_domain(address.substr(at + 1));
    if (!domain)
        throw_invalid_argument("the domain of \"" + std::string(address) +
                               "\" has no ASCII (A-label) form, which a server without SMTPUTF8 needs");
    return std::string(address.substr(0, at + 1)) + *domain;
}

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

std::string format_mailbox(const Mailbox& m, std::size_t column, bool smtputf8) {
    std::string address(m.address);
    try {
        address = address_for_server(m.address, smtputf8);
    } catch (const Error&) {
        // Kept as given: the session refuses it for a server without SMTPUTF8.
    }
    if (m.name.empty()) return address;
    std::string out = encode_display_name(m.name, column);
    std::size_t nl = out.rfind("\r\n");
    std::size_t col = nl == std::string::npos ? column + out.size() : out.size() - nl - 2;
    // "<addr>" goes on a line of its own when it would push this one past 78.
    out += col + 2 + address.size() + 1 > 78 ? "\r\n <" : " <";
    return out + address + ">";
}

std::string format_mailbox_list(const std::vector<Mailbox>& list, std::size_t column, bool smtputf8) {
    std::string out;
    for (const auto& box : list) {
        if (!out.empty()) out += ",\r\n ";  // one mailbox a line keeps every line short
        out += format_mailbox(box, out.empty() ? column : 1, smtputf8);
    }
    return out;
}

} // namespace smtp
