<?php
/**
 * Turns wp_mail()'s arguments into an Smtp\Message the way core's wp_mail()
 * fills PHPMailer: the same header parsing (From, Cc, Bcc, Reply-To,
 * Content-Type with charset and boundary), the same defaults and the same
 * filters (wp_mail_from, wp_mail_from_name, wp_mail_content_type,
 * wp_mail_charset), plus the plugin's sender settings.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_WP_Mail_Message
{
    /** Headers the extension writes itself; a copy from the caller would be refused. */
    private const GENERATED = ['to', 'subject', 'date', 'message-id', 'mime-version', 'content-transfer-encoding'];

    /** @param array $atts to, subject, message, headers, attachments (after the wp_mail filter) */
    public static function build(array $atts, array $settings): Smtp\Message
    {
        $h = self::parse_headers($atts['headers'] ?? []);

        $from_email = $h['from_email'] ?? ($settings['from_email'] !== '' ? $settings['from_email'] : self::default_from($settings));
        $from_name = $h['from_name'] ?? ($settings['from_name'] !== '' ? $settings['from_name'] : 'WordPress');
        $from_email = (string) apply_filters('wp_mail_from', $from_email);
        $from_name = (string) apply_filters('wp_mail_from_name', $from_name);
        if ($settings['force_from'] && $settings['from_email'] !== '') {
            $from_email = $settings['from_email'];
            $from_name = $settings['from_name'] !== '' ? $settings['from_name'] : $from_name;
        }

        $content_type = (string) apply_filters('wp_mail_content_type', $h['content_type'] ?? 'text/plain');
        $charset = (string) apply_filters('wp_mail_charset', $h['charset'] ?? get_bloginfo('charset'));
        $subject = self::to_utf8((string) $atts['subject'], $charset);
        $body = self::to_utf8((string) $atts['message'], $charset);

        $m = new Smtp\Message();
        $m->from = $from_email;
        $m->fromName = self::to_utf8($from_name, $charset);
        $m->to = self::addresses($atts['to']);
        $m->cc = $h['cc'];
        $m->bcc = $h['bcc'];
        $m->replyTo = $h['reply_to'];
        $m->subject = $subject;
        if (stripos($content_type, 'multipart/') === 0 && isset($h['boundary'])) {
            // A body the caller already split into parts: keep its text and HTML alternatives.
            $parts = self::split_multipart($body, $h['boundary']);
            $m->text = $parts['text'];
            $m->html = $parts['html'];
            if ($m->text === '' && $m->html === '') {
                $m->text = $body;
            }
        } elseif (stripos($content_type, 'text/html') === 0) {
            $m->html = $body;
        } else {
            $m->text = $body;
        }
        $m->headers = $h['other'];
        $m->attachments = self::attachments($atts['attachments'] ?? []);
        return $m;
    }

    /**
     * Core's default sender is wordpress@<site host>; a host that is an IP
     * or a bare name is no mail domain, so then the account is used when it
     * is an address.
     */
    private static function default_from(array $settings): string
    {
        $host = strtolower((string) wp_parse_url(network_home_url(), PHP_URL_HOST));
        if (strncmp($host, 'www.', 4) === 0) {
            $host = substr($host, 4);
        }
        if ($host !== '' && strpos($host, '.') !== false && !filter_var($host, FILTER_VALIDATE_IP)) {
            return 'wordpress@' . $host;
        }
        return is_email($settings['username']) ? $settings['username'] : 'wordpress@localhost.localdomain';
    }

    /** @param string|array $to */
    private static function addresses($to): array
    {
        $list = is_array($to) ? $to : explode(',', (string) $to);
        return array_values(array_filter(array_map('trim', array_map('strval', $list)), 'strlen'));
    }

    /** Splits wp_mail()'s headers the way core does. */
    private static function parse_headers($raw): array
    {
        $out = ['cc' => [], 'bcc' => [], 'reply_to' => [], 'other' => []];
        $lines = is_array($raw) ? $raw : explode("\n", str_replace("\r\n", "\n", (string) $raw));
        foreach ($lines as $line) {
            $line = (string) $line;
            if (strpos($line, ':') === false) {
                // Core accepts a bare "boundary=..." line after a multipart Content-Type.
                if (stripos($line, 'boundary=') !== false) {
                    $out['boundary'] = trim(str_replace(['"', "'"], '', preg_split('/boundary=/i', trim($line))[1]));
                }
                continue;
            }
            [$name, $value] = array_map('trim', explode(':', $line, 2));
            switch (strtolower($name)) {
                case 'from':
                    $bracket = strpos($value, '<');
                    if ($bracket !== false) {
                        if ($bracket > 0) {
                            $out['from_name'] = trim(str_replace('"', '', substr($value, 0, $bracket)));
                        }
                        $out['from_email'] = trim(str_replace('>', '', substr($value, $bracket + 1)));
                    } elseif ($value !== '') {
                        $out['from_email'] = $value;
                    }
                    break;
                case 'content-type':
                    self::parse_content_type($value, $out);
                    break;
                case 'cc':
                case 'bcc':
                case 'reply-to':
                    $key = strtolower($name) === 'reply-to' ? 'reply_to' : strtolower($name);
                    $out[$key] = array_merge($out[$key], self::addresses($value));
                    break;
                default:
                    // Core keeps the last value of a repeated header; names the
                    // extension writes itself or cannot send are left out.
                    if (!in_array(strtolower($name), self::GENERATED, true) && preg_match('/^[A-Za-z0-9-]+$/', $name)) {
                        $out['other'][$name] = $value;
                    }
            }
        }
        return $out;
    }

    private static function parse_content_type(string $value, array &$out): void
    {
        $params = explode(';', $value);
        $out['content_type'] = trim(array_shift($params));
        foreach ($params as $param) {
            [$key, $v] = array_pad(explode('=', trim($param), 2), 2, '');
            $v = trim(str_replace(['"', "'"], '', $v));
            if (strtolower(trim($key)) === 'charset' && $v !== '') {
                $out['charset'] = $v;
            } elseif (strtolower(trim($key)) === 'boundary' && $v !== '') {
                $out['boundary'] = $v;
            }
        }
    }

    /** The extension writes UTF-8: text in another charset is converted first. */
    private static function to_utf8(string $text, string $charset): string
    {
        $charset = strtoupper(trim($charset));
        if ($text === '' || $charset === '' || $charset === 'UTF-8' || $charset === 'UTF8') {
            return $text;
        }
        $converted = function_exists('mb_convert_encoding') && in_array($charset, array_map('strtoupper', mb_list_encodings()), true)
            ? mb_convert_encoding($text, 'UTF-8', $charset)
            : @iconv($charset, 'UTF-8//IGNORE', $text);
        return is_string($converted) ? $converted : $text;
    }

    /**
     * The text/plain and text/html parts of a body the caller built as
     * multipart (core passes such bodies to PHPMailer as they are).
     *
     * @return array{text: string, html: string}
     */
    private static function split_multipart(string $body, string $boundary): array
    {
        $found = ['text' => '', 'html' => ''];
        $body = str_replace("\r\n", "\n", $body);
        // Piece 0 is the preamble; a piece starting with "--" follows the closing delimiter.
        foreach (array_slice(explode('--' . $boundary, $body), 1) as $part) {
            if (strncmp($part, '--', 2) === 0) {
                continue;
            }
            $part = ltrim($part, "\n");
            $split = strpos($part, "\n\n");
            if ($split === false) {
                continue;
            }
            $head = strtolower(substr($part, 0, $split));
            $content = rtrim(substr($part, $split + 2), "\n");
            if (strpos($head, 'quoted-printable') !== false) {
                $content = quoted_printable_decode($content);
            } elseif (strpos($head, 'base64') !== false) {
                $content = (string) base64_decode($content);
            }
            $charset = preg_match('/charset="?([^";\s]+)/', $head, $m) ? $m[1] : 'UTF-8';
            if (strpos($head, 'content-type: text/html') !== false && $found['html'] === '') {
                $found['html'] = self::to_utf8($content, $charset);
            } elseif ((strpos($head, 'content-type: text/plain') !== false || strpos($head, 'content-type') === false) && $found['text'] === '') {
                $found['text'] = self::to_utf8($content, $charset);
            }
        }
        return $found;
    }

    /** @param string|array $attachments paths, or name => path as core allows */
    private static function attachments($attachments): array
    {
        if (!is_array($attachments)) {
            $attachments = explode("\n", str_replace("\r\n", "\n", (string) $attachments));
        }
        $files = [];
        foreach ($attachments as $name => $path) {
            $path = (string) $path;
            if ($path === '') {
                continue;
            }
            $files[] = is_string($name) && $name !== '' ? ['path' => $path, 'name' => $name] : $path;
        }
        return $files;
    }
}
