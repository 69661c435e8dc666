<?php
/**
 * Text conversions the extension engine needs: the core writes UTF-8, and a
 * body a caller split into MIME parts itself is read back into its parts.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Charset
{
    public static function to_utf8(string $text, string $charset): string
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
     * The text/plain and text/html parts of a body built as multipart by
     * the caller, in UTF-8.
     *
     * @return array{text: string, html: string}
     */
    public static function split_multipart(string $body, string $boundary): array
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
}
