<?php
/**
 * What happens to a message the mail router prepared (the delivery stage of
 * every wp_mail()): it is logged, sent over the primary connection and, when
 * that fails for a reason another server would not have (a temporary
 * failure, a refused login), over the backup connection; a temporary failure
 * leaves it in the queue, a permanent one is logged and alerted, never
 * retried. Every attempt is in the log's history.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Delivery
{
    /** The primary refused the account itself: another account may work. */
    private const LOGIN_REFUSED = ['auth_failed', 'app_password_required', 'auth_mechanism_unsupported', 'password_unreadable'];

    /** @var array<string, Native_SMTP_Engine> the backup's engine, kept for the request */
    private static array $engines = [];

    /**
     * Takes a message wp_mail() prepared: sends it now (or only queues it in
     * background mode). True when it was sent or is safely queued.
     *
     * @param array $mail_data what core passes to wp_mail_succeeded / wp_mail_failed
     * @param array $atts      wp_mail()'s arguments, for the native_smtp_outcome action
     * @return true|WP_Error
     */
    public static function submit(PHPMailer\PHPMailer\PHPMailer $mail, array $mail_data, array $atts = [])
    {
        $snap = Native_SMTP_Prepared_Message::snapshot($mail);
        $mail->MessageID = $snap['message']['MessageID'];   // the same id on every try
        $sensitive = (bool) apply_filters('native_smtp_sensitive_mail', false, $mail_data);
        $row = self::row($snap['message'], $snap['files'], $sensitive);
        $now = Native_SMTP_Clock::now();
        $options = Native_SMTP_Delivery_Options::get();
        $start = ['status' => 'sending', 'claim' => 'request', 'claimed_at' => $now] + $row;
        try {
            if ($options['background']) {
                Native_SMTP_Queue::add($row, $snap['message'], $snap['files'], $sensitive, $now);
                return true;
            }
            // Logged before sending, so a request that dies midway leaves an entry that
            // becomes "unknown"; with sent mail not logged, only what did not go out gets a row.
            $id = $options['log_sent'] ? Native_SMTP_Log::create($start) : 0;
        } catch (RuntimeException $e) {
            // Without a log row or a safe copy of the message, send it the plain way rather than lose it.
            return self::send_unlogged($mail, $e);
        }
        $claimed = $id ? Native_SMTP_Log::get($id) : ['id' => 0, 'attempts' => 0, 'claim' => 'request', 'history' => []];
        $outcome = self::attempt([$id => $mail], [$id => $claimed])[$id];
        /**
         * Every outcome of a wp_mail() with its details (engine, Message-ID,
         * recipients, diagnosis, redacted transcript), for other plugins' logs.
         *
         * @param Native_SMTP_Sent|Native_SMTP_Failure $outcome
         * @param array                                $atts wp_mail()'s arguments
         */
        do_action('native_smtp_outcome', $outcome['result'], $atts);
        if ($id === 0 && $outcome['ok'] && empty($outcome['refused'])) {
            do_action('wp_mail_succeeded', $mail_data);
            return true;
        }
        if ($id === 0) {
            try {
                $id = Native_SMTP_Log::create($start);
                $claimed = Native_SMTP_Log::get($id);
            } catch (RuntimeException $e) {
                return $outcome['ok'] ? true : new WP_Error('wp_mail_failed', $outcome['message'], $mail_data + Native_SMTP_Outcome::error_data($outcome));
            }
        }
        if (!$outcome['ok']) {
            // Kept for a retry (then wp_mail() succeeds like a local mail server's
            // would) or for the owner's resend; settle() drops what is not needed.
            try {
                Native_SMTP_Queue::store($id, $snap['message'], $snap['files'], $sensitive, $now, 'sending');
                $claimed = Native_SMTP_Log::get($id);
            } catch (RuntimeException $e) {
                $outcome['transient'] = false;
                $outcome['hint'] = $e->getMessage();
            }
        }
        $status = self::settle($claimed, $outcome, $mail_data);
        if ($status === 'retrying') {
            return true;
        }
        if ($status === 'sent') {
            if (empty($outcome['refused'])) {
                return true;
            }
            // As core's PHPMailer: the accepted recipients have it, wp_mail() still reports the refused ones.
            $lines = [];
            foreach ($outcome['refused'] as $address => $reply) {
                $lines[] = "$address: $reply";
            }
            /* translators: %s: each refused address with the server's reply */
            return new WP_Error('wp_mail_failed', sprintf(__('The mail server refused these recipients: %s', 'native-smtp'), implode('; ', $lines)),
                $mail_data + ['category' => 'recipient_rejected', 'refused' => $outcome['refused'], 'accepted' => $outcome['accepted'] ?? [],
                    'message_id' => $outcome['message_id'], 'engine' => $outcome['engine'], 'log_id' => $id]);
        }
        return new WP_Error('wp_mail_failed', $status === 'unknown' ? Native_SMTP_Log_Screen::error_text(['status' => 'unknown']) : $outcome['message'],
            $mail_data + Native_SMTP_Outcome::error_data($outcome) + ['log_id' => $id]);
    }

    /**
     * Sends claimed queue rows over one connection per server.
     *
     * @param array<int, array> $rows claimed rows by id
     * @return array<int, string> each row's new status
     */
    public static function send_rows(array $rows): array
    {
        global $wpdb;
        $mails = [];
        $statuses = [];
        foreach ($rows as $id => $row) {
            try {
                $mails[$id] = Native_SMTP_Prepared_Message::restore($row['payload']['message'], $row['payload']['attachments']);
            } catch (Throwable $e) {
                $statuses[$id] = self::settle($row, Native_SMTP_Outcome::local_failure('attachment_missing', $e->getMessage(),
                    __('An attachment of this message is gone from the queue folder, so it cannot be sent as it was written.', 'native-smtp')), self::mail_data($row));
            }
        }
        if ($mails) {
            $outcomes = self::attempt($mails, $rows);
            // A queue runner runs in a request of its own: one commit for the batch, not one per row.
            $wpdb->query('START TRANSACTION');
            foreach ($outcomes as $id => $outcome) {
                $statuses[$id] = Native_SMTP_Queue::settle($rows[$id], $outcome);
            }
            $wpdb->query('COMMIT');
            foreach ($outcomes as $id => $outcome) {
                self::notify($rows[$id], $outcome, $statuses[$id], self::mail_data($rows[$id]));
            }
        }
        return $statuses;
    }

    /**
     * Sends chosen log entries again now (the owner asked; also sent and unknown ones).
     *
     * @return array<int, string> id => new status, or "missing" when it cannot be sent
     */
    public static function resend(array $ids): array
    {
        $out = [];
        foreach (array_map('intval', $ids) as $id) {
            $row = Native_SMTP_Log::get($id);
            // Only what was kept whole: a sent message's attachment files are not.
            $row = $row && Native_SMTP_Log_Screen::can_resend($row) ? Native_SMTP_Queue::claim_row($id) : null;
            $out[$id] = $row === null ? 'missing' : self::send_rows([$id => $row])[$id];
        }
        self::close();
        return $out;
    }

    /** Alert mail goes straight to a server, never into the queue or the log (no alert about an alert). */
    public static function send_alert_email(array $to, string $subject, string $text, bool $primary_problem): bool
    {
        $backup = Native_SMTP_Delivery_Options::backup_connection();
        $primary = Native_SMTP_Connection::saved();
        $order = $primary_problem ? [['backup', $backup], ['primary', $primary]] : [['primary', $primary], ['backup', $backup]];
        foreach ($order as [$name, $connection]) {
            if (!is_array($connection)) {
                continue;
            }
            $mail = Native_SMTP_Message_Builder::prepare(['to' => $to, 'subject' => $subject, 'message' => $text, 'headers' => ['Content-Type: text/plain; charset=UTF-8']], $connection);
            if (is_wp_error($mail)) {
                continue;
            }
            $result = self::engine($name)->send($mail, $connection);
            if ($result instanceof Native_SMTP_Sent) {
                return true;
            }
        }
        return false;
    }

    public static function close(): void
    {
        Native_SMTP_Mailer::close();
        foreach (self::$engines as $engine) {
            $engine->close();
        }
        self::$engines = [];
    }

    /**
     * Tries the primary connection, then the backup for the messages the
     * primary could not take for a reason another server would not have.
     *
     * @param array<int, PHPMailer\PHPMailer\PHPMailer> $mails
     * @param array<int, array> $rows their log rows (for the history)
     * @return array<int, array> outcome per id, with `connection` and `history`
     */
    private static function attempt(array $mails, array $rows): array
    {
        $outcomes = self::send_over('primary', Native_SMTP_Connection::saved(), $mails);
        $again = [];
        foreach ($outcomes as $id => $o) {
            if (!$o['ok'] && !Native_SMTP_Outcome::unknown($o) && (!empty($o['transient']) || in_array($o['category'], self::LOGIN_REFUSED, true))) {
                $again[$id] = $mails[$id];
            }
        }
        $backup = $again ? Native_SMTP_Delivery_Options::backup_connection() : null;
        $second = [];
        if ($backup) {
            foreach ($again as $mail) {
                Native_SMTP_Message_Builder::apply_sender_rule($mail, $backup);
                if ($backup['force_from'] && $backup['from_email'] !== '') {
                    $mail->setFrom($backup['from_email'], $mail->FromName, false);
                    $mail->Sender = $backup['from_email'];
                }
            }
            $second = self::send_over('backup', $backup, $again);
        }
        $out = [];
        foreach ($outcomes as $id => $o) {
            $history = $rows[$id]['history'] ?? [];
            $history[] = Native_SMTP_Outcome::history_entry($o);
            if (isset($second[$id])) {
                $o = $second[$id];
                $history[] = Native_SMTP_Outcome::history_entry($o);
            }
            $out[$id] = $o + ['history' => $history];
        }
        return $out;
    }

    /**
     * @param array|WP_Error $connection
     * @return array<int, array> outcome arrays with `connection`
     */
    private static function send_over(string $name, $connection, array $mails): array
    {
        $engine = self::engine($name);
        $send = static function (array $c) use ($engine, $mails): array {
            return method_exists($engine, 'send_many') ? $engine->send_many($mails, $c) : array_map(static fn ($m) => $engine->send($m, $c), $mails);
        };
        if (is_wp_error($connection)) {
            $results = $connection;
        } else {
            $connection = array_merge(Native_SMTP_Connection::defaults(), $connection);
            // OAuth sign-in: a refused token is replaced once (the login failed, so nothing was sent).
            $results = $connection['oauth']
                ? Native_SMTP_OAuth::with_token(static fn (string $token) => $send(['oauth_token' => $token] + $connection),
                    static fn (array $r): bool => reset($r) instanceof Native_SMTP_Failure && reset($r)->category === 'auth_failed')
                : $send($connection);
        }
        if (is_wp_error($results)) {
            // No connection could be made of the settings (a password that no longer decrypts, no OAuth token).
            $failure = Native_SMTP_Outcome::from_wp_error($results);
            $result = new Native_SMTP_Failure($engine->id(), $failure['category'], $failure['message'], 0, '', '', '', $failure['hint'], $failure['transient']);
            return array_map(static fn () => ['engine' => $engine->id(), 'connection' => $name, 'result' => $result] + $failure, $mails);
        }
        $out = [];
        $k = 0;
        foreach ($results as $id => $result) {
            $o = $result->to_array() + ['connection' => $name, 'result' => $result];
            if (count($results) > 1) {
                $o['transcript'] = Native_SMTP_Outcome::batch_slice($o['transcript'], $k);
            }
            $out[$id] = $o;
            $k++;
        }
        return $out;
    }

    /** The primary uses the mail seam's engine of the request (closed with it); others an engine of their own. */
    private static function engine(string $name): Native_SMTP_Engine
    {
        return $name === 'primary' ? Native_SMTP_Mailer::engine() : (self::$engines[$name] ??= Native_SMTP_Engines::create());
    }

    /** Settles the row, then notify(). */
    private static function settle(array $row, array $outcome, array $mail_data): string
    {
        $status = Native_SMTP_Queue::settle($row, $outcome);
        self::notify($row, $outcome, $status, $mail_data);
        return $status;
    }

    /** Core's actions for mail that ended, and an alert on a permanent failure. */
    private static function notify(array $row, array $outcome, string $status, array $mail_data): void
    {
        if ($status === 'sent') {
            do_action('wp_mail_succeeded', $mail_data);
        } elseif ($status === 'failed' || $status === 'unknown') {
            if ((int) $row['attempts'] > 0 || $row['claim'] !== 'request') {
                // In the request itself the caller's wp_mail() reports it; from the queue nobody else would.
                do_action('wp_mail_failed', new WP_Error('wp_mail_failed', (string) ($outcome['message'] ?? ''), $mail_data + Native_SMTP_Outcome::error_data($outcome)));
            }
            if ($status === 'failed') {
                Native_SMTP_Alerts::failed(Native_SMTP_Log::get((int) $row['id']) ?? $row, $outcome);
            }
        }
    }

    /** The log columns for a prepared message. */
    private static function row(array $message, array $files, bool $sensitive): array
    {
        $row = [
            'recipients' => Native_SMTP_Prepared_Message::recipients($message),
            'subject'    => (string) $message['Subject'],
            'headers'    => Native_SMTP_Prepared_Message::header_text($message),
            'message_id' => (string) $message['MessageID'],
        ];
        if (!$sensitive && Native_SMTP_Delivery_Options::get()['log_bodies']) {
            $row['body'] = Native_SMTP_Prepared_Message::body_text($message);
            // Kept for a resend even when it goes out at once; its attachment files are not copied then.
            $row['payload'] = ['message' => $message, 'attachments' => [], 'sensitive' => false,
                'dropped_attachments' => array_values(array_map('wp_basename', $files))];
        }
        return $row;
    }

    /** What core passes to wp_mail_succeeded / wp_mail_failed, rebuilt for a queued message. */
    private static function mail_data(array $row): array
    {
        $m = $row['payload']['message'] ?? [];
        return [
            'to'          => array_map(static fn ($p) => $p[0], $m['to'] ?? []),
            'subject'     => (string) $row['subject'],
            'message'     => (string) ($m['Body'] ?? ''),
            'headers'     => [],
            'attachments' => array_values($row['payload']['attachments'] ?? []),
            'log_id'      => (int) $row['id'],
        ];
    }

    /** @return true|WP_Error */
    private static function send_unlogged(PHPMailer\PHPMailer\PHPMailer $mail, RuntimeException $why)
    {
        $connection = Native_SMTP_Connection::saved();
        if (is_wp_error($connection)) {
            return $connection;
        }
        $result = self::engine('primary')->send($mail, $connection);
        if ($result instanceof Native_SMTP_Sent) {
            return true;
        }
        return new WP_Error('wp_mail_failed', $result->message . ' (' . $why->getMessage() . ')', Native_SMTP_Outcome::error_data($result->to_array()));
    }
}
