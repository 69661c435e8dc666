<?php
/**
 * Where code tokens and rate counters live: rows of the options table,
 * read and written with SQL directly (never through the object cache), so
 * that concurrent requests see each other:
 *
 * - a token is replaced only if it is still the one that was checked
 *   (a conditional UPDATE), so N parallel guesses count N attempts;
 * - a counter is incremented in the database (INSERT ... ON DUPLICATE KEY
 *   UPDATE), never read, changed and written back.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Code_Store
{
    public const TOKEN_PREFIX = 'native_smtp_code_';
    public const COUNTER_PREFIX = 'native_smtp_rl_';
    public const COOLDOWN_PREFIX = 'native_smtp_last_';

    public static function get(string $name): ?string
    {
        global $wpdb;
        $value = $wpdb->get_var($wpdb->prepare("SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name));
        return $value === null ? null : (string) $value;
    }

    public static function put(string $name, string $value): void
    {
        global $wpdb;
        $wpdb->query($wpdb->prepare("INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')
            ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)", $name, $value));
    }

    /** Replaces $old by $new only if $old is still stored; false when another request changed it first. */
    public static function replace(string $name, string $old, string $new): bool
    {
        global $wpdb;
        return (int) $wpdb->query($wpdb->prepare("UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s",
            $new, $name, $old)) === 1;
    }

    public static function delete(string $name): void
    {
        global $wpdb;
        $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name = %s", $name));
    }

    /** Adds one to a counter and returns its new value. */
    public static function increment(string $name): int
    {
        global $wpdb;
        $wpdb->query($wpdb->prepare("INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, '1', 'no')
            ON DUPLICATE KEY UPDATE option_value = option_value + 1", $name));
        return (int) self::get($name);
    }

    /** Removes counters of hourly windows before $window (their names start with the window number). */
    public static function forget_counters_before(int $window): void
    {
        global $wpdb;
        $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s AND option_name < %s",
            $wpdb->esc_like(self::COUNTER_PREFIX) . '%', self::COUNTER_PREFIX . $window . '_'));
    }

    /** Removes tokens that expired a day ago or more, and resend cooldowns older than an hour. */
    public static function forget_expired(int $now): void
    {
        global $wpdb;
        $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s
            AND CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(option_value, '.', 2), '.', -1) AS UNSIGNED) < %d",
            $wpdb->esc_like(self::TOKEN_PREFIX) . '%', $now - DAY_IN_SECONDS));
        $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s AND CAST(option_value AS UNSIGNED) < %d",
            $wpdb->esc_like(self::COOLDOWN_PREFIX) . '%', $now - HOUR_IN_SECONDS));
    }
}
