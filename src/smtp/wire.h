// The connection as the session sees it: commands queued and written in one
// go (so pipelined commands share a packet), replies read with the time
// limit of their stage, and a transcript of both directions.
#pragma once

#include "error.h"
#include "smtp/options.h"
#include "smtp/reply.h"
#include "smtp/transport.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace smtp {

// Command lines rendered ahead of their turn: their bytes for the wire and
// their lines for the transcript, as Wire::queue() would write them.
struct Commands {
    std::string bytes, transcript;
    void add(std::string_view line);
    bool empty() const noexcept { return bytes.empty(); }
    void clear() noexcept { bytes.clear(), transcript.clear(); }
};

class Wire {
public:
    using Clock = std::chrono::steady_clock;
    explicit Wire(const SessionOptions& options) : opts_(options) {}

    // A new connection (the old one, if any, dropped), subject to the overall deadline.
    void connect(TransportOptions t);
    bool connected() const noexcept { return transport_ && transport_->connected(); }
    // Connected by the parent of this fork()ed process (see Transport::inherited).
    bool inherited() const noexcept { return transport_ && transport_->inherited(); }
    Transport& transport() { return *transport_; }
    bool tls_active() const noexcept { return transport_ && transport_->tls_active(); }

    // The end of the current send()/open() call; Clock::time_point::max(): none.
    void set_deadline(Clock::time_point deadline);

    // Adds a command line to the output buffer.
    void queue(const std::string& line);
    void queue(const Commands& commands);
    // Adds a line carrying credentials (AUTH): redacted in the transcript, and
    // the output buffer is wiped once it is written or dropped.
    void queue_secret(const Secret& line);
    // The output buffer, for message bytes appended by the caller.
    std::string& out() noexcept { return out_; }
    void flush();
    // The next reply, waited for with the stage's limit (the end-of-data
    // limit after the message, the command limit otherwise). A 421, a timeout
    // or a closed connection drops the connection and throws.
    Reply read_reply(Stage stage);

    // Reply bytes received but not yet read (after STARTTLS: must be none).
    std::size_t unread() const noexcept { return parser_.buffered(); }
    void forget_unread() noexcept { parser_.clear(); }

    void note(const char* direction, std::string_view text);
    const std::string& transcript() const noexcept { return transcript_; }
    // Closes the socket without a word and empties the buffers.
    void drop() noexcept;
    void clear_out() noexcept;  // empties the output buffer, wiping it when it held a secret
    void abandon() noexcept;  // drop() without a byte written (Transport::abandon)

private:
    void receive(Stage stage, std::optional<Clock::time_point>& deadline);
    void note_lines(std::string_view lines);  // already in the transcript's form, each ending in '\n'
    void note_reply(const Reply& reply);
    void trim_transcript();  // drops the older half past a limit

    const SessionOptions& opts_;
    std::unique_ptr<Transport> transport_;
    ReplyParser parser_;
    std::string out_;
    bool out_has_secret_ = false;
    std::string transcript_;
    Clock::time_point deadline_ = Clock::time_point::max();
};

} // namespace smtp
