<?php
/**
 * Settings of the log, the queue, the backup connection and the alerts: one
 * option of their own beside the main settings. The backup password is kept
 * encrypted like the primary one.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Delivery_Options
{
    public const OPTION = 'native_smtp_delivery';
    public const WEBHOOK_PRESETS = ['json', 'slack', 'discord', 'dingtalk', 'feishu', 'wecom'];

    public static function defaults(): array
    {
        return [
            'log_sent'        => true,
            'log_bodies'      => false,
            'retention_days'  => 30,
            'background'      => false,
            'backup_enabled'  => false,
            'backup_host'     => '',
            'backup_port'     => 0,
            'backup_encryption' => 'starttls',
            'backup_username' => '',
            'backup_password' => '',   // ciphertext (Native_SMTP_Options::encrypt)
            'backup_from_email' => '',
            'alert_emails'    => '',
            'webhook_url'     => '',
            'webhook_preset'  => 'json',
            'queue_alert_minutes' => 60,
        ];
    }

    public static function get(): array
    {
        $saved = get_option(self::OPTION, []);
        return array_merge(self::defaults(), is_array($saved) ? $saved : []);
    }

    public static function backup_configured(): bool
    {
        $s = self::get();
        return $s['backup_enabled'] && $s['backup_host'] !== '';
    }

    /**
     * The backup connection as a connection settings array (see
     * Native_SMTP_Connection), or null when there is none or its password
     * cannot be read.
     */
    public static function backup_connection(): ?array
    {
        if (!self::backup_configured()) {
            return null;
        }
        $s = self::get();
        $password = $s['backup_password'] === '' ? '' : Native_SMTP_Options::decrypt($s['backup_password']);
        if ($password === null) {
            return null;
        }
        $primary = Native_SMTP_Options::get();
        return Native_SMTP_Connection::from_settings([
            'provider'   => 'other',
            'host'       => $s['backup_host'],
            'port'       => (int) $s['backup_port'],
            'encryption' => $s['backup_encryption'],
            'username'   => $s['backup_username'],
            // Most providers accept only the account's own address as sender.
            'from_email' => $s['backup_from_email'] !== '' ? $s['backup_from_email'] : $primary['from_email'],
            'from_name'  => $primary['from_name'],
            'force_from' => $s['backup_from_email'] !== '' || $primary['force_from'],
        ], $password);
    }

    /** @return string[] valid addresses to alert */
    public static function alert_emails(): array
    {
        return array_values(array_filter(array_map('trim', explode(',', (string) self::get()['alert_emails'])), 'is_email'));
    }

    /**
     * Validates the delivery form; an error keeps every stored value (nothing saved half).
     */
    public static function sanitize($input): array
    {
        $old = self::get();
        if (!is_array($input)) {
            return $old;
        }
        $input = wp_unslash($input);
        $new = $old;
        $errors = [];
        foreach (['log_sent', 'log_bodies', 'background', 'backup_enabled'] as $flag) {
            $new[$flag] = !empty($input[$flag]);
        }
        $ranges = ['retention_days' => [1, 3650], 'queue_alert_minutes' => [5, 10080]];
        foreach ($ranges as $key => [$min, $max]) {
            $value = trim((string) ($input[$key] ?? $old[$key]));
            if (!ctype_digit($value) || (int) $value < $min || (int) $value > $max) {
                /* translators: 1: minimum, 2: maximum */
                $errors[] = sprintf(__('Enter a whole number between %1$d and %2$d.', 'native-smtp'), $min, $max);
                continue;
            }
            $new[$key] = (int) $value;
        }

        $host = trim((string) ($input['backup_host'] ?? ''));
        if ($host !== '' && !preg_match('/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/', $host)) {
            $errors[] = __('Backup SMTP host: use only a server name such as smtp.qq.com, without spaces, "http://" or slashes.', 'native-smtp');
        }
        $port = trim((string) ($input['backup_port'] ?? ''));
        if ($port !== '' && (!ctype_digit($port) || (int) $port > 65535)) {
            $errors[] = __('Backup port: enter a number between 1 and 65535.', 'native-smtp');
        }
        $encryption = Native_SMTP_Options::normalize_encryption((string) ($input['backup_encryption'] ?? 'starttls'));
        if (!in_array($encryption, ['none', 'ssl', 'starttls'], true)) {
            $errors[] = __('Encryption: choose None, SSL or STARTTLS.', 'native-smtp');
        }
        if ($new['backup_enabled'] && $host === '') {
            $errors[] = __('Backup connection: enter its SMTP host, or turn it off.', 'native-smtp');
        }
        $new['backup_host'] = $host;
        $new['backup_port'] = (int) $port;
        $new['backup_encryption'] = $encryption;
        $new['backup_username'] = sanitize_text_field((string) ($input['backup_username'] ?? ''));
        $from = trim((string) ($input['backup_from_email'] ?? ''));
        if ($from !== '' && !is_email($from)) {
            /* translators: %s: field label */
            $errors[] = sprintf(__('%s: enter a valid email address.', 'native-smtp'), __('Backup sender email', 'native-smtp'));
        }
        $new['backup_from_email'] = $from;
        $password = (string) ($input['backup_password'] ?? '');
        if ($password === '' && $new['backup_username'] === '') {
            $new['backup_password'] = '';
        } elseif ($password !== '' && Native_SMTP_Options::decrypt($password) !== null) {
            $new['backup_password'] = $password;  // our own ciphertext (WordPress sanitizes twice on first add)
        } elseif ($password !== '') {
            try {
                $new['backup_password'] = Native_SMTP_Options::encrypt($password);
            } catch (Throwable $e) {
                $errors[] = __('The password could not be encrypted, so nothing was saved. Define NATIVE_SMTP_KEY in wp-config.php or put the password in NATIVE_SMTP_PASSWORD.', 'native-smtp');
            }
        }

        $emails = array_filter(array_map('trim', explode(',', (string) ($input['alert_emails'] ?? ''))), 'strlen');
        foreach ($emails as $email) {
            if (!is_email($email)) {
                /* translators: %s: field label */
                $errors[] = sprintf(__('%s: enter a valid email address.', 'native-smtp'), __('Alert emails', 'native-smtp'));
                break;
            }
        }
        $new['alert_emails'] = implode(', ', $emails);
        $url = trim((string) ($input['webhook_url'] ?? ''));
        $parts = wp_parse_url($url);
        if ($url !== '' && (!is_array($parts) || !in_array(strtolower($parts['scheme'] ?? ''), ['http', 'https'], true) || empty($parts['host']) || preg_match('/\s/', $url))) {
            $errors[] = __('Webhook URL: enter a full http:// or https:// address.', 'native-smtp');
        }
        $new['webhook_url'] = esc_url_raw($url, ['http', 'https']);
        $preset = sanitize_key((string) ($input['webhook_preset'] ?? 'json'));
        $new['webhook_preset'] = in_array($preset, self::WEBHOOK_PRESETS, true) ? $preset : 'json';

        if ($errors) {
            foreach (array_unique($errors) as $i => $message) {
                add_settings_error(self::OPTION, 'native_smtp_delivery_' . $i, $message, 'error');
            }
            return $old;
        }
        return $new;
    }
}
