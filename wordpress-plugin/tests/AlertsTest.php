<?php
require_once __DIR__ . '/DeliveryTestCase.php';

/**
 * Alerts by webhook (a local receiver standing in for the robots) in each
 * preset's shape, at most one per kind per hour; queue-age alerts.
 */
final class AlertsTest extends Native_SMTP_Delivery_TestCase
{
    private const PORT = 2595;
    /** @var resource|null */
    private $receiver;
    private string $log;

    protected function setUp(): void
    {
        parent::setUp();
        $this->log = tempnam(sys_get_temp_dir(), 'webhook');
        $this->receiver = proc_open([...self::php_command(false), '-S', '127.0.0.1:' . self::PORT, __DIR__ . '/fixtures/webhook-receiver.php'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, ['WEBHOOK_LOG' => $this->log]);
        for ($i = 0; $i < 100 && !@fsockopen('127.0.0.1', self::PORT); $i++) {
            usleep(50000);
        }
    }

    protected function tearDown(): void
    {
        proc_terminate($this->receiver);
        proc_close($this->receiver);
        unlink($this->log);
        parent::tearDown();
    }

    private function posts(): array
    {
        return array_map(static fn ($l) => json_decode($l, true), array_filter(explode("\n", (string) file_get_contents($this->log))));
    }

    private function failed_row(): array
    {
        $id = $this->logged(['status' => 'failed', 'recipients' => ['gone@example.com'], 'subject' => 'Order 42']);
        return Native_SMTP_Log::get($id);
    }

    private function permanent(): array
    {
        return ['smtp_code' => 550, 'server_reply' => '550 5.1.1 <gone@example.com>: User unknown'] + Native_SMTP_Outcome::local_failure('recipient_rejected', 'refused', '');
    }

    public function test_each_preset_posts_the_shape_its_robot_takes(): void
    {
        $shapes = [
            'slack'    => static fn ($b) => $b['text'],
            'discord'  => static fn ($b) => $b['content'],
            'dingtalk' => static fn ($b) => $b['msgtype'] === 'text' ? $b['text']['content'] : null,
            'wecom'    => static fn ($b) => $b['msgtype'] === 'text' ? $b['text']['content'] : null,
            'feishu'   => static fn ($b) => $b['msg_type'] === 'text' ? $b['content']['text'] : null,
            'json'     => static fn ($b) => $b['event'] === 'native_smtp.failed' && $b['details']['smtp_code'] === 550 ? $b['text'] : null,
        ];
        foreach ($shapes as $preset => $text_of) {
            $this->delivery(['webhook_url' => 'http://127.0.0.1:' . self::PORT . "/hook/$preset", 'webhook_preset' => $preset]);
            delete_option('native_smtp_alert_failed');
            Native_SMTP_Alerts::failed($this->failed_row(), $this->permanent());
        }
        $posts = $this->posts();
        $this->assertCount(count($shapes), $posts);
        foreach ($posts as $post) {
            $preset = basename($post['path']);
            $this->assertSame('POST', $post['method']);
            $this->assertStringStartsWith('application/json', $post['type']);
            $text = $shapes[$preset](json_decode($post['body'], true));
            $this->assertIsString($text, "$preset: " . $post['body']);
            $this->assertStringContainsString('To: gone@example.com. Subject: Order 42.', $text, $preset);
            $this->assertStringContainsString('550 5.1.1', $text, $preset);
            $this->assertStringContainsString('tools.php?page=native-smtp-log', $text, $preset);
        }
    }

    public function test_at_most_one_alert_per_kind_per_hour(): void
    {
        $this->delivery(['webhook_url' => 'http://127.0.0.1:' . self::PORT . '/hook', 'webhook_preset' => 'slack', 'queue_alert_minutes' => 30]);
        $this->now = 1_900_000_000;
        Native_SMTP_Alerts::failed($this->failed_row(), $this->permanent());
        $this->now += 1800;
        Native_SMTP_Alerts::failed($this->failed_row(), $this->permanent());   // within the hour: dropped
        // Another kind has its own hour: a message waiting for longer than 30 minutes.
        $this->now = 1_900_000_000 - 3600;
        Native_SMTP_Queue::add(['recipients' => ['w@example.com'], 'subject' => 'Waiting'], ['Subject' => 'Waiting'], [], false, 1_900_000_000 + 60);
        $this->now = 1_900_000_000 + 1800;
        Native_SMTP_Alerts::check_queue_age();
        $this->now = 1_900_000_000 + 3601;
        Native_SMTP_Alerts::failed($this->failed_row(), $this->permanent());   // an hour later: sent
        $texts = array_map(static fn ($p) => json_decode($p['body'], true)['text'], $this->posts());
        $this->assertCount(3, $texts);
        $this->assertStringContainsString('will not be retried', $texts[0]);
        $this->assertStringContainsString('1 emails are waiting in the queue, the oldest for more than 90 minutes', $texts[1]);
        $this->assertStringContainsString('will not be retried', $texts[2]);
    }

    public function test_two_processes_alerting_at_once_send_one(): void
    {
        $this->delivery(['webhook_url' => 'http://127.0.0.1:' . self::PORT . '/hook', 'webhook_preset' => 'slack']);
        $row = var_export($this->failed_row(), true);
        $start = microtime(true) + 1.5;
        $procs = [];
        for ($i = 0; $i < 3; $i++) {
            $code = 'time_sleep_until(' . $start . '); Native_SMTP_Alerts::failed(' . $row . ', ["ok" => false, "category" => "recipient_rejected", "server_reply" => "550 no"]);';
            $procs[] = proc_open([...self::php_command(false), '-r', '$_SERVER["HTTP_HOST"] = "127.0.0.1"; require getenv("WP_DIR") . "/wp-load.php";' . $code],
                [1 => ['file', '/dev/null', 'w'], 2 => ['pipe', 'w']], $pipes[$i], null, ['WP_DIR' => ABSPATH] + getenv());
        }
        foreach ($procs as $i => $p) {
            $err = stream_get_contents($pipes[$i][2]);
            $this->assertSame(0, proc_close($p), $err);
        }
        $this->assertCount(1, $this->posts());
    }

    public function test_no_alert_when_the_queue_is_young_or_nothing_is_configured(): void
    {
        Native_SMTP_Alerts::failed($this->failed_row(), $this->permanent());   // nothing configured
        $this->delivery(['webhook_url' => 'http://127.0.0.1:' . self::PORT . '/hook', 'queue_alert_minutes' => 60]);
        Native_SMTP_Queue::add(['recipients' => ['w@example.com'], 'subject' => 'Young'], ['Subject' => 'Young'], [], false, time() + 60);
        Native_SMTP_Alerts::check_queue_age();
        $this->assertSame([], $this->posts());
        $this->assertFalse(get_option('native_smtp_alert_failed') > 0, 'an unsent alert does not use up the hour');
    }
}
