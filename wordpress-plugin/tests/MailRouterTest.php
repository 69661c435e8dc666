<?php

final class MailRouterTest extends Native_SMTP_TestCase
{
    public function test_wp_mail_goes_through_the_engine_with_core_semantics(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls');
        $succeeded = null;
        add_action('wp_mail_succeeded', $cb = function ($data) use (&$succeeded) { $succeeded = $data; });
        $attachment = tempnam(sys_get_temp_dir(), 'wp');
        file_put_contents($attachment, "report data\n");
        [$raw, $meta] = $this->received('starttls', function () use ($attachment) {
            $this->assertTrue(wp_mail(
                ['Bob <bob@example.com>', 'carol@example.com'],
                'Ihr Bestätigungscode / 確認コード',
                '<p>Hello <b>there</b></p>',
                ['Content-Type: text/html; charset=UTF-8', 'Cc: cc@example.com', 'Bcc: secret@example.com',
                 'Reply-To: Support <help@example.com>', 'X-Campaign: spring'],
                ['report.txt' => $attachment]
            ));
        });
        remove_action('wp_mail_succeeded', $cb);
        unlink($attachment);
        $h = $this->headers($raw);
        $this->assertTrue($meta['tls']);
        $this->assertSame('tester', $meta['auth_user']);
        $this->assertSame(['bob@example.com', 'carol@example.com', 'cc@example.com', 'secret@example.com'], $meta['rcpt_tos']);
        $this->assertSame('Test Site <site@example.com>', $h['From']);
        $this->assertSame('Ihr Bestätigungscode / 確認コード', $h['Subject']);
        $this->assertSame('Support <help@example.com>', $h['Reply-To']);
        $this->assertSame('spring', $h['X-Campaign']);
        $this->assertArrayNotHasKey('Bcc', $h);
        $mime = $this->parsed($raw);
        $this->assertSame([], $mime['defects']);
        $this->assertSame('<p>Hello <b>there</b></p>', trim($this->parts($mime, 'text/html')[0]['text']));
        $this->assertSame([], $this->parts($mime, 'text/plain'));
        $attached = array_values(array_filter($mime['parts'], fn($p) => $p['filename'] === 'report.txt'));
        $this->assertCount(1, $attached);
        $this->assertSame(hash('sha256', "report data\n"), $attached[0]['sha256']);
        $this->assertSame('Ihr Bestätigungscode / 確認コード', $succeeded['subject']);
    }

