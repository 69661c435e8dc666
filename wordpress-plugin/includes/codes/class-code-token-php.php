<?php
/**
 * The verification-code tokens of the native core (src/verification_code.cpp)
 * in plain PHP, for sites without the smtp extension: the same format, fields,
 * limits and error texts, so a token issued by one verifies with the other.
 *
 * Token: "v1.<expires>.<attempts|used>.<max attempts>.<tag>.<mac>", where
 * <tag> = base64url HMAC-SHA256(secret, purpose, address, code, expires) and
 * <mac> = base64url HMAC-SHA256(secret, the token's text before it).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Code_Token_PHP
{
    private const DIGITS = '0123456789';
    // No 0/O, 1/I/L: codes are read off a screen and typed by hand.
    private const ALPHANUMERIC = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
    private const VERSION = 'v1';
    private const CONSUMED = 'used';
    private const MAX_TOKEN_SIZE = 256;
    private const MAX_EXPIRES = 999999999999999999;  // at most 18 digits
    private const MIN_SECRET = 16;
    private const MAX_ATTEMPTS = 1000;
    private const MAX_TTL = 366 * 24 * 3600;
    private const SPACE = " \t\r\n\f\v";

    /**
     * @return array{code: string, token: string, expires: int}
     * @throws InvalidArgumentException with the core's texts
     */
    public static function issue(string $secret, string $purpose, string $email, int $ttl = 600, int $length = 6,
        bool $alphanumeric = false, int $max_attempts = 5, ?int $now = null): array
    {
        $now ??= time();
        self::check_common($secret, $purpose);
        if ($length < 4 || $length > 12) {
            throw new InvalidArgumentException('the code length must be between 4 and 12');
        }
        if ($ttl <= 0 || $ttl > self::MAX_TTL) {
            throw new InvalidArgumentException('the code lifetime must be between 1 second and one year');
        }
        if ($max_attempts < 1 || $max_attempts > self::MAX_ATTEMPTS) {
            throw new InvalidArgumentException('the maximum number of attempts must be between 1 and 1000');
        }
        if ($now < 0 || $now > self::MAX_EXPIRES - $ttl) {
            throw new InvalidArgumentException('the current time is out of range');
        }
        $mail = self::normalise_email($email);
        if ($mail === '') {
            throw new InvalidArgumentException('the email address is empty');
        }
        self::reject_line_breaks($mail, 'email address');

        $alphabet = $alphanumeric ? self::ALPHANUMERIC : self::DIGITS;
        $code = '';
        for ($i = 0; $i < $length; $i++) {
            $code .= $alphabet[random_int(0, strlen($alphabet) - 1)];  // unbiased, from the system's CSPRNG
        }
        $expires = $now + $ttl;
        $token = self::serialise($secret, $expires, 0, $max_attempts, false, self::code_tag($secret, $purpose, $mail, $code, $expires));
        return ['code' => $code, 'token' => $token, 'expires' => $expires];
    }

    /**
     * Checks a typed code. On every answer but "malformed" $token is replaced
     * by its updated form (one more attempt, or consumed), as the core does.
     *
     * @return string valid, invalid, expired, too_many_attempts or malformed
     */
    public static function verify(string $secret, string $purpose, string $email, string $code, string &$token, ?int $now = null): string
    {
        $now ??= time();
        self::check_common($secret, $purpose);
        $t = self::parse($secret, $token);
        if ($t === null) {
            return 'malformed';
        }
        if ($t['consumed']) {
            return 'invalid';  // a code works once
        }
        if ($now >= $t['expires']) {
            return 'expired';
        }
        if ($t['attempts'] >= $t['max']) {
            return 'too_many_attempts';
        }
        $expected = self::code_tag($secret, $purpose, self::normalise_email($email), self::normalise_code($code), $t['expires']);
        $match = hash_equals($expected, $t['tag']);
        $token = self::serialise($secret, $t['expires'], $match ? $t['attempts'] : $t['attempts'] + 1, $t['max'], $match, $t['tag']);
        return $match ? 'valid' : 'invalid';
    }

    /** Seconds left before another code may be sent (0: now); a clock that went back waits the cooldown, no more. */
    public static function cooldown_remaining(int $last_sent_at, int $cooldown = 60, ?int $now = null): int
    {
        $now ??= time();
        if ($last_sent_at <= 0 || $cooldown <= 0) {
            return 0;
        }
        if ($now < $last_sent_at) {
            return $cooldown;
        }
        return max(0, $cooldown - ($now - $last_sent_at));
    }

    private static function check_common(string $secret, string $purpose): void
    {
        if (strlen($secret) < self::MIN_SECRET) {
            throw new InvalidArgumentException('the verification secret must be at least 16 bytes long');
        }
        if ($purpose === '') {
            throw new InvalidArgumentException('the verification purpose is empty');
        }
        self::reject_line_breaks($purpose, 'verification purpose');
    }

    private static function reject_line_breaks(string $value, string $field): void
    {
        if (strpbrk($value, "\r\n") !== false) {
            throw new InvalidArgumentException("$field contains a line break (CR/LF); header injection is not allowed");
        }
        if (strpos($value, "\0") !== false) {
            throw new InvalidArgumentException("$field contains a NUL byte");
        }
    }

    /** Trimmed and lower-cased as a whole, in ASCII only (strtolower() follows the locale before PHP 8.2). */
    private static function normalise_email(string $email): string
    {
        return strtr(trim($email, self::SPACE), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
    }

    /**
     * What the member typed, as the generator wrote it: separators dropped,
     * upper case, full-width forms (U+FF01..U+FF5E) folded to ASCII; byte for
     * byte the core's normalise_code().
     */
    private static function normalise_code(string $code): string
    {
        $out = '';
        $n = strlen($code);
        for ($i = 0; $i < $n; $i++) {
            $c = $code[$i];
            if ($i + 2 < $n) {
                [$b0, $b1, $b2] = [ord($code[$i]), ord($code[$i + 1]), ord($code[$i + 2])];
                if ($b0 === 0xEF && ($b1 === 0xBC || $b1 === 0xBD)) {
                    $cp = 0xFF00 + (($b1 & 0x03) << 6) + ($b2 & 0x3F);
                    if ($cp >= 0xFF01 && $cp <= 0xFF5E && ($b2 & 0xC0) === 0x80) {
                        $c = chr($cp - 0xFF01 + 0x21);
                        $i += 2;
                    }
                } elseif (($b0 === 0xE3 && $b1 === 0x80 && $b2 === 0x80)                 // ideographic space
                    || ($b0 === 0xE2 && $b1 === 0x80 && $b2 >= 0x90 && $b2 <= 0x95)      // hyphens and dashes
                    || ($b0 === 0xE2 && $b1 === 0x88 && $b2 === 0x92)                    // minus sign
                    || ($b0 === 0xE3 && $b1 === 0x83 && $b2 === 0xBC)) {                 // katakana long vowel mark
                    $i += 2;
                    continue;
                }
            }
            if (strpos(self::SPACE, $c) !== false || $c === '-') {
                continue;
            }
            $out .= strtr($c, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
        }
        return $out;
    }

    private static function hmac(string $secret, string $data): string
    {
        return rtrim(strtr(base64_encode(hash_hmac('sha256', $data, $secret, true)), '+/', '-_'), '=');
    }

    private static function code_tag(string $secret, string $purpose, string $email, string $code, int $expires): string
    {
        return self::hmac($secret, "native-smtp code v1\n$purpose\n$email\n$code\n$expires");
    }

    private static function serialise(string $secret, int $expires, int $attempts, int $max, bool $consumed, string $tag): string
    {
        $body = self::VERSION . ".$expires." . ($consumed ? self::CONSUMED : (string) $attempts) . ".$max.$tag";
        return $body . '.' . self::hmac($secret, "native-smtp token v1\n" . $body);
    }

    /** @return array{expires: int, attempts: int, max: int, consumed: bool, tag: string}|null null when not ours under this secret */
    private static function parse(string $secret, string $text): ?array
    {
        $last_dot = strrpos($text, '.');
        if (strlen($text) > self::MAX_TOKEN_SIZE || $last_dot === false) {
            return null;
        }
        // Integrity first: nothing in the fields is believed before the MAC matches.
        if (!hash_equals(self::hmac($secret, "native-smtp token v1\n" . substr($text, 0, $last_dot)), substr($text, $last_dot + 1))) {
            return null;
        }
        $f = explode('.', $text);
        if (count($f) !== 6 || $f[0] !== self::VERSION || $f[4] === ''
            || ($expires = self::parse_int($f[1], self::MAX_EXPIRES)) === null
            || ($max = self::parse_int($f[3], self::MAX_ATTEMPTS)) === null || $max < 1) {
            return null;
        }
        $consumed = $f[2] === self::CONSUMED;
        $attempts = $consumed ? 0 : self::parse_int($f[2], $max);
        if ($attempts === null) {
            return null;
        }
        return ['expires' => $expires, 'attempts' => $attempts, 'max' => $max, 'consumed' => $consumed, 'tag' => $f[4]];
    }

    private static function parse_int(string $s, int $max): ?int
    {
        if (!preg_match('/^[0-9]{1,18}$/D', $s) || (int) $s > $max) {
            return null;
        }
        return (int) $s;
    }
}
