// One mail transaction (RFC 5321 3.3): MAIL, RCPT for each recipient, DATA,
// the message, and the reply to its end. Its replies are read by a small
// state machine, one handler per state, the way curl's lib/smtp.c does:
//
//   Rset? -> MailFrom -> RcptTo (one per recipient) -> Data -> Body -> EndOfData -> Done
//                                                            \-> Discard (354 with no recipient) -> Done
//
// With PIPELINING every command up to DATA is written at once and the
// handlers only read; without it each handler writes the next command.
// "452 too many recipients" defers a recipient to a further transaction
// with the same message (RFC 5321 4.5.3.1.10).
#pragma once

#include "error.h"
#include "mime/mime.h"
#include "smtp/session.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace smtp {

class Wire;

// One message of a send()/send_many() call, over all its transactions.
struct Delivery {
    std::size_t index;                    // in the caller's list
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

    Delivery(std::size_t index, const Message& m);
    // Lays the message out for this server (8bit text with 8BITMIME, A-label
    // domains without SMTPUTF8). Throws InvalidArgument naming what only a
    // server offering SMTPUTF8 could take.
    void fit(const Capabilities& caps);
};

struct Transaction {
    enum class State { Rset, MailFrom, RcptTo, Data, Body, Discard, EndOfData, Done };

    Delivery* delivery;
    std::vector<std::string> recipients;  // this transaction's share
    State state = State::MailFrom;
    bool retried = false;                 // already started again on a new connection

    std::size_t replied = 0;              // RCPT replies read
    std::vector<std::string> accepted;
    std::vector<RecipientStatus> rejected;
    std::vector<RecipientStatus> deferred;  // 452 too many recipients: for the next transaction
    std::optional<Error> failure;
    Reply end_reply;

    Transaction(Delivery& d, std::vector<std::string> rcpts) : delivery(&d), recipients(std::move(rcpts)) {}
    // Back to the start, for another connection: nothing of this one counted.
    void restart();
    // Whether message bytes may have reached the server: then never resent.
    bool body_started() const noexcept { return state == State::Body || state == State::EndOfData; }
    bool delivered() const noexcept { return state == State::Done && !failure; }
};

// Writes what opens the transaction: RSET first when the previous one was
// abandoned, MAIL, and with PIPELINING every RCPT and DATA too.
void queue_envelope(Wire& wire, const Capabilities& caps, Transaction& t, bool rset_first);

// Reads the next reply and moves to the next state. In Body it does nothing:
// the caller sends the message (queue_message), possibly with the next
// transaction's envelope in the same write.
void advance(Wire& wire, const Capabilities& caps, Transaction& t);

// Appends the dot-stuffed message and its end to the output buffer (writing
// whenever it fills), then moves to EndOfData.
void queue_message(Wire& wire, Transaction& t);

// Counts a finished transaction into its Delivery: delivered recipients as
// accepted, the others as rejected with their reply (or the failure).
void settle(Transaction& t);

} // namespace smtp
