<?php
/**
 * `wp native-smtp test|status`. WP-CLI itself is not packaged for Debian, so
 * a separate PHP process stands in for it: it defines WP_CLI and a small
 * WP_CLI class that records what the plugin registers and prints, loads the
 * real WordPress, and runs the registered command against the real server.
 */
final class CliTest extends Native_SMTP_TestCase
{
    private const SHIM = <<<'PHP'
        define('WP_CLI', true);
        class WP_CLI {
            public static array $commands = [];
            public static function add_command($name, $class) { self::$commands[$name] = $class; }
            public static function log($m) { echo "LOG: $m\n"; }
            public static function success($m) { echo "SUCCESS: $m\n"; }
            public static function error($m) { echo "ERROR: $m\n"; throw new RuntimeException('halt'); }
        }
        function run_command(string $sub, array $args) {
            $class = WP_CLI::$commands['native-smtp'] ?? null;
            if (!$class) { echo "not registered\n"; return; }
            try { (new $class())->$sub($args); } catch (RuntimeException $e) { echo "EXIT 1\n"; }
        }
        PHP;

    private function cli(string $sub, array $args = []): string
    {
        // The shim goes before WordPress loads, as WP-CLI's own classes would.
        [$status, $out] = $this->run_wordpress('run_command(' . var_export($sub, true) . ', ' . var_export($args, true) . ');',
            [], null, self::SHIM);
        $this->assertSame(0, $status, $out);
        return $out;
    }

    public function test_status_reports_routing_and_never_the_password(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls', ['password' => 'Cli-Secret-1']);
        $out = $this->cli('status');
        $this->assertStringContainsString('LOG: engine: ' . Native_SMTP_Engines::id(), $out);
        $this->assertStringContainsString('LOG: routing wp_mail(): yes', $out);
        $this->assertStringContainsString('LOG: host: localhost', $out);
        $this->assertStringContainsString('LOG: password: set', $out);
        $this->assertStringNotContainsString('Cli-Secret-1', $out);
    }

    public function test_test_sends_and_reports_success(): void
    {
        $this->configure('SMTP_TEST_IMPLICIT_PORT', 'ssl');
        [, $meta] = $this->received('implicit', function () use (&$out) {
            $out = $this->cli('test', ['cli-owner@example.com']);
        });
        $this->assertStringContainsString('SUCCESS: Congratulations! Your mail service is configured successfully.', $out);
        $this->assertSame(['cli-owner@example.com'], $meta['rcpt_tos']);
    }

    public function test_test_failure_prints_the_transcript_and_the_fix(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls', ['password' => 'Cli-Wrong-2']);
        $out = $this->cli('test', ['cli-owner@example.com']);
        $this->assertStringContainsString('ERROR: The mail server refused the account name or password.', $out);
        $this->assertStringContainsString('EXIT 1', $out);
        $this->assertStringContainsString('<redacted>', $out);
        $this->assertStringNotContainsString('Cli-Wrong-2', $out);
    }

    public function test_the_command_is_registered_only_under_wp_cli(): void
    {
        $this->assertFalse(class_exists('Native_SMTP_CLI', false));
        $this->assertStringContainsString('LOG: engine: ', $this->cli('status'));
    }
}
