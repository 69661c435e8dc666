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

// RFC 3463 enhanced codes decide before the words of the text do; what the
// text says is read only where the code leaves it open.
TEST_CASE("enhanced status codes classify before the reply's words", "[error]") {
    struct Vec { Stage stage; const char* wire; ErrorCategory expected; };
    auto v = GENERATE(values<Vec>({
        // X.2.2 mailbox full: the recipient's problem, not our sending rate.
        {Stage::RcptTo, "452 4.2.2 The email account that you tried to reach is over quota\r\n", ErrorCategory::RecipientRejected},
        {Stage::EndOfData, "552 5.2.2 Mailbox full, quota exceeded\r\n", ErrorCategory::RecipientRejected},
        {Stage::RcptTo, "452 Mailbox over quota\r\n", ErrorCategory::RecipientRejected},
        // X.2.1: the recipient receives too fast (Gmail), still not our limit.
        {Stage::RcptTo, "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages\r\n",
         ErrorCategory::RecipientRejected},
        // X.5.3 too many recipients in one transaction.
        {Stage::RcptTo, "452 4.5.3 Error: too many recipients\r\n", ErrorCategory::RecipientRejected},
        // Our own sending quota stays rate_limited.
        {Stage::EndOfData, "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message\r\n",
         ErrorCategory::RateLimited},
        {Stage::MailFrom, "550 5.4.5 Daily user sending limit exceeded\r\n", ErrorCategory::RateLimited},
        // X.1.7 / X.1.8: the sender's address, whatever the stage.
        {Stage::RcptTo, "553 5.1.8 Domain of sender address does not exist\r\n", ErrorCategory::SenderRejected},
        // X.7.23-X.7.27: the sender's domain failed SPF/DKIM/DMARC.
        {Stage::EndOfData, "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy\r\n",
         ErrorCategory::SenderRejected},
        // X.3.4 / X.2.3: too big.
        {Stage::EndOfData, "552 5.3.4 Message size exceeds fixed maximum message size\r\n", ErrorCategory::MessageRejected},
        // 534 at AUTH is the provider asking for another kind of login (RFC 4954; Gmail's web-login 5.7.14).
        {Stage::Auth, "534-5.7.14 <https://accounts.google.com/signin/continue> Please log in via\r\n534 5.7.14 your web browser and then try again.\r\n",
         ErrorCategory::AppPasswordRequired},
        // Credentials: 5.7.8 and an account disabled.
        {Stage::Auth, "535 5.7.8 Error: authentication failed: another step is needed\r\n", ErrorCategory::AuthFailed},
        // Encryption required first: the fix is the encryption setting, not the password.
        {Stage::MailFrom, "530 5.7.0 Must issue a STARTTLS command first\r\n", ErrorCategory::StartTlsUnavailable},
        {Stage::Auth, "538 5.7.11 Encryption required for requested authentication mechanism\r\n", ErrorCategory::StartTlsUnavailable},
    }));
    INFO(v.wire);
    CHECK(classify_reply(v.stage, reply(v.wire)).category() == v.expected);
}

TEST_CASE("a 4xx mailbox-full recipient is transient and says what to do", "[error]") {
    Error e = classify_reply(Stage::RcptTo, reply("452 4.2.2 Mailbox full\r\n"));
    CHECK(e.category() == ErrorCategory::RecipientRejected);
    CHECK(e.transient());
    CHECK_THAT(e.hint(), Catch::Contains("full"));
}
