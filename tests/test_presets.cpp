#include "presets.h"

#include <catch2/catch.hpp>

#include <set>

using namespace smtp;

TEST_CASE("every preset is usable as it stands", "[presets]") {
    std::set<std::string> ids;
    for (const auto& p : presets()) {
        INFO(p.id);
        CHECK(ids.insert(p.id).second);
        CHECK(p.host.find('.') != std::string::npos);
        CHECK(preset_port(p, p.recommended) != 0);
        CHECK(p.help.size() > 20);
        CHECK_FALSE(p.name.empty());
        CHECK(find_preset(p.id) == &p);
    }
    CHECK(presets().size() >= 20);
    CHECK(find_preset("nope") == nullptr);
}

TEST_CASE("provider facts", "[presets]") {
    const Preset* qq = find_preset("qq");
    REQUIRE(qq);
    CHECK(qq->host == "smtp.qq.com");
    CHECK(qq->recommended == Encryption::Ssl);
    CHECK(preset_port(*qq, Encryption::Ssl) == 465);
    CHECK(qq->app_password);
    CHECK(qq->sender_must_match);
    CHECK(find_preset("163")->host == "smtp.163.com");
    CHECK(find_preset("exmail")->host == "smtp.exmail.qq.com");
    CHECK(find_preset("gmail")->starttls_port == 587);
    CHECK(find_preset("outlook")->recommended == Encryption::StartTls);
    CHECK(find_preset("sendgrid")->username_hint == "apikey");
    CHECK(find_preset("189")->host == "smtp.189.cn");
}
