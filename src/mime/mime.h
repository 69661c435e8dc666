// The RFC 5322 / MIME form of a Message, produced as a stream: headers,
// quoted-printable text parts, multipart structure, and base64 attachments
// read from their files chunk by chunk, so a large attachment costs a small
// fixed buffer, not several copies of itself.
#pragma once

#include "mime/message.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace smtp {

// Everything that can be wrong with a message before a server sees it.
// Throws InvalidArgument naming the field and the fix.
void validate_message(const Message& m);

class MimeBody {
public:
    // The Message must outlive the MimeBody (in-memory attachments are read
    // in place). id_domain: right side of a generated Message-ID.
    MimeBody(const Message& m, std::string_view id_domain);
    ~MimeBody();
    MimeBody(const MimeBody&) = delete;
    MimeBody& operator=(const MimeBody&) = delete;

    const std::string& message_id() const noexcept { return message_id_; }
    // Exact number of bytes read() produces (for the SIZE parameter).
    std::uint64_t size() const noexcept { return size_; }
    // True when raw 8-bit bytes appear in the headers (UTF-8 addresses: SMTPUTF8).
    bool eight_bit() const noexcept { return eight_bit_; }
    // True when the body has 8-bit bytes (only a raw message can: BODY=8BITMIME).
    bool eight_bit_body() const noexcept { return eight_bit_body_; }
    // Copies the next bytes (CRLF line ends, not dot-stuffed); 0 at the end.
    // Throws InvalidArgument if an attachment file changed size meanwhile.
    std::size_t read(char* out, std::size_t cap);
    // Back to the first byte, for a second transaction with the same message
    // (recipients deferred by "452 too many recipients").
    void rewind() noexcept;

private:
    struct Segment {
        std::string text;              // literal bytes, or...
        std::string path;              // ...a file to send as base64 lines, or...
        const std::string* data = nullptr;  // ...bytes in memory to send as base64 lines
        std::uint64_t raw_size = 0;    // bytes of the file or data
    };
    friend class MimeWriter;
    bool refill();

    std::vector<Segment> segments_;
    std::string message_id_;
    std::uint64_t size_ = 0;
    bool eight_bit_ = false;
    bool eight_bit_body_ = false;

    // Read position.
    std::size_t segment_ = 0;
    std::size_t offset_ = 0;      // in the current text segment
    std::string encoded_;         // base64 lines waiting to be copied out
    std::size_t encoded_pos_ = 0;
    std::FILE* file_ = nullptr;
    std::uint64_t raw_done_ = 0;  // bytes of the current attachment encoded so far
};

} // namespace smtp
