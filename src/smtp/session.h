// An SMTP client session (RFC 5321): connect, EHLO, STARTTLS, AUTH, then any
// number of mail transactions over the same connection, QUIT on close.
// The parts: options.h (what it is told), wire.h (commands out, replies in,
// transcript), handshake.cpp (greeting to AUTH), transaction.h (MAIL to end
// of data, one handler per state), batch.cpp (send_many's order and retries).
#pragma once

#include "error.h"
#include "mime/message.h"
#include "smtp/options.h"
#include "smtp/reply.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smtp {

struct RecipientStatus {
    std::string address;
    Reply reply;
};

struct SendResult {
    std::string message_id;
    std::vector<std::string> accepted;
    std::vector<RecipientStatus> rejected;  // refused recipients when others were accepted
    Reply last_reply;                        // the reply to end of data
    double elapsed_seconds = 0;
};

// One entry of send_many(): exactly one of the two is set, or neither for
// a message its source did not give.
struct BatchOutcome {
    std::optional<SendResult> result;
    std::optional<Error> error;
};

// Gives message `index` of a batch as its turn comes (each index once, in
// order): one of the caller's, or `storage` (given empty) filled in, for a
// message converted as its turn comes and kept until it is sent; or nullptr
// when there is none to send (the caller has its own outcome for it).
using MessageSource = std::function<const Message*(std::size_t index, Message& storage)>;

class Wire;

class Session {
public:
    explicit Session(SessionOptions options);  // throws InvalidArgument (check_options)
    ~Session();  // sends QUIT if still connected; never throws
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Greeting, EHLO (HELO fallback), STARTTLS, AUTH. send() calls it when needed.
    void open();
    bool is_open() const noexcept;

    // Validates the message (throws InvalidArgument before any byte is
    // written), then runs one transaction (more when the server defers
    // recipients with "452 too many recipients"). Throws Error when nothing
    // was accepted; partial recipient refusals are reported in the result.
    SendResult send(const Message& message);

    // Sends each message over this connection, pipelining transactions when
    // the server allows. A refused message does not stop the others; one
    // whose connection broke before its body was sent is tried once more on
    // a new connection; nothing is sent again once its body may have arrived.
    std::vector<BatchOutcome> send_many(const std::vector<Message>& messages);
    std::vector<BatchOutcome> send_many(std::size_t count, const MessageSource& source);

    // QUIT and close. Safe to call twice.
    void close() noexcept;

    // For a connection kept across PHP requests:
    // RSET goes first in the next send, in the same write as its envelope
    // (no extra round trip): a transaction an earlier user left open is reset.
    void reset_before_next_send() noexcept;
    // Closes without a word, for a forked child: the parent still talks on it.
    void abandon() noexcept;

    const Capabilities& capabilities() const noexcept { return caps_; }
    // Everything said in both directions, AUTH payloads replaced by "<redacted>".
    const std::string& transcript() const noexcept;
    bool tls_active() const noexcept;

private:
    void start_clock();
    void login();  // connect_and_login() unless open; on failure the connection is closed
    void connect_and_login();
    void ehlo();
    void starttls();
    void authenticate();
    std::vector<BatchOutcome> transact(std::size_t count, const MessageSource& source);
    void drop_connection() noexcept;

    SessionOptions opts_;
    std::unique_ptr<Wire> wire_;
    Capabilities caps_;
    bool open_ = false;
    bool need_rset_ = false;  // the last transaction was abandoned before its end
};

} // namespace smtp
