<?php
require_once __DIR__ . '/DeliveryTestCase.php';

/**
 * Fault injection against the local servers (tests/servers/faults.py): a
 * server that is down, answers 421 at the greeting, 451 after DATA, rate
 * limits, drops the answer to the end of data, and one that recovers. After
 * each, every message arrived exactly once (the log compared with the
 * maildir), permanent failures were never retried, and the backup
 * connection took over when the primary could not.
 */
final class DeliveryFaultTest extends Native_SMTP_Delivery_TestCase
{
    private string $marker;

    protected function setUp(): void
    {
        parent::setUp();
        $this->marker = 'F-' . bin2hex(random_bytes(6));
        $this->configure('SMTP_TEST_FAULTY_PORT', 'none');
    }

    private function mail(string $n = '', array $headers = [], array $attachments = []): bool
    {
        return wp_mail('member@example.com', "{$this->marker}-$n Order confirmation", "Thank you for your order.\n", $headers, $attachments);
    }

    private function backup(): void
    {
        $this->delivery(['backup_enabled' => true, 'backup_host' => '127.0.0.1', 'backup_port' => (int) self::$env['SMTP_TEST_BACKUP_PORT'],
            'backup_encryption' => 'none', 'backup_username' => '', 'backup_password' => '']);
    }

    /** The only log row of this test. */
    private function row(): array
    {
        [$rows, $total] = Native_SMTP_Log::query(['search' => $this->marker]);
        $this->assertSame(1, $total);
        return Native_SMTP_Log::get((int) $rows[0]['id']);
    }

    /** Runs the queue as WP-Cron or Action Scheduler would. */
    private function run_queue(): array
    {
        return Native_SMTP_Runner::run(0);
    }

    private function connections(string $server): int
    {
        return substr_count((string) file_get_contents(self::$env['SMTP_TEST_RUN_DIR'] . "/logs/$server.log"), 'handling connection');
    }

    public function test_421_at_the_greeting_queues_and_the_recovered_server_gets_it_once(): void
    {
        $this->faults('faulty', [['at' => 'greeting', 'reply' => '421 4.3.2 Service busy, try later', 'times' => 2]]);
        $this->assertTrue($this->mail(), 'queued safely: wp_mail() succeeds as a local mail server would');
        $row = $this->row();
        $this->assertSame('retrying', $row['status']);
        $this->assertSame(421, $row['smtp_code']);
        $this->assertNotNull($row['payload']);
        $this->assertSame([], $this->arrived('faulty', $this->marker));

        $this->assertSame(['sent' => 0, 'retrying' => 0, 'failed' => 0, 'unknown' => 0], $this->run_queue(), 'not due yet');
        $this->advance(60);
        $this->assertSame(1, $this->run_queue()['retrying'], 'the second 421');
        $this->assertSame(300, $this->row()['next_attempt'] - $this->now);
        $this->advance(300);
        $this->assertSame(1, $this->run_queue()['sent']);
        $this->advance(WEEK_IN_SECONDS);
        $this->run_queue();

        $row = $this->row();
        $this->assertSame('sent', $row['status']);
        $this->assertSame(3, $row['attempts']);
        $this->assertSame([false, false, true], array_column($row['history'], 'ok'));
        $this->assertNull($row['payload'], 'nothing kept once sent (bodies not logged)');
        $arrived = $this->arrived('faulty', $this->marker);
        $this->assertCount(1, $arrived, 'delivered exactly once');
        $this->assertStringContainsString('Message-ID: ' . $row['message_id'], $arrived[0], 'the Message-ID chosen when it was queued');
    }

    public function test_451_after_data_is_retried_and_delivered_once(): void
    {
        $this->faults('faulty', [['at' => 'data_end', 'reply' => '451 4.3.0 Temporary local problem', 'times' => 1]]);
        $this->assertTrue($this->mail());
        $this->assertSame('retrying', $this->row()['status']);
        $this->assertSame('451 4.3.0 Temporary local problem', $this->row()['server_reply']);
        $this->advance(60);
        $this->assertSame(1, $this->run_queue()['sent']);
        $this->assertCount(1, $this->arrived('faulty', $this->marker));
    }

