#include "smtp/presets.h"

namespace smtp {

namespace {

constexpr auto SSL = Encryption::Ssl;
constexpr auto TLS = Encryption::StartTls;

// NetEase (163, 126, yeah.net) share one settings page and one procedure.
std::string netease_help(const char* name) {
    return std::string(name) +
           ": Settings > POP3/SMTP/IMAP: turn on the IMAP/SMTP (or POP3/SMTP) service, pass the SMS check, and use the "
           "authorization code it shows (only once) as the password, not your login password.";
}

} // namespace

// Ports: 465 is implicit TLS, 587 STARTTLS, 25 whatever the provider allows
// in clear. A port is listed only where the provider documents it for
// client submission with that encryption.
const std::vector<Preset>& presets() {
    static const std::vector<Preset> table = {
        // id, name, host, ssl, starttls, plain, recommended, app_password, sender_must_match, username_hint, help
        {"qq", "QQ Mail", "smtp.qq.com", 465, 587, 25, SSL, true, true, "your full QQ Mail address",
         "QQ Mail: Settings > Account > POP3/IMAP/SMTP service: turn on SMTP and generate an authorization code; use it as the password. The sender must be the account itself."},
        {"exmail", "Tencent Exmail (WeCom)", "smtp.exmail.qq.com", 465, 587, 25, SSL, true, true, "your full company email address",
         "Tencent Exmail: bind WeChat and turn on secure login in the mailbox settings, then generate a client-specific password (shown once) and use it as the password. The sender must be the account itself."},
        {"163", "NetEase 163 Mail", "smtp.163.com", 465, 0, 25, SSL, true, true, "your full 163.com address",
         netease_help("163 Mail")},
        {"126", "NetEase 126 Mail", "smtp.126.com", 465, 0, 25, SSL, true, true, "your full 126.com address",
         netease_help("126 Mail")},
        {"yeah", "NetEase yeah.net", "smtp.yeah.net", 465, 0, 25, SSL, true, true, "your full yeah.net address",
         netease_help("yeah.net Mail")},
        {"aliyun", "Aliyun Mail (personal)", "smtp.aliyun.com", 465, 0, 25, SSL, false, true, "your full aliyun.com address",
         "Aliyun Mail: make sure POP/IMAP/SMTP access is turned on in the mailbox settings (POP settings); the password is your normal mailbox password."},
        {"aliyun_enterprise", "Alibaba Mail (enterprise)", "smtp.qiye.aliyun.com", 465, 0, 25, SSL, false, true, "your full company email address",
         "Alibaba enterprise mail: your administrator must allow SMTP; if your account has a client-specific password, use that instead of the login password."},
        {"189", "China Telecom 189 Mail", "smtp.189.cn", 465, 0, 25, SSL, false, true, "your full 189.cn address",
         "189 Mail: tick the POP3/SMTP service in the mailbox settings; the password is your mailbox password (or the client authorization code, if the mailbox issued one)."},
        {"sina", "Sina Mail", "smtp.sina.com", 465, 0, 25, SSL, true, true, "your full sina.com address",
         "Sina Mail: turn on the SMTP service in the mailbox settings (client POP/IMAP/SMTP) and use the authorization code it gives you as the password, not your login password."},
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
         "Zoho Mail: with two-factor authentication on, create an application-specific password in Zoho Accounts > Security; accounts on your own domain use smtppro.zoho.com, other data centres smtp.zoho.eu, smtp.zoho.in, ..."},
        {"sendgrid", "SendGrid", "smtp.sendgrid.net", 465, 587, 25, TLS, true, false, "apikey",
         "SendGrid: the user name is literally \"apikey\" and the password is an API key with Mail Send permission; the sender must be a verified sender identity."},
        {"mailgun", "Mailgun", "smtp.mailgun.org", 465, 587, 25, TLS, true, false, "postmaster@your-domain (SMTP credentials)",
         "Mailgun: use the SMTP credentials of your sending domain (Sending > Domain settings > SMTP credentials); EU accounts use smtp.eu.mailgun.org."},
        {"ses", "Amazon SES", "email-smtp.us-east-1.amazonaws.com", 465, 587, 25, TLS, true, false, "the SMTP user name from the SES console",
         "Amazon SES: create SMTP credentials in the SES console (they differ from your AWS keys) and change the host to your region, e.g. email-smtp.eu-west-1.amazonaws.com; the sender must be verified."},
        {"brevo", "Brevo (Sendinblue)", "smtp-relay.brevo.com", 465, 587, 0, TLS, true, false, "the SMTP login shown under SMTP & API",
         "Brevo: under SMTP & API > SMTP, the login shown there is the user name and an SMTP key (not an API key) is the password; the sender must be a verified sender."},
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
