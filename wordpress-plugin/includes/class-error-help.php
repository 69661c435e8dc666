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
     * The fix: the steps for the chosen provider when the password was the
     * problem, then the extension's hint (in the site's language when it is
     * one the plugin knows).
     */
    public static function fix(string $category, string $hint, string $provider): string
    {
        $steps = '';
        if (in_array($category, ['auth_failed', 'app_password_required'], true)) {
            $steps = Native_SMTP_Providers::password_steps($provider);
        } elseif ($category === 'sender_rejected') {
            $steps = __('Set "Sender email" to the same address as the SMTP account (QQ Mail, 163 and most providers require this), or turn on "Force this sender".', 'native-smtp');
        }
        $hint = self::hint($hint);
        return trim($steps . ($steps !== '' && $hint !== '' ? ' ' : '') . $hint);
    }

    /** The extension's hint in the site's language; one the plugin does not know stays as the extension wrote it. */
    public static function hint(string $hint): string
    {
        return self::hints()[$hint] ?? $hint;
    }

    /** The extension's hints (English, from src/error.cpp) => the same in the site's language. */
    private static function hints(): array
    {
        return [
            'Correct the value named in the message; nothing was sent.'
                => __('Correct the value named in the message; nothing was sent.', 'native-smtp'),
            'Check the SMTP host and port, and that a firewall or your hosting provider does not block outgoing SMTP (ports 25, 465 and 587 are often blocked).'
                => __('Check the SMTP host and port, and that a firewall or your hosting provider does not block outgoing SMTP (ports 25, 465 and 587 are often blocked).', 'native-smtp'),
            'Check the spelling of the SMTP host name (for example smtp.qq.com).'
                => __('Check the spelling of the SMTP host name (for example smtp.qq.com).', 'native-smtp'),
            'The server did not answer in time: check host, port and encryption (465 is SSL, 587 is STARTTLS), or raise the timeout.'
                => __('The server did not answer in time: check host, port and encryption (465 is SSL, 587 is STARTTLS), or raise the timeout.', 'native-smtp'),
            'TLS could not be negotiated: check that the encryption matches the port (465 = SSL, 587/25 = STARTTLS).'
                => __('TLS could not be negotiated: check that the encryption matches the port (465 = SSL, 587/25 = STARTTLS).', 'native-smtp'),
            'The server\'s certificate is not trusted for this host name: use the provider\'s exact SMTP host name, or give the CA file that signed it.'
                => __('The server\'s certificate is not trusted for this host name: use the provider\'s exact SMTP host name, or give the CA file that signed it.', 'native-smtp'),
            'The server does not offer STARTTLS on this port: use SSL on port 465, or another port; the password was not sent.'
                => __('The server does not offer STARTTLS on this port: use SSL on port 465, or another port; the password was not sent.', 'native-smtp'),
            'The account or password was refused: check the user name (usually the full email address) and the password; many providers (QQ, 163, Gmail) need an authorization code or app password instead of the login password, and SMTP must be enabled in the mailbox settings.'
                => __('The account or password was refused: check the user name (usually the full email address) and the password; many providers (QQ, 163, Gmail) need an authorization code or app password instead of the login password, and SMTP must be enabled in the mailbox settings.', 'native-smtp'),
            'The provider requires an application-specific password: turn on 2-step verification, create an app password in the account\'s security settings and use it instead of the login password.'
                => __('The provider requires an application-specific password: turn on 2-step verification, create an app password in the account\'s security settings and use it instead of the login password.', 'native-smtp'),
            'The server offers no login method this client can use; choose another authentication mechanism or encryption.'
                => __('The server offers no login method this client can use; choose another authentication mechanism or encryption.', 'native-smtp'),
            'The server refused the sender address: most providers require the sender to be the same address as the SMTP account.'
                => __('The server refused the sender address: most providers require the sender to be the same address as the SMTP account.', 'native-smtp'),
            'The server refused the recipient: check the address for typos; some servers only relay for authenticated users.'
                => __('The server refused the recipient: check the address for typos; some servers only relay for authenticated users.', 'native-smtp'),
            'The server refused the message: it may be too large or look like spam; check the server\'s reply.'
                => __('The server refused the message: it may be too large or look like spam; check the server\'s reply.', 'native-smtp'),
            'The provider is limiting how much this account sends: wait and try again later, or raise the account\'s sending quota.'
                => __('The provider is limiting how much this account sends: wait and try again later, or raise the account\'s sending quota.', 'native-smtp'),
            'The server did not answer like an SMTP server: check that host and port point to an SMTP service and that the encryption setting matches the port.'
                => __('The server did not answer like an SMTP server: check that host and port point to an SMTP service and that the encryption setting matches the port.', 'native-smtp'),
        ];
    }
}
