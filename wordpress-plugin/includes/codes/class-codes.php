<?php
/**
 * One-time codes mailed to members: issued and checked by
 * Native_SMTP_Code_Tokens (the extension, or the same format in PHP), stored
 * only as the keyed token (never the code), one per email and purpose, with
 * the limits of Native_SMTP_Code_Limits. A wrong guess is written back only
 * if the token is still the one that was checked, so parallel guesses each
 * count.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Codes
{
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
        return Native_SMTP_Code_Store::TOKEN_PREFIX . md5($purpose . '|' . strtolower(trim($email)));
    }

    /**
     * Mails a new code (replacing any earlier one for this address and purpose).
     * With $mail false (an address that already has an account, at
     * registration) everything but the mail happens, so answers and limits
     * are the same.
     *
     * @return true|WP_Error rate_limited (with 'retry_after' seconds) or send_failed
     */
    public static function send(string $purpose, string $email, ?WP_User $user = null, bool $mail = true)
    {
        $now = self::now();
        $allowed = Native_SMTP_Code_Limits::take($purpose, $email, $user, $now);
        if (is_wp_error($allowed)) {
            return $allowed;
        }
        Native_SMTP_Code_Store::forget_expired($now);
        $s = Native_SMTP_Options::get();
        $issued = Native_SMTP_Code_Tokens::issue(self::secret(), $purpose, $email, $s['code_ttl'] * 60, (int) $s['code_length'], (int) $s['code_attempts'], $now);
        Native_SMTP_Code_Store::put(self::key($purpose, $email), $issued['token']);
        if ($mail && !self::mail($purpose, $email, $issued['code'], (int) $s['code_ttl'], $user)) {
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
        for ($try = 0; $try < 50; $try++) {
            $stored = Native_SMTP_Code_Store::get($key);
            if ($stored === null) {
                return 'missing';
            }
            $token = $stored;
            $result = Native_SMTP_Code_Tokens::verify(self::secret(), $purpose, $email, $code, $token, self::now());
            if ($result === 'malformed') {
                Native_SMTP_Code_Store::delete($key);
                return 'missing';
            }
            if ($token === $stored) {
                return $result;  // expired or spent: nothing to write
            }
            do_action('native_smtp_code_checked');  // (tests widen the race window here)
            if (Native_SMTP_Code_Store::replace($key, $stored, $token)) {
                if ($result === 'valid') {
                    Native_SMTP_Code_Store::delete($key);  // used: consumed first (above), so only one request gets "valid"
                }
                return $result;
            }
            // Another request changed the token between our read and write: check again against its version.
        }
        return 'too_many_attempts';
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
        // A code never stays in the email log's text (see Native_SMTP_Delivery).
        add_filter('native_smtp_sensitive_mail', '__return_true');
        try {
            return wp_mail($email, $subject, $html, ['Content-Type: text/html; charset=UTF-8']);
        } finally {
            remove_filter('native_smtp_sensitive_mail', '__return_true');
        }
    }
}
