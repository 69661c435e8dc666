// send() and send_many(): which transaction goes next on the connection, and
// what happens when the connection breaks. The policy:
// - a failure on the way to a ready session (connect, TLS, certificate,
//   AUTH) fails every message left: another connection would meet it again,
//   and a second wrong password can lock the account;
// - in send_many(), a message whose connection broke before any byte of its
//   body was written is tried once more on a new connection; once the body
//   may have reached the server it is never sent again (it may have been
//   delivered). With CHUNKING the body leaves with the envelope, so a break
//   after that write is never retried;
// - two broken connections in a row end the batch.
#include "smtp/session.h"
#include "smtp/transaction.h"
#include "smtp/wire.h"

#include <deque>
#include <optional>

namespace smtp {

namespace {

using State = Transaction::State;

// Lays the message out for this server; the reason it cannot take it, if
// any, answered without asking it.
std::optional<Error> unsendable(Delivery& d, const Capabilities& caps) {
    try {
        d.fit(caps);
    } catch (const Error& e) {
        return Error(ErrorCategory::MessageRejected, std::string(e.what()) + " (this server does not offer SMTPUTF8)",
                     0, {}, {}, "Use plain ASCII email addresses with this server.");
    }
    if (d.body.eight_bit_body() && !caps.eightbitmime)
        return Error(ErrorCategory::MessageRejected,
                     "the message body has 8-bit bytes but the server does not offer 8BITMIME", 0, {}, {},
                     "Encode the body as quoted-printable or base64 before sending it to this server.");
    if (caps.size_limit && d.body.size() > caps.size_limit)
        return Error(ErrorCategory::MessageRejected,
                     "the message is " + std::to_string(d.body.size()) + " bytes; the server accepts at most " +
                         std::to_string(caps.size_limit),
                     0, {}, {}, "Send smaller attachments, or share large files by link.");
    return std::nullopt;
}

std::vector<std::string> addresses(const std::vector<RecipientStatus>& list) {
    std::vector<std::string> out;
    for (const auto& r : list) out.push_back(r.address);
    return out;
}

} // namespace

std::vector<BatchOutcome> Session::transact(std::size_t count, const MessageSource& source) {
    start_clock();
    std::vector<BatchOutcome> outcomes(count);

    // Messages are taken from the source, checked and laid out as their turn
    // comes: while the server answers one message, the client lays out the
    // one after next and dot-stuffs the next (prepare()), work the raw
    // protocol leaves idle. What can be checked without the server is checked
    // before a message's first byte is written. The first is laid out before
    // connecting, so a batch with nothing to send opens no connection.
    std::size_t taken = 0;  // messages asked of the source
    std::unique_ptr<Message> spare;  // for the source to fill
    // The next message, checked, with the storage it lives in when the
    // source filled it; nullptr when it has none or cannot be sent (its outcome set).
    auto take = [&](std::unique_ptr<Message>& owned) -> const Message* {
        const std::size_t i = taken++;
        try {
            if (!spare) spare = std::make_unique<Message>();
            const Message* m = source(i, *spare);
            if (m == spare.get()) owned = std::move(spare);
            else if (!m) *spare = Message{};  // a conversion that failed half-way: empty again for the next
            if (m) validate_message(*m);
            return m;
        } catch (const Error& e) {
            outcomes[i].error = e;
            return nullptr;
        }
    };
    std::deque<std::unique_ptr<Delivery>> deliveries;  // freed in order as their outcomes are given
    std::deque<Transaction> work;
    // Until `want` transactions wait or none is left; for_server: fitted to
    // this server's extensions (after login), the ones it cannot take failed.
    auto lay_out = [&](std::size_t want, bool for_server = true) {
        while (work.size() < want && taken < count) {
            const std::size_t i = taken;
            std::unique_ptr<Message> owned;
            const Message* m = take(owned);
            if (!m) continue;
            try {
                auto d = std::make_unique<Delivery>(i, *m, std::move(owned));
                if (auto why = for_server ? unsendable(*d, caps_) : std::nullopt) {
                    outcomes[i].error = std::move(why);
                    continue;
                }
                deliveries.push_back(std::move(d));
                work.emplace_back(*deliveries.back(), deliveries.back()->recipients);
            } catch (const Error& e) {
                outcomes[i].error = e;
            }
        }
        return !work.empty();
    };
    auto prepare = [&] {
        lay_out(3);  // the front, the next (its envelope on its way) and the one its body will carry
        for (Transaction& t : work) stage_message(caps_, t);
    };

    // Counts a transaction and, when it was its message's last, gives the outcome.
    auto tally = [&](Transaction& t) {
        settle(t);
        Delivery& d = *t.delivery;
        if (--d.transactions > 0) return;
        BatchOutcome& out = outcomes[d.index];
        if (d.delivered) {
            d.result.elapsed_seconds = std::chrono::duration<double>(Wire::Clock::now() - d.started).count();
            out.result = std::move(d.result);
        } else {
            out.error = std::move(d.error);
        }
        d.finished = true;
        while (!deliveries.empty() && deliveries.front()->finished) deliveries.pop_front();
    };
    auto finish = [&](std::deque<Transaction>::iterator it) {
        tally(*it);
        return work.erase(it);
    };
    // Transactions whose replies are all in, counted after the next write,
    // while the server reads it, rather than between a reply and that write.
    std::deque<Transaction> ended;
    auto end_front = [&] {
        ended.push_back(std::move(work.front()));
        work.pop_front();
    };
    auto count_ended = [&] {
        for (Transaction& t : ended) tally(t);
        ended.clear();
    };
    auto fail_front = [&](const Error& e) {
        work.front().failure = e;
        finish(work.begin());
    };
    auto fail_rest = [&](const Error& e) {  // every message not yet delivered or failed
        while (!work.empty()) fail_front(e);
        while (taken < count) {  // a message's own fault comes first
            const std::size_t i = taken;
            std::unique_ptr<Message> owned;
            if (take(owned)) outcomes[i].error = e;
        }
    };

    // A connection kept from an earlier send (a persistent one, across PHP
    // requests) may have died since without a word: as in a batch, a message
    // it breaks under before its body is written goes once more on a new one.
    const bool may_retry = count > 1 || open_;
    int broken_in_a_row = 0;
    while (lay_out(1, false)) {
        bool ready = false;
        try {
            // A kept-open connection the server has since closed (idle
            // timeout, 421) is replaced before anything is sent on it.
            if (open_ && wire_->transport().readable_now()) {
                wire_->note("*", "the server closed the idle connection; reconnecting");
                drop_connection();
            }
            login();
            ready = true;
            // Those laid out before login, or for an earlier connection, fitted to this one.
            for (auto it = work.begin(); it != work.end();) {
                it->unstage();
                auto why = it->delivery->delivered ? std::nullopt : unsendable(*it->delivery, caps_);
                if (!why) { ++it; continue; }
                it->failure = std::move(why);
                it = finish(it);
            }
            if (!lay_out(1)) break;

            queue_envelope(*wire_, caps_, work.front(), need_rset_);
            need_rset_ = false;
            wire_->flush();
            prepare();
            while (lay_out(1)) {
                while (!work.front().handing_over() && work.front().state != State::Done)
                    advance(*wire_, caps_, work.front());
                if (work.front().handing_over()) {
                    Transaction& t = work.front();
                    if (!t.deferred.empty()) {  // 452 too many recipients: the rest go next
                        auto rest = addresses(t.deferred);
                        t.deferred.clear();
                        work.emplace(work.begin() + 1, *t.delivery, std::move(rest));
                    }
                    if (work.front().state == State::Body) queue_message(*wire_, work.front());
                    // The next transaction rides in the same write as this end of data.
                    // With CHUNKING that reads the next message's attachments: if one
                    // changed, this message's end is on its way all the same, so its
                    // reply is read before the connection is dropped for the next.
                    std::optional<Error> next_changed;
                    if (work.size() > 1 && caps_.pipelining) {
                        try {
                            queue_envelope(*wire_, caps_, work[1], false);
                        } catch (const Error& e) {
                            if (e.category() != ErrorCategory::AttachmentChanged) throw;
                            next_changed = e;  // only whole BDAT chunks were queued, never LAST
                        }
                    }
                    wire_->flush();
                    count_ended();
                    if (!next_changed) prepare();
                    while (work.front().state != State::Done) advance(*wire_, caps_, work.front());
                    end_front();
                    if (next_changed) throw *next_changed;
                    if (lay_out(1) && !caps_.pipelining) {
                        queue_envelope(*wire_, caps_, work.front(), false);
                        wire_->flush();
                    }
                } else {
                    // Refused before the message: the server still holds the
                    // transaction's state, so RSET before the next one.
                    finish(work.begin());
                    if (!lay_out(1)) {
                        need_rset_ = true;
                    } else {
                        queue_envelope(*wire_, caps_, work.front(), true);
                        wire_->flush();
                        prepare();
                    }
                }
                broken_in_a_row = 0;
            }
        } catch (const Error& e) {
            drop_connection();
            count_ended();
            if (!ready) {
                fail_rest(e);
                break;
            }
            // Every transaction whose message was written may have been
            // delivered (with CHUNKING the next one's is written early too;
            // one whose attachment changed was never ended, and fails here).
            bool failed = false;
            while (!work.empty() && work.front().body_started()) {
                fail_front(e);
                failed = true;
            }
            if (!failed && !work.empty()) {
                Transaction& t = work.front();
                if (!may_retry || t.retried) {
                    fail_front(e);
                } else {
                    t.restart();
                    t.retried = true;
                }
            }
            if (++broken_in_a_row >= 2 || !may_retry) fail_rest(e);
        }
    }
    count_ended();
    return outcomes;
}

} // namespace smtp
