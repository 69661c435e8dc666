<?php
require_once __DIR__ . '/DeliveryTestCase.php';

/**
 * Runners started together over the same queue (two WP-Cron requests, a
 * WP-CLI run beside Action Scheduler...): every message delivered exactly
 * once. And a runner without the extension: WordPress's PHPMailer, one
 * kept-open connection for the whole queue.
 */
final class RunnerConcurrencyTest extends Native_SMTP_Delivery_TestCase
{
    /** Queues $n messages in background mode; returns the marker in their subjects. */
    private function queue(int $n): string
    {
        $marker = 'R-' . bin2hex(random_bytes(6));
        $this->delivery(['background' => true]);
        for ($i = 0; $i < $n; $i++) {
            $this->assertTrue(wp_mail("reader$i@example.com", "$marker-$i Newsletter", "Issue $i\n"));
        }
        $this->assertSame($n, Native_SMTP_Queue::status()['due']);
        return $marker;
    }

    /** Starts PHP processes that each run the queue at the same moment; returns their outputs. */
    private function runners(int $count, array $constants = []): array
    {
        $start = microtime(true) + 2;
        $procs = [];
        $pipes = [];
        for ($i = 0; $i < $count; $i++) {
            $code = '';
            foreach ($constants as $name => $value) {
                $code .= 'define(' . var_export($name, true) . ', ' . var_export($value, true) . ');';
            }
            $code .= '$_SERVER["HTTP_HOST"] = "127.0.0.1"; require getenv("WP_DIR") . "/wp-load.php";'
                . 'add_filter("native_smtp_queue_batch", fn () => 20);'
                . 'time_sleep_until(' . $start . '); echo json_encode(Native_SMTP_Runner::run(0));';
            $procs[] = proc_open([...self::php_command(true), '-r', $code],
                [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$i], null, ['WP_DIR' => ABSPATH] + getenv());
        }
        $out = [];
        foreach ($procs as $i => $p) {
            $stdout = stream_get_contents($pipes[$i][1]);
            $stderr = stream_get_contents($pipes[$i][2]);
            $this->assertSame(0, proc_close($p), $stderr . $stdout);
            $out[] = json_decode($stdout, true);
        }
        return $out;
    }

    public function test_two_runners_at_once_deliver_every_message_exactly_once(): void
    {
        $this->configure('SMTP_TEST_FAULTY_PORT', 'none');
        $n = 300;
        $marker = $this->queue($n);
        $stats = $this->runners(2);

        $this->assertSame($n, $stats[0]['sent'] + $stats[1]['sent'], json_encode($stats));
        $this->assertGreaterThan(0, min($stats[0]['sent'], $stats[1]['sent']), 'both runners took a share: ' . json_encode($stats));
        $this->assertSame(['sent' => $n], array_filter(Native_SMTP_Log::counts()));
        $arrived = $this->arrived('faulty', $marker);
        $this->assertCount($n, $arrived);
        $subjects = array_map(static fn ($raw) => preg_match("/^Subject: ($marker-\\d+) /m", $raw, $m) ? $m[1] : '', $arrived);
        $this->assertCount($n, array_unique($subjects), 'no message twice');
    }

    public function test_without_the_extension_phpmailer_drains_the_queue_over_one_kept_open_connection(): void
    {
        $this->configure('SMTP_TEST_FAULTY_PORT', 'none');
        $marker = $this->queue(25);
        $log = self::$env['SMTP_TEST_RUN_DIR'] . '/logs/faulty.log';
        $before = substr_count((string) file_get_contents($log), 'handling connection');
        [$stats] = $this->runners(1, ['NATIVE_SMTP_ENGINE' => 'phpmailer']);
        $this->assertSame(25, $stats['sent']);
        $this->assertSame(1, substr_count((string) file_get_contents($log), 'handling connection') - $before, 'one connection for the queue');
        $this->assertCount(25, $this->arrived('faulty', $marker));
        [$rows] = Native_SMTP_Log::query(['search' => $marker, 'per_page' => 1]);
        $this->assertSame('phpmailer', $rows[0]['engine']);
    }

    public function test_without_the_extension_a_lost_answer_after_the_end_of_data_is_unknown_too(): void
    {
        $this->configure('SMTP_TEST_FAULTY_PORT', 'none');
        $this->faults('faulty', [['at' => 'data_end', 'reply' => 'drop', 'times' => 1]]);
        $marker = 'U-' . bin2hex(random_bytes(6));
        [$status, $out] = $this->run_wordpress('var_export(wp_mail("u@example.com", "' . $marker . '", "Body"));', ['NATIVE_SMTP_ENGINE' => 'phpmailer']);
        $this->assertSame(0, $status, $out);
        $this->assertStringEndsWith('false', trim($out));
        [$rows] = Native_SMTP_Log::query(['search' => $marker]);
        $this->assertSame(['unknown', 'phpmailer'], [$rows[0]['status'], $rows[0]['engine']]);
        $this->assertCount(1, $this->arrived('faulty', $marker));
        $this->advance(DAY_IN_SECONDS);
        Native_SMTP_Runner::run(0);
        $this->assertCount(1, $this->arrived('faulty', $marker), 'not sent again by itself');
    }
}
