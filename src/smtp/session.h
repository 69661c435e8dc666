// An SMTP client session (RFC 5321): connect, EHLO, STARTTLS, AUTH, then any
// number of mail transactions over the same connection, QUIT on close.
#pragma once

#include "error.h"
#include "mime/message.h"
#include "smtp/reply.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smtp {

enum class Encryption { None, Ssl, StartTls };

enum class AuthMechanism { Auto, Plain, Login, CramMd5, XOAuth2 };

const char* encryption_name(Encryption e);     // "none" "ssl" "starttls"
const char* auth_mechanism_name(AuthMechanism m);  // "auto" "PLAIN" ...
// Port used when SessionOptions::port is 0: 25, 465, 587.
std::uint16_t default_port(Encryption e);

struct SessionOptions {
    std::string host;
    std::uint16_t port = 0;  // 0: default_port(encryption)
    Encryption encryption = Encryption::StartTls;
    std::string username;    // empty: no AUTH
    std::string password;    // password, app password, or OAuth2 token for XOAUTH2
    AuthMechanism auth = AuthMechanism::Auto;
    std::string helo_name;   // empty: this machine's host name, else "localhost"
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds command_timeout{30000};
    bool verify_peer = true;
    std::string ca_file;     // empty: system CA store
    bool keep_transcript = false;
};

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

// One entry of send_many(): exactly one of the two is set.
struct BatchOutcome {
    std::optional<SendResult> result;
    std::optional<Error> error;
};

class Transport;

class Session {
public:
    explicit Session(SessionOptions options);
    ~Session();  // sends QUIT if still connected; never throws
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Greeting, EHLO (HELO fallback), STARTTLS, AUTH. send() calls it when needed.
    void open();
    bool is_open() const noexcept;

    // Validates the message (throws InvalidArgument before any byte is
    // written), then runs one transaction. Throws Error when nothing was
    // accepted; partial recipient refusals are reported in the result.
    SendResult send(const Message& message);

    // Sends each message over this connection, pipelining transactions when
    // the server allows. A refused message does not stop the others.
    std::vector<BatchOutcome> send_many(const std::vector<Message>& messages);

    // QUIT and close. Safe to call twice.
    void close() noexcept;

    const Capabilities& capabilities() const noexcept { return caps_; }
    // Everything said in both directions, AUTH payloads replaced by "<redacted>".
    const std::string& transcript() const noexcept { return transcript_; }
    bool tls_active() const noexcept;

private:
    struct Prepared;
    void greet_and_login();
    void ehlo();
    void starttls();
    void authenticate();
    std::vector<BatchOutcome> transact(const std::vector<const Message*>& messages);
    std::optional<Error> unsendable(const Prepared& p) const;
    void queue_envelope(Prepared& p);
    bool finish_envelope(Prepared& p, BatchOutcome& outcome);
    void queue_body(Prepared& p);

    // Wire helpers: commands are queued, then written in one go by flush().
    void queue(const std::string& command, bool secret = false);
    void flush();
    Reply read_reply(Stage stage);
    Reply command(const std::string& line, Stage stage);
    void note(const char* direction, std::string_view text);
    void drop_connection() noexcept;

    SessionOptions opts_;
    std::unique_ptr<Transport> transport_;
    ReplyParser parser_;
    Capabilities caps_;
    std::string out_;
    std::string transcript_;
    bool open_ = false;
    bool need_rset_ = false;
};

} // namespace smtp
