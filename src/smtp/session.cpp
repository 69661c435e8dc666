#include "smtp/session.h"

#include "mime/address.h"
#include "smtp/auth.h"
#include "smtp/dot_stuffer.h"
#include "mime/mime.h"
#include "smtp/transport.h"

#include <array>
#include <unistd.h>

namespace smtp {

const char* encryption_name(Encryption e) {
    switch (e) {
    case Encryption::None: return "none";
    case Encryption::Ssl: return "ssl";
    case Encryption::StartTls: return "starttls";
    }
    return "none";
}

const char* auth_mechanism_name(AuthMechanism m) {
    switch (m) {
    case AuthMechanism::Auto: return "auto";
    case AuthMechanism::Plain: return "PLAIN";
    case AuthMechanism::Login: return "LOGIN";
    case AuthMechanism::CramMd5: return "CRAM-MD5";
    case AuthMechanism::XOAuth2: return "XOAUTH2";
    }
    return "auto";
}

std::uint16_t default_port(Encryption e) {
    switch (e) {
    case Encryption::None: return 25;
    case Encryption::Ssl: return 465;
    case Encryption::StartTls: return 587;
    }
    return 25;
}

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kFlushThreshold = 256 * 1024;   // bytes queued before a write
constexpr std::size_t kTranscriptLimit = 1024 * 1024; // older lines are dropped beyond this

std::string domain_of(const std::string& address) {
    auto at = address.rfind('@');
    return at == std::string::npos ? std::string("localhost") : address.substr(at + 1);
}

// MAIL FROM: the envelope sender when one is given, else the From address.
const std::string& envelope_sender(const Message& m) {
    return m.envelope_from.empty() ? m.from.address : m.envelope_from;
}

// Envelope recipients: the ones given for the envelope, else to, cc and bcc,
// each address once (case-insensitive).
std::vector<std::string> envelope_recipients(const Message& m) {
    if (!m.envelope_to.empty()) return m.envelope_to;
    std::vector<std::string> out, seen;
    for (const auto* list : {&m.to, &m.cc, &m.bcc}) {
        for (const auto& box : *list) {
            std::string key = box.address;
            for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            bool dup = false;
            for (const auto& s : seen) dup = dup || s == key;
            if (dup) continue;
            seen.push_back(std::move(key));
            out.push_back(box.address);
        }
    }
    return out;
}

std::string join_rejections(const std::vector<RecipientStatus>& rejected) {
    std::string out;
    for (const auto& r : rejected) out += (out.empty() ? "" : "; ") + r.address + ": " + r.reply.text();
    return out;
}

} // namespace

// One message made ready for the wire before the connection is touched.
struct Session::Prepared {
    std::size_t index;
    const Message& message;
    MimeBody body;
    std::vector<std::string> recipients;
    bool utf8;              // an address needs SMTPUTF8 (RFC 6531)
    std::string mail_from;  // "MAIL FROM:<...> params", built once the server's extensions are known
    Clock::time_point started;
    SendResult result;

    Prepared(std::size_t i, const Message& m)
        : index(i), message(m), body(m, domain_of(envelope_sender(m))), recipients(envelope_recipients(m)) {
        utf8 = body.eight_bit() || needs_smtputf8(envelope_sender(m));
        for (const auto& r : recipients) utf8 = utf8 || needs_smtputf8(r);
        result.message_id = body.message_id();
    }
};

Session::Session(SessionOptions options) : opts_(std::move(options)) {
    if (opts_.port == 0) opts_.port = default_port(opts_.encryption);
    if (opts_.host.empty()) throw_invalid_argument("the SMTP host is empty");
    reject_line_breaks(opts_.host, "SMTP host");
    reject_line_breaks(opts_.helo_name, "HELO name");
    reject_line_breaks(opts_.username, "user name");
    reject_line_breaks(opts_.password, "password");
}

Session::~Session() { close(); }

