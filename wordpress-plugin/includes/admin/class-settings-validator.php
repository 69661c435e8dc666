<?php
/**
 * Checks a submitted settings form: each problem is tied to its field and
 * says how to fix it. Used for saving (Native_SMTP_Settings_Page::sanitize)
 * and for the unsaved values on screen (test email, connection check).
 * Fields a wp-config constant locks are not posted (disabled inputs): they
 * keep their stored value and are not checked.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Settings_Validator
{
    /** The fields of the form, in the order they appear (the order of the error summary). */
    public const FIELDS = ['provider', 'host', 'port', 'encryption', 'username', 'password', 'from_email', 'from_name',
        'force_from', 'register_code', 'email_only', 'login_code', 'admin_exempt', 'code_length', 'code_ttl', 'code_attempts', 'code_hourly_cap'];

    /**
     * @param array $input the posted form, unslashed
     * @param array $old   the stored settings
     * @return array{values: array, errors: array<string, string>, password: string} the settings as they
     *               would be saved (password still the stored ciphertext), field => message, the typed password
     */
    public static function check(array $input, array $old): array
    {
        $errors = [];
        $new = $old;
        $submitted = static function (string $key) use ($input, $old): string {
            return Native_SMTP_Options::locked($key) ? (string) $old[$key] : trim((string) ($input[$key] ?? ''));
        };

        $presets = Native_SMTP_Providers::all();
        $provider = sanitize_key((string) ($input['provider'] ?? 'other'));
        $new['provider'] = isset($presets[$provider]) ? $provider : 'other';

        $host = $submitted('host');
        $port = $submitted('port');
        $encryption = Native_SMTP_Options::normalize_encryption($submitted('encryption'));
        // Without JavaScript: a chosen preset fills the server fields left empty.
        if ($new['provider'] !== 'other') {
            $p = $presets[$new['provider']];
            if ($host === '' && !Native_SMTP_Options::locked('host')) {
                $host = (string) $p['host'];
            }
            if ($encryption === '' && !Native_SMTP_Options::locked('encryption')) {
                $encryption = (string) $p['encryption'];
            }
            if (($port === '' || $port === '0') && !Native_SMTP_Options::locked('port')) {
                $port = (string) (($p['ports'][$encryption] ?? 0) ?: $p['port']);
            }
        }
        if ($host !== '' && !preg_match('/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/', $host)) {
            $errors['host'] = __('SMTP server address: use only a server name such as smtp.qq.com, without spaces, "http://" or slashes.', 'native-smtp');
        }
        if ($port !== '' && (!ctype_digit($port) || (int) $port < 1 || (int) $port > 65535)) {
            $errors['port'] = __('Port: enter a number between 1 and 65535 (465 for SSL, 587 for STARTTLS, 25 for none).', 'native-smtp');
        }
        if (!in_array($encryption, ['none', 'ssl', 'starttls'], true)) {
            $errors['encryption'] = __('Encryption: choose None, SSL or STARTTLS.', 'native-smtp');
        }
        if (!isset($errors['port']) && !isset($errors['encryption']) && $port !== '' && !Native_SMTP_Options::locked('port')) {
            $mismatch = Native_SMTP_Port_Rules::mismatch($new['provider'], $host, (int) $port, $encryption);
            if ($mismatch !== '') {
                $errors['port'] = $mismatch;
            }
        }
        $new['host'] = $host;
        // A bad port stays as typed, so the page shows it again next to its message (it is never saved).
        $new['port'] = $port === '' ? 0 : (ctype_digit($port) ? (int) $port : $port);
        $new['encryption'] = $encryption;
        $new['username'] = Native_SMTP_Options::locked('username') ? $old['username'] : sanitize_text_field($submitted('username'));

        $password = Native_SMTP_Options::locked('password') ? '' : (string) ($input['password'] ?? '');
        if ($password !== '' && $new['username'] === '' && Native_SMTP_Options::decrypt($password) === null) {
            // Nothing would log in with it, and the test would then blame a password that was never tried.
            $errors['username'] = self::username_needed();
        }
        if (preg_match('/[\r\n\0]/', $password)) {
            $errors['password'] = __('Password: it contains a line break; paste it again without one.', 'native-smtp');
        }

        $email = $submitted('from_email');
        if (!Native_SMTP_Options::locked('from_email') && $email !== '' && !is_email($email)) {
            /* translators: %s: field label */
            $errors['from_email'] = sprintf(__('%s: enter a valid email address.', 'native-smtp'), __('Sender email', 'native-smtp'));
        }
        $new['from_email'] = $email;
        $new['from_name'] = Native_SMTP_Options::locked('from_name') ? $old['from_name'] : sanitize_text_field($submitted('from_name'));
        foreach (['force_from', 'login_code', 'register_code', 'email_only', 'admin_exempt'] as $flag) {
            $new[$flag] = !empty($input[$flag]);
        }
        $ranges = [
            'code_length'   => [4, 12, __('Code length', 'native-smtp')],
            'code_ttl'      => [1, 60, __('Valid for (minutes)', 'native-smtp')],
            'code_attempts' => [1, 20, __('Attempts', 'native-smtp')],
            'code_hourly_cap' => [1, 10000, __('Code emails per hour, whole site', 'native-smtp')],
        ];
        foreach ($ranges as $key => [$min, $max, $label]) {
            $value = trim((string) ($input[$key] ?? $old[$key]));
            if (!ctype_digit($value) || (int) $value < $min || (int) $value > $max) {
                /* translators: 1: field label, 2: minimum, 3: maximum */
                $errors[$key] = sprintf(__('%1$s: enter a number between %2$d and %3$d.', 'native-smtp'), $label, $min, $max);
                continue;
            }
            $new[$key] = (int) $value;
        }
        return ['values' => $new, 'errors' => $errors, 'password' => $password];
    }

    /** Also shown by assets/admin/settings.js as the password is typed. */
    public static function username_needed(): string
    {
        return __('Username: a password was typed but the username is empty. Enter the username (usually your full email address), or clear the password if the server needs no login.', 'native-smtp');
    }
}
