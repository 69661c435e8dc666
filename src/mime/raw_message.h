// Messages the caller rendered itself (Message::raw): what is checked before
// sending them, and what the session reads from them.
#pragma once

#include "mime/message.h"

#include <string>
#include <string_view>

namespace smtp {

// Throws InvalidArgument unless a raw message can go on the wire as it is:
// a header section, no NUL, lines within RFC 5322's 998 octets, a sender and
// at least one envelope recipient, and no structured field set beside it.
void validate_raw_message(const Message& m);

// Where the body starts: after the empty line ending the header section
// (the size of the message when it has no body).
std::size_t raw_body_offset(std::string_view raw);

// The Message-ID of a rendered message without the angle brackets; empty
// when its header section has none.
std::string raw_message_id(std::string_view raw);

} // namespace smtp
