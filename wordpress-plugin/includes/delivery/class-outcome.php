<?php
/**
 * The outcome of one attempt as an array (an engine's Native_SMTP_Sent or
 * Native_SMTP_Failure ->to_array(), plus the connection's name), and the
 * questions the queue asks of it.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Outcome
{
    /**
     * The end of data went out and no answer came (timeout, connection
     * lost): the server may have taken the message, so it is not sent again
     * by itself.
     */
    public static function unknown(array $o): bool
    {
        if ($o['ok'] || (int) ($o['smtp_code'] ?? 0) !== 0) {
            return false;
        }
        if (($o['stage'] ?? '') === 'end of data' || preg_match('/reply to end of data/', (string) ($o['message'] ?? ''))) {
            return true;
        }
        // The transcript's last end of data (a line "C: .") has no server line after it.
        $lines = explode("\n", rtrim((string) ($o['transcript'] ?? '')));
        $dot = array_search('C: .', array_reverse($lines, true), true);
        if ($dot === false) {
            return false;
        }
        foreach (array_slice($lines, $dot + 1) as $line) {
            if (strncmp($line, 'S: ', 3) === 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The part of a pipelined batch's conversation around its $k-th message:
     * the connection's opening (up to the first MAIL FROM) and the lines from
     * that message's MAIL FROM up to the MAIL FROM two messages later (with
     * pipelining, a message's last replies arrive after the next one's commands).
     */
    public static function batch_slice(string $transcript, int $k): string
    {
        $lines = explode("\n", $transcript);
        $starts = array_keys(array_filter($lines, static fn ($l) => strncmp($l, 'C: MAIL FROM:', 13) === 0));
        if (!isset($starts[$k])) {
            return $transcript;
        }
        $head = array_slice($lines, 0, $starts[0]);
        $end = $starts[$k + 2] ?? count($lines);
        return implode("\n", array_merge($head, ['...'], array_slice($lines, $starts[$k], $end - $starts[$k])));
    }

    /** A failure that happened here, before any server was asked. */
    public static function local_failure(string $category, string $message, string $hint): array
    {
        return ['ok' => false, 'engine' => '', 'category' => $category, 'message' => $message, 'smtp_code' => 0, 'enhanced_code' => '',
            'server_reply' => '', 'stage' => '', 'hint' => $hint, 'transient' => false, 'transcript' => '', 'refused' => [], 'connection' => ''];
    }

    public static function from_wp_error(WP_Error $error): array
    {
        $data = $error->get_error_data();
        $data = is_array($data) ? $data : [];
        $failure = self::local_failure((string) ($data['category'] ?? $error->get_error_code()), $error->get_error_message(), (string) ($data['hint'] ?? ''));
        $failure['transient'] = !empty($data['transient']);
        return $failure;
    }

    /** The data a WP_Error for wp_mail_failed carries (as the router's own failures do). */
    public static function error_data(array $o): array
    {
        return [
            'category' => (string) ($o['category'] ?? ''), 'hint' => (string) ($o['hint'] ?? ''), 'smtp_code' => (int) ($o['smtp_code'] ?? 0),
            'enhanced_code' => (string) ($o['enhanced_code'] ?? ''), 'server_reply' => (string) ($o['server_reply'] ?? ''),
            'stage' => (string) ($o['stage'] ?? ''), 'transient' => !empty($o['transient']), 'connection' => (string) ($o['connection'] ?? ''),
            'engine' => (string) ($o['engine'] ?? ''), 'refused' => (array) ($o['refused'] ?? []),  // every refused address with its reply
        ];
    }

    /** One line of a log entry's attempt history. */
    public static function history_entry(array $o): array
    {
        return [
            'time' => Native_SMTP_Clock::now(), 'connection' => (string) ($o['connection'] ?? ''), 'engine' => (string) ($o['engine'] ?? ''),
            'ok' => (bool) $o['ok'], 'category' => (string) ($o['category'] ?? ''), 'smtp_code' => (int) ($o['smtp_code'] ?? 0),
            'reply' => (string) ($o['server_reply'] ?? ''),
        ];
    }
}
