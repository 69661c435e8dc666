#include "smtp/wire.h"

#include <openssl/crypto.h>

#include <array>
#include <optional>

namespace smtp {

namespace {

constexpr std::size_t kTranscriptLimit = 1024 * 1024;  // older lines are dropped beyond this

std::string seconds(std::chrono::milliseconds ms) {
    auto s = std::to_string(ms.count() / 1000.0);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s + " s";
}

void transcript_line(std::string& to, const char* direction, std::string_view text) {
    to += direction;
    to += ": ";
    to += text;
    to += '\n';
}

} // namespace

void Commands::add(std::string_view line) {
    bytes += line;
    bytes += "\r\n";
    transcript_line(transcript, "C", line);
}

void Wire::connect(TransportOptions t) {
    drop();
    transport_ = std::make_unique<Transport>(std::move(t));
    transport_->set_deadline(deadline_);
    transport_->connect();
}

void Wire::set_deadline(Clock::time_point deadline) {
    deadline_ = deadline;
    if (transport_) transport_->set_deadline(deadline);
}

void Wire::note(const char* direction, std::string_view text) {
    if (!opts_.keep_transcript) return;
    trim_transcript();
    transcript_line(transcript_, direction, text);
}

void Wire::note_lines(std::string_view lines) {
    if (!opts_.keep_transcript) return;
    trim_transcript();
    transcript_ += lines;
}

void Wire::trim_transcript() {
    if (transcript_.size() <= kTranscriptLimit) return;
    auto cut = transcript_.find('\n', transcript_.size() / 2);
    transcript_.replace(0, cut == std::string::npos ? transcript_.size() : cut + 1, "[...]\n");
}

void Wire::queue(const std::string& line) {
    note("C", line);
    out_ += line;
    out_ += "\r\n";
}

void Wire::queue(const Commands& commands) {
    note_lines(commands.transcript);
    out_ += commands.bytes;
}

void Wire::queue_secret(const Secret& line) {
    // Keep "AUTH PLAIN" visible, hide the credentials.
    const std::string_view text = line.view();
    const bool auth = text.rfind("AUTH ", 0) == 0;
    const std::string_view shown = auth ? text.substr(0, text.find(' ', 5)) : std::string_view();
    note("C", shown.empty() ? "<redacted>" : (shown.size() < text.size() ? std::string(shown) + " <redacted>" : std::string(shown)));
    // Grown here, before the secret is in, so no reallocation frees a copy of it unwiped.
    const std::size_t needed = out_.size() + text.size() + 2;
    if (needed > out_.capacity()) {
        if (out_has_secret_) {
            std::string bigger;
            bigger.reserve(needed);
            bigger += out_;
            clear_out();
            out_.swap(bigger);
        } else {
            out_.reserve(needed);
        }
    }
    out_has_secret_ = true;
    out_ += text;
    out_ += "\r\n";
}

void Wire::clear_out() noexcept {
    if (out_has_secret_) OPENSSL_cleanse(&out_[0], out_.capacity());
    out_has_secret_ = false;
    out_.clear();
}

void Wire::flush() {
    if (out_.empty()) return;
    if (!transport_) throw Error(ErrorCategory::Connect, "not connected");
    try {
        transport_->write(out_);
    } catch (const Error&) {
        drop();
        throw;
    }
    clear_out();
}

Reply Wire::read_reply(Stage stage) {
    std::optional<Clock::time_point> deadline;  // set at the first read: one for the whole reply
    for (;;) {
        if (auto reply = parser_.next()) {
            note_reply(*reply);
            if (reply->code == 421 && stage != Stage::Quit) {
                drop();
                throw classify_reply(stage, *reply);
            }
            return std::move(*reply);
        }
        receive(stage, deadline);
    }
}

// One read from the transport into the parser, by the deadline of the reply
// being read (the end-of-data limit after the message, the command limit
// otherwise), which a server trickling bytes cannot stretch. Replies already
// received are parsed without looking at the clock.
void Wire::receive(Stage stage, std::optional<Clock::time_point>& deadline) {
    const auto limit = stage == Stage::EndOfData ? opts_.data_timeout : opts_.command_timeout;
    if (!deadline) {
        const auto now = Clock::now();
        deadline = deadline_ - now < limit ? deadline_ : now + limit;
    }
    const bool overall = *deadline == deadline_;
    std::array<char, 16384> buf;
    try {
        if (!transport_) throw Error(ErrorCategory::Connect, "not connected");
        parser_.feed(std::string_view(buf.data(), transport_->read(buf.data(), buf.size(), *deadline)));
    } catch (const Error& e) {
        drop();
        std::string why = std::string(" (waiting for the reply to ") + stage_name(stage) + ")";
        if (e.category() == ErrorCategory::Timeout && overall)
            throw Error(ErrorCategory::Timeout, "the total time limit of " + seconds(opts_.total_timeout) + " ran out" + why);
        if (e.category() == ErrorCategory::Timeout)
            throw Error(ErrorCategory::Timeout, std::string(e.what()) + " after " + seconds(limit) + why);
        if (e.category() == ErrorCategory::Connect) throw Error(e.category(), e.what() + why);
        throw;
    }
}

// "S: 250-..." lines, as note() writes them, without a string built a line.
void Wire::note_reply(const Reply& reply) {
    if (!opts_.keep_transcript) return;
    trim_transcript();
    char code[3] = {static_cast<char>('0' + reply.code / 100), static_cast<char>('0' + reply.code / 10 % 10),
                    static_cast<char>('0' + reply.code % 10)};
    for (std::size_t i = 0; i < reply.lines.size(); ++i) {
        transcript_ += "S: ";
        transcript_.append(code, 3);
        transcript_ += i + 1 < reply.lines.size() ? '-' : ' ';
        if (!reply.enhanced.empty()) transcript_.append(reply.enhanced).append(" ");
        transcript_ += reply.lines[i];
        transcript_ += '\n';
    }
}

void Wire::drop() noexcept {
    if (transport_) transport_->close();
    clear_out();
    parser_.clear();
}

void Wire::abandon() noexcept {
    if (transport_) transport_->abandon();
    drop();
}

} // namespace smtp
