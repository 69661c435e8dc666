// The session against real servers started by scripts/servers.sh: aiosmtpd
// (AUTH, STARTTLS, implicit TLS; every message kept as received) and Postfix's
// smtp-sink. What arrived is decoded by Python's email package, an
// independent MIME implementation, and compared byte for byte.
#include "run_env.h"
#include "smtp/session.h"

#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace smtp;

namespace {

std::string get(const std::string& key) { return run_setting("servers.env", key, "scripts/servers.sh start"); }

SessionOptions options(const std::string& port_key, Encryption enc, bool login = true) {
    SessionOptions o;
    o.host = enc == Encryption::None ? "127.0.0.1" : "localhost";
    o.port = static_cast<std::uint16_t>(std::stoi(get(port_key)));
    o.encryption = enc;
    o.ca_file = get("SMTP_TEST_CA");
    if (login) {
        o.username = get("SMTP_TEST_USER");
        o.password = get("SMTP_TEST_PASS");
    }
    o.keep_transcript = true;
    o.command_timeout = std::chrono::seconds(10);
    return o;
}

std::set<std::string> eml_files(const std::string& dir) {
    std::set<std::string> out;
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string n = e->d_name;
            if (n.size() > 4 && n.compare(n.size() - 4, 4, ".eml") == 0) out.insert(dir + "/" + n);
        }
        closedir(d);
    }
    return out;
}

// Runs f, then returns the one message that appeared in the maildir meanwhile.
template <class F>
std::string received_during(const std::string& box, F f) {
    const std::string dir = get("SMTP_TEST_MAILDIR") + "/" + box;
    auto before = eml_files(dir);
    f();
    for (int i = 0; i < 100; ++i) {
        for (const auto& file : eml_files(dir))
            if (!before.count(file)) return file;
        usleep(20000);
    }
    FAIL("no new message in " << dir);
    return {};
}

std::string inspect(const std::string& eml) {
    std::string cmd = "/usr/bin/python3 tests/inspect_eml.py '" + eml + "'";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    std::array<char, 4096> buf;
    while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
    REQUIRE(pclose(p) == 0);
    return out;
}

std::string sha256_hex(const std::string& data) {
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) out += hex[md[i] >> 4], out += hex[md[i] & 15];
    return out;
}

// The HELO name the last message to a box was sent with (from its sidecar).
std::string read_file_of_latest_helo(const std::string& box) {
    auto files = eml_files(get("SMTP_TEST_MAILDIR") + "/" + box);
    REQUIRE_FALSE(files.empty());
    std::string eml = *files.rbegin();
    return read_file(eml.substr(0, eml.size() - 4) + ".json");
}

Message greeting_message() {
    Message m;
    m.from = {"Test Sender", get("SMTP_TEST_USER").find('@') != std::string::npos ? get("SMTP_TEST_USER") : "sender@example.com"};
    m.to.push_back({"Bob", "bob@example.com"});
    m.subject = "Plain subject";
    m.text = "Hello Bob.\n.\nA line with a single dot above.\n";
    return m;
}

} // namespace

TEST_CASE("every AUTH mechanism logs in to aiosmtpd", "[server]") {
    auto mech = GENERATE(AuthMechanism::Auto, AuthMechanism::Plain, AuthMechanism::Login, AuthMechanism::CramMd5, AuthMechanism::XOAuth2);
    auto o = options("SMTP_TEST_PLAIN_PORT", Encryption::None);
    o.auth = mech;
    Session s(o);
    std::string eml = received_during("plain", [&] { CHECK(s.send(greeting_message()).last_reply.code == 250); });
    INFO(s.transcript());
    CHECK(s.transcript().find(get("SMTP_TEST_PASS")) == std::string::npos);
    if (mech == AuthMechanism::Auto) CHECK(s.transcript().find("AUTH CRAM-MD5") != std::string::npos);  // clear text: never reveal the password
    CHECK(read_file(eml.substr(0, eml.size() - 4) + ".json").find(get("SMTP_TEST_USER")) != std::string::npos);
}

TEST_CASE("a wrong password is auth_failed", "[server]") {
    auto o = options("SMTP_TEST_STARTTLS_PORT", Encryption::StartTls);
    o.password = "wrong";
    Session s(o);
    try {
        s.send(greeting_message());
        FAIL("sent");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::AuthFailed);
        CHECK(e.smtp_code() == 535);
    }
}

