#include "mime/mime.h"

#include "ascii.h"
#include "error.h"
#include "mime/address.h"
#include "mime/encoding.h"
#include "mime/header_fields.h"
#include "mime/raw_message.h"

#include <openssl/rand.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

namespace smtp {

namespace {

const char kHex[] = "0123456789abcdef";

// Bumped in a fork()ed child (pthread_atfork), so the random pool below is
// never shared by a parent and its child: they would repeat Message-IDs.
std::atomic<unsigned> fork_generation{0};

// RAND_bytes costs about as much for 16 bytes as for 512 (about 3 us here:
// locks, the generator's bookkeeping), and every message needs some: a
// block is drawn and handed out, per thread.
std::string random_hex(std::size_t bytes) {
    static std::once_flag registered;
    std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); }); });
    thread_local unsigned char pool[512];
    thread_local std::size_t left = 0;
    thread_local unsigned generation = 0;
    if (left < bytes || generation != fork_generation.load()) {
        if (RAND_bytes(pool, sizeof pool) != 1)
            throw Error(ErrorCategory::InvalidArgument, "the system random generator failed");
        left = sizeof pool;
        generation = fork_generation.load();
    }
    const unsigned char* buf = pool + sizeof pool - left;
    left -= bytes;
    std::string out(2 * bytes, '\0');
    for (std::size_t i = 0; i < bytes; ++i) out[2 * i] = kHex[buf[i] >> 4], out[2 * i + 1] = kHex[buf[i] & 15];
    return out;
}

// RFC 5322 3.3 date in local time, independent of the C locale; formatted
// once a second (a batch sends thousands of messages in one).
std::string rfc5322_date() {
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    thread_local std::time_t formatted = -1;
    thread_local char buf[64];
    std::time_t now = std::time(nullptr);
    if (now == formatted) return buf;
    std::tm tm{};
    localtime_r(&now, &tm);
    long off = tm.tm_gmtoff / 60;
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
                  std::labs(off) / 60, std::labs(off) % 60);
    formatted = now;
    return buf;
}

