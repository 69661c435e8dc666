<?php
/**
 * The data the core and the plugin share (data/smtp-data.json): provider
 * presets, the texts of every error category and the narrower remedies, the
 * provider phrases that tell a refusal's cause, and the RFC 3463
 * enhanced-code table. The C++ core is generated from the same file
 * (scripts/gen-data.py); texts are English there and translated here
 * (scripts/build-mo.sh extracts them into the template).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Data
{
    private static ?array $data = null;

    private static function load(): array
    {
        if (self::$data === null) {
            $json = file_get_contents(dirname(__DIR__, 2) . '/data/smtp-data.json');
            self::$data = is_string($json) ? (array) json_decode($json, true) : [];
        }
        return self::$data;
    }

    /** A text of the data file in the site's language. */
    public static function translate(string $text): string
    {
        // phpcs:ignore WordPress.WP.I18n.NonSingularStringLiteralText -- extracted from the data file by scripts/build-mo.sh
        return $text === '' ? '' : __($text, 'native-smtp');
    }

    /** @return list<array> the providers in the file's order, texts untranslated */
    public static function providers(): array
    {
        return self::load()['providers'] ?? [];
    }

    /** @return array<string, array{explanation: string, hint: string}> */
    public static function categories(): array
    {
        return self::load()['categories'] ?? [];
    }

    /** @return array<string, string> id (mailbox_full, too_big...) => a remedy narrower than a category's, untranslated */
    public static function hints(): array
    {
        return self::load()['hints'] ?? [];
    }

    /** @return list<array{codes: list<string>, category: string, hint?: string, stages: string}> subject.detail rules */
    public static function enhanced_codes(): array
    {
        return self::load()['enhancedCodes'] ?? [];
    }

    /** @return array<string, list<string>> kind (app_password, sender_mismatch, rate_limit...) => lower-case phrases */
    public static function phrases(): array
    {
        return self::load()['phrases'] ?? [];
    }
}
