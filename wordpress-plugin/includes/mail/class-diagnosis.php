<?php
/**
 * The core's error categories for failures the core did not see (the
 * PHPMailer engine): from the refused command's stage, its SMTP and enhanced
 * codes and its text, or from the transport's trouble, by the same rules
 * and the same provider phrases as src/error.cpp (phrases from the shared
 * data file).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Diagnosis
{
    /** As smtp::Error::transient(): 4xx, network trouble and throttling may pass. */
    public static function transient(string $category, int $code): bool
    {
        if ($code >= 500) {
            return false;
        }
        return $code >= 400 || in_array($category, ['connect', 'timeout', 'rate_limited'], true);
    }

    /** The enhanced status code (RFC 3463) at the start of a reply's text, or ''. */
    public static function enhanced_code(string $reply): string
    {
        return preg_match('/^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/', $reply, $m) ? $m[1] : '';
    }

    /** The category of a refusal at a stage, as classify_reply() in src/error.cpp. */
    public static function classify_reply(string $stage, int $code, string $reply): string
    {
        $enh = self::enhanced_code($reply);
        $t = strtolower($reply);
        $phrases = Native_SMTP_Data::phrases();
        $has = static function (string $kind) use ($t, $phrases): bool {
            foreach ($phrases[$kind] ?? [] as $p) {
                if (strpos($t, strtolower($p)) !== false) {
                    return true;
                }
            }
            return false;
        };
        if ($enh === '5.7.30' || $has('basic_auth_off')) {
            return 'oauth_required';
        }
        if ($enh === '5.7.9' || $has('app_password')) {
            return 'app_password_required';
        }
        if ($enh === '5.4.5' || ((intdiv($code, 100) === 4 || $code === 554 || $code === 550) && $has('rate_limit'))) {
            return 'rate_limited';
        }
        if ($code === 421) {
            return 'connect';
        }
        switch ($stage) {
            case 'greeting':
                return 'connect';
            case 'STARTTLS':
                return 'starttls_unavailable';
            case 'AUTH':
                return ($code === 504 || $enh === '5.5.4' || $enh === '5.7.4') ? 'auth_mechanism_unsupported' : 'auth_failed';
            case 'MAIL FROM':
                return $code === 530 ? 'auth_failed' : 'sender_rejected';
            case 'RCPT TO':
                return $has('sender_mismatch') ? 'sender_rejected' : 'recipient_rejected';
            case 'DATA':
            case 'end of data':
                return $has('sender_mismatch') ? 'sender_rejected' : 'message_rejected';
        }
        return 'protocol';
    }

    /** The category of a failure below SMTP (connecting, TLS, a read that timed out). */
    public static function classify_trouble(string $stage, string $trouble, bool $tls_expected): string
    {
        $t = strtolower($trouble);
        if (strpos($t, 'timed out') !== false || strpos($t, 'timeout') !== false) {
            return 'timeout';
        }
        if (strpos($t, 'getaddrinfo') !== false || strpos($t, 'name or service not known') !== false
            || strpos($t, 'no address associated') !== false || strpos($t, 'name resolution') !== false) {
            return 'dns';
        }
        if (strpos($t, 'certificate') !== false || strpos($t, 'did not match expected') !== false) {
            return 'tls_certificate';
        }
        if (strpos($t, 'ssl') !== false || strpos($t, 'tls') !== false || strpos($t, 'crypto') !== false
            || ($tls_expected && $stage === 'STARTTLS')) {
            return 'tls_handshake';
        }
        return 'connect';
    }
}
