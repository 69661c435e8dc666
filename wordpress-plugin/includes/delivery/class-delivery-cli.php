<?php
/**
 * `wp native-smtp log list`, `wp native-smtp resend <id>...`,
 * `wp native-smtp queue run|status`; loaded only when WP-CLI runs.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Log_CLI
{
    public static function register(): void
    {
        WP_CLI::add_command('native-smtp log', self::class);
        WP_CLI::add_command('native-smtp resend', [self::class, 'resend']);
        WP_CLI::add_command('native-smtp queue', 'Native_SMTP_Queue_CLI');
    }

    /**
     * Lists logged messages, newest first.
     *
     * ## OPTIONS
     *
     * [--status=<status>]
     * : sent, queued, sending, retrying, failed or unknown.
     *
     * [--search=<text>]
     * : Part of a recipient address or of the subject.
     *
     * [--number=<n>]
     * : How many (default 20).
     *
     * [--format=<format>]
     * : table, csv, json or yaml.
     *
     * @subcommand list
     */
    public function list_(array $args, array $assoc): void
    {
        [$rows] = Native_SMTP_Log::query([
            'status' => $assoc['status'] ?? '', 'search' => $assoc['search'] ?? '', 'per_page' => (int) ($assoc['number'] ?? 20),
        ]);
        $items = array_map(static function (array $r): array {
            return [
                'id' => (int) $r['id'], 'date' => gmdate('Y-m-d H:i:s', (int) $r['created']), 'status' => $r['status'],
                'recipients' => $r['recipients'], 'subject' => $r['subject'], 'attempts' => (int) $r['attempts'],
                'connection' => $r['connection'], 'reply' => $r['server_reply'], 'error' => $r['error_category'],
            ];
        }, $rows);
        WP_CLI\Utils\format_items($assoc['format'] ?? 'table', $items, ['id', 'date', 'status', 'recipients', 'subject', 'attempts', 'connection', 'reply', 'error']);
    }

    /**
     * Sends logged messages again now (those whose text was kept).
     *
     * ## OPTIONS
     *
     * <id>...
     * : Log entry ids.
     */
    public static function resend(array $args): void
    {
        $failed = 0;
        foreach (Native_SMTP_Delivery::resend(array_map('intval', $args)) as $id => $status) {
            $row = Native_SMTP_Log::get($id);
            if ($status === 'sent') {
                WP_CLI::log(sprintf('%d: sent (%s)', $id, $row['server_reply'] ?? ''));
                continue;
            }
            $failed++;
            $why = $status === 'missing' ? 'no such entry, or its text was not kept' : trim(($row['error_category'] ?? '') . ' ' . ($row['server_reply'] ?? ''));
            WP_CLI::log(sprintf('%d: %s (%s)', $id, $status, $why));
        }
        if ($failed > 0) {
            WP_CLI::error(sprintf('%d of %d not sent', $failed, count($args)));
        }
        WP_CLI::success(sprintf('%d sent', count($args)));
    }
}

final class Native_SMTP_Queue_CLI
{
    /**
     * Sends the messages that are due, over one connection.
     *
     * ## OPTIONS
     *
     * [--all]
     * : Also messages whose next try is later (backoff ignored).
     */
    public function run(array $args, array $assoc): void
    {
        if (!empty($assoc['all'])) {
            Native_SMTP_Queue::make_due();
        }
        $stats = Native_SMTP_Runner::run(0);
        WP_CLI::success(sprintf('sent %d, retrying %d, failed %d, unknown %d', $stats['sent'], $stats['retrying'], $stats['failed'], $stats['unknown']));
    }

    /**
     * How many messages wait, how many are due, and when the next try is.
     */
    public function status(): void
    {
        $q = Native_SMTP_Queue::status();
        WP_CLI::log('waiting: ' . $q['waiting']);
        WP_CLI::log('due now: ' . $q['due']);
        WP_CLI::log('being sent: ' . $q['sending']);
        WP_CLI::log('oldest: ' . ($q['oldest'] === null ? '-' : gmdate('Y-m-d H:i:s', $q['oldest']) . ' UTC'));
        WP_CLI::log('next try: ' . ($q['next'] === null ? '-' : gmdate('Y-m-d H:i:s', $q['next']) . ' UTC'));
        WP_CLI::log('runner: ' . (Native_SMTP_Scheduler::uses_action_scheduler() ? 'Action Scheduler' : 'WP-Cron'));
    }
}
