// Mailbox parsing and validation: the practical subset of RFC 5321/5322
// addresses that real providers accept, UTF-8 local parts and domains
// (RFC 6531), and the CR/LF/NUL checks that stop header injection.
#pragma once

#include "mime/message.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smtp {

// "a@b", "Name <a@b>", "\"Doe, J\" <a@b>". Throws InvalidArgument.
Mailbox parse_mailbox(std::string_view text);
// Comma-separated mailboxes; commas inside quotes are kept; empty entries skipped.
std::vector<Mailbox> parse_mailbox_list(std::string_view text);
// Throws InvalidArgument naming the address and what is wrong with it.
void validate_address(std::string_view address);
// True when the address cannot be written in ASCII, so needs SMTPUTF8: its
// local part is not ASCII (a UTF-8 domain has an ASCII form, its A-labels).
bool needs_smtputf8(std::string_view address);
// The domain as A-labels ("例え.テスト" -> "xn--r8jz45g.xn--zckzah", IDNA2008
// with UTS #46 mapping, libidn2); ASCII domains unchanged; nullopt when it
// has no such form.
std::optional<std::string> ascii_domain(std::string_view domain);
// The address as a server takes it: unchanged when the server offers
// SMTPUTF8 or the address is ASCII, else with its domain as A-labels.
// Throws InvalidArgument when it cannot be written in ASCII.
std::string address_for_server(std::string_view address, bool smtputf8);
// Throws InvalidArgument if the value has CR, LF or NUL, naming the field.
void reject_line_breaks(std::string_view value, std::string_view field);
// Header form starting at `column`: "Name <a@b>" with the name encoded as
// needed and folded before "<" when the line would pass 78, or "a@b"; the
// address as address_for_server() gives it, or as it is when it has no
// ASCII form (the caller then needs SMTPUTF8: see needs_smtputf8()).
std::string format_mailbox(const Mailbox& mailbox, std::size_t column, bool smtputf8);
// Mailboxes separated by ",CRLF SP" (one a line), the first at `column`.
std::string format_mailbox_list(const std::vector<Mailbox>& list, std::size_t column, bool smtputf8);

} // namespace smtp
