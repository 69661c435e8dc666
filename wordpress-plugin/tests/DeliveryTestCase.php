<?php
/**
 * Helpers for the log and queue tests: an empty log, delivery settings, a
 * clock the test moves, fault rules for the faulty local servers, and what
 * arrived in their maildirs.
 */
abstract class Native_SMTP_Delivery_TestCase extends Native_SMTP_TestCase
{
    protected ?int $now = null;

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        Native_SMTP_Log_Schema::maybe_upgrade();
        $ids = $wpdb->get_col('SELECT id FROM ' . Native_SMTP_Log_Schema::messages());
        Native_SMTP_Log::delete($ids);
        delete_option(Native_SMTP_Delivery_Options::OPTION);
        foreach (Native_SMTP_Alerts::KINDS as $kind) {
            delete_option('native_smtp_alert_' . $kind);
        }
        Native_SMTP_Scheduler::unschedule();
        $this->now = null;
        add_filter('native_smtp_now', [$this, 'clock']);
        foreach (['faulty', 'backup'] as $server) {
            $this->faults($server, []);
        }
    }

    protected function tearDown(): void
    {
        remove_filter('native_smtp_now', [$this, 'clock']);
        Native_SMTP_Delivery::close();
        parent::tearDown();
    }

    public function clock(int $time): int
    {
        return $this->now ?? $time;
    }

    /** Moves the clock forward (starting from the real time). */
    protected function advance(int $seconds): void
    {
        $this->now = ($this->now ?? time()) + $seconds;
    }

    protected function delivery(array $settings): void
    {
        update_option(Native_SMTP_Delivery_Options::OPTION, array_merge(Native_SMTP_Delivery_Options::defaults(), $settings));
    }

    /** Replaces the fault rules of a faulty server (see tests/servers/faults.py); [] removes them. */
    protected function faults(string $server, array $rules): void
    {
        $file = self::$env['SMTP_TEST_FAULTS_DIR'] . "/$server.json";
        if ($rules === []) {
            @unlink($file);
            return;
        }
        file_put_contents("$file.tmp", json_encode($rules));
        rename("$file.tmp", $file);
    }

    /** Raw messages in a maildir box that contain $marker (also in a quoted-printable body). */
    protected function arrived(string $box, string $marker): array
    {
        $found = [];
        foreach (glob(self::$env['SMTP_TEST_MAILDIR'] . "/$box/*.eml") ?: [] as $file) {
            $raw = file_get_contents($file);
            if (strpos($raw, $marker) !== false || strpos(quoted_printable_decode($raw), $marker) !== false) {
                $found[] = $raw;
            }
        }
        return $found;
    }

    /** A log row made directly (no sending), for the log's own tests. */
    protected function logged(array $row): int
    {
        return Native_SMTP_Log::create($row + ['status' => 'sent', 'recipients' => ['someone@example.com'], 'subject' => 'Hello']);
    }
}
