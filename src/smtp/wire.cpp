#include "smtp/wire.h"

#include <openssl/crypto.h>

#include <array>

namespace smtp {

namespace {

constexpr std::size_t kTranscriptLimit = 1024 * 1024;  // older lines are dropped beyond this

std::string seconds(std::chrono::milliseconds ms) {
    auto s = std::to_string(ms.count() / 1000.0);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s + " s";
}

} // namespace

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
    if (transcript_.size() > kTranscriptLimit) {
        auto cut = transcript_.find('\n', transcript_.size() / 2);
        transcript_.replace(0, cut == std::string::npos ? transcript_.size() : cut + 1, "[...]\n");
    }
    transcript_ += direction;
    transcript_ += ": ";
    transcript_ += text;
    transcript_ += '\n';
}

void Wire::queue(const std::string& line) {
    note("C", line);
    out_ += line;
    out_ += "\r\n";
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
    std::array<char, 16384> buf;
    // One deadline for the whole reply: a server trickling bytes cannot stretch it.
    const auto limit = stage == Stage::EndOfData ? opts_.data_timeout : opts_.command_timeout;
    const auto now = Clock::now();
    const bool overall = deadline_ - now < limit;
    const auto deadline = overall ? deadline_ : now + limit;
    for (;;) {
        if (auto reply = parser_.next()) {
            std::string line;  // reused: one allocation a reply at most
            for (std::size_t i = 0; opts_.keep_transcript && i < reply->lines.size(); ++i) {
                line = std::to_string(reply->code);
                line += i + 1 < reply->lines.size() ? '-' : ' ';
                if (!reply->enhanced.empty()) line.append(reply->enhanced).append(" ");
                note("S", line += reply->lines[i]);
            }
            if (reply->code == 421 && stage != Stage::Quit) {
                drop();
                throw classify_reply(stage, *reply);
            }
            return std::move(*reply);
        }
        try {
            if (!transport_) throw Error(ErrorCategory::Connect, "not connected");
            parser_.feed(std::string_view(buf.data(), transport_->read(buf.data(), buf.size(), deadline)));
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
