<?php
require_once __DIR__ . '/DeliveryTestCase.php';

/**
 * The queue's own rules, without sending: the claim that keeps two runners
 * apart, the backoff schedule, the "unknown" state, attachment copies.
 */
final class QueueTest extends Native_SMTP_Delivery_TestCase
{
    private function queued(int $due, array $files = []): int
    {
        return Native_SMTP_Queue::add(['recipients' => ['q@example.com'], 'subject' => 'Queued'], ['Subject' => 'Queued'], $files, false, $due);
    }

    public function test_a_claim_takes_only_due_messages_and_never_one_another_runner_holds(): void
    {
        $this->now = 1_900_000_000;
        $due = [$this->queued($this->now - 5), $this->queued($this->now)];
        $later = $this->queued($this->now + 60);

        $first = Native_SMTP_Queue::claim(1);
        $second = Native_SMTP_Queue::claim(10);
        $this->assertSame([$due[0]], array_keys($first));
        $this->assertSame([$due[1]], array_keys($second));
        $this->assertSame([], Native_SMTP_Queue::claim(10), 'nothing left that is due');
        $this->assertSame('sending', Native_SMTP_Log::get($due[0])['status']);
        $this->assertNotSame($first[$due[0]]['claim'], $second[$due[1]]['claim']);
        $this->assertSame('queued', Native_SMTP_Log::get($later)['status']);
    }

    public function test_claims_from_parallel_processes_never_overlap(): void
    {
        $this->now = null;
        for ($i = 0; $i < 60; $i++) {
            $this->queued(time() - 1);
        }
        // Four PHP processes claim in small batches at the same moment; each prints what it got.
        // Wide margins for a busy machine: 5 s to load WordPress before the common start, and
        // 20 ms between claims, so the queue lasts long enough for every runner to meet it.
        $code = 'while (($r = Native_SMTP_Queue::claim(3))) { echo implode(",", array_keys($r)), ","; usleep(20000); }';
        $procs = [];
        $start = microtime(true) + 5;
        for ($i = 0; $i < 4; $i++) {
            $script = 'time_sleep_until(' . $start . ');' . $code;
            $procs[] = proc_open([...self::php_command(true), '-r',
                '$_SERVER["HTTP_HOST"] = "127.0.0.1"; require getenv("WP_DIR") . "/wp-load.php";' . $script], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes_[$i], null, ['WP_DIR' => ABSPATH] + getenv());
        }
        $all = [];
        $per_runner = [];
        foreach ($procs as $i => $p) {
            $out = stream_get_contents($pipes_[$i][1]);
            $err = stream_get_contents($pipes_[$i][2]);
            $this->assertSame(0, proc_close($p), $err);
            $ids = array_filter(explode(',', $out), 'strlen');
            $per_runner[] = count($ids);
            $all = array_merge($all, $ids);
        }
        $this->assertCount(60, $all, 'every message claimed');
        $this->assertCount(60, array_unique($all), 'no message claimed twice');
        $this->assertGreaterThan(1, count(array_filter($per_runner)), 'the runners really overlapped');
    }

    public function test_temporary_failures_back_off_1_5_15_60_minutes_then_6_hours_then_fail(): void
    {
        $this->now = 1_900_000_000;
        $id = $this->queued($this->now);
        $temp = Native_SMTP_Outcome::local_failure('connect', 'refused', '');
        $temp['transient'] = true;
        $waits = [];
        foreach ([1, 2, 3, 4, 5] as $attempt) {
            $row = Native_SMTP_Queue::claim(1)[$id];
            $this->assertSame('retrying', Native_SMTP_Queue::settle($row, $temp));
            $next = Native_SMTP_Log::get($id)['next_attempt'];
            $waits[] = $next - $this->now;
            $this->assertSame([], Native_SMTP_Queue::claim(1), 'not due before its time');
            $this->now = $next;
        }
        $this->assertSame([60, 300, 900, 3600, 21600], $waits);
        $row = Native_SMTP_Queue::claim(1)[$id];
        $this->assertSame('failed', Native_SMTP_Queue::settle($row, $temp));
        $this->assertSame(6, Native_SMTP_Log::get($id)['attempts']);
        $this->assertNull(Native_SMTP_Queue::next_due());
    }