    public function test_a_rate_limit_queues_the_rest_and_one_runner_connection_sends_them(): void
    {
        $this->faults('faulty', [['at' => 'mail', 'after' => 3, 'reply' => '450 4.7.1 Too many messages, slow down']]);
        for ($i = 0; $i < 8; $i++) {
            $this->assertTrue($this->mail((string) $i));
        }
        $this->assertSame(['sent' => 3, 'retrying' => 5], array_filter(Native_SMTP_Log::counts()));
        $this->faults('faulty', []);   // the provider's hour is over
        Native_SMTP_Delivery::close();  // the runner starts in a request of its own
        $before = $this->connections('faulty');
        $this->advance(60);
        $this->assertSame(5, $this->run_queue()['sent']);
        $this->assertSame(1, $this->connections('faulty') - $before, 'the queue went over one connection');
        for ($i = 0; $i < 8; $i++) {
            $this->assertCount(1, $this->arrived('faulty', "{$this->marker}-$i "), "message $i exactly once");
        }
    }

    public function test_a_server_that_is_down_gets_the_message_once_it_is_back(): void
    {
        $this->configure('SMTP_TEST_FAULTY_PORT', 'none', ['port' => '2599']);   // nothing listens there
        $this->assertTrue($this->mail());
        $row = $this->row();
        $this->assertSame('retrying', $row['status']);
        $this->assertSame('connect', $row['error_category']);
        $this->configure('SMTP_TEST_FAULTY_PORT', 'none');   // back (here: the owner fixed the port)
        $this->advance(60);
        $this->assertSame(1, $this->run_queue()['sent']);
        $this->assertCount(1, $this->arrived('faulty', $this->marker));
    }

    public function test_a_permanent_failure_is_logged_alerted_and_never_retried(): void
    {
        $this->configure('SMTP_TEST_REJECT_PORT', 'none');
        $this->backup();
        $this->delivery(['alert_emails' => 'owner@example.com'] + get_option(Native_SMTP_Delivery_Options::OPTION));
        $failed = null;
        $catch = static function ($error) use (&$failed) { $failed = $error; };
        add_action('wp_mail_failed', $catch);
        $ok = wp_mail('reject-me@example.com', "{$this->marker} Your invoice", 'Invoice attached.');
        remove_action('wp_mail_failed', $catch);

        $this->assertFalse($ok);
        $this->assertSame('recipient_rejected', $failed->get_error_data()['category']);
        $row = $this->row();
        $this->assertSame('failed', $row['status']);
        $this->assertSame(550, $row['smtp_code']);
        $this->assertCount(1, $row['history'], 'a refused recipient is not tried on the backup either');
        $this->advance(WEEK_IN_SECONDS);
        $this->run_queue();
        $this->assertSame(1, $this->row()['attempts'], 'never retried');
        $this->assertSame([], $this->arrived('backup', $this->marker));
        // The only mail that names it is the alert; the primary itself works, so it carries the alert.
        $alert = $this->arrived('reject', $this->marker);
        $this->assertCount(1, $alert);
        $this->assertStringContainsString('To: owner@example.com', $alert[0]);
        $this->assertStringContainsString('email delivery problem', $alert[0]);
        $this->assertStringContainsString('To: reject-me@example.com. Subject: ' . $this->marker, quoted_printable_decode($alert[0]));
    }

