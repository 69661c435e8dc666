<?php
/**
 * Plain-language explanations for the extension's error categories, with the
 * fix spelled out for the chosen provider.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Error_Help
{
    /** What went wrong, in plain words. */
    public static function explain(string $category): string
    {
        switch ($category) {
            case 'auth_failed':
                return __('The mail server refused the account name or password.', 'native-smtp');
            case 'app_password_required':
                return __('Your provider does not accept your normal password here: it requires an app password (also called an authorization code).', 'native-smtp');
            case 'auth_mechanism_unsupported':
                return __('The mail server offers no login method this site can use with these settings.', 'native-smtp');
            case 'sender_rejected':
                return __('The mail server refused the sender address.', 'native-smtp');
            case 'recipient_rejected':
                return __('The mail server refused the recipient address.', 'native-smtp');
            case 'message_rejected':
                return __('The mail server refused the message itself.', 'native-smtp');
            case 'rate_limited':
                return __('Your provider is limiting how much mail this account may send right now.', 'native-smtp');
            case 'connect':
                return __('The site could not connect to the mail server.', 'native-smtp');
            case 'dns':
                return __('The mail server name could not be found.', 'native-smtp');
            case 'timeout':
                return __('The mail server did not answer in time.', 'native-smtp');
            case 'tls_handshake':
                return __('A secure (TLS) connection could not be set up with the mail server.', 'native-smtp');
            case 'tls_certificate':
                return __('The mail server\'s security certificate could not be trusted for this server name.', 'native-smtp');
            case 'starttls_unavailable':
                return __('The mail server does not offer STARTTLS encryption on this port, so the password was not sent.', 'native-smtp');
            case 'invalid_argument':
                return __('A setting or an address is not valid.', 'native-smtp');
            case 'protocol':
                return __('The server did not answer like a mail server.', 'native-smtp');
        }
        return __('Sending failed.', 'native-smtp');
    }

    /**
     * The fix: the extension's hint, and for the errors people meet most,
     * the steps for their provider.
     */
    public static function fix(string $category, string $hint, string $provider): string
    {
        $steps = '';
        if (in_array($category, ['auth_failed', 'app_password_required'], true)) {
            $steps = self::password_steps($provider);
        } elseif ($category === 'sender_rejected') {
            $steps = __('Set "Sender email" to the same address as the SMTP account (QQ Mail, 163 and most providers require this), or turn on "Force this sender".', 'native-smtp');
        } elseif (in_array($category, ['connect', 'timeout', 'tls_handshake'], true)) {
            $steps = __('Check that the port matches the encryption: 465 uses SSL, 587 uses STARTTLS. Some hosting providers block outgoing SMTP ports; ask them to open 465 or 587.', 'native-smtp');
        }
        return trim($steps . ($steps !== '' && $hint !== '' ? ' ' : '') . $hint);
    }

    private static function password_steps(string $provider): string
    {
        switch ($provider) {
            case 'gmail':
                return __('For Gmail: open myaccount.google.com, turn on 2-Step Verification under Security, then open App passwords, create one for this site and paste the 16 letters as the password.', 'native-smtp');
            case 'qq':
            case 'exmail':
                return __('For QQ Mail: open mail.qq.com, go to Settings > Account, turn on the POP3/IMAP/SMTP service, generate an authorization code (授权码) and use it as the password. The account is your full QQ Mail address.', 'native-smtp');
            case '163':
            case '126':
            case 'yeah':
                return __('For NetEase mail (163/126): open the mailbox settings, choose POP3/SMTP/IMAP, turn on the SMTP service and use the authorization code shown (it is shown only once) as the password.', 'native-smtp');
            case 'outlook':
            case 'office365':
                return __('For Outlook / Microsoft 365: turn on two-step verification and create an app password in your Microsoft account\'s security settings; for Microsoft 365 your administrator must also enable authenticated SMTP for the mailbox.', 'native-smtp');
            case 'yahoo':
            case 'icloud':
            case 'zoho':
                return __('Create an app-specific password in your account\'s security settings and use it instead of your login password.', 'native-smtp');
        }
        return '';  // the extension's hint already says what to check
    }
}
