// From connect to a session ready for mail: greeting, EHLO (HELO for an old
// server), STARTTLS with EHLO again over TLS, AUTH.
#include "smtp/auth.h"
#include "smtp/connector.h"
#include "smtp/session.h"
#include "smtp/wire.h"

#include <unistd.h>

namespace smtp {

namespace {

std::string tls_note(Transport& t) {
    return "TLS: " + t.tls_description() + (t.tls_resumed() ? " (resumed)" : "");
}

} // namespace

void Session::connect_and_login() {
    drop_connection();
    TransportOptions t;
    t.host = opts_.host;
    t.port = opts_.port;
    t.implicit_tls = opts_.encryption == Encryption::Ssl;
    t.connect_timeout = opts_.connect_timeout;
    t.io_timeout = opts_.command_timeout;
    t.verify_peer = opts_.verify_peer;
    t.ca_file = opts_.ca_file;
    wire_->note("*", "connecting to " + endpoint(opts_.host, opts_.port) + " (" + encryption_name(opts_.encryption) + ")");
    wire_->connect(std::move(t));
    if (wire_->tls_active()) wire_->note("*", tls_note(wire_->transport()));

    Reply greeting = wire_->read_reply(Stage::Greeting);
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
            name = wire_->transport().local_address_literal();  // RFC 5321 4.1.4: FQDN or address literal
    }
    wire_->queue("EHLO " + name);
    wire_->flush();
    Reply r = wire_->read_reply(Stage::Ehlo);
    if (r.code == 250) {
        caps_ = Capabilities::from_ehlo(r);
        return;
    }
    if (r.klass() != 5) throw classify_reply(Stage::Ehlo, r);
    // An old server without ESMTP: HELO, and no extensions at all.
    wire_->queue("HELO " + name);
    wire_->flush();
    Reply h = wire_->read_reply(Stage::Ehlo);
    if (h.code != 250) throw classify_reply(Stage::Ehlo, h);
    caps_ = Capabilities{};
}

void Session::starttls() {
    if (!caps_.starttls)
        throw Error(ErrorCategory::StartTlsUnavailable,
                    "the server " + endpoint(opts_.host, opts_.port) + " does not offer STARTTLS; refusing to continue without encryption (no password or message was sent)");
    wire_->queue("STARTTLS");
    wire_->flush();
    Reply r = wire_->read_reply(Stage::StartTls);
    if (r.code != 220) throw classify_reply(Stage::StartTls, r);
    // Anything already sent after "220" was not protected by TLS and could be
    // an attacker's forged reply (CVE-2011-0411 class): refuse it.
    if (wire_->unread() > 0 || wire_->transport().readable_now())
        throw Error(ErrorCategory::Protocol,
                    "the server " + endpoint(opts_.host, opts_.port) + " sent data after its STARTTLS reply, before the TLS handshake (STARTTLS response injection); connection closed");
    wire_->transport().start_tls();
    wire_->note("*", tls_note(wire_->transport()));
    // Forget everything learned in clear text, and ask again.
    wire_->forget_unread();
    caps_ = Capabilities{};
    ehlo();
}

void Session::authenticate() {
    if (opts_.username.empty()) return;
    if (opts_.encryption != Encryption::None && !wire_->tls_active())
        throw Error(ErrorCategory::StartTlsUnavailable, "refusing to send credentials without TLS");
    if (caps_.auth.empty())
        throw Error(ErrorCategory::AuthMechanismUnsupported,
                    "the server " + endpoint(opts_.host, opts_.port) + " does not offer AUTH",
                    0, {}, {},
                    opts_.encryption == Encryption::None
                        ? "Many servers offer login only after encryption: choose STARTTLS or SSL."
                        : "Leave the user name empty if this server accepts mail without login, or check host and port.");
    AuthMechanism mech = choose_auth_mechanism(caps_.auth, opts_.auth, wire_->tls_active());
    auto exchange = make_auth_exchange(mech, opts_.username, opts_.password, opts_.host, opts_.port);
    wire_->queue_secret(exchange->start());
    wire_->flush();
    for (int challenges = 0;; ++challenges) {
        Reply r = wire_->read_reply(Stage::Auth);
        if (r.code == 235) return;
        if (r.code != 334) throw exchange->refused(classify_reply(Stage::Auth, r));
        if (challenges >= kMaxAuthChallenges)
            throw Error(ErrorCategory::Protocol, "the server sent more than " + std::to_string(kMaxAuthChallenges) + " AUTH challenges");
        wire_->queue_secret(exchange->respond(r.lines.empty() ? std::string() : r.lines.front()));
        wire_->flush();
    }
}

} // namespace smtp
