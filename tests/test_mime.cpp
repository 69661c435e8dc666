// The MIME builder's wire form: which header fields are encoded and how
// they fold, the transfer encoding of each text part, attachment names, and
// international domains for servers with and without SMTPUTF8.
#include "mime/encoding.h"
#include "error.h"
#include "mime/mime.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace smtp;

namespace {

Message basic() {
    Message m;
    m.from = {"Alice", "alice@example.com"};
    m.to = {{"", "bob@example.com"}};
    m.subject = "Hello";
    m.text = "Hi Bob\n";
    return m;
}

std::string wire(const Message& m, WireFeatures server = {}) {
    validate_message(m);
    MimeBody body(m, "example.com", server);
    std::string out(body.size(), '\0');
    std::size_t n = 0;
    while (std::size_t k = body.read(&out[n], out.size() - n)) n += k;
    REQUIRE(n == out.size());
    return out;
}

std::string head_of(const std::string& msg) { return msg.substr(0, msg.find("\r\n\r\n") + 2); }

// The field `name` of a header section, folds kept, without "Name:".
std::string field(const std::string& head, const std::string& name) {
    std::size_t at = head.compare(0, name.size() + 1, name + ":") == 0 ? 0 : head.find("\r\n" + name + ":");
    if (at == std::string::npos) return {};
    if (at != 0) at += 2;
    std::size_t start = at + name.size() + 1, end = start;
    while ((end = head.find("\r\n", end)) != std::string::npos && end + 2 < head.size() &&
           (head[end + 2] == ' ' || head[end + 2] == '\t'))
        end += 2;
    return head.substr(start, end - start);
}

std::string unfold(std::string s) {
    for (std::size_t i; (i = s.find("\r\n")) != std::string::npos;) s.erase(i, 2);
    return s;
}

// RFC 2047 B words decoded, white space between adjacent words dropped.
std::string decode_words(const std::string& folded) {
    std::string v = unfold(folded), out;
    bool after = false;
    for (std::size_t i = 0; i < v.size();) {
        if (v.compare(i, 10, "=?UTF-8?B?") == 0) {
            std::size_t end = v.find("?=", i + 10);
            REQUIRE(end != std::string::npos);
            out += base64_decode(v.substr(i + 10, end - i - 10));
            i = end + 2;
            after = true;
            continue;
        }
        std::size_t j = v.find_first_not_of(" \t", i);
        if (after && j != i && j != std::string::npos && v.compare(j, 10, "=?UTF-8?B?") == 0) {
            i = j;
            continue;
        }
        after = false;
        out += v[i++];
    }
    return out;
}

std::size_t longest_line(const std::string& s) {
    std::size_t longest = 0, start = 0;
    for (std::size_t nl; (nl = s.find("\r\n", start)) != std::string::npos; start = nl + 2) longest = std::max(longest, nl - start);
    return std::max(longest, s.size() - start);
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t nl; (nl = s.find("\r\n", start)) != std::string::npos; start = nl + 2) out.push_back(s.substr(start, nl - start));
    return out;
}

// A part's content: what follows the blank line after `marker`, up to the next boundary.
std::string content_after(const std::string& msg, const std::string& marker) {
    std::size_t at = msg.find(marker);
    REQUIRE(at != std::string::npos);
    std::size_t body = msg.find("\r\n\r\n", at) + 4;
    std::size_t end = msg.find("\r\n--=_", body);
    return msg.substr(body, (end == std::string::npos ? msg.size() - 2 : end) - body);
}

const std::string kGmailId = "CAKx7Jh0=Hq5rP3b5eA9m-0pQx_u1vZs9Q0jT+Y2yH8B3dWc4fQ@mail.gmail.com";

} // namespace

