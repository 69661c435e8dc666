// Custom header fields by kind: which may carry RFC 2047 encoded-words and
// which must not (RFC 2047 5: never in message ids, addresses or URLs), and
// how each kind is checked and written.
#pragma once

#include "mime/message.h"

#include <string>
#include <string_view>

namespace smtp {

enum class FieldKind {
    Unstructured,  // Subject, Comments, and fields we do not know (RFC 5322 3.6.8): encoded when needed
    Structured,    // message ids, URLs, dates, tokens (In-Reply-To, References, List-*...): folded, never encoded
    Mailboxes,     // address lists (Sender, Resent-To, Disposition-Notification-To...): parsed and written as mailboxes
};

FieldKind field_kind(std::string_view name);

// Throws InvalidArgument naming the field and the fix: a bad name, a line
// break, a field we generate from the message, a structured value that is
// not ASCII or cannot be folded within 998 octets, a bad mailbox.
void validate_custom_header(const Header& header);

// "Name: value" ended by CRLF, folded; addresses in the form the server
// takes (A-label domains without SMTPUTF8).
std::string write_custom_header(const Header& header, bool smtputf8);

} // namespace smtp
