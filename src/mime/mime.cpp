#include "mime/mime.h"

#include "mime/address.h"
#include "mime/encoding.h"
#include "error.h"
#include "mime/raw_message.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>
#include <sys/stat.h>
#include <unistd.h>

namespace smtp {

namespace {

const char kHex[] = "0123456789abcdef";

std::string random_hex(std::size_t bytes) {
    unsigned char buf[32];
    if (RAND_bytes(buf, static_cast<int>(bytes)) != 1)
        throw Error(ErrorCategory::InvalidArgument, "the system random generator failed");
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) out += kHex[buf[i] >> 4], out += kHex[buf[i] & 15];
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// RFC 5322 3.3 date in local time, independent of the C locale.
std::string rfc5322_date() {
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    long off = tm.tm_gmtoff / 60;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
                  std::labs(off) / 60, std::labs(off) % 60);
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
        std::string ext = lower(filename.substr(dot + 1));
        for (const auto& [e, type] : table)
            if (ext == e) return type;
    }
    return "application/octet-stream";
}

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// The filename parameter: quoted ASCII, or RFC 2231 extended UTF-8.
std::string filename_params(const std::string& name) {
    if (is_ascii(name)) return "; filename=" + quoted(name);
    std::string ext = "; filename*=UTF-8''";
    for (unsigned char c : name) {
        if (std::isalnum(c) || std::strchr("!#$&+-.^_`|~", c)) ext += static_cast<char>(c);
        else ext += '%', ext += "0123456789ABCDEF"[c >> 4], ext += "0123456789ABCDEF"[c & 15];
    }
    return ext;
}

