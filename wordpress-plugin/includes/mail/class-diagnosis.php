<?php
/**
 * The core's error categories for failures the core did not see (the
 * PHPMailer engine): from the refused command's stage, its SMTP and enhanced
 * codes and its text, or from the transport's trouble. classify() follows
 * classify() in src/error.cpp rule for rule, with the same enhanced-code
 * table, hints and provider phrases from the shared data file;
 * tests/data/classification-cases.json holds both to the same answers.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Diagnosis
{
    private const AFTER_MAIL = ['RCPT TO', 'DATA', 'end of data'];

    /** As smtp::Error::transient(): 4xx, network trouble and throttling may pass. */
    public static function transient(string $category, int $code): bool
    {
        if ($code >= 500) {
            return false;
        }
        return $code >= 400 || in_array($category, ['connect', 'timeout', 'rate_limited'], true);
    }

    /**
     * A reply as the core's parser reads it: the enhanced code (RFC 3463, the
     * first line's, when its class digit is the reply's) and the one-line text
     * of Reply::text() ("535 5.7.8 Bad / second line").
     *
     * @return array{0: string, 1: string} [enhanced code or '', text]
     */
    public static function parse_reply(string $reply): array
    {
        $code = '';
        $enhanced = '';
        $lines = [];
        foreach (preg_split('/\r?\n/', rtrim($reply, "\r\n")) as $line) {
            $code = substr($line, 0, 3);
            $rest = (string) substr($line, 4);
            if (preg_match('/^([245])\.\d{1,3}\.\d{1,3}(?= |$)/', $rest, $m) && $m[1] === $code[0]) {
                $enhanced = $enhanced !== '' ? $enhanced : $m[0];
                $rest = (string) substr($rest, strlen($m[0]) + 1);
            }
            $lines[] = str_replace("\r", ' ', $rest);
        }
        $text = $code . ($enhanced !== '' ? ' ' . $enhanced : '');
        foreach ($lines as $i => $line) {
            if ($line !== '') {
                $text .= ($i === 0 ? ' ' : ' / ') . $line;
            }
        }
        return [$enhanced, $text];
    }

    /** The enhanced status code (RFC 3463) of a reply, or ''. */
    public static function enhanced_code(string $reply): string
    {
        return self::parse_reply($reply)[0];
    }

    /**
     * The category of a refusal at a stage, and the id of a hint narrower than
     * the category's ('' for the category's own), as classify_reply() in
     * src/error.cpp.
     *
     * @return array{category: string, hint: string}
     */
    public static function classify(string $stage, int $code, string $reply): array
    {
        [$enh, $text] = self::parse_reply($reply);
        $t = strtolower($text);
        $says = static function (string $kind) use ($t): bool {
            foreach (Native_SMTP_Data::phrases()[$kind] ?? [] as $p) {
                if (strpos($t, $p) !== false) {
                    return true;
                }
            }
            return false;
        };
        $is = static fn (string $category, string $hint = ''): array => ['category' => $category, 'hint' => $hint];
        $after_mail = in_array($stage, self::AFTER_MAIL, true);

        // Provider-wide signals first: they can arrive at any stage. 534 is
        // AUTH's "use another way to log in" (RFC 4954; Gmail's web login 5.7.14).
        if ($enh === '5.7.30' || $says('basic_auth_off')) {
            return $is('oauth_required');
        }
        if ((strlen($enh) >= 5 && substr($enh, 2) === '7.9') || ($stage === 'AUTH' && $code === 534) || $says('app_password')) {
            return $is('app_password_required');
        }
        if (strlen($enh) >= 5) {
            foreach (Native_SMTP_Data::enhanced_codes() as $rule) {
                if (in_array(substr($enh, 2), $rule['codes'], true) && ($after_mail || $rule['stages'] === 'any')) {
                    return $is($rule['category'], $rule['hint'] ?? '');
                }
            }
        }
        if ($after_mail && $says('mailbox_full')) {
            return $is('recipient_rejected', 'mailbox_full');
        }
        if ($enh === '5.4.5' || ((intdiv($code, 100) === 4 || $code === 554 || $code === 550) && $says('rate_limit'))) {
            return $is('rate_limited');
        }
        if ($code === 421) {  // the server is closing the connection, whatever we asked
            return $is('connect');
        }
        switch ($stage) {
            case 'greeting':
                return $is('connect');
            case 'STARTTLS':
                return $is('starttls_unavailable');
            case 'AUTH':
                if ($code === 538) {
                    return $is('starttls_unavailable', 'tls_required');
                }
                return $is(($code === 504 || $enh === '5.5.4' || $enh === '5.7.4') ? 'auth_mechanism_unsupported' : 'auth_failed');
            case 'MAIL FROM':
                // "530 Authentication required", or "530 Must issue a STARTTLS command first".
                if ($code === 530) {
                    return $says('tls_required') ? $is('starttls_unavailable', 'tls_required') : $is('auth_failed');
                }
                return $is('sender_rejected');
            case 'RCPT TO':
                return $is($says('sender_mismatch') ? 'sender_rejected' : 'recipient_rejected');
            case 'DATA':
            case 'end of data':
                return $is($says('sender_mismatch') ? 'sender_rejected' : 'message_rejected');
        }
        return $is('protocol');
    }

    /** The remedy for a classify() answer, in the site's language. */
    public static function hint(array $classified): string
    {
        $text = Native_SMTP_Data::hints()[$classified['hint']] ?? '';
        return $text !== '' ? Native_SMTP_Data::translate($text) : Native_SMTP_Error_Help::default_hint($classified['category']);
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
