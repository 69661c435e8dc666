// The message a caller wants to send, as plain data. Validation lives in
// address.h / mime.h; the wire form is produced by MimeBody (mime.h).
#pragma once

#include <string>
#include <vector>

namespace smtp {

struct Mailbox {
    std::string name;     // display name, UTF-8, may be empty
    std::string address;  // addr-spec "local@domain", UTF-8 allowed (SMTPUTF8)
};

struct Attachment {
    std::string path;          // read from this file (streamed) when non-empty...
    std::string data;          // ...otherwise these bytes
    std::string filename;      // shown name; defaults to basename(path)
    std::string content_type;  // defaults from the file extension, else application/octet-stream
    std::string content_id;    // non-empty: an inline part referenced as cid:<content_id>
};

struct Header {
    std::string name;
    std::string value;  // UTF-8; see header_fields.h for which fields may be encoded
};

struct Message {
    Mailbox from;
    std::vector<Mailbox> to, cc, bcc, reply_to;
    std::string subject;  // UTF-8
    std::string text;     // text/plain body, UTF-8
    std::string html;     // text/html body, UTF-8
    std::vector<Attachment> attachments;
    std::vector<Header> headers;  // extra headers; must not repeat the ones we generate
    std::string message_id;       // without <>; generated when empty
    std::string envelope_from;    // MAIL FROM (bounces go there); from.address when empty
    std::string date;             // the Date header's value; the current time when empty

    // A complete RFC 5322 message rendered elsewhere (Symfony Mime, a DKIM
    // signer...), sent byte for byte apart from CRLF line ends and
    // dot-stuffing. With it, every field above but `from` and `envelope_from`
    // stays empty and the recipients come from envelope_to.
    std::string raw;
    // RCPT TO when it differs from the headers (empty: to, cc and bcc).
    std::vector<std::string> envelope_to;
};

// MAIL FROM: the envelope sender when one is given, else the From address.
inline const std::string& envelope_sender(const Message& m) {
    return m.envelope_from.empty() ? m.from.address : m.envelope_from;
}

} // namespace smtp
