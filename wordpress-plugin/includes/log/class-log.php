<?php
/**
 * Reads and writes the email log: one row per message with its recipients
 * indexed apart. Rows in sending/queued/retrying are also the retry queue
 * (see Native_SMTP_Queue); their prepared message is in `payload`.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Log
{
    public const STATUSES = ['sent', 'queued', 'sending', 'retrying', 'failed', 'unknown'];
    /** Final states: the row no longer changes by itself and may be cleaned up. */
    public const FINAL = ['sent', 'failed', 'unknown'];
    /** Columns holding JSON. */
    private const JSON = ['history', 'payload'];

    /**
     * @param array $row column => value; `recipients` as a list of addresses
     * @return int the new row's id
     */
    public static function create(array $row): int
    {
        global $wpdb;
        $now = Native_SMTP_Clock::now();
        $addresses = self::emails($row['recipients'] ?? []);
        $row = array_merge([
            'created' => $now, 'updated' => $now, 'status' => 'sending', 'subject' => '', 'server_reply' => '',
            'error_hint' => '', 'headers' => '', 'transcript' => '', 'history' => [],
        ], $row);
        $row['recipients'] = implode(', ', array_map('strval', (array) ($row['recipients'] ?? [])));
        $wpdb->insert(Native_SMTP_Log_Schema::messages(), self::encode($row));
        $id = (int) $wpdb->insert_id;
        if ($id === 0) {
            throw new RuntimeException('the email log could not store a row: ' . $wpdb->last_error);
        }
        if ($addresses) {
            $values = implode(', ', array_map(static fn ($email) => $wpdb->prepare('(%d, %s)', $id, $email), $addresses));
            $wpdb->query('INSERT IGNORE INTO ' . Native_SMTP_Log_Schema::recipients() . " (log_id, email) VALUES $values");
        }
        return $id;
    }

    public static function update(int $id, array $fields): void
    {
        global $wpdb;
        $fields['updated'] = Native_SMTP_Clock::now();
        $wpdb->update(Native_SMTP_Log_Schema::messages(), self::encode($fields), ['id' => $id]);
    }

    public static function get(int $id): ?array
    {
        global $wpdb;
        $row = $wpdb->get_row($wpdb->prepare('SELECT * FROM ' . Native_SMTP_Log_Schema::messages() . ' WHERE id = %d', $id), ARRAY_A);
        return $row ? self::decode($row) : null;
    }

    /** @return array<int, array> rows by id */
    public static function where_claim(string $claim): array
    {
        global $wpdb;
        $rows = $wpdb->get_results($wpdb->prepare('SELECT * FROM ' . Native_SMTP_Log_Schema::messages() . ' WHERE claim = %s ORDER BY id', $claim), ARRAY_A);
        $out = [];
        foreach ($rows as $row) {
            $out[(int) $row['id']] = self::decode($row);
        }
        return $out;
    }

    /**
     * The rows a list screen or `wp native-smtp log list` asks for.
     *
     * @param array $args status, search, from (Y-m-d), to (Y-m-d), orderby, order, per_page, page
     * @return array{0: array[], 1: int} rows (without the large columns), total
     */
    public static function query(array $args): array
    {
        global $wpdb;
        $t = Native_SMTP_Log_Schema::messages();
        $where = ['1=1'];
        $params = [];
        if (!empty($args['status']) && in_array($args['status'], self::STATUSES, true)) {
            $where[] = 'status = %s';
            $params[] = $args['status'];
        }
        if (!empty($args['from']) && ($from = self::day_start((string) $args['from'])) !== null) {
            $where[] = 'created >= %d';
            $params[] = $from;
        }
        if (!empty($args['to']) && ($to = self::day_start((string) $args['to'])) !== null) {
            $where[] = 'created < %d';
            $params[] = $to + DAY_IN_SECONDS;
        }
        if (isset($args['search']) && trim((string) $args['search']) !== '') {
            $like = '%' . $wpdb->esc_like(trim((string) $args['search'])) . '%';
            $where[] = '(subject LIKE %s OR id IN (SELECT log_id FROM ' . Native_SMTP_Log_Schema::recipients() . ' WHERE email LIKE %s))';
            array_push($params, $like, $like);
        }
        $orderby = in_array($args['orderby'] ?? '', ['id', 'created', 'status', 'subject', 'attempts'], true) ? $args['orderby'] : 'id';
        $order = strtolower((string) ($args['order'] ?? '')) === 'asc' ? 'ASC' : 'DESC';
        $per_page = max(1, min(1000, (int) ($args['per_page'] ?? 20)));
        $offset = max(0, ((int) ($args['page'] ?? 1) - 1) * $per_page);
        $sql_where = implode(' AND ', $where);
        $prepare = static function (string $sql) use ($wpdb, $params): string {
            return $params ? $wpdb->prepare($sql, $params) : $sql;
        };
        $total = (int) $wpdb->get_var($prepare("SELECT COUNT(*) FROM $t WHERE $sql_where"));
        $rows = $wpdb->get_results($prepare("SELECT id, created, updated, status, recipients, subject, engine, connection, attempts, next_attempt,
            smtp_code, server_reply, error_category, error_hint, message_id, body IS NOT NULL AS has_body, payload IS NOT NULL AS has_payload
            FROM $t WHERE $sql_where ORDER BY $orderby $order, id $order LIMIT $offset, $per_page"), ARRAY_A);
        return [$rows, $total];
    }

    /** @return array<string, int> status => number of rows */
    public static function counts(): array
    {
        global $wpdb;
        $counts = array_fill_keys(self::STATUSES, 0);
        foreach ($wpdb->get_results('SELECT status, COUNT(*) AS n FROM ' . Native_SMTP_Log_Schema::messages() . ' GROUP BY status', ARRAY_A) as $r) {
            $counts[$r['status']] = (int) $r['n'];
        }
        return $counts;
    }

    /** Ids of every row that names this address as a recipient. */
    public static function ids_for_email(string $email, int $limit = 0, int $offset = 0): array
    {
        global $wpdb;
        $sql = $wpdb->prepare('SELECT log_id FROM ' . Native_SMTP_Log_Schema::recipients() . ' WHERE email = %s ORDER BY log_id', strtolower(trim($email)));
        if ($limit > 0) {
            $sql .= sprintf(' LIMIT %d, %d', $offset, $limit);
        }
        return array_map('intval', $wpdb->get_col($sql));
    }

    /** Deletes rows with their recipients and any attachment copies. */
    public static function delete(array $ids): int
    {
        global $wpdb;
        $ids = array_values(array_filter(array_map('intval', $ids)));
        if (!$ids) {
            return 0;
        }
        foreach ($ids as $id) {
            Native_SMTP_Attachment_Store::remove($id);
        }
        $in = implode(',', $ids);
        $wpdb->query('DELETE FROM ' . Native_SMTP_Log_Schema::recipients() . " WHERE log_id IN ($in)");
        return (int) $wpdb->query('DELETE FROM ' . Native_SMTP_Log_Schema::messages() . " WHERE id IN ($in)");
    }

    /** The addresses in "Name <a@b>" lists, lower-cased, each once. */
    public static function emails(array $list): array
    {
        $out = [];
        foreach ($list as $entry) {
            foreach (explode(',', (string) $entry) as $one) {
                $one = trim($one);
                if (preg_match('/<([^<>]+)>\s*$/', $one, $m)) {
                    $one = $m[1];
                }
                $one = strtolower(trim($one));
                if ($one !== '' && strlen($one) <= 191) {
                    $out[$one] = true;
                }
            }
        }
        return array_keys($out);
    }

    private static function day_start(string $ymd): ?int
    {
        $d = DateTimeImmutable::createFromFormat('!Y-m-d', $ymd, wp_timezone());
        return $d ? $d->getTimestamp() : null;
    }

    private static function encode(array $row): array
    {
        foreach (self::JSON as $col) {
            if (array_key_exists($col, $row) && $row[$col] !== null && !is_string($row[$col])) {
                $row[$col] = wp_json_encode($row[$col]);
            }
        }
        return $row;
    }

    private static function decode(array $row): array
    {
        foreach (self::JSON as $col) {
            if (isset($row[$col]) && is_string($row[$col])) {
                $row[$col] = json_decode($row[$col], true);
            }
        }
        foreach (['id', 'created', 'updated', 'attempts', 'next_attempt', 'claimed_at', 'smtp_code'] as $col) {
            if (isset($row[$col])) {
                $row[$col] = (int) $row[$col];
            }
        }
        return $row;
    }
}
