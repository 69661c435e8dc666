#include "presets.h"

namespace smtp {

namespace {

constexpr auto SSL = Encryption::Ssl;
constexpr auto TLS = Encryption::StartTls;

const char* const kAuthCodeChina =
    "Turn on the SMTP service in the mailbox's web settings and use the authorization code it shows as the password, not your login password.";

} // namespace

const std::vector<Preset>& presets() {
    static const std::vector<Preset> table = {
        {"qq", "QQ Mail", "smtp.qq.com", 465, 587, 25, SSL, true, true, "your full QQ Mail address",
         "QQ Mail: Settings > Account > POP3/IMAP/SMTP service: turn on SMTP and generate an authorization code; use it as the password. The sender must be the account itself."},
        {"exmail", "Tencent Exmail (WeCom)", "smtp.exmail.qq.com", 465, 587, 25, SSL, true, true, "your full company email address",
         "Tencent Exmail: enable client access (SMTP) and, with secure login on, generate a client-specific password in the mailbox settings."},
        {"163", "NetEase 163 Mail", "smtp.163.com", 465, 0, 25, SSL, true, true, "your full 163.com address",
         std::string("163 Mail: ") + kAuthCodeChina},
        {"126", "NetEase 126 Mail", "smtp.126.com", 465, 0, 25, SSL, true, true, "your full 126.com address",
         std::string("126 Mail: ") + kAuthCodeChina},
        {"yeah", "NetEase yeah.net", "smtp.yeah.net", 465, 0, 25, SSL, true, true, "your full yeah.net address",
         std::string("yeah.net: ") + kAuthCodeChina},
        {"aliyun", "Aliyun Mail (personal)", "smtp.aliyun.com", 465, 0, 25, SSL, false, true, "your full aliyun.com address",
         "Aliyun Mail: turn on SMTP in Settings > POP3/SMTP/IMAP; the password is your mailbox password."},
        {"aliyun_enterprise", "Alibaba Mail (enterprise)", "smtp.qiye.aliyun.com", 465, 0, 25, SSL, false, true, "your full company email address",
         "Alibaba enterprise mail: your administrator must allow SMTP; if your account has a client-specific password, use that instead of the login password."},
        {"189", "China Telecom 189 Mail", "smtp.189.cn", 465, 587, 25, SSL, true, true, "your full 189.cn address",
         std::string("189 Mail: ") + kAuthCodeChina},
        {"sina", "Sina Mail", "smtp.sina.com", 465, 0, 25, SSL, true, true, "your full sina.com address",
         std::string("Sina Mail: ") + kAuthCodeChina},
        {"sohu", "Sohu Mail", "smtp.sohu.com", 465, 0, 25, SSL, true, true, "your full sohu.com address",
         "Sohu Mail: turn on POP3/SMTP in the mailbox settings and use the independent password it gives you."},
        {"gmail", "Gmail / Google Workspace", "smtp.gmail.com", 465, 587, 0, SSL, true, false, "your full Gmail address",
         "Gmail: turn on 2-Step Verification, then create an app password at myaccount.google.com/apppasswords and use its 16 letters as the password (or use XOAUTH2 with an OAuth token)."},
        {"outlook", "Outlook.com / Hotmail", "smtp-mail.outlook.com", 0, 587, 0, TLS, true, true, "your full Outlook.com address",
         "Outlook.com: with two-step verification on, create an app password in your Microsoft account's security settings; Microsoft is phasing out passwords for SMTP in favour of OAuth (XOAUTH2)."},
        {"office365", "Microsoft 365 / Exchange Online", "smtp.office365.com", 0, 587, 0, TLS, false, true, "your full work email address",
         "Microsoft 365: the administrator must enable Authenticated SMTP for the mailbox; accounts with MFA need an app password or OAuth (XOAUTH2)."},
        {"yahoo", "Yahoo Mail", "smtp.mail.yahoo.com", 465, 587, 0, SSL, true, true, "your full Yahoo address",
         "Yahoo Mail: Account security > Generate app password; use it as the password."},
        {"icloud", "iCloud Mail", "smtp.mail.me.com", 0, 587, 0, TLS, true, true, "your full iCloud address",
         "iCloud: sign in at appleid.apple.com > Sign-In and Security > App-Specific Passwords, and use the generated password."},
        {"zoho", "Zoho Mail", "smtp.zoho.com", 465, 587, 0, SSL, true, true, "your full Zoho address",
         "Zoho Mail: with two-factor authentication on, create an application-specific password in Zoho Accounts > Security."},
        {"sendgrid", "SendGrid", "smtp.sendgrid.net", 465, 587, 25, TLS, true, false, "apikey",
         "SendGrid: the user name is literally \"apikey\" and the password is an API key with Mail Send permission; the sender must be a verified sender identity."},
        {"mailgun", "Mailgun", "smtp.mailgun.org", 465, 587, 25, TLS, false, false, "postmaster@your-domain (SMTP credentials)",
         "Mailgun: use the SMTP credentials of your sending domain (Sending > Domain settings > SMTP credentials); EU accounts use smtp.eu.mailgun.org."},
        {"ses", "Amazon SES", "email-smtp.us-east-1.amazonaws.com", 465, 587, 25, TLS, false, false, "the SMTP user name from the SES console",
         "Amazon SES: create SMTP credentials in the SES console (they differ from your AWS keys) and change the host to your region, e.g. email-smtp.eu-west-1.amazonaws.com; the sender must be verified."},
        {"brevo", "Brevo (Sendinblue)", "smtp-relay.brevo.com", 465, 587, 0, TLS, false, false, "your Brevo login email",
         "Brevo: use the SMTP key from SMTP & API settings as the password; the sender must be a verified sender."},
    };
    return table;
}

const Preset* find_preset(std::string_view id) {
    for (const auto& p : presets())
        if (p.id == id) return &p;
    return nullptr;
}

std::uint16_t preset_port(const Preset& p, Encryption e) {
    switch (e) {
    case Encryption::Ssl: return p.ssl_port;
    case Encryption::StartTls: return p.starttls_port;
    case Encryption::None: return p.plain_port;
    }
    return 0;
}

} // namespace smtp