TEST_CASE("STARTTLS and implicit TLS with the certificate verified", "[server][tls]") {
    auto [port, enc, box] = GENERATE(table<const char*, Encryption, const char*>({
        {"SMTP_TEST_STARTTLS_PORT", Encryption::StartTls, "starttls"},
        {"SMTP_TEST_IMPLICIT_PORT", Encryption::Ssl, "implicit"},
    }));
    Session s(options(port, enc));
    std::string eml = received_during(box, [&] { s.send(greeting_message()); });
    CHECK(s.tls_active());
    CHECK(read_file(eml.substr(0, eml.size() - 4) + ".json").find("\"tls\": true") != std::string::npos);
}

TEST_CASE("TLS sessions are resumed on the next connection", "[server][tls]") {
    for (int i = 0; i < 2; ++i) {
        Session s(options("SMTP_TEST_IMPLICIT_PORT", Encryption::Ssl));
        s.open();
        if (i == 1) CHECK(s.transcript().find("(resumed)") != std::string::npos);
    }
}

TEST_CASE("a certificate for another host is refused unless verification is off", "[server][tls]") {
    auto o = options("SMTP_TEST_WRONGHOST_PORT", Encryption::StartTls, false);
    {
        Session s(o);
        try {
            s.open();
            FAIL("connected");
        } catch (const Error& e) {
            CHECK(e.category() == ErrorCategory::TlsCertificate);
        }
    }
    o.verify_peer = false;
    Session s(o);
    s.open();
    CHECK(s.tls_active());
}

TEST_CASE("non-ASCII headers, both bodies and attachments arrive intact", "[server][mime]") {
    Message m = greeting_message();
    m.from.name = "山田 太郎";
    m.to = {{"王小明", "wang@example.com"}, {"Pekka Mäkinen", "pekka@example.fi"}};
    m.cc = {{"", "cc@example.com"}};
    m.bcc = {{"", "hidden@example.com"}};
    m.subject = GENERATE(as<std::string>{}, "日本語の件名テスト：登録コードのお知らせ", "中文主题测试邮件：您的验证码",
                         "Hyvää päivää – vahvistuskoodisi on tässä");
    m.text = "本文 ÄÖÅ\r\n.starts with a dot\nbare LF\rbare CR\n";
    m.html = "<p>Hei <b>maailma</b> 你好</p><img src=\"cid:logo\">";
    std::string blob;
    for (unsigned i = 0; i < 300000; ++i) blob += static_cast<char>((i * 7919u) % 256);
    m.attachments.push_back({"", blob, "データ.bin", "application/octet-stream", ""});
    m.attachments.push_back({"", "\x89PNG fake image", "logo.png", "image/png", "logo"});

    Session s(options("SMTP_TEST_PLAIN_PORT", Encryption::None, false));
    std::string eml = received_during("plain", [&] { s.send(m); });
    std::string json = inspect(eml);
    INFO(json);
    CHECK(json.find("\"subject\": \"" + m.subject + "\"") != std::string::npos);
    CHECK(json.find("山田 太郎") != std::string::npos);
    CHECK(json.find("Pekka Mäkinen <pekka@example.fi>") != std::string::npos);
    CHECK(json.find("hidden@example.com") == std::string::npos);
    CHECK(json.find("\"sha256\": \"" + sha256_hex(blob) + "\"") != std::string::npos);
    CHECK(json.find("\"filename\": \"データ.bin\"") != std::string::npos);
    CHECK(json.find("<logo>") != std::string::npos);
    CHECK(json.find("\"bare_lf\": false") != std::string::npos);
    CHECK(json.find("\"bare_cr\": false") != std::string::npos);
    CHECK(json.find("\"defects\": []") != std::string::npos);
    CHECK(json.find(".starts with a dot") != std::string::npos);
    CHECK(read_file(eml.substr(0, eml.size() - 4) + ".json").find("hidden@example.com") != std::string::npos);
}

