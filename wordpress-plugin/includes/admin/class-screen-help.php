<?php
/**
 * The page's Help tab: every field in one sentence. readme.txt and the
 * README say the same in the same words (wordpress-plugin/tests/HelpTest.php
 * holds them to it).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Screen_Help
{
    /** @return array<string, string> field label => what it is */
    public static function fields(): array
    {
        $label = [Native_SMTP_Settings_Fields::class, 'label'];
        return [
            $label('provider')   => __('Fills in the SMTP server address, port and encryption of a known provider and says how to get its password; choose "Other" for any other server.', 'native-smtp'),
            $label('host')       => __('The name of your provider\'s SMTP server, such as smtp.qq.com or smtp.163.com.', 'native-smtp'),
            $label('port')       => __('465 for SSL, 587 for STARTTLS, 25 for none; the page checks it against the encryption.', 'native-smtp'),
            $label('encryption') => __('SSL is TLS from the start of the connection (port 465); STARTTLS starts plain and switches to TLS (port 587); None sends the password unencrypted.', 'native-smtp'),
            $label('username')   => __('The SMTP login, usually your full email address (SendGrid: apikey); leave it empty for a server that needs no login.', 'native-smtp'),
            $label('password')   => __('QQ Mail, 163 and Gmail need an authorization code or app password, not your login password; it is stored encrypted and never shown again, and leaving the field empty keeps the saved one.', 'native-smtp'),
            $label('from_email') => __('The From address; most providers only accept the username\'s own address.', 'native-smtp'),
            $label('from_name')  => __('The name shown as the sender, such as your site or company name.', 'native-smtp'),
            $label('force_from') => __('Uses this sender for all mail, whatever other plugins ask for.', 'native-smtp'),
            __('Check connection', 'native-smtp') => __('Tries ports 465, 587 and 25 and the port entered from this site, says which answer and what each speaks, and fills in a working port and encryption in one click.', 'native-smtp'),
            __('Send test email', 'native-smtp') => __('Sends a message with the settings on screen, saved or not, as plain text or HTML, and says where it went.', 'native-smtp'),
            __('Verification codes', 'native-smtp') => __('Registration and login codes mailed to members: the code length, how many minutes a code is valid, how many attempts it allows and how many code emails the whole site may send an hour.', 'native-smtp'),
        ];
    }

    public static function add(): void
    {
        $html = '<dl>';
        foreach (self::fields() as $label => $text) {
            $html .= '<dt><strong>' . esc_html($label) . '</strong></dt><dd>' . esc_html($text) . '</dd>';
        }
        $html .= '</dl>';
        get_current_screen()->add_help_tab(['id' => 'native-smtp-fields', 'title' => __('Fields', 'native-smtp'), 'content' => $html]);
    }
}
