<?php
/**
 * How many code emails may go out. Every code is a real email through the
 * owner's SMTP account, whose provider has a daily quota, so:
 *
 * - registration codes: per client address (IPv6 by /64) and per email address;
 * - login codes: per member only (they follow a correct password, and an
 *   anonymous flood of registration requests must not lock members out);
 * - both: a resend cooldown per address and purpose, and a site-wide hourly
 *   cap on all code emails (setting "code_hourly_cap", filter
 *   native_smtp_code_hourly_cap).
 *
 * The client address is REMOTE_ADDR; X-Forwarded-For is believed only when
 * REMOTE_ADDR is a proxy the owner named (NATIVE_SMTP_TRUSTED_PROXIES in
 * wp-config.php, comma-separated addresses or CIDR ranges, or the filter
 * native_smtp_trusted_proxies).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Code_Limits
{
    public const COOLDOWN = 60;            // seconds between two codes to one address
    public const PER_EMAIL_HOURLY = 5;     // registration codes to one address
    public const PER_CLIENT_HOURLY = 20;   // registration codes asked from one client address
    public const PER_MEMBER_HOURLY = 5;    // login codes to one member

    /**
     * Counts one code request and says whether it may be mailed. Counted
     * before the answer, so the same request with an address that has an
     * account (nothing mailed) counts the same: answers reveal nothing.
     *
     * @return true|WP_Error rate_limited, with 'retry_after' seconds
     */
    public static function take(string $purpose, string $email, ?WP_User $user, int $now)
    {
        $last_key = self::cooldown_key($purpose, $email);
        $wait = Native_SMTP_Code_Token_PHP::cooldown_remaining((int) Native_SMTP_Code_Store::get($last_key), self::COOLDOWN, $now);
        if ($wait > 0) {
            /* translators: %d: seconds */
            return new WP_Error('rate_limited', sprintf(_n('Please wait %d second before requesting another code.', 'Please wait %d seconds before requesting another code.', $wait, 'native-smtp'), $wait),
                ['retry_after' => $wait]);
        }
        $window = intdiv($now, HOUR_IN_SECONDS);
        Native_SMTP_Code_Store::forget_counters_before($window);
        foreach (self::buckets($purpose, $email, $user) as $bucket => $max) {
            // Counted in order, stopping at the first full one: a flood from one client
            // reaches neither the addresses it names nor the site-wide cap.
            if (Native_SMTP_Code_Store::increment(Native_SMTP_Code_Store::COUNTER_PREFIX . "{$window}_{$bucket}") > $max) {
                return new WP_Error('rate_limited', __('Too many codes were requested. Please wait an hour and try again.', 'native-smtp'),
                    ['retry_after' => ($window + 1) * HOUR_IN_SECONDS - $now]);
            }
        }
        Native_SMTP_Code_Store::put($last_key, (string) $now);
        return true;
    }

    /** bucket name => hourly maximum, narrowest first */
    private static function buckets(string $purpose, string $email, ?WP_User $user): array
    {
        if ($purpose === 'login' && $user) {
            return ['member_' . $user->ID => self::PER_MEMBER_HOURLY, 'site' => self::hourly_cap()];
        }
        return ['client_' . md5(self::client_bucket()) => self::PER_CLIENT_HOURLY, 'email_' . md5(self::normalise($email)) => self::PER_EMAIL_HOURLY,
            'site' => self::hourly_cap()];
    }

    public static function hourly_cap(): int
    {
        return max(1, (int) apply_filters('native_smtp_code_hourly_cap', (int) Native_SMTP_Options::get()['code_hourly_cap']));
    }

    private static function cooldown_key(string $purpose, string $email): string
    {
        return Native_SMTP_Code_Store::COOLDOWN_PREFIX . md5($purpose . '|' . self::normalise($email));
    }

    private static function normalise(string $email): string
    {
        return strtolower(trim($email));
    }

    /** The client's address as a bucket: an IPv4 address, or the /64 of an IPv6 one (one subscriber's whole network). */
    public static function client_bucket(): string
    {
        $ip = self::client_ip();
        $packed = @inet_pton($ip);
        if ($packed === false) {
            return 'unknown';
        }
        if (strlen($packed) === 16 && strncmp($packed, str_repeat("\0", 10) . "\xff\xff", 12) === 0) {
            return inet_ntop(substr($packed, 12));  // IPv4-mapped
        }
        return strlen($packed) === 16 ? inet_ntop(substr($packed, 0, 8) . str_repeat("\0", 8)) . '/64' : $ip;
    }

    /** REMOTE_ADDR, or the nearest address in X-Forwarded-For not a trusted proxy when REMOTE_ADDR is one. */
    public static function client_ip(): string
    {
        $remote = (string) ($_SERVER['REMOTE_ADDR'] ?? '');
        $trusted = self::trusted_proxies();
        if (!$trusted || !self::in_any($remote, $trusted) || empty($_SERVER['HTTP_X_FORWARDED_FOR'])) {
            return $remote;
        }
        $hops = array_reverse(array_map('trim', explode(',', (string) $_SERVER['HTTP_X_FORWARDED_FOR'])));
        foreach ($hops as $hop) {
            if (@inet_pton($hop) === false) {
                return $remote;  // a hop we cannot read: the proxy's own address is the most we can trust
            }
            if (!self::in_any($hop, $trusted)) {
                return $hop;
            }
        }
        return $remote;
    }

    /** @return string[] addresses and CIDR ranges */
    private static function trusted_proxies(): array
    {
        $list = defined('NATIVE_SMTP_TRUSTED_PROXIES') ? array_map('trim', explode(',', (string) NATIVE_SMTP_TRUSTED_PROXIES)) : [];
        return array_values(array_filter((array) apply_filters('native_smtp_trusted_proxies', $list), 'strlen'));
    }

    private static function in_any(string $ip, array $ranges): bool
    {
        $addr = @inet_pton($ip);
        if ($addr === false) {
            return false;
        }
        foreach ($ranges as $range) {
            [$net, $bits] = array_pad(explode('/', $range, 2), 2, null);
            $net = @inet_pton($net);
            if ($net === false || strlen($net) !== strlen($addr)) {
                continue;
            }
            $bits = $bits === null ? strlen($net) * 8 : max(0, min(strlen($net) * 8, (int) $bits));
            $bytes = intdiv($bits, 8);
            $mask = $bits % 8 ? chr((0xff << (8 - $bits % 8)) & 0xff) : '';
            if (strncmp($addr, $net, $bytes) === 0 && ($mask === '' || (($addr[$bytes] & $mask) === ($net[$bytes] & $mask)))) {
                return true;
            }
        }
        return false;
    }
}
