<?php

final class TestEmailTest extends Native_SMTP_TestCase
{
    public function test_success_message_and_mail(): void
    {
        $this->configure('SMTP_TEST_IMPLICIT_PORT', 'ssl');
        [$raw] = $this->received('implicit', function () use (&$result) {
            $result = Native_SMTP_Test_Email::run('owner@example.com');
        });
        $this->assertTrue($result['ok']);
        $this->assertSame('Congratulations! Your mail service is configured successfully.', $result['message']);
        $this->assertStringContainsString('Congratulations! Your mail service is configured successfully.', quoted_printable_decode($raw));
    }

    public function test_wrong_password_is_explained_with_the_fix_and_a_redacted_transcript(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls', ['provider' => 'gmail', 'host' => 'localhost', 'password' => 'Wrong-Pass-77']);
        $result = Native_SMTP_Test_Email::run('owner@example.com');
        $this->assertFalse($result['ok']);
        $this->assertSame('auth_failed', $result['category']);
        $this->assertStringContainsString('refused the account name or password', $result['explanation']);
        $this->assertStringContainsString('App passwords', $result['fix']);
        $this->assertStringContainsString('535', $result['server_reply']);
        $this->assertStringContainsString('AUTH PLAIN <redacted>', $result['transcript']);
        $this->assertStringNotContainsString('Wrong-Pass-77', $result['transcript']);
        $this->assertStringNotContainsString(base64_encode("\0tester\0Wrong-Pass-77"), $result['transcript']);
    }

    public function test_rendered_failure_escapes_and_collapses_the_transcript(): void
    {
        ob_start();
        Native_SMTP_Settings_Page::render_result(['ok' => false, 'message' => '<script>x</script>', 'category' => 'auth_failed',
            'explanation' => 'e', 'fix' => 'f', 'transcript' => "S: 535 <no>"]);
        $html = ob_get_clean();
        $this->assertStringNotContainsString('<script>', $html);
        $this->assertStringContainsString('<details>', $html);
        $this->assertStringContainsString('S: 535 &lt;no&gt;', $html);
    }

    public function test_ajax_handler_checks_nonce_and_capability(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        add_filter('wp_die_ajax_handler', fn() => function ($message) { throw new RuntimeException('died: ' . (is_string($message) ? $message : '')); });
        add_filter('wp_doing_ajax', '__return_true');
        $_POST = $_REQUEST = ['to' => 'owner@example.com', '_ajax_nonce' => 'bad'];
        try {
            Native_SMTP_Test_Email::ajax();
            $this->fail('no nonce check');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString('died', $e->getMessage());
        }
        $_POST = $_REQUEST = [];
    }
}
