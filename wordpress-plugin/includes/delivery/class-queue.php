<?php
/**
 * The retry queue: log rows in `queued` or `retrying` with their prepared
 * message in `payload`. A runner takes messages with one conditional UPDATE
 * (status must still be queued/retrying, so two runners never get the same
 * row), sends them, and settles each one: sent, retried later with backoff,
 * failed, or `unknown` when the end of data went out and no answer came.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Queue
{
    /** Seconds to wait after the 1st, 2nd, ... temporary failure; after the last one the message fails. */
    public const BACKOFF = [60, 300, 900, 3600, 6 * HOUR_IN_SECONDS];
    /** A row still `sending` this long after its claim belongs to a runner that died. */
    public const STALE = 30 * MINUTE_IN_SECONDS;
    private const WAITING = "'queued','retrying'";

    /**
     * Stores a message to be sent by a runner: the row, its prepared form and
     * copies of its attachments. Throws (and stores nothing) when that fails.
     *
     * @param array $row         log columns (recipients, subject, headers, ...)
     * @param array $message     the prepared message, as the engines take it, without attachments
     * @param array $attachments name => path or path
     * @param bool  $sensitive   a verification code or the like: its text is dropped as soon as it is no longer needed
     */
    public static function add(array $row, array $message, array $attachments, bool $sensitive, int $due, string $status = 'queued'): int
    {
        if (!$attachments) {
            // Nothing to copy first: one INSERT (a queued message costs two statements with its recipients).
            $id = Native_SMTP_Log::create(['status' => $status, 'next_attempt' => $due,
                'payload' => ['message' => $message, 'attachments' => [], 'sensitive' => $sensitive]] + $row);
            Native_SMTP_Scheduler::wake($due);
            return $id;
        }
        $id = Native_SMTP_Log::create(['status' => 'sending', 'claim' => self::token()] + $row);
        self::store($id, $message, $attachments, $sensitive, $due, $status);
        return $id;
    }

    /** Keeps an existing row's message for a later try (after a temporary failure in the request itself). */
    public static function store(int $id, array $message, array $attachments, bool $sensitive, int $due, string $status): void
    {
        try {
            $copies = Native_SMTP_Attachment_Store::keep($id, $attachments);
        } catch (RuntimeException $e) {
            Native_SMTP_Log::delete([$id]);
            throw $e;
        }
        Native_SMTP_Log::update($id, [
            'status' => $status, 'claim' => '', 'next_attempt' => $due,
            'payload' => ['message' => $message, 'attachments' => $copies, 'sensitive' => $sensitive],
        ]);
        if ($status !== 'sending') {   // 'sending': the caller settles the row and schedules its retry
            Native_SMTP_Scheduler::wake($due);
        }
    }

    /**
     * Takes up to $limit due messages for this runner.
     *
     * @return array<int, array> claimed rows by id (payload decoded); empty when none is due
     */
    public static function claim(int $limit): array
    {
        global $wpdb;
        $token = self::token();
        $now = Native_SMTP_Clock::now();
        $t = Native_SMTP_Log_Schema::messages();
        // One statement: InnoDB locks the rows it changes, and a row another runner
        // changed first no longer matches the status condition.
        $wpdb->query($wpdb->prepare("UPDATE $t SET status = 'sending', claim = %s, claimed_at = %d, updated = %d
            WHERE status IN (" . self::WAITING . ") AND next_attempt <= %d ORDER BY next_attempt, id LIMIT %d", $token, $now, $now, $now, $limit));
        return Native_SMTP_Log::where_claim($token);
    }

    /**
     * Takes one chosen row (a resend): only when it is not being sent and has
     * its message. Final rows become due again; a sent row is resent only
     * because the owner asked.
     */
    public static function claim_row(int $id): ?array
    {
        global $wpdb;
        $token = self::token();
        $now = Native_SMTP_Clock::now();
        $t = Native_SMTP_Log_Schema::messages();
        $wpdb->query($wpdb->prepare("UPDATE $t SET status = 'sending', claim = %s, claimed_at = %d, updated = %d
            WHERE id = %d AND status <> 'sending' AND payload IS NOT NULL", $token, $now, $now, $id));
        return Native_SMTP_Log::where_claim($token)[$id] ?? null;
    }

    /**
     * Settles a claimed row after an attempt.
     *
     * @param array $row     the claimed row
     * @param array $outcome Native_SMTP_Outcome array
     * @return string the row's new status
     */
    public static function settle(array $row, array $outcome): string
    {
        $attempts = (int) $row['attempts'] + 1;
        $fields = [
            'attempts' => $attempts, 'claim' => '', 'engine' => $outcome['engine'] ?? '', 'connection' => $outcome['connection'] ?? '',
            'smtp_code' => (int) ($outcome['smtp_code'] ?? 0), 'server_reply' => (string) ($outcome['server_reply'] ?? ''),
            'transcript' => (string) ($outcome['transcript'] ?? ''), 'history' => $outcome['history'] ?? ($row['history'] ?? []),
        ];
        if ($outcome['ok']) {
            $message_id = trim((string) ($outcome['message_id'] ?? ''), '<>');
            $fields += ['status' => 'sent', 'error_category' => '', 'error_hint' => ''] + ($message_id !== '' ? ['message_id' => "<$message_id>"] : []);
        } else {
            $fields += ['error_category' => (string) ($outcome['category'] ?? ''), 'error_hint' => (string) ($outcome['hint'] ?? '')];
            $delay = self::BACKOFF[$attempts - 1] ?? null;
            if (Native_SMTP_Outcome::unknown($outcome)) {
                $fields['status'] = 'unknown';
            } elseif (!empty($outcome['transient']) && $delay !== null) {
                $fields += ['status' => 'retrying', 'next_attempt' => Native_SMTP_Clock::now() + $delay];
            } else {
                $fields['status'] = 'failed';
            }
        }
        $fields['payload'] = self::kept_payload($row['payload'] ?? null, $fields['status']);
        if ($fields['payload'] === null || $fields['payload']['attachments'] === []) {
            Native_SMTP_Attachment_Store::remove((int) $row['id']);
        }
        Native_SMTP_Log::update((int) $row['id'], $fields);
        if ($fields['status'] === 'retrying') {
            Native_SMTP_Scheduler::wake($fields['next_attempt']);
        }
        return $fields['status'];
    }

    /**
     * What of a message stays after an attempt. Waiting, failed and unknown
     * messages keep everything, so the owner can resend them once the cause
     * is fixed (retention removes them later); a sent one keeps its text only
     * when the owner logs bodies, without attachment copies; a verification
     * code keeps nothing once it is no longer waiting.
     */
    private static function kept_payload(?array $payload, string $status): ?array
    {
        if (!$payload || in_array($status, ['retrying', 'queued'], true)) {
            return $payload;
        }
        if (!empty($payload['sensitive'])) {
            return null;
        }
        if ($status !== 'sent') {
            return $payload;
        }
        if (!Native_SMTP_Delivery_Options::get()['log_bodies']) {
            return null;
        }
        $payload['dropped_attachments'] = array_merge($payload['dropped_attachments'] ?? [], array_map('wp_basename', array_values($payload['attachments'])));
        $payload['attachments'] = [];
        return $payload;
    }

    /** Rows a dead runner left in `sending`: nobody knows whether they went, so they are not sent again. */
    public static function sweep_stale(): int
    {
        global $wpdb;
        $now = Native_SMTP_Clock::now();
        $t = Native_SMTP_Log_Schema::messages();
        return (int) $wpdb->query($wpdb->prepare("UPDATE $t SET status = 'unknown', claim = '', updated = %d, error_category = 'interrupted',
            error_hint = %s WHERE status = 'sending' AND claimed_at > 0 AND claimed_at < %d", $now,
            __('Sending stopped midway (the server process ended). Check with the recipient before resending it from the log.', 'native-smtp'), $now - self::STALE));
    }

    /** Every waiting message due now (`wp native-smtp queue run --all`). */
    public static function make_due(): void
    {
        global $wpdb;
        $wpdb->query($wpdb->prepare('UPDATE ' . Native_SMTP_Log_Schema::messages() . ' SET next_attempt = %d WHERE status IN (' . self::WAITING . ')', Native_SMTP_Clock::now()));
    }

    /** When the next waiting message is due, or null when none waits. */
    public static function next_due(): ?int
    {
        global $wpdb;
        $due = $wpdb->get_var('SELECT MIN(next_attempt) FROM ' . Native_SMTP_Log_Schema::messages() . ' WHERE status IN (' . self::WAITING . ')');
        return $due === null ? null : (int) $due;
    }

    /** @return array{waiting: int, due: int, sending: int, oldest: ?int, next: ?int} */
    public static function status(): array
    {
        global $wpdb;
        $t = Native_SMTP_Log_Schema::messages();
        $now = Native_SMTP_Clock::now();
        $r = $wpdb->get_row($wpdb->prepare("SELECT SUM(status IN (" . self::WAITING . ")) AS waiting, SUM(status IN (" . self::WAITING . ") AND next_attempt <= %d) AS due,
            SUM(status = 'sending') AS sending, MIN(IF(status IN (" . self::WAITING . "), created, NULL)) AS oldest,
            MIN(IF(status IN (" . self::WAITING . "), next_attempt, NULL)) AS next FROM $t", $now), ARRAY_A);
        return [
            'waiting' => (int) $r['waiting'], 'due' => (int) $r['due'], 'sending' => (int) $r['sending'],
            'oldest' => $r['oldest'] === null ? null : (int) $r['oldest'], 'next' => $r['next'] === null ? null : (int) $r['next'],
        ];
    }

    private static function token(): string
    {
        return bin2hex(random_bytes(16));
    }
}
