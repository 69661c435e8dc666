<?php
/**
 * The time the queue and the log go by: Unix seconds, overridable with the
 * native_smtp_now filter so tests walk through hours of backoff at once.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Clock
{
    public static function now(): int
    {
        return (int) apply_filters('native_smtp_now', time());
    }
}
