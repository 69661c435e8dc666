#include "error.h"
#include "smtp/reply.h"

#include <catch2/catch.hpp>

using namespace smtp;

namespace {
Reply reply(const std::string& wire) {
    ReplyParser p;
    p.feed(wire);
    return *p.next();
}
} // namespace

// How each refusal is classified: tests/test_classification.cpp, with the
// vectors the plugin's PHPUnit shares (tests/data/classification-cases.json).

TEST_CASE("every category has a name and a hint", "[error]") {
    for (int c = static_cast<int>(ErrorCategory::InvalidArgument); c <= static_cast<int>(ErrorCategory::Protocol); ++c) {
        auto cat = static_cast<ErrorCategory>(c);
        CHECK(std::string(category_name(cat)).size() > 2);
        CHECK(std::string(default_hint(cat)).size() > 20);
    }
    CHECK(std::string(category_name(ErrorCategory::AppPasswordRequired)) == "app_password_required");
}

TEST_CASE("errors keep the enhanced code and know when to retry", "[error]") {
    Error e = classify_reply(Stage::RcptTo, reply("452 4.2.2 Mailbox full\r\n"));
    CHECK(e.enhanced_code() == "4.2.2");
    CHECK(e.transient());
    CHECK_FALSE(classify_reply(Stage::RcptTo, reply("550 5.1.1 no\r\n")).transient());
}

TEST_CASE("a 4xx mailbox-full recipient is transient and says what to do", "[error]") {
    Error e = classify_reply(Stage::RcptTo, reply("452 4.2.2 Mailbox full\r\n"));
    CHECK(e.category() == ErrorCategory::RecipientRejected);
    CHECK(e.transient());
    CHECK_THAT(e.hint(), Catch::Contains("full"));
}
