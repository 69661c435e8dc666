<?php
/**
 * Drains the queue: takes due messages in batches (each one claimed, so
 * runners started together share the work without sending anything twice),
 * sends each batch over one connection, settles every message, and wakes
 * itself again for what is left.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Runner
{
    private const BATCH = 100;

    /**
     * @param int $max_seconds stop taking new batches after this long (0: until the queue has nothing due)
     * @return array{sent: int, retrying: int, failed: int, unknown: int}
     */
    public static function run(int $max_seconds = 50): array
    {
        $stats = ['sent' => 0, 'retrying' => 0, 'failed' => 0, 'unknown' => 0];
        $started = microtime(true);
        Native_SMTP_Queue::sweep_stale();
        try {
            while ($rows = Native_SMTP_Queue::claim((int) apply_filters('native_smtp_queue_batch', self::BATCH))) {
                foreach (Native_SMTP_Delivery::send_rows($rows) as $status) {
                    $stats[$status === 'queued' ? 'retrying' : $status]++;
                }
                if ($max_seconds > 0 && microtime(true) - $started > $max_seconds) {
                    break;
                }
            }
        } finally {
            Native_SMTP_Delivery::close();
        }
        $next = Native_SMTP_Queue::next_due();
        if ($next !== null) {
            Native_SMTP_Scheduler::wake(max($next, Native_SMTP_Clock::now()));
        }
        Native_SMTP_Alerts::check_queue_age();
        return $stats;
    }
}