    public function test_a_permanent_failure_is_never_retried(): void
    {
        $this->now = 1_900_000_000;
        $id = $this->queued($this->now);
        $row = Native_SMTP_Queue::claim(1)[$id];
        $permanent = ['smtp_code' => 550, 'server_reply' => '550 5.1.1 no such user'] + Native_SMTP_Outcome::local_failure('recipient_rejected', 'refused', '');
        $this->assertSame('failed', Native_SMTP_Queue::settle($row, $permanent));
        $this->now += WEEK_IN_SECONDS;
        $this->assertSame([], Native_SMTP_Queue::claim(10));
        $this->assertSame('550 5.1.1 no such user', Native_SMTP_Log::get($id)['server_reply']);
    }

    public function test_no_answer_after_the_end_of_data_is_unknown_and_not_resent(): void
    {
        $this->now = 1_900_000_000;
        $id = $this->queued($this->now);
        $row = Native_SMTP_Queue::claim(1)[$id];
        $lost = ['stage' => 'end of data', 'transient' => true] + Native_SMTP_Outcome::local_failure('connect', 'connection closed', '');
        $this->assertTrue(Native_SMTP_Outcome::unknown($lost));
        $this->assertSame('unknown', Native_SMTP_Queue::settle($row, $lost));
        $this->now += DAY_IN_SECONDS;
        $this->assertSame([], Native_SMTP_Queue::claim(10));
        $this->assertNotNull(Native_SMTP_Log::get($id)['payload'], 'kept, so the owner can resend it after checking');
    }

    public function test_a_runner_that_died_midway_leaves_unknown_not_resent(): void
    {
        $this->now = 1_900_000_000;
        $id = $this->queued($this->now);
        Native_SMTP_Queue::claim(1);
        $this->now += Native_SMTP_Queue::STALE - 1;
        $this->assertSame(0, Native_SMTP_Queue::sweep_stale());
        $this->now += 2;
        $this->assertSame(1, Native_SMTP_Queue::sweep_stale());
        $row = Native_SMTP_Log::get($id);
        $this->assertSame('unknown', $row['status']);
        $this->assertSame('interrupted', $row['error_category']);
        $this->assertSame([], Native_SMTP_Queue::claim(10));
    }

    public function test_attachments_are_copied_into_a_closed_folder_and_removed_when_done(): void
    {
        $this->now = 1_900_000_000;
        $tmp = tempnam(sys_get_temp_dir(), 'invoice');
        file_put_contents($tmp, 'PDF bytes');
        $id = $this->queued($this->now, [0 => $tmp]);
        unlink($tmp);   // the caller cleans up after wp_mail() returns

        $row = Native_SMTP_Log::get($id);
        $copy = $row['payload']['attachments'][0];
        $this->assertStringStartsWith(Native_SMTP_Attachment_Store::base() . "/$id/", $copy);
        $this->assertSame('PDF bytes', file_get_contents($copy));
        $this->assertStringContainsString('Require all denied', file_get_contents(Native_SMTP_Attachment_Store::base() . '/.htaccess'));
        $this->assertFileExists(Native_SMTP_Attachment_Store::base() . '/index.php');

        $row = Native_SMTP_Queue::claim(1)[$id];
        Native_SMTP_Queue::settle($row, ['ok' => true, 'engine' => 'extension', 'message_id' => '<x@y>', 'server_reply' => '250 OK', 'transcript' => '']);
        $this->assertFileDoesNotExist($copy);
        $this->assertNull(Native_SMTP_Log::get($id)['payload'], 'bodies are not logged by default');
    }

    public function test_an_unreadable_attachment_queues_nothing(): void
    {
        $this->expectException(RuntimeException::class);
        try {
            $this->queued(time(), ['/nonexistent/file.pdf']);
        } finally {
            $this->assertSame(0, Native_SMTP_Log::query([])[1]);
        }
    }
}
