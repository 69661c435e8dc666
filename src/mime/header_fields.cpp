#include "mime/header_fields.h"

#include "ascii.h"
#include "error.h"
#include "mime/address.h"
#include "mime/encoding.h"

namespace smtp {

namespace {

// Set from the Message's own fields; a custom header may not repeat them.
const char* const kGenerated[] = {"from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version",
                                  "content-type", "content-transfer-encoding", "reply-to"};

// RFC 5322 3.6, RFC 2369 and 8058 (List-*), RFC 2919 (List-Id), RFC 3834,
// RFC 6376 (DKIM), RFC 8617 (ARC), RFC 5064 (Archived-At) and friends.
const char* const kStructured[] = {
    "in-reply-to", "references", "resent-message-id", "resent-date", "archived-at", "auto-submitted", "precedence",
    "priority", "importance", "sensitivity", "x-priority", "feedback-id", "received", "return-path", "expires",
    "authentication-results", "received-spf", "autocrypt", "require-recipient-valid-since", "tls-required",
    "x-auto-response-suppress", "message-context"};
const char* const kStructuredPrefixes[] = {"list-", "content-", "dkim-", "arc-"};

const char* const kMailboxes[] = {"sender", "resent-from", "resent-sender", "resent-to", "resent-cc", "resent-bcc",
                                  "resent-reply-to", "disposition-notification-to", "return-receipt-to", "errors-to",
                                  "mail-followup-to", "mail-reply-to"};

bool is_header_name(std::string_view name) {
    if (name.empty()) return false;
    for (unsigned char c : name)
        if (c < 33 || c > 126 || c == ':') return false;
    return true;
}

} // namespace

FieldKind field_kind(std::string_view name) {
    const std::string n = ascii_lower(name);
    for (const char* m : kMailboxes)
        if (n == m) return FieldKind::Mailboxes;
    for (const char* s : kStructured)
        if (n == s) return FieldKind::Structured;
    for (const char* p : kStructuredPrefixes)
        if (n.rfind(p, 0) == 0) return FieldKind::Structured;
    return FieldKind::Unstructured;
}

void validate_custom_header(const Header& h) {
    if (!is_header_name(h.name) || h.name.size() > 76)
        throw_invalid_argument("invalid header name \"" + h.name + "\": use up to 76 letters, digits and '-'");
    reject_line_breaks(h.value, "header " + h.name);
    const std::string n = ascii_lower(h.name);
    for (const char* g : kGenerated)
        if (n == g)
            throw_invalid_argument("the header " + h.name + " is set from the message's fields; set that field instead of a custom header");
    switch (field_kind(h.name)) {
    case FieldKind::Unstructured:
        return;
    case FieldKind::Structured:
        try {
            fold_structured(h.value, h.name.size() + 2);
        } catch (const Error& e) {
            throw_invalid_argument("header " + h.name + ": " + e.what());
        }
        return;
    case FieldKind::Mailboxes:
        if (parse_mailbox_list(h.value).empty()) throw_invalid_argument("header " + h.name + " holds no email address");
        return;
    }
}

std::string write_custom_header(const Header& h, bool smtputf8) {
    const std::size_t used = h.name.size() + 2;
    std::string value;
    switch (field_kind(h.name)) {
    case FieldKind::Unstructured: value = encode_header_value(h.value, used); break;
    case FieldKind::Structured: value = fold_structured(h.value, used); break;
    case FieldKind::Mailboxes: value = format_mailbox_list(parse_mailbox_list(h.value), used, smtputf8); break;
    }
    return h.name + ": " + value + "\r\n";
}

} // namespace smtp
