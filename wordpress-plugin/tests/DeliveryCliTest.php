<?php
require_once __DIR__ . '/DeliveryTestCase.php';

/**
 * `wp native-smtp log list`, `resend`, `queue run|status`, run the way
 * CliTest runs the plugin's commands: a separate PHP process with a small
 * WP_CLI stand-in (WP-CLI is not packaged for Debian) and the real WordPress.
 */
final class DeliveryCliTest extends Native_SMTP_Delivery_TestCase
{
    private const SHIM = <<<'PHP'
        define('WP_CLI', true);
        class WP_CLI {
            public static array $commands = [];
            public static function add_command($name, $callable) { self::$commands[$name] = $callable; }
            public static function log($m) { echo "LOG: $m\n"; }
            public static function success($m) { echo "SUCCESS: $m\n"; }
            public static function error($m) { echo "ERROR: $m\n"; throw new RuntimeException('halt'); }
        }
        eval('namespace WP_CLI\Utils; function format_items($format, $items, $fields) { foreach ($items as $i) { echo "ROW: ", json_encode(array_intersect_key($i, array_flip($fields))), "\n"; } }');
        function run_command(string $name, array $args, array $assoc = []) {
            [$command, $sub] = array_pad(explode(' ', $name, 2), 2, null);
            $target = WP_CLI::$commands["native-smtp $command"] ?? null;
            if (!$target) { echo "not registered\n"; return; }
            try {
                if (is_array($target)) { $target($args, $assoc); }
                else { (new $target())->{$sub === 'list' ? 'list_' : $sub}($args, $assoc); }
            } catch (RuntimeException $e) { echo "EXIT 1\n"; }
        }
        PHP;

    private function cli(string $name, array $args = [], array $assoc = []): string
    {
        [$status, $out] = $this->run_wordpress('run_command(' . var_export($name, true) . ', ' . var_export($args, true) . ', ' . var_export($assoc, true) . ');',
            [], true, self::SHIM);
        $this->assertSame(0, $status, $out);
        return $out;
    }

    public function test_log_list_shows_entries_filtered_by_status(): void
    {
        $this->logged(['subject' => 'Order 1001', 'recipients' => ['ann@example.com'], 'server_reply' => '250 2.0.0 OK']);
        $failed = $this->logged(['status' => 'failed', 'subject' => 'Order 1002', 'recipients' => ['bob@example.com'], 'error_category' => 'recipient_rejected']);
        $out = $this->cli('log list', [], ['status' => 'failed']);
        $this->assertSame(1, substr_count($out, 'ROW: '), $out);
        $this->assertSame(1, preg_match('/^ROW: (.*)$/m', $out, $m));
        $row = json_decode($m[1], true);
        $this->assertSame(['id' => $failed, 'status' => 'failed', 'recipients' => 'bob@example.com', 'subject' => 'Order 1002', 'error' => 'recipient_rejected'],
            array_intersect_key($row, array_flip(['id', 'status', 'recipients', 'subject', 'error'])));
        $this->assertSame(2, substr_count($this->cli('log list'), 'ROW: '));
    }

    public function test_queue_status_counts_waiting_and_due_messages(): void
    {
        Native_SMTP_Queue::add(['recipients' => ['a@example.com'], 'subject' => 'Due'], ['Subject' => 'Due'], [], false, time() - 10);
        Native_SMTP_Queue::add(['recipients' => ['a@example.com'], 'subject' => 'Later'], ['Subject' => 'Later'], [], false, time() + 3600);
        $out = $this->cli('queue status');
        $this->assertStringContainsString('LOG: waiting: 2', $out);
        $this->assertStringContainsString('LOG: due now: 1', $out);
        $this->assertStringContainsString('LOG: runner: WP-Cron', $out);
    }

    public function test_resend_of_an_entry_without_its_text_says_so_and_exits_1(): void
    {
        $id = $this->logged(['subject' => 'Text not kept']);
        $out = $this->cli('resend', [(string) $id]);
        $this->assertStringContainsString("LOG: $id: missing (no such entry, or its text was not kept)", $out);
        $this->assertStringContainsString('EXIT 1', $out);
        $this->assertSame('sent', Native_SMTP_Log::get($id)['status']);
    }

    public function test_the_commands_are_registered_only_under_wp_cli(): void
    {
        $this->assertFalse(class_exists('Native_SMTP_Log_CLI', false));
        $this->assertStringNotContainsString('not registered', $this->cli('queue status'));
    }
}
