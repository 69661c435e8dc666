// The classification vectors the core shares with the plugin's PHPMailer
// engine (tests/data/classification-cases.json, also run by the plugin's
// PHPUnit): every refusal gets the same category and hint on both.
#include "error.h"
#include "smtp/reply.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace smtp;

namespace {

nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);  // relative to the repository root, where the suite runs
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

Stage stage_named(const std::string& name) {
    for (int s = static_cast<int>(Stage::Greeting); s <= static_cast<int>(Stage::Quit); ++s)
        if (name == stage_name(static_cast<Stage>(s))) return static_cast<Stage>(s);
    FAIL("no stage named " << name);
    return Stage::Quit;
}

} // namespace

TEST_CASE("the shared classification vectors", "[error]") {
    const auto hints = read_json("wordpress-plugin/data/smtp-data.json").at("hints");
    const auto cases = read_json("tests/data/classification-cases.json").at("cases");
    REQUIRE(cases.size() > 40);
    for (const auto& v : cases) {
        const std::string wire = v.at("reply");
        INFO(v.at("stage").get<std::string>() << ": " << wire);
        ReplyParser parser;
        parser.feed(wire);
        const Reply reply = *parser.next();
        const Error e = classify_reply(stage_named(v.at("stage")), reply);
        CHECK(category_name(e.category()) == v.at("category").get<std::string>());
        const std::string hint = v.at("hint");
        CHECK(e.hint() == (hint.empty() ? std::string(default_hint(e.category())) : hints.at(hint).get<std::string>()));
        CHECK(e.smtp_code() == reply.code);
        CHECK(e.server_reply() == reply.text());
        CHECK(std::string(e.what()).find(reply.lines.front()) != std::string::npos);
    }
}