TEST_CASE("a body that tries to smuggle a second message stays one message", "[server][security]") {
    Message m = greeting_message();
    m.text = "one\r\n.\r\nMAIL FROM:<evil@example.com>\r\n\n.\n\r.\rend";
    Session s(options("SMTP_TEST_PLAIN_PORT", Encryption::None, false));
    const std::string dir = get("SMTP_TEST_MAILDIR") + "/plain";
    auto before = eml_files(dir).size();
    std::string eml = received_during("plain", [&] { s.send(m); });
    s.close();
    usleep(100000);
    CHECK(eml_files(dir).size() == before + 1);
    CHECK(inspect(eml).find("MAIL FROM:<evil@example.com>") != std::string::npos);
}

TEST_CASE("many messages over one connection to smtp-sink", "[server][batch]") {
    Session s(options("SMTP_TEST_SINK_PORT", Encryption::None, false));
    std::vector<Message> batch(200, greeting_message());
    auto out = s.send_many(batch);
    std::set<std::string> ids;
    for (auto& o : out) {
        REQUIRE(o.result);
        ids.insert(o.result->message_id);
    }
    CHECK(ids.size() == batch.size());
    CHECK(s.capabilities().pipelining);
}

TEST_CASE("IPv6 loopback", "[server]") {
    if (std::ifstream("/proc/net/if_inet6").peek() == EOF) {
        WARN("this machine has no IPv6 loopback");
        return;
    }
    auto o = options("SMTP_TEST_PLAIN_PORT", Encryption::None, false);
    o.host = "::1";
    Session s(o);
    received_during("plain6", [&] { s.send(greeting_message()); });
    CHECK(read_file_of_latest_helo("plain6").find("IPv6:::1") != std::string::npos);
}

