#include "smtp/session.h"

#include "smtp/wire.h"

namespace smtp {

Session::Session(SessionOptions options) : opts_(std::move(options)) {
    check_options(opts_);
    wire_ = std::make_unique<Wire>(opts_);
}

Session::~Session() { close(); }

bool Session::is_open() const noexcept { return open_; }

bool Session::tls_active() const noexcept { return wire_->tls_active(); }

const std::string& Session::transcript() const noexcept { return wire_->transcript(); }

void Session::start_clock() {
    wire_->set_deadline(opts_.total_timeout.count() > 0 ? Wire::Clock::now() + opts_.total_timeout
                                                        : Wire::Clock::time_point::max());
}

void Session::open() {
    start_clock();
    login();
}

void Session::login() {
    // A fork()ed child never talks on its parent's connection: it lets go of
    // its copy silently and opens its own.
    if (wire_->inherited()) drop_connection();
    if (open_) return;
    try {
        connect_and_login();
        open_ = true;
    } catch (const Error& e) {
        // A peer that broke the protocol gets no further word (not even QUIT
        // in clear after a failed STARTTLS); the others a polite goodbye.
        if (e.category() == ErrorCategory::Protocol) drop_connection();
        else close();
        throw;
    } catch (...) {
        close();
        throw;
    }
}

SendResult Session::send(const Message& message) {
    auto outcome = transact(1, [&](std::size_t, Message&) { return &message; });
    if (outcome.front().error) throw *outcome.front().error;
    return std::move(*outcome.front().result);
}

std::vector<BatchOutcome> Session::send_many(const std::vector<Message>& messages) {
    return transact(messages.size(), [&](std::size_t i, Message&) { return &messages[i]; });
}

std::vector<BatchOutcome> Session::send_many(std::size_t count, const MessageSource& source) {
    return transact(count, source);
}

void Session::drop_connection() noexcept {
    wire_->drop();
    open_ = false;
    need_rset_ = false;
    caps_ = Capabilities{};
}

void Session::reset_before_next_send() noexcept {
    if (open_) need_rset_ = true;
}

void Session::abandon() noexcept {
    wire_->abandon();
    drop_connection();
}

void Session::close() noexcept {
    if (wire_ && wire_->connected() && !wire_->inherited()) {
        try {
            if (open_ || caps_.esmtp) {
                // QUIT's reply is not awaited: it would cost a round trip and
                // changes nothing for the messages already accepted.
                wire_->out().clear();
                wire_->queue("QUIT");
                wire_->flush();
            }
        } catch (...) {
        }
    }
    if (wire_) drop_connection();
}

} // namespace smtp
