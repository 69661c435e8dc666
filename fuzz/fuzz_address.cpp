// Address parsing and validation on arbitrary text. Checks: errors only as
// InvalidArgument; an accepted address passes validate_address, is
// well-formed UTF-8 and carries no CR, LF or NUL, nor anything that could
// end "MAIL FROM:<...>" early; its header form has no line break but folds,
// keeps the name's lines within 78 from its column, and reads back as the
// same mailbox; without SMTPUTF8 the form is ASCII whenever the address has
// an ASCII form (A-label domain); a list re-joined from its parsed
// mailboxes parses to the same list.
#include "mime/address.h"
#include "check.h"
#include "mime/encoding.h"
#include "error.h"

#include <cstdint>

namespace {

bool same(const smtp::Mailbox& a, const smtp::Mailbox& b) { return a.name == b.name && a.address == b.address; }

void check_address(const std::string& address) {
    smtp::validate_address(address);  // must not throw for what the parser accepted
    fuzz::expect(address.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos, "CR, LF or NUL in an address", address);
    fuzz::expect(fuzz::valid_utf8(address), "accepted address is not UTF-8", address);
    // Outside a quoted local part, nothing may close the angle brackets or start a parameter.
    std::size_t at = address.rfind('@');
    std::string_view local(address.data(), at), domain = std::string_view(address).substr(at + 1);
    if (local.empty() || local.front() != '"')
        fuzz::expect(local.find_first_of("<> \t") == std::string_view::npos, "'<', '>' or space in an unquoted local part", address);
    fuzz::expect(domain.find_first_of("<> \t\"") == std::string_view::npos, "'<', '>', quote or space in the domain", address);
}

std::string unfold(std::string s) {
    for (std::size_t i; (i = s.find("\r\n")) != std::string::npos;) s.erase(i, 2);
    return s;
}

bool encoded_name(const smtp::Mailbox& box, std::size_t column) {
    if (box.name.empty()) return false;
    const std::string d = smtp::encode_display_name(box.name, column);
    return d.rfind("=?UTF-8?B?", 0) == 0 || d.rfind("\r\n =?UTF-8?B?", 0) == 0;
}

// The header form reads back as the same mailbox (names that need RFC 2047
// encoding are compared after decoding).
void check_format(const smtp::Mailbox& box, std::size_t column) {
    std::string header = smtp::format_mailbox(box, column, true);
    fuzz::expect(fuzz::crlf_only(header), "bare CR or LF in a formatted mailbox", header);
    for (std::size_t i = header.find("\r\n"); i != std::string::npos; i = header.find("\r\n", i + 2))
        fuzz::expect(i + 2 < header.size() && header[i + 2] == ' ', "line break that is not a fold", header);
    auto lines = fuzz::crlf_lines(header);
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find('<') == std::string_view::npos && !box.name.empty())
            fuzz::expect(lines[i].size() + (i == 0 ? column : 0) <= 78, "display name line over 78 characters", header);

    // Without SMTPUTF8: ASCII, the domain as A-labels, whenever the address has an ASCII form.
    const std::string ascii = smtp::format_mailbox(box, column, false);
    try {
        const std::string a = smtp::address_for_server(box.address, false);
        fuzz::expect(smtp::is_ascii(ascii), "a mailbox with an ASCII form is not ASCII without SMTPUTF8", ascii);
        fuzz::expect(ascii.size() >= a.size() + (box.name.empty() ? 0 : 2) &&
                         ascii.compare(ascii.size() - a.size() - (box.name.empty() ? 0 : 1), a.size(), a) == 0,
                     "the ASCII form does not carry address_for_server()", ascii + " / " + a);
    } catch (const smtp::Error& e) {
        fuzz::expect(e.category() == smtp::ErrorCategory::InvalidArgument, "address_for_server: not InvalidArgument", e.what());
        fuzz::expect(smtp::needs_smtputf8(box.address) || !smtp::ascii_domain(box.address.substr(box.address.rfind('@') + 1)),
                     "address_for_server refused an address with an ASCII form", box.address);
    }

    if (encoded_name(box, column)) {
        std::size_t open = header.rfind(" <");
        fuzz::expect(open != std::string::npos, "encoded name without an address", header);
        std::string name = header.substr(0, open);
        if (name.rfind("\r\n ", 0) == 0) name.erase(0, 3);
        fuzz::expect(fuzz::header_decode(name) == box.name, "encoded display name does not decode back", header);
        fuzz::expect(header.substr(open + 2) == box.address + ">", "address changed in the header form", header);
        return;
    }
    smtp::Mailbox back;
    try {
        back = smtp::parse_mailbox(unfold(header));
    } catch (const smtp::Error& e) {
        fuzz::fail("the header form of an accepted mailbox does not parse", header + " : " + e.what());
    }
    fuzz::expect(same(back, box), "the header form reads back differently", header + " -> " + back.name + " <" + back.address + ">");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    try {
        smtp::validate_address(in);
        check_address(std::string(in));
    } catch (const smtp::Error& e) {
        fuzz::expect(e.category() == smtp::ErrorCategory::InvalidArgument, "validate_address: not InvalidArgument", e.what());
    }
    try {
        smtp::Mailbox box = smtp::parse_mailbox(in);
        check_address(box.address);
        fuzz::expect(box.name.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos, "CR, LF or NUL in a name", box.name);
        check_format(box, size % 79);
    } catch (const smtp::Error& e) {
        fuzz::expect(e.category() == smtp::ErrorCategory::InvalidArgument, "parse_mailbox: not InvalidArgument", e.what());
    }
    std::vector<smtp::Mailbox> list;
    try {
        list = smtp::parse_mailbox_list(in);
    } catch (const smtp::Error& e) {
        fuzz::expect(e.category() == smtp::ErrorCategory::InvalidArgument, "parse_mailbox_list: not InvalidArgument", e.what());
        return 0;
    }
    std::string joined;
    for (const auto& box : list) {
        check_address(box.address);
        check_format(box, 4);
        if (encoded_name(box, 1)) return 0;  // encoded names do not parse back
        joined += (joined.empty() ? "" : ", ") + unfold(smtp::format_mailbox(box, 1, true));
    }
    std::vector<smtp::Mailbox> again;
    try {
        again = smtp::parse_mailbox_list(joined);
    } catch (const smtp::Error& e) {
        fuzz::fail("a re-joined list does not parse", joined + " : " + e.what());
    }
    fuzz::expect(again.size() == list.size(), "a re-joined list has a different length", joined);
    for (std::size_t i = 0; i < list.size(); ++i) fuzz::expect(same(again[i], list[i]), "a re-joined list reads back differently", joined);
    return 0;
}