std::string basename_of(const std::string& path) {
    auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string guess_content_type(const std::string& filename) {
    static const std::pair<const char*, const char*> table[] = {
        {"pdf", "application/pdf"}, {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
        {"gif", "image/gif"}, {"webp", "image/webp"}, {"svg", "image/svg+xml"}, {"txt", "text/plain"},
        {"html", "text/html"}, {"htm", "text/html"}, {"csv", "text/csv"}, {"ics", "text/calendar"},
        {"json", "application/json"}, {"xml", "application/xml"}, {"zip", "application/zip"},
        {"gz", "application/gzip"}, {"doc", "application/msword"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xls", "application/vnd.ms-excel"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"mp3", "audio/mpeg"}, {"mp4", "video/mp4"},
    };
    auto dot = filename.rfind('.');
    if (dot != std::string::npos) {
        std::string ext = ascii_lower(filename.substr(dot + 1));
        for (const auto& [e, type] : table)
            if (ext == e) return type;
    }
    return "application/octet-stream";
}

// The name an attachment is shown with: its own, or its file's.
std::string attachment_name(const Attachment& a) { return a.filename.empty() ? basename_of(a.path) : a.filename; }

// Printable ASCII, no "=?": a name that can stand in quotes as it is.
bool plain_name(std::string_view name) {
    for (unsigned char c : name)
        if (c < 0x20 || c >= 0x7F) return false;
    return name.find("=?") == std::string_view::npos;
}

// ";CRLF SP name=..." for Content-Type: quoted, or RFC 2047 words inside the
// quotes (not a standard, but what mail programs read), folded from the
// real column, room kept for the closing quote.
std::string name_parameter(const std::string& name) {
    const std::string quoted = quoted_string(name);
    if (plain_name(name) && 6 + quoted.size() <= 78) return ";\r\n name=" + quoted;
    return ";\r\n name=\"" + encoded_words(name, 7, 77) + "\"";
}

// ";CRLF SP filename=..." for Content-Disposition: quoted when it fits the
// line, else RFC 2231 percent-encoded UTF-8 (filename*=UTF-8''...), in
// numbered sections (filename*0*=UTF-8''...; filename*1*=...) when one line
// of 78 cannot hold it.
std::string filename_parameter(const std::string& name) {
    const std::string quoted = quoted_string(name);
    if (plain_name(name) && 10 + quoted.size() <= 78) return ";\r\n filename=" + quoted;
    std::vector<std::string> sections{"UTF-8''"};
    for (std::size_t i = 0; i < name.size();) {
        // One UTF-8 sequence at a time, so a section never splits a character.
        std::size_t len = 1;
        unsigned char lead = static_cast<unsigned char>(name[i]);
        if (lead >= 0xC2 && lead <= 0xF4) len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        len = std::min(len, name.size() - i);
        std::string piece;
        for (std::size_t k = i; k < i + len; ++k) {
            unsigned char c = static_cast<unsigned char>(name[k]);
            const bool attribute_char = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                        (c != 0 && std::strchr("!#$&+-.^_`|~", c));
            if (attribute_char) piece += static_cast<char>(c);
            else piece += '%', piece += "0123456789ABCDEF"[c >> 4], piece += "0123456789ABCDEF"[c & 15];
        }
        // " filename*NN*=" + section + ";" within 78.
        if (14 + sections.back().size() + piece.size() + 1 > 78) sections.emplace_back();
        sections.back() += piece;
        i += len;
    }
    if (sections.size() == 1) return ";\r\n filename*=" + sections.front();
    std::string out;
    for (std::size_t n = 0; n < sections.size(); ++n) out += ";\r\n filename*" + std::to_string(n) + "*=" + sections[n];
    return out;
}

bool is_content_type(std::string_view t) {
    auto slash = t.find('/');
    if (slash == 0 || slash == std::string_view::npos || slash + 1 == t.size()) return false;
    for (unsigned char c : t)
        if (c != '/' && (c <= 32 || c >= 127 || std::strchr("()<>@,;:\\\"[]?=", c))) return false;
    return true;
}

// Message-ID and Content-ID values: printable ASCII without brackets or spaces, short enough for one line.
void check_id(const std::string& id, const char* what) {
    if (id.size() > 250) throw_invalid_argument(std::string(what) + " is longer than 250 characters");
    for (unsigned char c : id)
        if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>')
            throw_invalid_argument(std::string(what) + " \"" + id + "\" may hold only printable ASCII without spaces or angle brackets");
}

// Whether layout() may write this message differently for another server:
// only 8-bit text (8bit or encoded) and non-ASCII addresses (as they are or
// as A-labels) depend on its extensions.
bool depends_on_server(const Message& m) {
    if (!is_ascii(m.text) || !is_ascii(m.html) || !is_ascii(m.from.address)) return true;
    for (const auto* list : {&m.to, &m.cc, &m.reply_to})
        for (const auto& box : *list)
            if (!is_ascii(box.address)) return true;
    for (const auto& h : m.headers)
        if (!is_ascii(h.value)) return true;
    return false;
}

} // namespace

void validate_message(const Message& m) {
    if (!m.envelope_from.empty()) validate_address(m.envelope_from);
    for (const auto& rcpt : m.envelope_to) validate_address(rcpt);
    if (!m.raw.empty()) return validate_raw_message(m);
    if (m.from.address.empty())
        throw_invalid_argument("the sender (from) address is missing");
    validate_address(m.from.address);
    reject_line_breaks(m.from.name, "sender name");
    bool any = false;
    for (const auto* list : {&m.to, &m.cc, &m.bcc, &m.reply_to}) {
        for (const auto& box : *list) {
            validate_address(box.address);
            reject_line_breaks(box.name, "recipient name");
            any = any || list != &m.reply_to;
        }
    }
    if (!any && m.envelope_to.empty()) throw_invalid_argument("the message has no recipient: give at least one to, cc or bcc address");
    reject_line_breaks(m.subject, "subject");
    check_id(m.message_id, "message id");
    reject_line_breaks(m.date, "date");
    if (m.date.size() > 76) throw_invalid_argument("date is longer than 76 characters");
    for (const auto& h : m.headers) validate_custom_header(h);
    for (const auto& a : m.attachments) {
        // A name taken from the file's path is checked like a given one: a
        // line break in it would start a header line of its own.
        reject_line_breaks(attachment_name(a), a.filename.empty() ? "attachment name (from its path; give a name)" : "attachment name");
        if (attachment_name(a).size() > 255) throw_invalid_argument("the attachment name is longer than 255 bytes; shorten it");
        reject_line_breaks(a.content_id, "inline content id");
        reject_line_breaks(a.content_type, "attachment type");
        if (!a.content_type.empty() && !is_content_type(a.content_type))
            throw_invalid_argument("invalid attachment type \"" + a.content_type + "\": use a MIME type such as application/pdf");
        check_id(a.content_id, "inline content id");
        if (a.content_type.size() > 200) throw_invalid_argument("the attachment type is longer than 200 characters");
        // A base64 leaf part cannot be a container: readers would parse it as one.
        const std::string type = ascii_lower(a.content_type);
        if (type.rfind("multipart/", 0) == 0 || type.rfind("message/", 0) == 0)
            throw_invalid_argument("the attachment type \"" + a.content_type + "\" is a container type; use application/octet-stream");
        if (!a.path.empty()) {
            struct stat st{};
            if (::stat(a.path.c_str(), &st) != 0 || ::access(a.path.c_str(), R_OK) != 0)
                throw_invalid_argument("cannot read the attachment \"" + a.path + "\": " + std::strerror(errno));
            if (!S_ISREG(st.st_mode)) throw_invalid_argument("the attachment \"" + a.path + "\" is not a regular file");
        }
    }
}

// Lays a Message out as segments: literal text, and base64 attachments.
class MimeWriter {
public:
    explicit MimeWriter(MimeBody& body) : body_(body) {}

    // The literal segment being written.
    std::string& literal() {
        if (body_.segments_.empty() || !body_.segments_.back().path.empty() || body_.segments_.back().data)
            body_.segments_.emplace_back();
        return body_.segments_.back().text;
    }

    void text(std::string_view s) { literal().append(s.data(), s.size()); }

    void header(std::string_view name, std::string_view value) {
        literal().append(name).append(": ").append(value).append("\r\n");
    }

    void address_header(const char* name, const std::vector<Mailbox>& list, bool smtputf8) {
        if (!list.empty()) header(name, format_mailbox_list(list, std::strlen(name) + 2, smtputf8));
    }

    void text_part(const char* subtype, const std::string& content, bool eight_bit_ok) {
        // Encoded in place; its header, which names the encoding, goes in front.
        std::string& out = literal();
        const std::size_t start = out.size();
        TransferEncoding te = encode_text(content, eight_bit_ok, out);
        out += "\r\n";
        out.insert(start, std::string("Content-Type: text/") + subtype + "; charset=UTF-8\r\nContent-Transfer-Encoding: " +
                              transfer_encoding_name(te) + "\r\n\r\n");
    }

    void attachment_part(const Attachment& a) {
        const std::string name = attachment_name(a);
        std::string type = a.content_type.empty() ? guess_content_type(name) : a.content_type;
        std::string head = "Content-Type: " + type;
        // name= is what older clients read; filename= (RFC 2183, 2231) the rest.
        if (!name.empty()) head += name_parameter(name);
        head += "\r\nContent-Transfer-Encoding: base64\r\n";
        if (!a.content_id.empty()) head += "Content-ID: <" + a.content_id + ">\r\n";
        head += std::string("Content-Disposition: ") + (a.content_id.empty() ? "attachment" : "inline");
        if (!name.empty()) head += filename_parameter(name);
        head += "\r\n\r\n";
        text(head);
        MimeBody::Segment seg;
        if (!a.path.empty()) {
            struct stat st{};
            ::stat(a.path.c_str(), &st);
            seg.path = a.path;
            seg.raw_size = static_cast<std::uint64_t>(st.st_size);
        } else {
            seg.data = &a.data;
            seg.raw_size = a.data.size();
        }
        body_.segments_.push_back(std::move(seg));
    }

    // A multipart container: each part writes its own headers and content.
    void multipart(const char* subtype, const std::vector<std::function<void()>>& parts) {
        // "=_" never occurs in base64 or quoted-printable; text sent as it is
        // is checked, so no content line can be taken for a boundary.
        std::string boundary;
        do boundary = "=_" + random_hex(12);
        while (body_.message_.text.find(boundary) != std::string::npos || body_.message_.html.find(boundary) != std::string::npos);
        text(std::string("Content-Type: multipart/") + subtype + "; boundary=\"" + boundary + "\"\r\n\r\n");
        for (const auto& part : parts) {
            text("--" + boundary + "\r\n");
            part();
        }
        text("--" + boundary + "--\r\n");
    }

private:
    MimeBody& body_;
};

MimeBody::MimeBody(const Message& m, std::string_view id_domain, WireFeatures server) : message_(m), server_(server) {
    if (!m.raw.empty()) {  // rendered by the caller: passed through as one literal segment
        segments_.push_back({m.raw, {}, nullptr, 0});
        message_id_ = raw_message_id(m.raw);
        size_ = m.raw.size();
        std::size_t body = raw_body_offset(m.raw);
        for (std::size_t i = 0; i < m.raw.size(); ++i)
            (i < body ? utf8_headers_ : eight_bit_body_) |= static_cast<unsigned char>(m.raw[i]) >= 0x80;
        eight_bit_ = utf8_headers_ || eight_bit_body_;
        return;
    }
    std::string domain = ascii_domain(id_domain).value_or("");
    if (domain.empty() || domain.front() == '[') domain = "localhost.localdomain";
    message_id_ = m.message_id.empty() ? random_hex(16) + "@" + domain : m.message_id;
    layout(server);
}

void MimeBody::fit(WireFeatures server) {
    if (server == server_ || !message_.raw.empty()) return;  // a raw message goes as it is
    if (!depends_on_server(message_)) {  // the same bytes for every server: kept
        server_ = server;
        return;
    }
    rewind();
    layout(server);
}

void MimeBody::layout(WireFeatures server) {
    const Message& m = message_;
    server_ = server;
    segments_.clear();
    size_ = 0;
    // One allocation for the usual header section and text parts.
    segments_.emplace_back();
    segments_.back().text.reserve(1024 + m.subject.size() + m.text.size() + m.html.size());
    MimeWriter w(*this);
    w.header("Date", m.date.empty() ? rfc5322_date() : m.date);
    w.header("From", format_mailbox(m.from, 6, server.smtputf8));
    w.address_header("To", m.to, server.smtputf8);
    w.address_header("Cc", m.cc, server.smtputf8);
    w.address_header("Reply-To", m.reply_to, server.smtputf8);
    w.header("Subject", encode_header_value(m.subject, 9));
    w.header("Message-ID", "<" + message_id_ + ">");
    w.header("MIME-Version", "1.0");
    for (const auto& h : m.headers) w.text(write_custom_header(h, server.smtputf8));

    std::vector<const Attachment*> inline_parts, files;
    for (const auto& a : m.attachments) (a.content_id.empty() || m.html.empty() ? files : inline_parts).push_back(&a);

    const bool eight = server.eight_bit_mime;
    auto html = [&] {
        if (inline_parts.empty()) return w.text_part("html", m.html, eight);
        std::vector<std::function<void()>> parts{[&] { w.text_part("html", m.html, eight); }};
        for (const Attachment* a : inline_parts) parts.push_back([&w, a] { w.attachment_part(*a); });
        w.multipart("related", parts);
    };
    auto content = [&] {
        if (!m.text.empty() && !m.html.empty())
            w.multipart("alternative", {[&] { w.text_part("plain", m.text, eight); }, html});
        else if (!m.html.empty())
            html();
        else
            w.text_part("plain", m.text, eight);
    };
    if (files.empty()) {
        content();
    } else {
        std::vector<std::function<void()>> parts;
        if (!m.text.empty() || !m.html.empty()) parts.push_back(content);
        for (const Attachment* a : files) parts.push_back([&w, a] { w.attachment_part(*a); });
        w.multipart("mixed", parts);
    }

    // Raw 8-bit bytes: UTF-8 addresses (only those without an ASCII form
    // when the server lacks SMTPUTF8) and 8bit text parts.
    const std::string_view first = segments_.front().text;
    const std::size_t head_end = first.find("\r\n\r\n");
    utf8_headers_ = !is_ascii(first.substr(0, head_end));
    eight_bit_body_ = !is_ascii(first.substr(head_end));
    for (std::size_t i = 0; i < segments_.size(); ++i) {
        const Segment& s = segments_[i];
        size_ += s.path.empty() && !s.data ? s.text.size() : base64_lines_size(s.raw_size);
        if (i > 0) eight_bit_body_ = eight_bit_body_ || !is_ascii(s.text);
    }
    eight_bit_ = utf8_headers_ || eight_bit_body_;
}

MimeBody::~MimeBody() {
    if (file_) std::fclose(file_);
}

// The file was checked before the first byte was sent; a change found while
// its bytes are being sent is not bad input but a failure in mid-message.
static Error attachment_changed(const std::string& path, const std::string& how) {
    return Error(ErrorCategory::AttachmentChanged,
                 "the attachment \"" + path + "\" changed while the message was being sent (" + how + ")");
}

// Encodes the next chunk of the current attachment into encoded_.
bool MimeBody::refill() {
    constexpr std::size_t kChunk = 57 * 1024;  // whole 76-character lines
    Segment& seg = segments_[segment_];
    encoded_.clear();
    encoded_pos_ = 0;
    std::uint64_t left = seg.raw_size - raw_done_;
    if (left == 0) {
        if (file_) {
            bool grew = std::fgetc(file_) != EOF;
            std::fclose(file_);
            file_ = nullptr;
            if (grew) throw attachment_changed(seg.path, "it grew");
        }
        return false;
    }
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, kChunk));
    if (seg.data) {
        base64_encode_lines(std::string_view(seg.data->data() + raw_done_, n), encoded_);
    } else {
        if (!file_ && !(file_ = std::fopen(seg.path.c_str(), "rb")))
            throw attachment_changed(seg.path, std::string("it can no longer be opened: ") + std::strerror(errno));
        char buf[kChunk];
        if (std::fread(buf, 1, n, file_) != n)
            throw attachment_changed(seg.path, std::ferror(file_) ? std::string("reading failed: ") + std::strerror(errno) : "it shrank");
        base64_encode_lines(std::string_view(buf, n), encoded_);
    }
    raw_done_ += n;
    return true;
}

void MimeBody::rewind() noexcept {
    if (file_) std::fclose(file_);
    file_ = nullptr;
    segment_ = offset_ = encoded_pos_ = 0;
    encoded_.clear();
    raw_done_ = 0;
}

std::size_t MimeBody::read(char* out, std::size_t cap) {
    std::size_t done = 0;
    while (done < cap && segment_ < segments_.size()) {
        Segment& seg = segments_[segment_];
        if (seg.path.empty() && !seg.data) {
            std::size_t n = std::min(cap - done, seg.text.size() - offset_);
            std::memcpy(out + done, seg.text.data() + offset_, n);
            done += n;
            offset_ += n;
            if (offset_ == seg.text.size()) ++segment_, offset_ = 0;
            continue;
        }
        if (encoded_pos_ == encoded_.size() && !refill()) {
            ++segment_;
            raw_done_ = 0;
            continue;
        }
        std::size_t n = std::min(cap - done, encoded_.size() - encoded_pos_);
        std::memcpy(out + done, encoded_.data() + encoded_pos_, n);
        done += n;
        encoded_pos_ += n;
    }
    return done;
}

} // namespace smtp