    public function test_core_filters_apply_and_force_sender_wins(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $from = fn() => 'filtered@example.com';
        $name = fn() => 'Filtered Name';
        add_filter('wp_mail_from', $from);
        add_filter('wp_mail_from_name', $name);
        [$raw, $meta] = $this->received('plain', fn() => wp_mail('bob@example.com', 'Filters', 'plain body'));
        $this->assertSame('filtered@example.com', $meta['mail_from']);
        $this->assertSame('Filtered Name <filtered@example.com>', $this->headers($raw)['From']);
        $this->assertSame(['text/plain'], array_column($this->parsed($raw)['parts'], 'content_type'));

        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['force_from' => '1']);
        [$raw, $meta] = $this->received('plain', fn() => wp_mail('bob@example.com', 'Forced', 'x', ['From: Plugin <plugin@example.com>']));
        remove_filter('wp_mail_from', $from);
        remove_filter('wp_mail_from_name', $name);
        $this->assertSame('site@example.com', $meta['mail_from']);
    }

    public function test_failure_returns_false_and_fires_wp_mail_failed_with_category(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls', ['password' => 'wrong-password']);
        $error = null;
        add_action('wp_mail_failed', $cb = function ($e) use (&$error) { $error = $e; });
        $this->assertFalse(wp_mail('bob@example.com', 'Will fail', 'body'));
        remove_action('wp_mail_failed', $cb);
        $this->assertInstanceOf(WP_Error::class, $error);
        $data = $error->get_error_data();
        $this->assertSame('auth_failed', $data['category']);
        $this->assertNotEmpty($data['hint']);
        $this->assertSame(['bob@example.com'], (array) $data['to']);
    }

    public function test_without_settings_wordpress_sends_the_default_way(): void
    {
        $core = false;
        add_action('phpmailer_init', $cb = function ($phpmailer) use (&$core) {
            $core = true;
            // Let core's PHPMailer deliver to the local sink instead of a sendmail binary.
            $phpmailer->isSMTP();
            $phpmailer->Host = '127.0.0.1';
            $phpmailer->Port = (int) self::$env['SMTP_TEST_SINK_PORT'];
            $phpmailer->SMTPAutoTLS = false;
        });
        $this->assertNull(Native_SMTP_Mail_Router::pre_wp_mail(null, ['to' => 'a@example.com', 'subject' => '', 'message' => '', 'headers' => '', 'attachments' => []]));
        $this->assertTrue(wp_mail('bob@example.com', 'Core path', 'body'));
        remove_action('phpmailer_init', $cb);
        $this->assertTrue($core);
    }

    public function test_other_charsets_are_converted_and_headers_core_would_pass_on_do_not_break_sending(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $latin1 = mb_convert_encoding('Grüße aus Köln', 'ISO-8859-1', 'UTF-8');
        [$raw] = $this->received('plain', fn() => $this->assertTrue(wp_mail('bob@example.com', $latin1, $latin1 . "\n",
            "Content-Type: text/plain; charset=ISO-8859-1\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <x@y>\r\nX-Mailer: Tests\r\n")));
        $this->assertSame('Grüße aus Köln', $this->headers($raw)['Subject']);
        // Either engine may keep ISO-8859-1 or convert to UTF-8: what the reader decodes is the same.
        $this->assertSame('Grüße aus Köln', trim($this->parts($this->parsed($raw), 'text/plain')[0]['text']));
        // As core: X-Mailer is not passed on; a caller's Message-ID and Date are kept, once.
        $this->assertNotSame('Tests', $this->headers($raw)['X-Mailer'] ?? '');
        $this->assertSame(1, substr_count($raw, "\r\nMessage-ID: "));
        $this->assertStringContainsString("\r\nMessage-ID: <x@y>\r\n", $raw);
        $this->assertSame('Mon, 1 Jan 2024 00:00:00 +0000', $this->headers($raw)['Date']);
    }

    public function test_a_multipart_body_keeps_its_text_and_html_alternatives(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $body = "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nPlain version\r\n"
            . "--b1\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>HTML =E2=9C=93</p>\r\n--b1--\r\n";
        [$raw] = $this->received('plain', fn() => $this->assertTrue(wp_mail('bob@example.com', 'Both', $body,
            ['Content-Type: multipart/alternative; boundary="b1"'])));
        $mime = $this->parsed($raw);
        $this->assertSame('multipart/alternative', $mime['content_type']);
        $this->assertSame([], $mime['defects']);
        $this->assertSame(['text/plain', 'text/html'], array_column($mime['parts'], 'content_type'));
        $this->assertSame('Plain version', trim($mime['parts'][0]['text']));
        $this->assertSame('<p>HTML ✓</p>', trim($mime['parts'][1]['text']));
    }

    public function test_new_settings_take_effect_for_the_next_mail_of_the_same_request(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        [, $meta] = $this->received('plain', fn() => wp_mail('first@example.com', 'One', 'x'));
        $this->assertFalse($meta['tls']);
        $this->configure('SMTP_TEST_IMPLICIT_PORT', 'ssl');
        [, $meta] = $this->received('implicit', fn() => wp_mail('second@example.com', 'Two', 'x'));
        $this->assertSame(['second@example.com'], $meta['rcpt_tos']);
        $this->assertTrue($meta['tls']);
    }

    public function test_after_a_failure_the_next_mail_gets_a_fresh_connection(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $this->assertFalse(wp_mail('not an address', 'Bad', 'x'));
        [, $meta] = $this->received('plain', fn() => $this->assertTrue(wp_mail('good@example.com', 'Good', 'x')));
        $this->assertSame(['good@example.com'], $meta['rcpt_tos']);
    }

    public function test_without_a_sender_setting_the_sender_is_core_s_default(): void
    {
        // No account either: the plain server lets anyone send.
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['from_email' => '', 'from_name' => '', 'username' => '', 'password' => '']);
        [$raw, $meta] = $this->received('plain', function () use (&$result) {
            $result = Native_SMTP_Test_Email::run('owner@example.com');
        });
        $this->assertTrue($result['ok'], $result['message']);
        $this->assertNull($meta['auth_user']);
        // The site runs on 127.0.0.1, and core's wordpress@127.0.0.1 is no address: a local one stands in.
        $this->assertSame('wordpress@localhost.localdomain', $meta['mail_from']);
        $this->assertSame('WordPress <wordpress@localhost.localdomain>', $this->headers($raw)['From']);
    }
}
