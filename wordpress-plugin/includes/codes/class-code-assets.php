<?php
/**
 * The code forms' script and style, enqueued as files (no inline code, so
 * they work under a strict Content-Security-Policy). They touch only the
 * plugin's own fields, and in email-only registration the one paragraph that
 * holds core's user-name field.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Code_Assets
{
    public const HANDLE = 'native-smtp-codes';

    public static function enqueue(): void
    {
        $base = plugins_url('assets/', NATIVE_SMTP_FILE);
        wp_enqueue_style(self::HANDLE, $base . 'codes.css', [], NATIVE_SMTP_VERSION);
        wp_enqueue_script(self::HANDLE, $base . 'codes.js', [], NATIVE_SMTP_VERSION, true);
    }
}
