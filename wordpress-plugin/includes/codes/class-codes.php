<?php
/**
 * One-time codes mailed to members: issued and checked by the extension's
 * Smtp\VerificationCode, stored only as its keyed token (never the code),
 * one per email and purpose, with a resend cooldown and hourly limits per
 * address and per IP.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Codes
{
    public const COOLDOWN = 60;          // seconds between two codes to one address
    public const PER_EMAIL_HOURLY = 5;
    public const PER_IP_HOURLY = 20;

    /** Unix time; a filter so tests can move the clock. */
    public static function now(): int
    {
        return (int) apply_filters('native_smtp_now', time());
    }

    /** The key for code tokens: derived from the site's salts, which live in wp-config.php. */
    private static function secret(): string
    {
        return hash_hmac('sha256', 'native-smtp verification codes', wp_salt('auth'), true);
    }

    private static function key(string $purpose, string $email): string
    {
        return 'native_smtp_code_' . md5($purpose . '|' . strtolower(trim($email)));
    }

    /**
     * Mails a new code (replacing any earlier one for this address and purpose).
     *
     * @return true|WP_Error rate_limited (with 'retry_after' seconds) or send_failed
     */
    public static function send(string $purpose, string $email, ?WP_User $user = null)
    {
        $now = self::now();
        $limit = self::check_limits($purpose, $email, $now);
        if (is_wp_error($limit)) {
            return $limit;
        }
        $s = Native_SMTP_Options::get();
        $issued = Smtp\VerificationCode::issue(self::secret(), $purpose, $email, $s['code_ttl'] * 60, (int) $s['code_length'],
            false, (int) $s['code_attempts'], $now);
        set_transient(self::key($purpose, $email), ['token' => $issued['token'], 'sent_at' => $now], $s['code_ttl'] * 60 + 3600);
        self::count($purpose, $email, $now);
        if (!self::mail($purpose, $email, $issued['code'], (int) $s['code_ttl'], $user)) {
            return new WP_Error('send_failed', __('The verification code could not be sent. Please try again later or contact the site owner.', 'native-smtp'));
        }
        return true;
    }

    /**
     * Checks a typed code; a valid one is consumed.
     *
     * @return string valid, invalid, expired, too_many_attempts or missing
     */
    public static function verify(string $purpose, string $email, string $code): string
    {
        $key = self::key($purpose, $email);
        $stored = get_transient($key);
        if (!is_array($stored)) {
            return 'missing';
        }
        $token = $stored['token'];
        $result = Smtp\VerificationCode::verify(self::secret(), $purpose, $email, $code, $token, self::now())->value;
        if ($result === 'valid' || $result === 'malformed') {
            delete_transient($key);
            return $result === 'valid' ? 'valid' : 'missing';
        }
        $stored['token'] = $token;  // one more attempt counted
        set_transient($key, $stored, 2 * HOUR_IN_SECONDS);
        return $result;
    }

    /** The member-facing sentence for a verify() answer. */
    public static function message(string $status): string
    {
        switch ($status) {
            case 'invalid':
                return __('The verification code is not correct. Check the latest email and try again.', 'native-smtp');
            case 'expired':
                return __('The verification code has expired. Request a new code.', 'native-smtp');
            case 'too_many_attempts':
                return __('Too many wrong codes were entered. Request a new code.', 'native-smtp');
        }
        return __('No valid verification code was requested for this address. Request a new code.', 'native-smtp');
    }

    /** @return true|WP_Error */
    private static function check_limits(string $purpose, string $email, int $now)
    {
        foreach (self::buckets($email) as [$key, $max]) {
            $b = get_transient($key);
            if (is_array($b) && $now - $b['start'] < HOUR_IN_SECONDS && $b['count'] >= $max) {
                return new WP_Error('rate_limited', __('Too many codes were requested. Please wait an hour and try again.', 'native-smtp'),
                    ['retry_after' => HOUR_IN_SECONDS - ($now - $b['start'])]);
            }
        }
        $last = get_transient(self::cooldown_key($purpose, $email));
        $wait = Smtp\VerificationCode::cooldownRemaining((int) $last, self::COOLDOWN, $now);
        if ($wait > 0) {
            /* translators: %d: seconds */
            return new WP_Error('rate_limited', sprintf(_n('Please wait %d second before requesting another code.', 'Please wait %d seconds before requesting another code.', $wait, 'native-smtp'), $wait),
                ['retry_after' => $wait]);
        }
        return true;
    }

    /** The resend cooldown is per purpose: a login code may follow a registration code at once. */
    private static function cooldown_key(string $purpose, string $email): string
    {
        return 'native_smtp_last_' . md5($purpose . '|' . strtolower(trim($email)));
    }

    private static function count(string $purpose, string $email, int $now): void
    {
        set_transient(self::cooldown_key($purpose, $email), $now, HOUR_IN_SECONDS);
        foreach (self::buckets($email) as [$key]) {
            $b = get_transient($key);
            if (!is_array($b) || $now - $b['start'] >= HOUR_IN_SECONDS) {
                $b = ['start' => $now, 'count' => 0];
            }
            $b['count']++;
            set_transient($key, $b, HOUR_IN_SECONDS);
        }
    }

    private static function buckets(string $email): array
    {
        $ip = isset($_SERVER['REMOTE_ADDR']) ? (string) $_SERVER['REMOTE_ADDR'] : 'cli';
        return [
            ['native_smtp_rate_email_' . md5(strtolower(trim($email))), self::PER_EMAIL_HOURLY],
            ['native_smtp_rate_ip_' . md5($ip), self::PER_IP_HOURLY],
        ];
    }

    /** The code email, in the site's language. */
    private static function mail(string $purpose, string $email, string $code, int $minutes, ?WP_User $user): bool
    {
        $switched = switch_to_locale($user ? get_user_locale($user) : get_locale());
        $site = wp_specialchars_decode(get_bloginfo('name'), ENT_QUOTES);
        $subject = $purpose === 'login'
            /* translators: %s: site name */
            ? sprintf(__('[%s] Your login code', 'native-smtp'), $site)
            /* translators: %s: site name */
            : sprintf(__('[%s] Confirm your email address', 'native-smtp'), $site);
        $intro = $purpose === 'login'
            /* translators: %s: site name */
            ? sprintf(__('Use this code to finish signing in to %s:', 'native-smtp'), $site)
            /* translators: %s: site name */
            : sprintf(__('Use this code to confirm your email address on %s:', 'native-smtp'), $site);
        /* translators: %d: minutes */
        $validity = sprintf(_n('The code is valid for %d minute and can be used once.', 'The code is valid for %d minutes and can be used once.', $minutes, 'native-smtp'), $minutes);
        $ignore = __('If you did not ask for it, you can ignore this email.', 'native-smtp');
        $html = '<div style="font-family:sans-serif;font-size:15px;line-height:1.5">'
            . '<p>' . esc_html($intro) . '</p>'
            . '<p style="font-size:32px;font-weight:bold;letter-spacing:6px;margin:16px 0">' . esc_html($code) . '</p>'
            . '<p>' . esc_html($validity) . '</p><p style="color:#666">' . esc_html($ignore) . '</p></div>';
        if ($switched) {
            restore_previous_locale();
        }
        return wp_mail($email, $subject, $html, ['Content-Type: text/html; charset=UTF-8']);
    }
}