TEST_CASE("structured header fields are folded at white space, never encoded", "[mime]") {
    Message m = basic();
    std::string refs;
    for (int i = 0; i < 6; ++i) refs += (refs.empty() ? "<" : " <") + std::to_string(i) + kGmailId + ">";
    const std::string unsubscribe = "<https://lists.example.com/unsubscribe?list=news&token=" + std::string(180, 'k') +
                                    ">, <mailto:unsubscribe@lists.example.com?subject=unsubscribe>";
    m.headers = {{"In-Reply-To", "<" + kGmailId + ">"},
                 {"References", refs},
                 {"List-Unsubscribe", unsubscribe},
                 {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
                 {"List-Id", "Site news <news.lists.example.com>"},
                 {"Feedback-ID", "campaign-" + std::string(90, '7') + ":wordpress"}};
    const std::string head = head_of(wire(m));
    INFO(head);
    CHECK(head.find("=?") == std::string::npos);
    CHECK(unfold(field(head, "In-Reply-To")) == " <" + kGmailId + ">");
    CHECK(unfold(field(head, "References")) == " " + refs);
    CHECK(unfold(field(head, "List-Unsubscribe")) == " " + unsubscribe);
    CHECK(unfold(field(head, "Feedback-ID")) == " campaign-" + std::string(90, '7') + ":wordpress");
    for (const auto& line : lines_of(head)) {
        CHECK(line.size() <= 998);
        // Lines run past 78 only where there is no white space to fold at.
        if (line.size() > 78) CHECK(line.substr(line[0] == ' ' ? 1 : line.find(": ") + 2).find(' ') == std::string::npos);
    }
}

TEST_CASE("a structured field that cannot be folded within 998 octets, or is not ASCII, is refused", "[mime]") {
    Message m = basic();
    m.headers = {{"List-Unsubscribe", "<https://example.com/u?t=" + std::string(1000, 'x') + ">"}};
    CHECK_THROWS_WITH(validate_message(m), Catch::Contains("List-Unsubscribe") && Catch::Contains("998"));
    m.headers = {{"In-Reply-To", "<日本@example.com>"}};
    CHECK_THROWS_WITH(validate_message(m), Catch::Contains("In-Reply-To") && Catch::Contains("ASCII"));
}

TEST_CASE("unstructured fields are encoded only when they must be", "[mime]") {
    Message m = basic();
    const std::string long_word = "https://example.com/a-very-long-path/" + std::string(60, 'p');
    m.subject = "See " + long_word;
    m.headers = {{"X-Note", "登録コードのお知らせ"}, {"Comments", "ok"}, {"X-Report-Abuse", "Report: " + long_word}};
    const std::string head = head_of(wire(m));
    INFO(head);
    CHECK(unfold(field(head, "Subject")) == " See " + long_word);  // ASCII: folded, not encoded
    CHECK(unfold(field(head, "X-Report-Abuse")) == " Report: " + long_word);
    CHECK(field(head, "X-Note").find("=?UTF-8?B?") != std::string::npos);
    CHECK(decode_words(field(head, "X-Note").substr(1)) == "登録コードのお知らせ");
    CHECK(field(head, "Comments") == " ok");
}

TEST_CASE("address fields given as custom headers are written as mailboxes", "[mime]") {
    Message m = basic();
    m.headers = {{"Sender", "山田 太郎 <taro@example.com>"}, {"Disposition-Notification-To", "alice@example.com"}};
    const std::string head = head_of(wire(m));
    INFO(head);
    const std::string sender = field(head, "Sender");
    CHECK(sender.find("<taro@example.com>") != std::string::npos);
    CHECK(decode_words(sender.substr(1, sender.find('<') - 1)) .find("山田 太郎") == 0);
    CHECK(field(head, "Disposition-Notification-To") == " alice@example.com");
    m.headers = {{"Sender", "not an address"}};
    CHECK_THROWS_AS(validate_message(m), Error);
}

TEST_CASE("encoded display names fold from the column where they start", "[mime]") {
    Message m = basic();
    m.from.name = "株式会社サンプル・ソリューションズ 営業部 お客様サポートセンター";
    m.to = {{"Pekka Mäkinen-Virtanen, Suomen Asiakaspalvelu Oy", "pekka.makinen-virtanen@asiakaspalvelu.example.fi"},
            {"王小明 (技术支持部门负责人)", "wang.xiaoming@support.example.com"}};
    m.reply_to = {{m.from.name, "replies@example.com"}};
    const std::string head = head_of(wire(m));
    INFO(head);
    for (const auto& line : lines_of(head)) CHECK(line.size() <= 78);
    for (const char* name : {"From", "To", "Reply-To"}) CHECK(unfold(field(head, name)).find("=?UTF-8?B?") != std::string::npos);
    const std::string from = field(head, "From");
    CHECK(decode_words(from.substr(1, from.rfind('<') - 1)).find(m.from.name) == 0);
}

TEST_CASE("attachment names fold from their real column", "[mime]") {
    Message m = basic();
    const std::string name = "2026年度 第3四半期 売上報告書（東京・大阪・名古屋 各支店の詳細と来期の見通しを含む）最終版.pdf";
    m.attachments.push_back({"", "%PDF-1.4 fake", name, "application/pdf", ""});
    const std::string msg = wire(m);
    INFO(msg);
    for (const auto& line : lines_of(msg)) CHECK(line.size() <= 78);
    // RFC 2231 continuations in Content-Disposition read back as the name.
    std::string disp = unfold(field(msg.substr(msg.find("Content-Disposition:")), "Content-Disposition"));
    std::string joined;
    for (int i = 0;; ++i) {
        std::string key = "filename*" + std::to_string(i) + "*=";
        std::size_t at = disp.find(key);
        if (at == std::string::npos) break;
        std::size_t end = disp.find(';', at);
        joined += disp.substr(at + key.size(), end == std::string::npos ? std::string::npos : end - at - key.size());
    }
    REQUIRE(joined.rfind("UTF-8''", 0) == 0);
    std::string decoded;
    for (std::size_t i = 7; i < joined.size(); ++i) {
        if (joined[i] == '%') decoded += static_cast<char>(std::stoi(joined.substr(i + 1, 2), nullptr, 16)), i += 2;
        else decoded += joined[i];
    }
    CHECK(decoded == name);
}

TEST_CASE("a file name with a line break never becomes a header", "[mime][security]") {
    char dir[] = "/tmp/mime-name-XXXXXX";
    REQUIRE(mkdtemp(dir));
    const std::string path = std::string(dir) + "/report\r\nX-Injected: yes.pdf";
    std::ofstream(path) << "data";
    Message m = basic();
    m.attachments.push_back({path, "", "", "", ""});
    CHECK_THROWS_WITH(validate_message(m), Catch::Contains("line break"));
    // A control byte other than CR/LF is carried encoded, not raw.
    const std::string odd = std::string(dir) + "/tab\there\x01.txt";
    std::ofstream(odd) << "data";
    m.attachments = {{odd, "", "", "", ""}};
    const std::string msg = wire(m);
    CHECK(msg.find('\x01') == std::string::npos);
    CHECK(msg.find("X-Injected") == std::string::npos);
    ::unlink(path.c_str());
    ::unlink(odd.c_str());
    ::rmdir(dir);
}

TEST_CASE("each text part gets the smallest safe transfer encoding", "[mime]") {
    Message m = basic();
    std::string japanese;
    for (int i = 0; i < 40; ++i) japanese += "ご登録ありがとうございます。確認コードは下記のとおりです。\n";
    std::string chinese;
    for (int i = 0; i < 40; ++i) chinese += "感谢您的注册，您的验证码如下，请在十分钟内输入。\n";

    SECTION("CJK text without 8BITMIME: base64, not three times the size") {
        m.text = japanese;
        m.html = "<p>" + chinese + "</p>";
        const std::string msg = wire(m);
        CHECK(msg.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n") != std::string::npos);
        CHECK(msg.find("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n") != std::string::npos);
        std::string plain = content_after(msg, "text/plain");
        CHECK(plain.size() < japanese.size() * 14 / 10);
        std::string crlf;
        for (char c : japanese) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        CHECK(base64_decode(plain) == crlf);
        MimeBody body(m, "example.com");
        CHECK_FALSE(body.eight_bit());
    }
    SECTION("CJK text with 8BITMIME and short lines: 8bit, sent as is") {
        m.text = japanese;
        MimeBody body(m, "example.com", WireFeatures{true, false});
        CHECK(body.eight_bit());
        const std::string msg = wire(m, WireFeatures{true, false});
        CHECK(msg.find("Content-Transfer-Encoding: 8bit\r\n") != std::string::npos);
        CHECK(msg.find("ご登録ありがとうございます。確認コードは下記のとおりです。\r\n") != std::string::npos);
    }
    SECTION("8BITMIME, but a line past 998 octets: not 8bit") {
        m.text = std::string(1000, 'x') + japanese.substr(0, 87) + "\n";
        const std::string msg = wire(m, WireFeatures{true, false});
        CHECK(msg.find("Content-Transfer-Encoding: 8bit") == std::string::npos);
        CHECK(longest_line(msg) <= 78);
    }
    SECTION("ASCII with short lines: 7bit") {
        m.text = "Your code is 123456.\n\nThanks.\n";
        const std::string msg = wire(m);
        CHECK(msg.find("Content-Transfer-Encoding: 7bit\r\n\r\nYour code is 123456.\r\n\r\nThanks.\r\n") != std::string::npos);
    }
    SECTION("Finnish text: quoted-printable, smaller than base64") {
        m.text = "Hyvää päivää! Vahvistuskoodisi on 123456. Koodi on voimassa kymmenen minuuttia.\n";
        const std::string msg = wire(m);
        CHECK(msg.find("Content-Transfer-Encoding: quoted-printable\r\n") != std::string::npos);
    }
    SECTION("ASCII with a line past 998 octets: quoted-printable") {
        m.html = "<html>" + std::string(1200, 'a') + "</html>";
        m.text.clear();
        const std::string msg = wire(m);
        CHECK(msg.find("Content-Transfer-Encoding: quoted-printable\r\n") != std::string::npos);
        CHECK(longest_line(msg) <= 78);
    }
}

TEST_CASE("international domains become A-labels for a server without SMTPUTF8", "[mime][idn]") {
    Message m = basic();
    m.from = {"", "info@bücher.example"};
    m.to = {{"Kaito", "kaito@例え.テスト"}};
    SECTION("without SMTPUTF8: ASCII headers") {
        const std::string msg = wire(m);
        const std::string head = head_of(msg);
        INFO(head);
        CHECK(field(head, "From") == " info@xn--bcher-kva.example");
        CHECK(field(head, "To") == " Kaito <kaito@xn--r8jz45g.xn--zckzah>");
        CHECK(MimeBody(m, "bücher.example").message_id().find("@xn--bcher-kva.example") != std::string::npos);
        for (unsigned char c : msg) CHECK(c < 0x80);
    }
    SECTION("with SMTPUTF8: the domains as given") {
        const std::string head = head_of(wire(m, WireFeatures{false, true}));
        CHECK(field(head, "From") == " info@bücher.example");
        CHECK(field(head, "To") == " Kaito <kaito@例え.テスト>");
    }
}