TEST_CASE("Python's email reads structured fields unencoded, long names, and 8bit CJK text", "[server][mime]") {
    const std::string gmail_id = "CAKx7Jh0=Hq5rP3b5eA9m-0pQx_u1vZs9Q0jT+Y2yH8B3dWc4fQ@mail.gmail.com";
    std::string refs;
    for (int i = 0; i < 6; ++i) refs += (refs.empty() ? "<" : " <") + std::to_string(i) + gmail_id + ">";
    const std::string unsubscribe = "<https://example.com/u/8f2k1x>, <mailto:leave@lists.example.com?subject=unsubscribe>";
    const std::string file = "2026年度 第3四半期 売上報告書（東京・大阪・名古屋 各支店の詳細と来期の見通しを含む）最終版.pdf";
    std::string text;
    for (int i = 0; i < 30; ++i) text += "ご登録ありがとうございます。確認コードは下記のとおりです。\n";
    Message m = greeting_message();
    m.from.name = "株式会社サンプル・ソリューションズ 営業部 お客様サポートセンター";
    m.to = {{"王小明 (技术支持部门负责人)", "wang.xiaoming@support.example.com"}};
    m.text = text;
    m.headers = {{"In-Reply-To", "<" + gmail_id + ">"}, {"References", refs}, {"List-Unsubscribe", unsubscribe},
                 {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
    m.attachments.push_back({"", "%PDF-1.4 fake", file, "application/pdf", ""});

    Session s(options("SMTP_TEST_PLAIN_PORT", Encryption::None, false));
    std::string eml = received_during("plain", [&] { s.send(m); });
    const std::string raw = read_file(eml);
    const std::string head = raw.substr(0, raw.find("\r\n\r\n"));
    INFO(head);
    for (const std::string name : {"In-Reply-To:", "References:", "List-Unsubscribe:"}) {
        std::size_t at = head.find("\r\n" + name), end = at + 2;
        REQUIRE(at != std::string::npos);
        while ((end = head.find("\r\n", end)) != std::string::npos && head[end + 2] == ' ') end += 2;
        CHECK(head.substr(at, end - at).find("=?") == std::string::npos);  // as written, not RFC 2047-encoded
    }
    std::string json = inspect(eml);
    INFO(json);
    CHECK(json.find("\"in-reply-to\": \"<" + gmail_id + ">\"") != std::string::npos);
    CHECK(json.find("\"references\": \"" + refs + "\"") != std::string::npos);
    CHECK(json.find("\"list-unsubscribe\": \"" + unsubscribe + "\"") != std::string::npos);
    CHECK(json.find(m.from.name + " <") != std::string::npos);
    CHECK(json.find("王小明 (技术支持部门负责人) <wang.xiaoming@support.example.com>") != std::string::npos);
    CHECK(json.find("\"filename\": \"" + file + "\"") != std::string::npos);
    // Every header line, the message's and each part's, within 78 unless it
    // has no white space to fold at (a long message id).
    std::vector<std::string> heads{head};
    for (std::size_t b = raw.find("\r\n--=_"); b != std::string::npos; b = raw.find("\r\n--=_", b + 2)) {
        std::size_t start = raw.find("\r\n", b + 2) + 2;
        if (raw.compare(start - 4, 2, "--") != 0) heads.push_back(raw.substr(start, raw.find("\r\n\r\n", start) - start));
    }
    CHECK(heads.size() == 3);
    for (const auto& h : heads)
        for (std::size_t start = 0, nl = 0; nl != std::string::npos; start = nl + 2) {
            nl = h.find("\r\n", start);
            const std::string line = h.substr(start, nl - start);
            if (line.size() > 78) CHECK(line.find(' ', line[0] == ' ' ? 1 : line.find(": ") + 2) == std::string::npos);
        }
    CHECK(json.find("\"defects\": []") != std::string::npos);
    // aiosmtpd offers 8BITMIME: the Japanese text goes as it is, not tripled by quoted-printable.
    CHECK(raw.find("Content-Transfer-Encoding: 8bit\r\n") != std::string::npos);
    CHECK(raw.size() < text.size() + 3000);
    CHECK(read_file(eml.substr(0, eml.size() - 4) + ".json").find("BODY=8BITMIME") != std::string::npos);
    std::string crlf;
    for (char c : text) crlf += c == '\n' ? std::string("\\r\\n") : std::string(1, c);
    CHECK(json.find("\"text\": \"" + crlf) != std::string::npos);
}

TEST_CASE("a server without 8BITMIME or SMTPUTF8 gets 7-bit text and A-label domains", "[server][mime][idn]") {
    Message m = greeting_message();
    m.from = {"Bücher", "info@bücher.example"};
    m.to = {{"Kaito", "kaito@例え.テスト"}};
    m.text = "確認コードは 123456 です。\n";
    SECTION("without: the envelope and headers carry A-labels, the text goes in base64") {
        Session s(options("SMTP_TEST_ASCII_PORT", Encryption::None, false));
        SendResult r;
        std::string eml = received_during("ascii", [&] { r = s.send(m); });
        CHECK_FALSE(s.capabilities().smtputf8);
        CHECK(r.accepted == std::vector<std::string>{"kaito@例え.テスト"});
        const std::string raw = read_file(eml);
        for (unsigned char c : raw) REQUIRE(c < 0x80);
        const std::string sidecar = read_file(eml.substr(0, eml.size() - 4) + ".json");
        INFO(sidecar);
        CHECK(sidecar.find("\"mail_from\": \"info@xn--bcher-kva.example\"") != std::string::npos);
        CHECK(sidecar.find("kaito@xn--r8jz45g.xn--zckzah") != std::string::npos);
        CHECK(sidecar.find("\"smtputf8\": false") != std::string::npos);
        std::string json = inspect(eml);
        INFO(json);
        CHECK(json.find("Kaito <kaito@xn--r8jz45g.xn--zckzah>") != std::string::npos);
        CHECK(json.find("\"text\": \"確認コードは 123456 です。\\r\\n") != std::string::npos);
        CHECK(raw.find("Content-Transfer-Encoding: base64\r\n") != std::string::npos);
        CHECK(raw.find("@xn--bcher-kva.example>\r\n") != std::string::npos);  // Message-ID
    }
    SECTION("with: the addresses as given, with SMTPUTF8") {
        Session s(options("SMTP_TEST_PLAIN_PORT", Encryption::None, false));
        std::string eml = received_during("plain", [&] { s.send(m); });
        const std::string sidecar = read_file(eml.substr(0, eml.size() - 4) + ".json");
        INFO(sidecar);
        CHECK(sidecar.find("\"mail_from\": \"info@bücher.example\"") != std::string::npos);
        CHECK(sidecar.find("\"smtputf8\": true") != std::string::npos);
        CHECK(inspect(eml).find("Kaito <kaito@例え.テスト>") != std::string::npos);
    }
}
