#include "smtp/transaction.h"

#include "ascii.h"
#include "mime/address.h"
#include "mime/encoding.h"
#include "smtp/dot_stuffer.h"
#include "smtp/wire.h"

#include <array>
#include <charconv>
#include <cstring>

namespace smtp {

namespace {

constexpr std::size_t kFlushThreshold = 256 * 1024;  // message bytes queued before a write
constexpr std::size_t kChunkSize = 1024 * 1024;       // bytes per BDAT command
constexpr std::uint64_t kStageLimit = 64 * 1024;      // largest message staged ahead of its turn

std::string domain_of(const std::string& address) {
    auto at = address.rfind('@');
    return at == std::string::npos ? std::string("localhost") : address.substr(at + 1);
}

// Envelope recipients: the ones given for the envelope, else to, cc and bcc,
// each address once (case-insensitive).
std::vector<std::string> envelope_recipients(const Message& m) {
    if (!m.envelope_to.empty()) return m.envelope_to;
    std::vector<std::string> out, seen;
    for (const auto* list : {&m.to, &m.cc, &m.bcc}) {
        for (const auto& box : *list) {
            std::string key = ascii_lower(box.address);
            bool dup = false;
            for (const auto& s : seen) dup = dup || s == key;
            if (dup) continue;
            seen.push_back(std::move(key));
            out.push_back(box.address);
        }
    }
    return out;
}

// RFC 5321 4.5.3.1.10: the server takes no more recipients in this
// transaction. "452 4.2.2" (mailbox full) and other 452s are refusals.
bool too_many_recipients(const Reply& r) {
    if (r.code != 452) return false;
    if (!r.enhanced.empty()) return r.enhanced == "4.5.3";
    return ascii_lower(r.text()).find("too many recipients") != std::string::npos;
}

std::string join_rejections(const std::vector<RecipientStatus>& rejected) {
    std::string out;
    for (const auto& r : rejected) out += (out.empty() ? "" : "; ") + r.address + ": " + r.reply.text();
    return out;
}

std::string mail_from(const Delivery& d, const Capabilities& caps) {
    std::string line = "MAIL FROM:<" + d.from + ">";
    if (caps.size) line += " SIZE=" + std::to_string(d.body.size());
    if (d.body.eight_bit() && caps.eightbitmime) line += " BODY=8BITMIME";
    if (d.utf8) line += " SMTPUTF8";
    return line;
}

// Checked by Delivery::fit() before the transaction started.
std::string rcpt_to(const std::string& address, const Capabilities& caps) {
    return "RCPT TO:<" + address_for_server(address, caps.smtputf8) + ">";
}

void queue_chunks(Wire& wire, Transaction& t);

// With PIPELINING: MAIL, every RCPT and, without CHUNKING, DATA.
void stage_envelope(const Capabilities& caps, Transaction& t) {
    if (!t.envelope.empty()) return;
    t.envelope.add(mail_from(*t.delivery, caps));
    for (const auto& rcpt : t.recipients) t.envelope.add(rcpt_to(rcpt, caps));
    if (!caps.chunking) t.envelope.add("DATA");
}

// ---- one handler per state: read the reply, decide, write what comes next

void on_rset(Wire& wire, const Capabilities& caps, Transaction& t) {
    Reply r = wire.read_reply(Stage::Rset);
    if (r.code != 250) throw classify_reply(Stage::Rset, r);
    t.state = Transaction::State::MailFrom;
    if (caps.chunking && caps.pipelining && t.chunks == 0) {  // held back by queue_envelope
        queue_chunks(wire, t);
        wire.flush();
    }
}

void on_mail_from(Wire& wire, const Capabilities& caps, Transaction& t) {
    Reply r = wire.read_reply(Stage::MailFrom);
    if (!r.positive()) {
        t.failure = classify_reply(Stage::MailFrom, r);
        // Pipelined RCPTs and DATA are on the wire: their replies still come.
        t.state = caps.pipelining ? Transaction::State::RcptTo : Transaction::State::Done;
        return;
    }
    t.state = Transaction::State::RcptTo;
    if (!caps.pipelining) {
        wire.queue(rcpt_to(t.recipients.front(), caps));
        wire.flush();
    }
}

void on_rcpt_to(Wire& wire, const Capabilities& caps, Transaction& t) {
    Reply r = wire.read_reply(Stage::RcptTo);
    const std::string& rcpt = t.recipients[t.replied++];
    if (!t.failure) {  // after a refused MAIL these replies say nothing about the recipient
        if (r.klass() == 2) t.accepted.push_back(rcpt);
        else if (too_many_recipients(r)) t.deferred.push_back({rcpt, r});
        else t.rejected.push_back({rcpt, r});
    }
    if (!caps.pipelining && !t.deferred.empty()) {
        // The server takes no more here: the rest wait for the next transaction unasked.
        for (; t.replied < t.recipients.size(); ++t.replied) t.deferred.push_back({t.recipients[t.replied], r});
    }
    if (t.replied < t.recipients.size()) {
        if (!caps.pipelining) {
            wire.queue(rcpt_to(t.recipients[t.replied], caps));
            wire.flush();
        }
        return;
    }
    if (!t.failure && t.accepted.empty()) {
        // Nothing taken: the deferred have no transaction to go with either.
        for (auto& d : t.deferred) t.rejected.push_back(std::move(d));
        t.deferred.clear();
        Error e = classify_reply(Stage::RcptTo, t.rejected.front().reply);
        t.failure = Error(e.category(), "the server refused every recipient: " + join_rejections(t.rejected),
                          e.smtp_code(), e.enhanced_code(), e.server_reply(), e.hint());
    }
    if (t.chunks > 0) {  // the message is on its way already: its replies come next
        t.state = Transaction::State::Chunks;
        return;
    }
    if (t.failure && !caps.pipelining) {
        t.state = Transaction::State::Done;
        return;
    }
    t.state = Transaction::State::Data;
    if (!caps.pipelining) {
        wire.queue("DATA");
        wire.flush();
    }
}

void on_data(Wire& wire, Transaction& t) {
    Reply r = wire.read_reply(Stage::Data);
    if (r.code == 354 && !t.failure) {
        t.state = Transaction::State::Body;
    } else if (r.code == 354) {
        // A pipelining server may accept DATA after refusing every recipient
        // (RFC 2920 3.1): end the empty message; it has nowhere to go.
        wire.queue(".");
        wire.flush();
        t.state = Transaction::State::Discard;
    } else {
        if (!t.failure) t.failure = classify_reply(Stage::Data, r);
        t.state = Transaction::State::Done;
    }
}

void on_discard(Wire& wire, Transaction& t) {
    wire.read_reply(Stage::EndOfData);
    t.state = Transaction::State::Done;
}

// RFC 3030: a refused chunk fails the transaction; the server discards the
// chunks after it but still answers each.
void on_chunk(Wire& wire, Transaction& t) {
    Reply r = wire.read_reply(Stage::EndOfData);
    const bool last = ++t.chunk_replies == t.chunks;
    if (r.code != 250 && !t.failure) t.failure = classify_reply(Stage::EndOfData, r);
    if (!last) return;
    if (!t.failure) t.end_reply = std::move(r);
    t.state = Transaction::State::Done;
}

// The message as BDAT commands: line ends made CRLF, dots left alone.
void queue_chunks(Wire& wire, Transaction& t) {
    MimeBody& body = t.delivery->body;
    body.rewind();
    t.body_sent = true;
    std::array<char, 65536> buf;
    DotStuffer lines(false);
    std::string chunk;
    auto emit = [&](bool last) {
        wire.note("C", "BDAT " + std::to_string(chunk.size()) + (last ? " LAST" : "") + " <message bytes>");
        std::string& out = wire.out();
        out += "BDAT " + std::to_string(chunk.size()) + (last ? " LAST\r\n" : "\r\n");
        out += chunk;
        chunk.clear();
        ++t.chunks;
        if (out.size() >= kFlushThreshold) wire.flush();
    };
    while (std::size_t n = body.read(buf.data(), buf.size())) {
        lines.feed(std::string_view(buf.data(), n), chunk);
        if (chunk.size() >= kChunkSize) emit(false);
    }
    lines.end_line(chunk);
    emit(true);
}

void on_end_of_data(Wire& wire, Transaction& t) {
    Reply r = wire.read_reply(Stage::EndOfData);
    if (r.code == 250) t.end_reply = std::move(r);
    else t.failure = classify_reply(Stage::EndOfData, r);
    t.state = Transaction::State::Done;
}

// Appends the message, dot-stuffed, and its end; `full` is called whenever
// `out` has grown past the flush threshold. Returns the message's size.
template <class Full>
std::uint64_t stuff_message(MimeBody& body, std::string& out, Full full) {
    body.rewind();  // a second transaction sends the same bytes again
    std::array<char, 65536> buf;
    DotStuffer stuffer;
    std::uint64_t total = 0;
    while (std::size_t n = body.read(buf.data(), buf.size())) {
        total += n;
        stuffer.feed(std::string_view(buf.data(), n), out);
        if (out.size() >= kFlushThreshold) full();
    }
    stuffer.finish(out);
    return total;
}

} // namespace

Delivery::Delivery(std::size_t i, const Message& m, std::unique_ptr<Message> copy)
    : index(i), owned(std::move(copy)), message(m), body(m, domain_of(envelope_sender(m))), recipients(envelope_recipients(m)) {
    result.message_id = body.message_id();
}

void Delivery::fit(const Capabilities& caps) {
    body.fit({caps.eightbitmime, caps.smtputf8});
    from = address_for_server(envelope_sender(message), caps.smtputf8);
    bool raw = body.utf8_headers() || !is_ascii(from);
    for (const auto& r : recipients) raw = !is_ascii(address_for_server(r, caps.smtputf8)) || raw;
    if (body.utf8_headers() && !caps.smtputf8)
        throw_invalid_argument("the message has UTF-8 in its header section (such as an address with non-ASCII characters "
                               "before the @), which only a server offering SMTPUTF8 accepts");
    utf8 = raw && caps.smtputf8;
}

void Transaction::restart() {
    state = State::MailFrom;
    unstage();  // laid out for the old connection's extensions
    body_sent = false;
    chunks = chunk_replies = 0;
    replied = 0;
    accepted.clear();
    rejected.clear();
    deferred.clear();
    failure.reset();
}

void queue_envelope(Wire& wire, const Capabilities& caps, Transaction& t, bool rset_first) {
    Delivery& d = *t.delivery;
    if (d.started == std::chrono::steady_clock::time_point{}) d.started = std::chrono::steady_clock::now();
    t.state = rset_first ? Transaction::State::Rset : Transaction::State::MailFrom;
    if (rset_first) wire.queue("RSET");
    if (!caps.pipelining) {  // the handlers send the rest one by one
        wire.queue(mail_from(d, caps));
        return;
    }
    stage_envelope(caps, t);
    wire.queue(t.envelope);
    // After RSET (on a kept connection that may have died meanwhile) the
    // message waits for RSET's reply, so a dead connection costs no body.
    if (caps.chunking && !rset_first) queue_chunks(wire, t);
}

void advance(Wire& wire, const Capabilities& caps, Transaction& t) {
    switch (t.state) {
    case Transaction::State::Rset: on_rset(wire, caps, t); break;
    case Transaction::State::MailFrom: on_mail_from(wire, caps, t); break;
    case Transaction::State::RcptTo: on_rcpt_to(wire, caps, t); break;
    case Transaction::State::Data: on_data(wire, t); break;
    case Transaction::State::Discard: on_discard(wire, t); break;
    case Transaction::State::EndOfData: on_end_of_data(wire, t); break;
    case Transaction::State::Chunks: on_chunk(wire, t); break;
    case Transaction::State::Body:
    case Transaction::State::Done: break;
    }
}

void stage_message(const Capabilities& caps, Transaction& t) {
    if (caps.pipelining) stage_envelope(caps, t);
    MimeBody& body = t.delivery->body;
    if (caps.chunking || t.body_sent || t.staged_as_is || !t.staged.empty() || body.size() > kStageLimit) return;
    if (const std::string* text = body.in_memory(); text && DotStuffer::leaves_as_is(*text)) {
        t.staged_as_is = true;  // no copy to make: queue_message() takes the layout itself
        return;
    }
    std::string out;
    out.reserve(body.size() + body.size() / 16 + 8);
    try {
        stuff_message(body, out, [] {});
    } catch (const Error&) {
        return;
    }
    t.staged = std::move(out);
}

void queue_message(Wire& wire, Transaction& t) {
    MimeBody& body = t.delivery->body;
    t.body_sent = true;
    std::string& out = wire.out();
    std::uint64_t total = body.size();
    if (t.staged_as_is) {
        out += *body.in_memory();
        out += ".\r\n";
        t.staged_as_is = false;
    } else if (!t.staged.empty()) {
        out += t.staged;
        t.staged.clear();
    } else {
        total = stuff_message(body, out, [&] { wire.flush(); });
    }
    // "<message: N bytes>" composed on the stack: no string built a message.
    constexpr std::string_view head = "<message: ", tail = " bytes>";
    char note[head.size() + 20 + tail.size()];  // 20: the digits of the largest std::uint64_t
    std::memcpy(note, head.data(), head.size());
    char* end = std::to_chars(note + head.size(), note + head.size() + 20, total).ptr;
    std::memcpy(end, tail.data(), tail.size());
    wire.note("C", std::string_view(note, static_cast<std::size_t>(end - note) + tail.size()));
    wire.note("C", ".");
    t.state = Transaction::State::EndOfData;
}

void settle(Transaction& t) {
    Delivery& d = *t.delivery;
    auto& rejected = d.result.rejected;
    rejected.insert(rejected.end(), t.rejected.begin(), t.rejected.end());
    if (t.delivered()) {
        d.delivered = true;
        d.result.accepted.insert(d.result.accepted.end(), t.accepted.begin(), t.accepted.end());
        d.result.last_reply = t.end_reply;
        return;
    }
    const Error& e = *t.failure;
    if (!d.error) d.error = e;
    // What the server had not refused itself fails with the transaction.
    Reply why;
    why.code = e.smtp_code();
    why.enhanced = e.enhanced_code();
    why.lines = {e.what()};
    rejected.insert(rejected.end(), t.deferred.begin(), t.deferred.end());
    for (const auto& rcpt : t.recipients) {
        bool answered = false;
        for (const auto* list : {&t.rejected, &t.deferred})
            for (const auto& r : *list) answered = answered || r.address == rcpt;
        if (!answered) rejected.push_back({rcpt, why});
    }
}

} // namespace smtp
