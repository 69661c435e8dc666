<?php
/**
 * The provider presets as the settings page shows them: the extension's
 * table (host, ports, encryption) with the help lines in the site's
 * language. The extension's own help is English, so the plugin keeps a
 * translatable line per preset id and falls back to the extension's text
 * for an id it does not know yet.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Providers
{
    /** id => [name, host, port, encryption, ports, appPassword, senderMustMatchAccount, usernameHint, help]; empty without the extension. */
    public static function all(): array
    {
        if (!Native_SMTP_Plugin::extension_loaded()) {
            return [];
        }
        $presets = Smtp\Config::presets();
        foreach ($presets as $id => &$p) {
            $p['help'] = self::help((string) $id, $p);
            $p['usernameHint'] = self::username_hint((string) $id, $p);
        }
        return $presets;
    }

    /** The one-line help shown under the provider list. */
    public static function help(string $id, array $preset = []): string
    {
        $name = (string) ($preset['name'] ?? $id);
        switch ($id) {
            case 'qq':
                return __('QQ Mail needs an authorization code, not your login password: in QQ Mail open Settings > Account, turn on the POP3/IMAP/SMTP service and generate one. The sender must be the account itself.', 'native-smtp');
            case 'exmail':
                return __('Tencent Exmail: turn on secure login, then generate a client-specific password in the mailbox settings and use it as the password. The sender must be the account itself.', 'native-smtp');
            case '163':
            case '126':
            case 'yeah':
            case 'sina':
                /* translators: %s: provider name, e.g. NetEase 163 Mail */
                return sprintf(__('%s needs an authorization code, not your login password: turn on the SMTP service in the mailbox\'s web settings and use the code it shows (it is shown only once).', 'native-smtp'), $name);
            case '189':
                return __('189 Mail: turn on the SMTP service in the mailbox settings; the password is usually your mailbox password (use an authorization code if the mailbox gives you one).', 'native-smtp');
            case 'aliyun':
                return __('Aliyun Mail: turn on SMTP under Settings > POP3/SMTP/IMAP; the password is your normal mailbox password.', 'native-smtp');
            case 'aliyun_enterprise':
                return __('Alibaba enterprise mail: your administrator must allow SMTP; if your account has a client-specific password, use it instead of the login password.', 'native-smtp');
            case 'sohu':
                return __('Sohu Mail: turn on POP3/SMTP in the mailbox settings and use the separate password it gives you.', 'native-smtp');
            case 'gmail':
                return __('Gmail needs an app password when 2-step verification is on: create one at myaccount.google.com/apppasswords and use its 16 letters as the password.', 'native-smtp');
            case 'outlook':
                return __('Outlook.com: with two-step verification on, create an app password in your Microsoft account\'s security settings and use it as the password.', 'native-smtp');
            case 'office365':
                return __('Microsoft 365: your administrator must turn on authenticated SMTP for the mailbox; accounts with multi-factor sign-in need an app password.', 'native-smtp');
            case 'yahoo':
                return __('Yahoo Mail: open Account security, choose "Generate app password" and use that password here.', 'native-smtp');
            case 'icloud':
                return __('iCloud Mail: at appleid.apple.com open Sign-In and Security > App-Specific Passwords and use the generated password.', 'native-smtp');
            case 'zoho':
                return __('Zoho Mail: with two-factor authentication on, create an application-specific password in Zoho Accounts > Security.', 'native-smtp');
            case 'sendgrid':
                return __('SendGrid: the account is literally "apikey" and the password is an API key with the Mail Send permission; the sender must be a verified sender.', 'native-smtp');
            case 'mailgun':
                return __('Mailgun: use the SMTP credentials of your sending domain (Sending > Domain settings > SMTP credentials); EU accounts use smtp.eu.mailgun.org.', 'native-smtp');
            case 'ses':
                return __('Amazon SES: create SMTP credentials in the SES console (they are not your AWS keys), change the host to your region and send from a verified address.', 'native-smtp');
            case 'brevo':
                return __('Brevo: use the SMTP key from the "SMTP & API" settings as the password; the sender must be a verified sender.', 'native-smtp');
        }
        return (string) ($preset['help'] ?? '');
    }

    /** What goes in the Account field for this provider. */
    public static function username_hint(string $id, array $preset = []): string
    {
        switch ($id) {
            case 'sendgrid':
                /* translators: %s: the literal user name SendGrid expects */
                return sprintf(__('Literally: %s', 'native-smtp'), 'apikey');
            case 'mailgun':
                return __('The SMTP login of your sending domain, such as postmaster@your-domain', 'native-smtp');
            case 'ses':
                return __('The SMTP user name from the SES console', 'native-smtp');
            case 'brevo':
                return __('The SMTP login shown under "SMTP & API" in Brevo', 'native-smtp');
        }
        // Mailbox providers: the account is the address itself.
        $mailboxes = ['qq', 'exmail', '163', '126', 'yeah', 'aliyun', 'aliyun_enterprise', '189', 'sina', 'sohu',
            'gmail', 'outlook', 'office365', 'yahoo', 'icloud', 'zoho', 'other'];
        return in_array($id, $mailboxes, true)
            ? __('Usually your full email address', 'native-smtp')
            : (string) ($preset['usernameHint'] ?? '');
    }

    /**
     * The steps to get a working password, for the fix shown after an
     * authentication error ('' when the help line says it all).
     */
    public static function password_steps(string $id): string
    {
        switch ($id) {
            case 'gmail':
                return __('For Gmail: open myaccount.google.com, turn on 2-Step Verification under Security, then open App passwords, create one for this site and paste the 16 letters as the password.', 'native-smtp');
            case 'qq':
                return __('For QQ Mail: open mail.qq.com, go to Settings > Account, turn on the POP3/IMAP/SMTP service, generate an authorization code (授权码) and use it as the password. The account is your full QQ Mail address.', 'native-smtp');
            case '163':
            case '126':
            case 'yeah':
                return __('For NetEase mail (163/126): open the mailbox settings, choose POP3/SMTP/IMAP, turn on the SMTP service and use the authorization code shown (it is shown only once) as the password.', 'native-smtp');
            case 'outlook':
            case 'office365':
                return __('For Outlook / Microsoft 365: turn on two-step verification and create an app password in your Microsoft account\'s security settings; for Microsoft 365 your administrator must also enable authenticated SMTP for the mailbox.', 'native-smtp');
        }
        return self::all()[$id]['help'] ?? '';
    }
}
