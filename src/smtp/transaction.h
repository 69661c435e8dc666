// One mail transaction (RFC 5321 3.3): MAIL, RCPT for each recipient, DATA,
// the message, and the reply to its end. Its replies are read by a small
// state machine, one handler per state, the way curl's lib/smtp.c does:
//
//   Rset? -> MailFrom -> RcptTo (one per recipient) -> Data -> Body -> EndOfData -> Done
//                                                            \-> Discard (354 with no recipient) -> Done
//   with CHUNKING:         ... RcptTo -> Chunks (one reply per BDAT, the last one LAST) -> Done
//
// With PIPELINING every command up to DATA is written at once and the
// handlers only read; without it each handler writes the next command. With
// CHUNKING (and PIPELINING) the message goes in that same write as
// "BDAT <n> LAST": one round trip, no dot-stuffing (RFC 3030).
// "452 too many recipients" defers a recipient to a further transaction
// with the same message (RFC 5321 4.5.3.1.10).
#pragma once

#include "error.h"
#include "mime/mime.h"
#include "smtp/session.h"
#include "smtp/wire.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smtp {

// One message of a send()/send_many() call, over all its transactions.
struct Delivery {
    std::size_t index;                    // in the caller's list
    std::unique_ptr<Message> owned;       // the message, when the batch's source gave a copy
    const Message& message;
    MimeBody body;
    std::vector<std::string> recipients;  // to, cc, bcc, each once, as given
    // Set by fit() once the server's extensions are known:
    std::string from;                     // MAIL FROM as this server takes it (A-labels without SMTPUTF8)
    bool utf8 = false;                    // raw UTF-8 in the envelope or headers: the SMTPUTF8 parameter (RFC 6531)
    std::chrono::steady_clock::time_point started{};
    SendResult result;                    // accepted/rejected over all its transactions
    bool delivered = false;               // some transaction ended in 250
    std::optional<Error> error;           // the first failure
    std::size_t transactions = 0;         // not yet counted (settle()); its outcome is given after the last
    bool finished = false;                // its outcome given: no transaction refers to it any more

    Delivery(std::size_t index, const Message& m, std::unique_ptr<Message> owned = nullptr);
    // Lays the message out for this server (8bit text with 8BITMIME, A-label
    // domains without SMTPUTF8). Throws InvalidArgument naming what only a
    // server offering SMTPUTF8 could take.
    void fit(const Capabilities& caps);
};

struct Transaction {
    enum class State { Rset, MailFrom, RcptTo, Data, Body, Discard, EndOfData, Chunks, Done };

    Delivery* delivery;
    std::vector<std::string> recipients;  // this transaction's share
    State state = State::MailFrom;
    bool retried = false;                 // already started again on a new connection

    bool body_sent = false;               // message bytes queued: they may reach the server
    std::size_t chunks = 0;               // BDAT commands sent
    std::size_t chunk_replies = 0;        // ...and their replies read
    std::size_t replied = 0;              // RCPT replies read
    std::vector<std::string> accepted;
    std::vector<RecipientStatus> rejected;
    std::vector<RecipientStatus> deferred;  // 452 too many recipients: for the next transaction
    std::optional<Error> failure;
    Reply end_reply;
    std::string staged;                   // the message dot-stuffed ahead of its turn (stage_message)...
    bool staged_as_is = false;            // ...or found to need no stuffing: its layout goes as it is
    Commands envelope;                    // MAIL, RCPT and DATA rendered ahead of their turn (stage_message)

    Transaction(Delivery& d, std::vector<std::string> rcpts) : delivery(&d), recipients(std::move(rcpts)) {
        ++d.transactions;
    }
    // Back to the start, for another connection: nothing of this one counted.
    void restart();
    // Drops what was rendered ahead for the connection's extensions.
    void unstage() noexcept { staged.clear(), staged_as_is = false, envelope.clear(); }
    // Whether message bytes may have reached the server: then never resent.
    bool body_started() const noexcept { return body_sent; }
    // Only the replies to the message remain: the next transaction may be queued.
    bool handing_over() const noexcept { return state == State::Body || state == State::Chunks; }
    bool delivered() const noexcept { return state == State::Done && !failure; }
};

// Writes what opens the transaction: RSET first when the previous one was
// abandoned, MAIL, and with PIPELINING every RCPT and DATA too (with
// CHUNKING: every RCPT and the message in BDAT commands).
void queue_envelope(Wire& wire, const Capabilities& caps, Transaction& t, bool rset_first);

// Reads the next reply and moves to the next state. In Body it does nothing:
// the caller sends the message (queue_message), possibly with the next
// transaction's envelope in the same write; in Chunks it reads BDAT replies.
void advance(Wire& wire, const Capabilities& caps, Transaction& t);

// Appends the dot-stuffed message and its end to the output buffer (writing
// whenever it fills), then moves to EndOfData.
void queue_message(Wire& wire, Transaction& t);

// Renders the envelope (with PIPELINING) and dot-stuffs a small message
// before their turn, while the server is busy with the one before, so
// queue_envelope() and queue_message() only copy them. No message is staged
// when large (it streams), with CHUNKING, or when reading it fails
// (queue_message() reports that in its place).
void stage_message(const Capabilities& caps, Transaction& t);

// Counts a finished transaction into its Delivery: delivered recipients as
// accepted, the others as rejected with their reply (or the failure).
void settle(Transaction& t);

} // namespace smtp