bool is_header_name(std::string_view name) {
    if (name.empty()) return false;
    for (unsigned char c : name)
        if (c < 33 || c > 126 || c == ':') return false;
    return true;
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

const char* const kGeneratedHeaders[] = {"from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version",
                                         "content-type", "content-transfer-encoding", "reply-to"};

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
    for (const auto& h : m.headers) {
        if (!is_header_name(h.name) || h.name.size() > 76)
            throw_invalid_argument("invalid header name \"" + h.name + "\": use up to 76 letters, digits and '-'");
        reject_line_breaks(h.value, "header " + h.name);
        std::string n = lower(h.name);
        for (const char* g : kGeneratedHeaders)
            if (n == g)
                throw_invalid_argument("the header " + h.name + " is set from the message's fields; set that field instead of a custom header");
    }
    for (const auto& a : m.attachments) {
        reject_line_breaks(a.filename, "attachment name");
        // Longer names would not fit a 998-octet header line once percent-encoded (RFC 2231).
        if (a.filename.size() > 255) throw_invalid_argument("the attachment name is longer than 255 bytes; shorten it");
        reject_line_breaks(a.content_id, "inline content id");
        reject_line_breaks(a.content_type, "attachment type");
        if (!a.content_type.empty() && !is_content_type(a.content_type))
            throw_invalid_argument("invalid attachment type \"" + a.content_type + "\": use a MIME type such as application/pdf");
        check_id(a.content_id, "inline content id");
        if (a.content_type.size() > 200) throw_invalid_argument("the attachment type is longer than 200 characters");
        // A base64 leaf part cannot be a container: readers would parse it as one.
        if (lower(a.content_type).rfind("multipart/", 0) == 0 || lower(a.content_type).rfind("message/", 0) == 0)
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

    void text(std::string_view s) {
        if (body_.segments_.empty() || !body_.segments_.back().path.empty() || body_.segments_.back().data)
            body_.segments_.emplace_back();
        body_.segments_.back().text.append(s.data(), s.size());
    }

    void header(std::string_view name, std::string_view value) {
        std::string line;
        line.reserve(name.size() + value.size() + 4);
        line.append(name).append(": ").append(value).append("\r\n");
        text(line);
    }

    void address_header(const char* name, const std::vector<Mailbox>& list) {
        if (list.empty()) return;
        std::string value;
        for (const auto& box : list) {
            if (!value.empty()) value += ",\r\n ";  // one mailbox per line keeps every line short
            value += format_mailbox(box);
        }
        header(name, value);
    }

    void text_part(const char* subtype, const std::string& content) {
        std::string part = "Content-Type: text/";
        part += subtype;
        part += "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
        quoted_printable_encode(content, part);
        part += "\r\n";
        text(part);
    }

    void attachment_part(const Attachment& a) {
        std::string name = a.filename.empty() ? basename_of(a.path) : a.filename;
        std::string type = a.content_type.empty() ? guess_content_type(name) : a.content_type;
        std::string head = "Content-Type: " + type;
        // name= is what older clients read; RFC 2047 inside it is a widespread convention.
        if (!name.empty()) head += "; name=" + quoted(is_ascii(name) ? name : encode_header_value(name, 0));
        head += "\r\nContent-Transfer-Encoding: base64\r\n";
        if (!a.content_id.empty()) head += "Content-ID: <" + a.content_id + ">\r\n";
        head += std::string("Content-Disposition: ") + (a.content_id.empty() ? "attachment" : "inline");
        if (!name.empty()) head += filename_params(name);
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
        std::string boundary = "=_" + random_hex(12);  // "=_" never occurs in base64 or QP output
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

MimeBody::MimeBody(const Message& m, std::string_view id_domain) {
    if (!m.raw.empty()) {  // rendered by the caller: passed through as one literal segment
        segments_.push_back({m.raw, {}, nullptr, 0});
        message_id_ = raw_message_id(m.raw);
        size_ = m.raw.size();
        std::size_t body = raw_body_offset(m.raw);
        for (std::size_t i = 0; i < m.raw.size(); ++i)
            (i < body ? eight_bit_ : eight_bit_body_) |= static_cast<unsigned char>(m.raw[i]) >= 0x80;
        return;
    }
    std::string domain(id_domain);
    if (domain.empty() || !is_ascii(domain) || domain.front() == '[') domain = "localhost.localdomain";
    message_id_ = m.message_id.empty() ? random_hex(16) + "@" + domain : m.message_id;
    eight_bit_ = needs_smtputf8(m.from.address);
    for (const auto* list : {&m.to, &m.cc, &m.reply_to})
        for (const auto& box : *list) eight_bit_ = eight_bit_ || needs_smtputf8(box.address);

    MimeWriter w(*this);
    w.header("Date", m.date.empty() ? rfc5322_date() : m.date);
    w.header("From", format_mailbox(m.from));
    w.address_header("To", m.to);
    w.address_header("Cc", m.cc);
    w.address_header("Reply-To", m.reply_to);
    w.header("Subject", encode_header_value(m.subject, 9));
    w.header("Message-ID", "<" + message_id_ + ">");
    w.header("MIME-Version", "1.0");
    for (const auto& h : m.headers) w.header(h.name, encode_header_value(h.value, h.name.size() + 2));

    std::vector<const Attachment*> inline_parts, files;
    for (const auto& a : m.attachments) (a.content_id.empty() || m.html.empty() ? files : inline_parts).push_back(&a);

    auto html = [&] {
        if (inline_parts.empty()) return w.text_part("html", m.html);
        std::vector<std::function<void()>> parts{[&] { w.text_part("html", m.html); }};
        for (const Attachment* a : inline_parts) parts.push_back([&w, a] { w.attachment_part(*a); });
        w.multipart("related", parts);
    };
    auto content = [&] {
        if (!m.text.empty() && !m.html.empty())
            w.multipart("alternative", {[&] { w.text_part("plain", m.text); }, html});
        else if (!m.html.empty())
            html();
        else
            w.text_part("plain", m.text);
    };
    if (files.empty()) {
        content();
    } else {
        std::vector<std::function<void()>> parts;
        if (!m.text.empty() || !m.html.empty()) parts.push_back(content);
        for (const Attachment* a : files) parts.push_back([&w, a] { w.attachment_part(*a); });
        w.multipart("mixed", parts);
    }

    for (const auto& s : segments_)
        size_ += s.path.empty() && !s.data ? s.text.size() : base64_lines_size(s.raw_size);
}

MimeBody::~MimeBody() {
    if (file_) std::fclose(file_);
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
            if (grew) throw_invalid_argument("the attachment \"" + seg.path + "\" changed while it was being sent");
        }
        return false;
    }
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, kChunk));
    if (seg.data) {
        base64_encode_lines(std::string_view(seg.data->data() + raw_done_, n), encoded_);
    } else {
        if (!file_ && !(file_ = std::fopen(seg.path.c_str(), "rb")))
            throw_invalid_argument("cannot open the attachment \"" + seg.path + "\": " + std::strerror(errno));
        char buf[kChunk];
        if (std::fread(buf, 1, n, file_) != n)
            throw_invalid_argument("the attachment \"" + seg.path + "\" changed while it was being sent");
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