bool Session::is_open() const noexcept { return open_; }

bool Session::tls_active() const noexcept { return transport_ && transport_->tls_active(); }

void Session::note(const char* direction, std::string_view text) {
    if (!opts_.keep_transcript) return;
    if (transcript_.size() > kTranscriptLimit) {
        auto cut = transcript_.find('\n', transcript_.size() / 2);
        transcript_.replace(0, cut == std::string::npos ? transcript_.size() : cut + 1, "[...]\n");
    }
    transcript_ += direction;
    transcript_ += ": ";
    transcript_ += text;
    transcript_ += '\n';
}

void Session::queue(const std::string& line, bool secret) {
    if (secret) {
        // Keep "AUTH PLAIN" visible, hide the credentials.
        std::string shown = line.rfind("AUTH ", 0) == 0 ? line.substr(0, line.find(' ', 5)) : std::string();
        note("C", shown.empty() ? "<redacted>" : (shown.size() < line.size() ? shown + " <redacted>" : shown));
    } else {
        note("C", line);
    }
    out_ += line;
    out_ += "\r\n";
}

void Session::flush() {
    if (out_.empty()) return;
    transport_->write(out_);
    out_.clear();
}

Reply Session::read_reply(Stage stage) {
    std::array<char, 16384> buf;
    // One deadline for the whole reply: a server trickling bytes cannot stretch it.
    const auto deadline = Clock::now() + opts_.command_timeout;
    for (;;) {
        if (auto reply = parser_.next()) {
            for (std::size_t i = 0; i < reply->lines.size(); ++i) {
                std::string line = std::to_string(reply->code) + (i + 1 < reply->lines.size() ? "-" : " ");
                if (!reply->enhanced.empty()) line += reply->enhanced + " ";
                note("S", line + reply->lines[i]);
            }
            if (reply->code == 421 && stage != Stage::Quit) {
                drop_connection();
                throw classify_reply(stage, *reply);
            }
            return std::move(*reply);
        }
        try {
            parser_.feed(std::string_view(buf.data(), transport_->read(buf.data(), buf.size(), deadline)));
        } catch (const Error& e) {
            drop_connection();
            if (e.category() == ErrorCategory::Timeout || e.category() == ErrorCategory::Connect)
                throw Error(e.category(), std::string(e.what()) + " (waiting for the reply to " + stage_name(stage) + ")");
            throw;
        }
    }
}

Reply Session::command(const std::string& line, Stage stage) {
    queue(line);
    flush();
    return read_reply(stage);
}

void Session::drop_connection() noexcept {
    if (transport_) transport_->close();
    open_ = false;
    need_rset_ = false;
    out_.clear();
    parser_.clear();
    caps_ = Capabilities{};
}

