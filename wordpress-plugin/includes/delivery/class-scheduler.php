<?php
/**
 * Wakes the queue runner: through Action Scheduler when the site has it
 * (WooCommerce and many plugins bundle it; only its public functions are
 * used), otherwise through WP-Cron. An hourly watch (WP-Cron) also runs the
 * queue, so a lost wake-up delays a message by an hour at most.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Scheduler
{
    public const HOOK = 'native_smtp_run_queue';
    public const WATCH = 'native_smtp_queue_watch';
    public const GROUP = 'native-smtp';

    public static function register(): void
    {
        add_action(self::HOOK, [self::class, 'run']);
        add_action(self::WATCH, [self::class, 'watch']);
        add_action('init', [self::class, 'schedule_watch']);
    }

    public static function uses_action_scheduler(): bool
    {
        return function_exists('as_schedule_single_action') && function_exists('as_get_scheduled_actions');
    }

    /** Makes sure a runner starts at $when or earlier. */
    public static function wake(int $when): void
    {
        if (self::uses_action_scheduler()) {
            // A pending run at or before $when is enough. (as_next_scheduled_action() says only
            // "one is running" while the caller itself runs, which hides the pending ones.)
            $pending = as_get_scheduled_actions(['hook' => self::HOOK, 'group' => self::GROUP, 'status' => 'pending',
                'date' => $when, 'date_compare' => '<=', 'per_page' => 1], 'ids');
            if ($pending) {
                return;
            }
            as_schedule_single_action($when, self::HOOK, [], self::GROUP);
            return;
        }
        foreach ((array) _get_cron_array() as $time => $hooks) {
            if (isset($hooks[self::HOOK]) && $time <= $when) {
                return;
            }
        }
        // The time as argument: WP-Cron drops an event equal to one within ten minutes of it.
        wp_schedule_single_event($when, self::HOOK, [$when]);
    }

    /** The scheduled run. */
    public static function run(): void
    {
        Native_SMTP_Runner::run();
    }

    public static function schedule_watch(): void
    {
        if (!wp_next_scheduled(self::WATCH)) {
            wp_schedule_event(Native_SMTP_Clock::now() + HOUR_IN_SECONDS, 'hourly', self::WATCH);
        }
    }

    public static function watch(): void
    {
        Native_SMTP_Runner::run();
        Native_SMTP_Alerts::check_queue_age();
    }

    public static function unschedule(): void
    {
        wp_clear_scheduled_hook(self::WATCH);
        wp_unschedule_hook(self::HOOK);
        if (function_exists('as_unschedule_all_actions')) {
            as_unschedule_all_actions(self::HOOK, [], self::GROUP);
        }
    }
}
