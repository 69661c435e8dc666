#include "smtp/presets.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using namespace smtp;

namespace {
bool one_line(const std::string& s) { return s.find_first_of("\r\n") == std::string::npos && s.find('\0') == std::string::npos; }
} // namespace

TEST_CASE("every preset is usable as it stands", "[presets]") {
    std::set<std::string> ids;
    for (const auto& p : presets()) {
        INFO(p.id);
        CHECK(ids.insert(p.id).second);
        CHECK_FALSE(p.name.empty());
        CHECK(p.host.find('.') != std::string::npos);
        CHECK(p.host.find(' ') == std::string::npos);
        CHECK(preset_port(p, p.recommended) != 0);
        CHECK(p.recommended != Encryption::None);  // never pre-select a clear-text login
        CHECK(p.help.size() > 20);
        CHECK_FALSE(p.username_hint.empty());
        for (const std::string* field : {&p.id, &p.name, &p.host, &p.username_hint, &p.help}) CHECK(one_line(*field));
        // Each port belongs to one encryption only: the same port cannot be both.
        if (p.ssl_port) {
            CHECK(p.ssl_port != p.starttls_port);
            CHECK(p.ssl_port != p.plain_port);
        }
        if (p.starttls_port) CHECK(p.starttls_port != p.plain_port);
        CHECK(find_preset(p.id) == &p);
    }
    CHECK(presets().size() == 20);
    CHECK(find_preset("nope") == nullptr);
    CHECK(find_preset("") == nullptr);
    CHECK(find_preset("QQ") == nullptr);  // ids are exact
}

TEST_CASE("the most used providers of our users come first", "[presets]") {
    std::vector<std::string> first;
    for (const auto& p : presets()) first.push_back(p.id);
    first.resize(4);
    CHECK(first == std::vector<std::string>{"qq", "exmail", "163", "126"});
}

TEST_CASE("preset_port maps each encryption to its own port", "[presets]") {
    const Preset& qq = *find_preset("qq");
    CHECK(preset_port(qq, Encryption::Ssl) == 465);
    CHECK(preset_port(qq, Encryption::StartTls) == 587);
    CHECK(preset_port(qq, Encryption::None) == 25);
    const Preset& outlook = *find_preset("outlook");
    CHECK(preset_port(outlook, Encryption::Ssl) == 0);
    CHECK(preset_port(outlook, Encryption::StartTls) == 587);
    CHECK(preset_port(outlook, Encryption::None) == 0);
}

TEST_CASE("provider facts", "[presets]") {
    const Preset* qq = find_preset("qq");
    REQUIRE(qq);
    CHECK(qq->host == "smtp.qq.com");
    CHECK(qq->recommended == Encryption::Ssl);
    CHECK(preset_port(*qq, Encryption::Ssl) == 465);
    CHECK(qq->app_password);
    CHECK(qq->sender_must_match);
    CHECK(find_preset("sendgrid")->username_hint == "apikey");

    struct Fact {
        const char* id;
        const char* host;
        std::uint16_t ssl, starttls, plain;
        Encryption recommended;
        bool app_password;
    };
    // Hosts and ports as the providers (and the reference product pages) give them.
    auto f = GENERATE(values<Fact>({
        {"qq", "smtp.qq.com", 465, 587, 25, Encryption::Ssl, true},
        {"exmail", "smtp.exmail.qq.com", 465, 587, 25, Encryption::Ssl, true},
        {"163", "smtp.163.com", 465, 0, 25, Encryption::Ssl, true},
        {"126", "smtp.126.com", 465, 0, 25, Encryption::Ssl, true},
        {"yeah", "smtp.yeah.net", 465, 0, 25, Encryption::Ssl, true},
        {"aliyun", "smtp.aliyun.com", 465, 0, 25, Encryption::Ssl, false},
        {"aliyun_enterprise", "smtp.qiye.aliyun.com", 465, 0, 25, Encryption::Ssl, false},
        {"189", "smtp.189.cn", 465, 0, 25, Encryption::Ssl, false},
        {"sina", "smtp.sina.com", 465, 0, 25, Encryption::Ssl, true},
        {"sohu", "smtp.sohu.com", 465, 0, 25, Encryption::Ssl, true},
        {"gmail", "smtp.gmail.com", 465, 587, 0, Encryption::Ssl, true},
        {"outlook", "smtp-mail.outlook.com", 0, 587, 0, Encryption::StartTls, true},
        {"office365", "smtp.office365.com", 0, 587, 0, Encryption::StartTls, false},
        {"yahoo", "smtp.mail.yahoo.com", 465, 587, 0, Encryption::Ssl, true},
        {"icloud", "smtp.mail.me.com", 0, 587, 0, Encryption::StartTls, true},
        {"zoho", "smtp.zoho.com", 465, 587, 0, Encryption::Ssl, true},
        {"sendgrid", "smtp.sendgrid.net", 465, 587, 25, Encryption::StartTls, true},
        {"mailgun", "smtp.mailgun.org", 465, 587, 25, Encryption::StartTls, true},
        {"ses", "email-smtp.us-east-1.amazonaws.com", 465, 587, 25, Encryption::StartTls, true},
        {"brevo", "smtp-relay.brevo.com", 465, 587, 0, Encryption::StartTls, true},
    }));
    INFO(f.id);
    const Preset* p = find_preset(f.id);
    REQUIRE(p);
    CHECK(p->host == f.host);
    CHECK(p->ssl_port == f.ssl);
    CHECK(p->starttls_port == f.starttls);
    CHECK(p->plain_port == f.plain);
    CHECK(p->recommended == f.recommended);
    CHECK(p->app_password == f.app_password);
}

TEST_CASE("mailbox providers want the account as sender, relays a verified sender", "[presets]") {
    for (const char* id : {"qq", "exmail", "163", "126", "yeah", "aliyun", "189", "sina", "sohu", "outlook", "office365"}) {
        INFO(id);
        CHECK(find_preset(id)->sender_must_match);
    }
    for (const char* id : {"gmail", "sendgrid", "mailgun", "ses", "brevo"}) {
        INFO(id);
        CHECK_FALSE(find_preset(id)->sender_must_match);
    }
    for (const char* id : {"sendgrid", "ses", "brevo"}) {
        INFO(id);
        CHECK(find_preset(id)->help.find("verified") != std::string::npos);
    }
}

TEST_CASE("help lines say which password to use", "[presets]") {
    for (const auto& p : presets()) {
        INFO(p.id);
        const std::string& h = p.help;
        bool names_it = h.find("authorization code") != std::string::npos || h.find("app password") != std::string::npos ||
                        h.find("App-Specific") != std::string::npos || h.find("application-specific") != std::string::npos ||
                        h.find("client-specific password") != std::string::npos || h.find("separate password") != std::string::npos ||
                        h.find("key") != std::string::npos || h.find("credentials") != std::string::npos ||
                        h.find("mailbox password") != std::string::npos || h.find("login password") != std::string::npos ||
                        h.find("\"Sign in with") != std::string::npos;  // OAuth instead of a password
        CHECK(names_it);
    }
    CHECK(find_preset("gmail")->help.find("myaccount.google.com/apppasswords") != std::string::npos);
    CHECK(find_preset("ses")->help.find("region") != std::string::npos);
    CHECK(find_preset("qq")->help.find("Settings > Account") != std::string::npos);
}
