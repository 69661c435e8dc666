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
        $this->assertSame('The mail server refused the account name or password.', $result['message']);
        $this->assertStringContainsString('535', $result['details']);
        $this->assertStringContainsString('App passwords', $result['fix']);
        $this->assertStringContainsString('535', $result['server_reply']);
        // One line with the extension, a 334 round trip with PHPMailer: either way the credentials are hidden.
        $this->assertMatchesRegularExpression('/^C: AUTH PLAIN( <redacted>|\nS: 334 ?\nC: <redacted>)$/m', $result['transcript']);
        $this->assertStringNotContainsString('Wrong-Pass-77', $result['transcript']);
        $this->assertStringNotContainsString(base64_encode("\0tester\0Wrong-Pass-77"), $result['transcript']);
    }

    public function test_rendered_failure_escapes_and_collapses_the_transcript(): void
    {
        ob_start();
        Native_SMTP_Test_Email::render_result(['ok' => false, 'message' => '<script>x</script>', 'category' => 'auth_failed',
            'fix' => 'f', 'details' => '<b>', 'transcript' => "S: 535 <no>"]);
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

    /** The settings form as the page posts it. */
    private function form(array $fields): array
    {
        return $fields + ['provider' => 'other', 'host' => '127.0.0.1', 'port' => self::$env['SMTP_TEST_PLAIN_PORT'], 'encryption' => 'none',
            'username' => self::$env['SMTP_TEST_USER'], 'password' => '', 'from_email' => 'site@example.com', 'from_name' => 'Test Site',
            'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5', 'code_hourly_cap' => '100'];
    }

    public function test_the_settings_on_screen_are_used_and_the_answer_says_whether_they_are_saved(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        // An unsaved typo in the host: no "Congratulations".
        $r = Native_SMTP_Test_Email::run('owner@example.com', $this->form(['host' => '127.0.0.2']));
        $this->assertFalse($r['ok']);
        $this->assertSame('connect', $r['category']);
        $this->assertSame('The site could not connect to the mail server.', $r['message']);
        $this->assertNotSame('', $r['details']);
        $this->assertFalse($r['saved']);
        // Unsaved but right: sent, and said so.
        [, $meta] = $this->received('plain', function () use (&$r) {
            $r = Native_SMTP_Test_Email::run('owner@example.com', $this->form(['from_name' => 'Unsaved Name']));
        });
        $this->assertTrue($r['ok']);
        $this->assertSame('Sent to owner@example.com with the settings on screen, which are not saved yet: save them to use them for all site mail. If it is not in the inbox, look in the spam (junk) folder.', $r['note']);
        $this->assertSame(['owner@example.com'], $meta['rcpt_tos']);
        // The saved settings as they are: said so too.
        $r = Native_SMTP_Test_Email::run('owner@example.com', $this->form([]));
        $this->assertTrue($r['saved']);
        $this->assertStringStartsWith('Sent to owner@example.com with the saved settings.', $r['note']);
        // Settings on screen that would not save are named, nothing is sent.
        $r = Native_SMTP_Test_Email::run('owner@example.com', $this->form(['port' => '465', 'encryption' => 'starttls']));
        $this->assertFalse($r['ok']);
        $this->assertArrayHasKey('port', $r['errors']);
    }

    public function test_html_and_starttls_on_an_implicit_tls_port_named_before_the_time_out(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        [$raw] = $this->received('plain', function () use (&$r) {
            $r = Native_SMTP_Test_Email::run('owner@example.com', null, true);
        });
        $this->assertTrue($r['ok']);
        $this->assertMatchesRegularExpression('#Content-Type: text/html#i', $raw);
        $started = microtime(true);
        $port = (int) self::$env['SMTP_TEST_IMPLICIT_PORT'];
        $r = Native_SMTP_Test_Email::run('owner@example.com', $this->form(['host' => 'localhost', 'port' => (string) $port, 'encryption' => 'starttls',
            'password' => self::$env['SMTP_TEST_PASS']]));
        $this->assertLessThan(15, microtime(true) - $started, 'waited for the 20 s time-out');
        $this->assertSame('encryption_mismatch', $r['category']);
        $this->assertSame("Port $port expects TLS from the start of the connection (SSL), but STARTTLS is chosen: sending would wait until the time limit.", $r['message']);
        $this->assertSame('ssl', $r['suggestion']['encryption']);
    }

    public function test_ssl_on_a_starttls_port_is_named_after_the_handshake_fails(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $port = (int) self::$env['SMTP_TEST_STARTTLS_PORT'];
        $r = Native_SMTP_Test_Email::run('owner@example.com', $this->form(['host' => 'localhost', 'port' => (string) $port, 'encryption' => 'ssl',
            'password' => self::$env['SMTP_TEST_PASS']]));
        $this->assertFalse($r['ok']);
        $this->assertSame('tls_handshake', $r['category']);
        $this->assertSame("Port $port starts without encryption (STARTTLS or none), but SSL is chosen: the TLS handshake fails.", $r['message']);
        $this->assertSame(['port' => $port, 'encryption' => 'starttls', 'label' => "Use port $port with STARTTLS"], $r['suggestion']);
        $this->assertNotSame('', $r['details']);  // the core's own words stay in the details
    }

    public function test_without_the_extension_the_test_email_goes_through_phpmailer(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $code = '$r = Native_SMTP_Test_Email::run("no-ext@example.com", null, false); echo json_encode([$r["ok"], $r["engine"] ?? "", $r["note"] ?? $r["message"]]);';
        [, $meta] = $this->received('plain', function () use ($code, &$status, &$out) {
            [$status, $out] = $this->run_wordpress($code, [], false);
        });
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString('[true,"phpmailer","Sent to no-ext@example.com with the saved settings.', $out);
        $this->assertSame(['no-ext@example.com'], $meta['rcpt_tos']);
    }
}