    public function test_when_the_primary_refuses_service_for_good_the_alert_goes_through_the_backup(): void
    {
        $this->backup();
        $this->delivery(['alert_emails' => 'owner@example.com'] + get_option(Native_SMTP_Delivery_Options::OPTION));
        $this->faults('faulty', [['at' => 'greeting', 'reply' => '554 5.3.2 No SMTP service for you']]);
        $this->assertFalse($this->mail());
        $row = $this->row();
        $this->assertSame('failed', $row['status']);
        $this->assertSame(554, $row['smtp_code']);
        $this->assertCount(1, $row['history'], 'a permanent refusal is not a reason to try elsewhere');
        $this->assertSame([], $this->arrived('faulty', $this->marker));
        $alert = $this->arrived('backup', $this->marker);
        $this->assertCount(1, $alert, 'the alert went through the backup connection');
        $this->assertStringContainsString('To: owner@example.com', $alert[0]);
        $this->assertStringContainsString('554 5.3.2 No SMTP service for you', quoted_printable_decode($alert[0]));
    }

    public function test_the_backup_takes_over_when_the_primary_is_down(): void
    {
        $this->backup();
        $this->faults('faulty', [['at' => 'greeting', 'reply' => '421 4.3.2 Service not available']]);
        $this->assertTrue($this->mail());
        $row = $this->row();
        $this->assertSame('sent', $row['status']);
        $this->assertSame('backup', $row['connection']);
        $this->assertSame([['primary', false, 421], ['backup', true, 0]],
            array_map(static fn ($h) => [$h['connection'], $h['ok'], $h['smtp_code']], $row['history']));
        $this->assertCount(1, $this->arrived('backup', $this->marker));
        $this->assertSame([], $this->arrived('faulty', $this->marker));
    }

    public function test_the_backup_takes_over_when_the_primary_refuses_the_login(): void
    {
        $this->backup();
        $this->configure('SMTP_TEST_FAULTY_PORT', 'none', ['password' => 'Not-The-Password-3']);
        $this->assertTrue($this->mail());
        $row = $this->row();
        $this->assertSame('backup', $row['connection']);
        $this->assertSame('auth_failed', $row['history'][0]['category']);
        $this->assertCount(1, $this->arrived('backup', $this->marker));
        $this->assertStringNotContainsString('Not-The-Password-3', wp_json_encode($row));
    }

    public function test_when_both_fail_for_now_the_queue_retries_both_and_logs_each_attempt(): void
    {
        $this->backup();
        $this->faults('faulty', [['at' => 'greeting', 'reply' => '421 4.3.2 Busy']]);
        $this->faults('backup', [['at' => 'greeting', 'reply' => '421 4.3.2 Busy too', 'times' => 1]]);
        $this->assertTrue($this->mail());
        $this->assertSame('retrying', $this->row()['status']);
        $this->advance(60);
        $this->run_queue();
        $row = $this->row();
        $this->assertSame('sent', $row['status']);
        $this->assertSame([['primary', false], ['backup', false], ['primary', false], ['backup', true]],
            array_map(static fn ($h) => [$h['connection'], $h['ok']], $row['history']));
        $this->assertCount(1, $this->arrived('backup', $this->marker));
    }

    public function test_a_lost_answer_after_the_end_of_data_is_unknown_and_only_the_owner_resends(): void
    {
        $this->faults('faulty', [['at' => 'data_end', 'reply' => 'drop', 'times' => 1]]);
        $this->assertFalse($this->mail(), 'the outcome is not known: wp_mail() does not claim success');
        $row = $this->row();
        $this->assertSame('unknown', $row['status']);
        $this->assertCount(1, $this->arrived('faulty', $this->marker), 'the server did take it');
        $this->advance(DAY_IN_SECONDS);
        $this->run_queue();
        $this->assertCount(1, $this->arrived('faulty', $this->marker), 'not sent again by itself');

        $this->assertSame([$row['id'] => 'sent'], Native_SMTP_Delivery::resend([$row['id']]));
        $this->assertCount(2, $this->arrived('faulty', $this->marker), 'the owner chose to resend');
    }