void Session::open() {
    if (open_) return;
    try {
        greet_and_login();
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

void Session::greet_and_login() {
    drop_connection();
    TransportOptions t;
    t.host = opts_.host;
    t.port = opts_.port;
    t.implicit_tls = opts_.encryption == Encryption::Ssl;
    t.connect_timeout = opts_.connect_timeout;
    t.io_timeout = opts_.command_timeout;
    t.verify_peer = opts_.verify_peer;
    t.ca_file = opts_.ca_file;
    transport_ = std::make_unique<Transport>(std::move(t));
    note("*", "connecting to " + opts_.host + ":" + std::to_string(opts_.port) + " (" + encryption_name(opts_.encryption) + ")");
    transport_->connect();
    if (transport_->tls_active()) note("*", "TLS: " + transport_->tls_description() + (transport_->tls_resumed() ? " (resumed)" : ""));

    Reply greeting = read_reply(Stage::Greeting);
    if (greeting.code != 220) throw classify_reply(Stage::Greeting, greeting);
    ehlo();
    if (opts_.encryption == Encryption::StartTls) starttls();
    authenticate();
}

void Session::ehlo() {
    std::string name = opts_.helo_name;
    if (name.empty()) {
        char host[256] = "";
        if (::gethostname(host, sizeof host - 1) == 0 && std::string_view(host).find('.') != std::string_view::npos)
            name = host;
        else
            name = transport_->local_address_literal();  // RFC 5321 4.1.4: FQDN or address literal
    }
    Reply r = command("EHLO " + name, Stage::Ehlo);
    if (r.code == 250) {
        caps_ = Capabilities::from_ehlo(r);
        return;
    }
    if (r.klass() != 5) throw classify_reply(Stage::Ehlo, r);
    // An old server without ESMTP: HELO, and no extensions at all.
    Reply h = command("HELO " + name, Stage::Ehlo);
    if (h.code != 250) throw classify_reply(Stage::Ehlo, h);
    caps_ = Capabilities{};
}

void Session::starttls() {
    const std::string where = opts_.host + ":" + std::to_string(opts_.port);
    if (!caps_.starttls)
        throw Error(ErrorCategory::StartTlsUnavailable,
                    "the server " + where + " does not offer STARTTLS; refusing to continue without encryption (no password or message was sent)");
    Reply r = command("STARTTLS", Stage::StartTls);
    if (r.code != 220) throw classify_reply(Stage::StartTls, r);
    // Anything already sent after "220" was not protected by TLS and could be
    // an attacker's forged reply (CVE-2011-0411 class): refuse it.
    if (parser_.buffered() > 0 || transport_->readable_now())
        throw Error(ErrorCategory::Protocol,
                    "the server " + where + " sent data after its STARTTLS reply, before the TLS handshake (STARTTLS response injection); connection closed");
    transport_->start_tls();
    note("*", "TLS: " + transport_->tls_description() + (transport_->tls_resumed() ? " (resumed)" : ""));
    // Forget everything learned in clear text, and ask again.
    parser_.clear();
    caps_ = Capabilities{};
    ehlo();
}

void Session::authenticate() {
    if (opts_.username.empty()) return;
    if (opts_.encryption != Encryption::None && !transport_->tls_active())
        throw Error(ErrorCategory::StartTlsUnavailable, "refusing to send credentials without TLS");
    if (caps_.auth.empty())
        throw Error(ErrorCategory::AuthMechanismUnsupported,
                    "the server " + opts_.host + ":" + std::to_string(opts_.port) + " does not offer AUTH",
                    0, {}, {},
                    opts_.encryption == Encryption::None
                        ? "Many servers offer login only after encryption: choose STARTTLS or SSL."
                        : "Leave the user name empty if this server accepts mail without login, or check host and port.");
    AuthMechanism mech = choose_auth_mechanism(caps_.auth, opts_.auth, transport_->tls_active());
    auto exchange = make_auth_exchange(mech, opts_.username, opts_.password);
    queue(exchange->start(), true);
    flush();
    for (int challenges = 0;; ++challenges) {
        Reply r = read_reply(Stage::Auth);
        if (r.code == 235) return;
        if (r.code != 334) throw classify_reply(Stage::Auth, r);
        if (challenges >= kMaxAuthChallenges)
            throw Error(ErrorCategory::Protocol, "the server sent more than " + std::to_string(kMaxAuthChallenges) + " AUTH challenges");
        queue(exchange->respond(r.lines.empty() ? std::string() : r.lines.front()), true);
        flush();
    }
}

SendResult Session::send(const Message& message) {
    auto outcome = transact({&message});
    if (outcome.front().error) throw *outcome.front().error;
    return std::move(*outcome.front().result);
}

std::vector<BatchOutcome> Session::send_many(const std::vector<Message>& messages) {
    std::vector<const Message*> ptrs;
    ptrs.reserve(messages.size());
    for (const auto& m : messages) ptrs.push_back(&m);
    return transact(ptrs);
}

std::optional<Error> Session::unsendable(const Prepared& p) const {
    if (p.utf8 && !caps_.smtputf8)
        return Error(ErrorCategory::MessageRejected,
                     "the message uses internationalized (UTF-8) addresses but the server does not support SMTPUTF8",
                     0, {}, {}, "Use plain ASCII email addresses with this server.");
    if (p.body.eight_bit_body() && !caps_.eightbitmime)
        return Error(ErrorCategory::MessageRejected,
                     "the message body has 8-bit bytes but the server does not offer 8BITMIME", 0, {}, {},
                     "Encode the body as quoted-printable or base64 before sending it to this server.");
    if (caps_.size_limit && p.body.size() > caps_.size_limit)
        return Error(ErrorCategory::MessageRejected,
                     "the message is " + std::to_string(p.body.size()) + " bytes; the server accepts at most " +
                         std::to_string(caps_.size_limit),
                     0, {}, {}, "Send smaller attachments, or share large files by link.");
    return std::nullopt;
}

void Session::queue_envelope(Prepared& p) {
    p.started = Clock::now();
    p.mail_from = "MAIL FROM:<" + envelope_sender(p.message) + ">";
    if (caps_.size) p.mail_from += " SIZE=" + std::to_string(p.body.size());
    if ((p.body.eight_bit() || p.body.eight_bit_body()) && caps_.eightbitmime) p.mail_from += " BODY=8BITMIME";
    if (p.utf8) p.mail_from += " SMTPUTF8";
    if (!caps_.pipelining) return;  // finish_envelope() sends them one by one
    queue(p.mail_from);
    for (const auto& rcpt : p.recipients) queue("RCPT TO:<" + rcpt + ">");
    queue("DATA");
}

bool Session::finish_envelope(Prepared& p, BatchOutcome& outcome) {
    const bool pipelined = caps_.pipelining;
    // Pipelined: the commands are on the wire, read every reply in order.
    // Otherwise: send each command and stop at the first that decides the outcome.
    std::optional<Error> failure;
    Reply mail = pipelined ? read_reply(Stage::MailFrom) : command(p.mail_from, Stage::MailFrom);
    if (!mail.positive()) failure = classify_reply(Stage::MailFrom, mail);

    for (const auto& rcpt : p.recipients) {
        if (failure && !pipelined) break;
        Reply r = pipelined ? read_reply(Stage::RcptTo) : command("RCPT TO:<" + rcpt + ">", Stage::RcptTo);
        if (r.klass() == 2)
            p.result.accepted.push_back(rcpt);
        else
            p.result.rejected.push_back({rcpt, std::move(r)});
    }
    if (!failure && p.result.accepted.empty()) {
        const Reply& first = p.result.rejected.front().reply;
        Error e = classify_reply(Stage::RcptTo, first);
        failure = Error(e.category(), "the server refused every recipient: " + join_rejections(p.result.rejected),
                        e.smtp_code(), e.enhanced_code(), e.server_reply(), e.hint());
    }
    if (failure && !pipelined) {
        outcome.error = std::move(failure);
        return false;
    }
    Reply data = pipelined ? read_reply(Stage::Data) : command("DATA", Stage::Data);
    if (data.code == 354 && !failure) return true;
    if (data.code == 354) {
        // A pipelining server may accept DATA after refusing every recipient
        // (RFC 2920 3.1): end the empty message; it has nowhere to go.
        command(".", Stage::EndOfData);
    } else if (!failure) {
        failure = classify_reply(Stage::Data, data);
    }
    outcome.error = std::move(failure);
    return false;
}

void Session::queue_body(Prepared& p) {
    std::array<char, 65536> buf;
    DotStuffer stuffer;
    std::uint64_t total = 0;
    while (std::size_t n = p.body.read(buf.data(), buf.size())) {
        total += n;
        stuffer.feed(std::string_view(buf.data(), n), out_);
        if (out_.size() >= kFlushThreshold) flush();
    }
    stuffer.finish(out_);
    note("C", "<message: " + std::to_string(total) + " bytes>");
    note("C", ".");
}

std::vector<BatchOutcome> Session::transact(const std::vector<const Message*>& messages) {
    std::vector<BatchOutcome> outcomes(messages.size());

    // Everything that can be checked without the server is checked first, so
    // bad input never puts a byte on the wire.
    std::vector<std::unique_ptr<Prepared>> ready;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        try {
            const Message& m = *messages[i];
            validate_message(m);
            ready.push_back(std::make_unique<Prepared>(i, m));
        } catch (const Error& e) {
            outcomes[i].error = e;
        }
    }

    std::size_t k = 0;
    int failures_in_a_row = 0;
    while (k < ready.size()) {
        try {
            // A kept-open connection the server has since closed (idle
            // timeout, 421) is replaced before anything is sent on it.
            if (open_ && transport_->readable_now()) {
                note("*", "the server closed the idle connection; reconnecting");
                drop_connection();
            }
            open();
            // Messages this server cannot take are answered without asking it.
            for (std::size_t j = k; j < ready.size();) {
                if (auto why = unsendable(*ready[j])) {
                    outcomes[ready[j]->index].error = std::move(why);
                    ready.erase(ready.begin() + static_cast<std::ptrdiff_t>(j));
                } else {
                    ++j;
                }
            }
            if (k == ready.size()) break;
            bool rset_pending = need_rset_;
            if (rset_pending) queue("RSET");
            need_rset_ = false;
            queue_envelope(*ready[k]);
            flush();
            for (; k < ready.size(); ++k) {
                Prepared& p = *ready[k];
                BatchOutcome& outcome = outcomes[p.index];
                if (rset_pending) {
                    Reply r = read_reply(Stage::Rset);
                    if (r.code != 250) throw classify_reply(Stage::Rset, r);
                    rset_pending = false;
                }
                const bool more = k + 1 < ready.size();
                if (!finish_envelope(p, outcome)) {
                    // The transaction was refused before the body; clear it.
                    if (!more) { need_rset_ = true; continue; }
                    queue("RSET");
                    rset_pending = true;
                    queue_envelope(*ready[k + 1]);
                    flush();
                    continue;
                }
                queue_body(p);
                // The next transaction rides in the same write as this end of data.
                if (more && caps_.pipelining) queue_envelope(*ready[k + 1]);
                flush();
                Reply end = read_reply(Stage::EndOfData);
                if (end.code == 250) {
                    p.result.last_reply = std::move(end);
                    p.result.elapsed_seconds = std::chrono::duration<double>(Clock::now() - p.started).count();
                    outcome.result = std::move(p.result);
                } else {
                    outcome.error = classify_reply(Stage::EndOfData, end);
                }
                if (more && !caps_.pipelining) {
                    queue_envelope(*ready[k + 1]);
                    flush();
                }
                failures_in_a_row = 0;
            }
        } catch (const Error& e) {
            // The connection is unusable. The message in flight failed (it is
            // never retried: it may have been delivered); the rest are tried
            // once more on a new connection.
            drop_connection();
            while (k < ready.size() && (outcomes[ready[k]->index].result || outcomes[ready[k]->index].error)) ++k;
            if (k < ready.size()) outcomes[ready[k]->index].error = e;
            ++k;
            if (++failures_in_a_row >= 2 || messages.size() == 1) {
                for (; k < ready.size(); ++k) outcomes[ready[k]->index].error = e;
            }
        }
    }
    return outcomes;
}

void Session::close() noexcept {
    if (transport_ && transport_->connected()) {
        try {
            if (open_ || caps_.esmtp) {
                // QUIT's reply is not awaited: it would cost a round trip and
                // changes nothing for the messages already accepted.
                out_.clear();
                queue("QUIT");
                flush();
            }
        } catch (...) {
        }
    }
    drop_connection();
}

} // namespace smtp
