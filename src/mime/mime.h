// The RFC 5322 / MIME form of a Message, produced as a stream: headers,
// text parts in the smallest safe transfer encoding, multipart structure,
// and base64 attachments read from their files chunk by chunk, so a large
// attachment costs a small fixed buffer, not several copies of itself. The
// form depends on what the server offers (8BITMIME, SMTPUTF8).
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

// The extensions of the server that change the wire form.
struct WireFeatures {
    bool eight_bit_mime = false;  // text parts may go as 8bit (RFC 6152)
    bool smtputf8 = false;        // headers may carry UTF-8 addresses (RFC 6531/6532); else A-label domains
    bool operator==(const WireFeatures& o) const { return eight_bit_mime == o.eight_bit_mime && smtputf8 == o.smtputf8; }
};

class MimeBody {
public:
    // The Message must outlive the MimeBody (it is read in place).
    // id_domain: right side of a generated Message-ID.
    MimeBody(const Message& m, std::string_view id_domain, WireFeatures server = {});
    ~MimeBody();
    MimeBody(const MimeBody&) = delete;
    MimeBody& operator=(const MimeBody&) = delete;

    // Lays the message out again for a server with these extensions (the
    // Message-ID stays) and rewinds; nothing is done when they are the same.
    void fit(WireFeatures server);

    const std::string& message_id() const noexcept { return message_id_; }
    // Exact number of bytes read() produces (for the SIZE parameter).
    std::uint64_t size() const noexcept { return size_; }
    // True when raw 8-bit bytes appear anywhere (BODY=8BITMIME).
    bool eight_bit() const noexcept { return eight_bit_; }
    // True when the body has 8-bit bytes: 8bit text parts (built only for a
    // server offering 8BITMIME) or a raw message's.
    bool eight_bit_body() const noexcept { return eight_bit_body_; }
    // True when the header section carries raw UTF-8 (RFC 6532): addresses
    // as given for a server offering SMTPUTF8; without it, addresses that
    // have no ASCII form (a non-ASCII local part), which that server cannot take.
    bool utf8_headers() const noexcept { return utf8_headers_; }
    // Copies the next bytes (CRLF line ends, not dot-stuffed); 0 at the end.
    // Throws InvalidArgument if an attachment file changed size meanwhile.
    std::size_t read(char* out, std::size_t cap);
    // Back to the first byte, for a second transaction with the same message
    // (recipients deferred by "452 too many recipients").
    void rewind() noexcept;
    // All of what read() gives, when it is one block in memory (no
    // attachment); else nullptr.
    const std::string* in_memory() const noexcept {
        const bool one = segments_.size() == 1 && segments_[0].path.empty() && !segments_[0].data;
        return one ? &segments_[0].text : nullptr;
    }

private:
    struct Segment {
        std::string text;              // literal bytes, or...
        std::string path;              // ...a file to send as base64 lines, or...
        const std::string* data = nullptr;  // ...bytes in memory to send as base64 lines
        std::uint64_t raw_size = 0;    // bytes of the file or data
    };
    friend class MimeWriter;
    void layout(WireFeatures server);
    bool refill();

    const Message& message_;
    WireFeatures server_;
    std::vector<Segment> segments_;
    std::string message_id_;
    std::uint64_t size_ = 0;
    bool eight_bit_ = false;
    bool eight_bit_body_ = false;
    bool utf8_headers_ = false;

    // Read position.
    std::size_t segment_ = 0;
    std::size_t offset_ = 0;      // in the current text segment
    std::string encoded_;         // base64 lines waiting to be copied out
    std::size_t encoded_pos_ = 0;
    std::FILE* file_ = nullptr;
    std::uint64_t raw_done_ = 0;  // bytes of the current attachment encoded so far
};

} // namespace smtp
