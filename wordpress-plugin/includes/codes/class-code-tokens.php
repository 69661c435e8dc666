<?php
/**
 * Verification-code tokens from the smtp extension when it sends the mail, else
 * from the plugin's PHP implementation of the same format (the way
 * sodium_compat stands in for ext/sodium). Tokens move freely between the two.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Code_Tokens
{
    /** "native" (the extension's Smtp\VerificationCode) or "php": the same choice as for sending (NATIVE_SMTP_ENGINE forces PHP too). */
    public static function engine(): string
    {
        return Native_SMTP_Engines::id() === 'extension' && class_exists('Smtp\\VerificationCode') ? 'native' : 'php';
    }

    /** @return array{code: string, token: string, expires: int} */
    public static function issue(string $secret, string $purpose, string $email, int $ttl, int $length, int $max_attempts, int $now): array
    {
        if (self::engine() === 'native') {
            return Smtp\VerificationCode::issue($secret, $purpose, $email, $ttl, $length, false, $max_attempts, $now);
        }
        return Native_SMTP_Code_Token_PHP::issue($secret, $purpose, $email, $ttl, $length, false, $max_attempts, $now);
    }

    /** @return string valid, invalid, expired, too_many_attempts or malformed; $token updated as the core does */
    public static function verify(string $secret, string $purpose, string $email, string $code, string &$token, int $now): string
    {
        if (self::engine() === 'native') {
            return Smtp\VerificationCode::verify($secret, $purpose, $email, $code, $token, $now)->value;
        }
        return Native_SMTP_Code_Token_PHP::verify($secret, $purpose, $email, $code, $token, $now);
    }
}
