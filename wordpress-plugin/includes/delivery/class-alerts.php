<?php
/**
 * Tells the owner when mail fails for good or waits too long in the queue:
 * an email to the chosen addresses (through the backup connection when the
 * primary is the problem) and/or a webhook. At most one alert per kind per
 * hour, decided by a conditional UPDATE so that two runners never both send one.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Alerts
{
    public const KINDS = ['failed', 'queue'];
    private const PERIOD = HOUR_IN_SECONDS;
    /** Failures that say nothing about the connection: the primary can carry the alert. */
    private const MESSAGE_PROBLEMS = ['recipient_rejected', 'sender_rejected', 'message_rejected', 'invalid_argument'];

    /** A message failed permanently (or its retries ran out). */
    public static function failed(array $row, array $outcome): void
    {
        $text = sprintf(
            /* translators: 1: site name, 2: recipients, 3: subject, 4: explanation of the error, 5: log URL */
            __('[%1$s] An email could not be delivered and will not be retried. To: %2$s. Subject: %3$s. %4$s Email log: %5$s', 'native-smtp'),
            wp_specialchars_decode(get_bloginfo('name'), ENT_QUOTES), $row['recipients'], $row['subject'],
            trim(Native_SMTP_Log_Screen::error_text(['status' => 'failed'] + $outcome + ['error_category' => $outcome['category'] ?? '', 'error_hint' => $outcome['hint'] ?? ''])
                . ' ' . ($outcome['server_reply'] ?? '')),
            add_query_arg('view', (int) $row['id'], Native_SMTP_Log_Screen::url())
        );
        $primary_problem = !in_array($outcome['category'] ?? '', self::MESSAGE_PROBLEMS, true);
        self::send('failed', $text, ['log_id' => (int) $row['id'], 'category' => $outcome['category'] ?? '', 'smtp_code' => (int) ($outcome['smtp_code'] ?? 0)], $primary_problem);
    }

    /** Called hourly and after each queue run: alerts when a message has waited longer than the threshold. */
    public static function check_queue_age(): void
    {
        $q = Native_SMTP_Queue::status();
        $limit = (int) Native_SMTP_Delivery_Options::get()['queue_alert_minutes'] * MINUTE_IN_SECONDS;
        if ($q['oldest'] === null || Native_SMTP_Clock::now() - $q['oldest'] < $limit) {
            return;
        }
        $text = sprintf(
            /* translators: 1: site name, 2: number of messages, 3: minutes, 4: log URL */
            __('[%1$s] %2$d emails are waiting in the queue, the oldest for more than %3$d minutes: the mail server keeps refusing or cannot be reached. Email log: %4$s', 'native-smtp'),
            wp_specialchars_decode(get_bloginfo('name'), ENT_QUOTES), $q['waiting'], (int) ((Native_SMTP_Clock::now() - $q['oldest']) / MINUTE_IN_SECONDS),
            add_query_arg('status', 'retrying', Native_SMTP_Log_Screen::url())
        );
        self::send('queue', $text, ['waiting' => $q['waiting'], 'oldest' => $q['oldest']], true);
    }

    private static function send(string $kind, string $text, array $details, bool $primary_problem): void
    {
        $s = Native_SMTP_Delivery_Options::get();
        $emails = Native_SMTP_Delivery_Options::alert_emails();
        if ((!$emails && $s['webhook_url'] === '') || !self::take_turn($kind)) {
            return;
        }
        if ($emails) {
            Native_SMTP_Delivery::send_alert_email($emails, wp_specialchars_decode(get_bloginfo('name'), ENT_QUOTES) . ': ' . __('email delivery problem', 'native-smtp'), $text, $primary_problem);
        }
        if ($s['webhook_url'] !== '') {
            Native_SMTP_Webhook::post($s['webhook_url'], Native_SMTP_Webhook::payload($s['webhook_preset'], $kind, $text, $details));
        }
    }

    /** True for the one caller that may alert for $kind now (none other within the hour). */
    private static function take_turn(string $kind): bool
    {
        global $wpdb;
        $name = 'native_smtp_alert_' . $kind;
        // Not add_option(): its INSERT ... ON DUPLICATE KEY UPDATE would reset a
        // turn another process has just taken, and both would alert.
        $wpdb->query($wpdb->prepare("INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, '0', 'no')", $name));
        $now = Native_SMTP_Clock::now();
        $won = (int) $wpdb->query($wpdb->prepare("UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND CAST(option_value AS SIGNED) <= %d",
            (string) $now, $name, $now - self::PERIOD));
        wp_cache_delete($name, 'options');
        return $won === 1;
    }
}
