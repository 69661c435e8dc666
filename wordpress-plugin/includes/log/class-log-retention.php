<?php
/**
 * Deletes log rows older than the retention setting (30 days by default),
 * once a day through WP-Cron. Messages still waiting in the queue are kept
 * whatever their age.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Log_Retention
{
    public const HOOK = 'native_smtp_log_cleanup';
    private const CHUNK = 500;

    public static function register(): void
    {
        add_action(self::HOOK, [self::class, 'clean']);
        add_action('init', [self::class, 'schedule']);
    }

    public static function schedule(): void
    {
        if (!wp_next_scheduled(self::HOOK)) {
            wp_schedule_event(Native_SMTP_Clock::now() + HOUR_IN_SECONDS, 'daily', self::HOOK);
        }
    }

    /** @return int rows deleted */
    public static function clean(): int
    {
        global $wpdb;
        $cutoff = Native_SMTP_Clock::now() - (int) Native_SMTP_Delivery_Options::get()['retention_days'] * DAY_IN_SECONDS;
        $final = "'" . implode("','", Native_SMTP_Log::FINAL) . "'";
        $deleted = 0;
        do {
            $ids = $wpdb->get_col($wpdb->prepare('SELECT id FROM ' . Native_SMTP_Log_Schema::messages()
                . " WHERE created < %d AND status IN ($final) ORDER BY id LIMIT %d", $cutoff, self::CHUNK));
            $deleted += Native_SMTP_Log::delete($ids);
        } while (count($ids) === self::CHUNK);
        return $deleted;
    }
}
