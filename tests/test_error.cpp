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

TEST_CASE("server replies map to categories", "[error]") {
    struct Vec { Stage stage; const char* wire; ErrorCategory expected; };
    auto v = GENERATE(values<Vec>({
        {Stage::Auth, "535 5.7.8 Username and Password not accepted\r\n", ErrorCategory::AuthFailed},
        {Stage::Auth, "535 Error: authentication failed\r\n", ErrorCategory::AuthFailed},
        {Stage::Auth, "534-5.7.9 Application-specific password required.\r\n534 5.7.9 Learn more\r\n", ErrorCategory::AppPasswordRequired},
        {Stage::Auth, "535 Login Fail. Please enter your authorization code to login\r\n", ErrorCategory::AppPasswordRequired},
        {Stage::Auth, "504 5.5.4 Unrecognized authentication type\r\n", ErrorCategory::AuthMechanismUnsupported},
        {Stage::MailFrom, "553 Mail from must equal authorized user\r\n", ErrorCategory::SenderRejected},
        {Stage::MailFrom, "501 mail from address must be same as authorization user\r\n", ErrorCategory::SenderRejected},
        {Stage::MailFrom, "530 5.7.0 Authentication Required\r\n", ErrorCategory::AuthFailed},
        {Stage::RcptTo, "550 5.1.1 User unknown\r\n", ErrorCategory::RecipientRejected},
        {Stage::EndOfData, "554 5.7.1 Message rejected as spam\r\n", ErrorCategory::MessageRejected},
        {Stage::EndOfData, "550 5.7.60 SMTP; Client does not have permissions to send as this sender\r\n", ErrorCategory::SenderRejected},
        {Stage::EndOfData, "451 4.7.500 Server busy, try again later\r\n", ErrorCategory::RateLimited},
        {Stage::MailFrom, "450 Requested mail action not taken: too many mails sent, rate limit exceeded\r\n", ErrorCategory::RateLimited},
        {Stage::Data, "550 5.4.5 Daily user sending quota exceeded\r\n", ErrorCategory::RateLimited},
        {Stage::Greeting, "554 no SMTP service here\r\n", ErrorCategory::Connect},
        {Stage::RcptTo, "421 4.4.2 closing connection\r\n", ErrorCategory::Connect},
        {Stage::StartTls, "454 4.7.0 TLS not available due to local problem\r\n", ErrorCategory::StartTlsUnavailable},
        {Stage::StartTls, "502 5.5.1 command not implemented\r\n", ErrorCategory::StartTlsUnavailable},
        {Stage::Ehlo, "500 what\r\n", ErrorCategory::Protocol},
    }));
    Error e = classify_reply(v.stage, reply(v.wire));
    INFO(v.wire);
    CHECK(e.category() == v.expected);
    CHECK(e.smtp_code() == reply(v.wire).code);
    CHECK(e.server_reply() == reply(v.wire).text());
    CHECK_FALSE(e.hint().empty());
    CHECK(std::string(e.what()).find(reply(v.wire).lines.front()) != std::string::npos);
}

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