    public function test_background_sending_only_queues_and_the_runner_sends(): void
    {
        $this->delivery(['background' => true]);
        $this->assertTrue($this->mail());
        $this->assertSame('queued', $this->row()['status']);
        $this->assertSame([], $this->arrived('faulty', $this->marker));
        $this->assertNotFalse(wp_next_scheduled(Native_SMTP_Scheduler::HOOK, [$this->row()['next_attempt']]));
        $this->assertSame(1, $this->run_queue()['sent']);
        $this->assertCount(1, $this->arrived('faulty', $this->marker));
    }

    public function test_an_attachment_deleted_after_wp_mail_still_goes_out_from_the_queue(): void
    {
        $this->faults('faulty', [['at' => 'greeting', 'reply' => '421 4.3.2 Busy', 'times' => 1]]);
        $file = sys_get_temp_dir() . '/invoice-' . $this->marker . '.txt';
        file_put_contents($file, "Invoice {$this->marker}\n");
        $this->assertTrue($this->mail('', [], [$file]));
        unlink($file);
        $this->advance(60);
        $this->assertSame(1, $this->run_queue()['sent']);
        $arrived = $this->arrived('faulty', $this->marker . '- Order');
        $this->assertCount(1, $arrived);
        $this->assertStringContainsString(base64_encode("Invoice {$this->marker}\n"), str_replace("\r\n", '', $arrived[0]));
        $this->assertStringContainsString('invoice-' . $this->marker . '.txt', $arrived[0]);
        $this->assertDirectoryDoesNotExist(Native_SMTP_Attachment_Store::base() . '/' . $this->row()['id']);
    }

    public function test_bodies_are_logged_only_when_asked_and_never_for_verification_codes(): void
    {
        $this->delivery(['log_bodies' => true]);
        $this->assertTrue($this->mail());
        $row = $this->row();
        $this->assertStringContainsString('Thank you for your order.', $row['body']);
        $this->assertNotNull($row['payload'], 'kept for a resend');

        Native_SMTP_Delivery::close();   // the code mail opens a new connection: its greeting is the 421
        $this->faults('faulty', [['at' => 'greeting', 'reply' => '421 4.3.2 Busy', 'times' => 1]]);
        $email = strtolower($this->marker) . '@example.com';
        $this->assertTrue(Native_SMTP_Codes::send('registration', $email));
        [$rows] = Native_SMTP_Log::query(['search' => $email]);
        $code_row = Native_SMTP_Log::get((int) $rows[0]['id']);
        $this->assertSame('retrying', $code_row['status']);
        $this->assertNull($code_row['body']);
        $this->assertNotNull($code_row['payload'], 'the message itself waits in the queue');
        $this->advance(60);
        $this->assertSame(1, $this->run_queue()['sent']);
        $code_row = Native_SMTP_Log::get($code_row['id']);
        $this->assertNull($code_row['body']);
        $this->assertNull($code_row['payload'], 'the code is gone from the log once sent');
        $this->assertCount(1, $this->arrived('faulty', $email));
    }

    public function test_with_sent_mail_not_logged_only_trouble_gets_a_row_and_nothing_is_lost(): void
    {
        $this->delivery(['log_sent' => false]);
        $this->assertTrue($this->mail('ok'));
        $this->assertSame(0, Native_SMTP_Log::query(['search' => $this->marker])[1]);
        $this->assertCount(1, $this->arrived('faulty', "{$this->marker}-ok "));

        Native_SMTP_Delivery::close();
        $this->faults('faulty', [['at' => 'greeting', 'reply' => '421 4.3.2 Busy', 'times' => 1]]);
        $this->assertTrue($this->mail('later'));
        $row = $this->row();
        $this->assertSame('retrying', $row['status']);
        $this->assertSame([false], array_column($row['history'], 'ok'));
        $this->advance(60);
        $this->assertSame(1, $this->run_queue()['sent']);
        $this->assertCount(1, $this->arrived('faulty', "{$this->marker}-later "));
    }
}
