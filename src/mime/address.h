// Mailbox parsing and validation: the practical subset of RFC 5321/5322
// addresses that real providers accept, UTF-8 local parts and domains
// (RFC 6531), and the CR/LF/NUL checks that stop header injection.
#pragma once

#include "mime/message.h"

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
// True when the address has a non-ASCII byte and so needs SMTPUTF8.
bool needs_smtputf8(std::string_view address);
// Throws InvalidArgument if the value has CR, LF or NUL, naming the field.
void reject_line_breaks(std::string_view value, std::string_view field);
// Header form: "Name <a@b>" with the name encoded as needed, or "a@b".
std::string format_mailbox(const Mailbox& mailbox);

} // namespace smtp
