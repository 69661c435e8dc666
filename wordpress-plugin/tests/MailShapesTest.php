<?php
/**
 * Mail that other plugins shape through PHPMailer arrives as they meant it,
 * whichever engine sends (the suite runs with and without the extension):
 * each received message is read back with Python's email package and
 * compared part by part.
 */
final class MailShapesTest extends Native_SMTP_TestCase
{
    private const STAND_IN = 'native-smtp-test-mail-shapers.php';
    private const PNG = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb4\0\0\0\0IEND\xaeB`\x82";

    private array $files = [];

    protected function setUp(): void
    {
        parent::setUp();
        $this->assertNull(activate_plugin(self::STAND_IN));
    }

    protected function tearDown(): void
    {
        deactivate_plugins(self::STAND_IN);
        array_map('unlink', $this->files);
        parent::tearDown();
    }

    private function file(string $bytes): string
    {
        $path = tempnam(sys_get_temp_dir(), 'shape');
        file_put_contents($path, $bytes);
        return $this->files[] = $path;
    }

    public function test_woocommerce_multipart_mail_is_a_real_multipart_alternative(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls');
        $html = '<html><body><h1>Order #42</h1><p>Thanks for your order – 谢谢！</p></body></html>';
        $plain = "Order #42\n\nThanks for your order – 谢谢！";
        [$raw] = $this->received('starttls', fn() => $this->assertTrue(native_smtp_test_wc_send('buyer@example.com', 'Your order', $html, $plain)));
        $mime = $this->parsed($raw);
        $this->assertSame([], $mime['defects']);
        $this->assertSame('multipart/alternative', $mime['content_type']);
        $this->assertSame(['text/plain', 'text/html'], array_column($mime['parts'], 'content_type'));
        // Line ends are CRLF on the wire (SMTP's); the text is the same.
        $this->assertSame($plain, rtrim(str_replace("\r\n", "\n", $mime['parts'][0]['text'])));
        $this->assertSame($html, rtrim($mime['parts'][1]['text']));
    }

    public function test_attachments_strings_images_headers_and_sender_from_phpmailer_init(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls');
        $report = random_bytes(5000);
        $csv = "id,name\n1,Mäkinen\n";
        $shape = [
            'attach'  => [$this->file($report) => 'report.bin'],
            'strings' => [[$csv, 'orders.csv', 'text/csv']],
            'embed'   => [[$this->file(self::PNG), 'logo@shop', 'logo.png', 'image/png']],
            'headers' => ['X-Shop-Order' => '42', 'List-Unsubscribe' => '<mailto:unsubscribe@example.com>'],
            'sender'  => 'bounces@example.com',
        ];
        $html = '<p>Invoice <img src="cid:logo@shop" alt="logo"></p>';
        [$raw, $meta] = $this->received('starttls', fn() => $this->assertTrue(native_smtp_test_send_shaped(
            'buyer@example.com', 'Invoice', $html, $shape, ['Content-Type: text/html; charset=UTF-8'])));
        $mime = $this->parsed($raw);
        $this->assertSame([], $mime['defects']);
        $this->assertSame('bounces@example.com', $meta['mail_from']);
        $this->assertSame('Test Site <site@example.com>', $mime['headers']['from']);
        $this->assertSame('42', $mime['headers']['x-shop-order']);
        $this->assertSame('<mailto:unsubscribe@example.com>', $mime['headers']['list-unsubscribe']);
        $this->assertSame($html, rtrim($this->parts($mime, 'text/html')[0]['text']));

        $image = $this->parts($mime, 'image/png');
        $this->assertCount(1, $image);
        $this->assertSame('<logo@shop>', $image[0]['content_id']);
        $this->assertSame('inline', $image[0]['disposition']);
        $this->assertSame(hash('sha256', self::PNG), $image[0]['sha256']);

        $files = array_values(array_filter($mime['parts'], fn($p) => $p['disposition'] === 'attachment'));
        $this->assertSame(['report.bin', 'orders.csv'], array_column($files, 'filename'));
        $this->assertSame([hash('sha256', $report), hash('sha256', $csv)], array_column($files, 'sha256'));
        $this->assertSame('text/csv', $files[1]['content_type']);
    }

    public function test_a_message_id_and_date_a_plugin_set_are_kept(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        [$raw] = $this->received('plain', fn() => $this->assertTrue(native_smtp_test_send_shaped('a@example.com', 'Ids', 'x',
            ['message_id' => '<thread-7@forum.example.com>', 'date' => 'Tue, 2 Jan 2024 10:00:00 +0100'])));
        $h = $this->parsed($raw)['headers'];
        $this->assertSame('<thread-7@forum.example.com>', $h['message-id']);
        $this->assertSame(strtotime('Tue, 2 Jan 2024 10:00:00 +0100'), strtotime($h['date']));
    }

    public function test_a_plugin_changing_only_smtp_settings_does_not_redirect_the_site_s_mail(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls');
        $smtp = ['Host' => '127.0.0.1', 'Port' => (int) self::$env['SMTP_TEST_PLAIN_PORT'], 'SMTPSecure' => '', 'SMTPAuth' => true,
            'Username' => 'someone-else', 'Password' => 'not-ours', 'SMTPAutoTLS' => false];
        [, $meta] = $this->received('starttls', fn() => $this->assertTrue(native_smtp_test_send_shaped('a@example.com', 'Ours', 'x', ['smtp' => $smtp])));
        $this->assertTrue($meta['tls']);
        $this->assertSame('tester', $meta['auth_user']);
    }

    public function test_refused_recipients_fail_wp_mail_while_the_others_get_it_once(): void
    {
        $this->configure('SMTP_TEST_REJECT_PORT', 'none', ['username' => '', 'password' => '']);
        $error = null;
        add_action('wp_mail_failed', $cb = function ($e) use (&$error) { $error = $e; });
        $dir = self::$env['SMTP_TEST_MAILDIR'] . '/reject';
        $before = glob("$dir/*.eml") ?: [];
        $this->assertFalse(wp_mail(['ok@example.com', 'reject-one@example.com', 'reject-two@example.com'], 'Partly', 'x', ['Cc: also-ok@example.com']));
        remove_action('wp_mail_failed', $cb);
        $new = array_values(array_diff(glob("$dir/*.eml") ?: [], $before));
        $this->assertCount(1, $new);
        $meta = json_decode(file_get_contents(substr($new[0], 0, -4) . '.json'), true);
        $this->assertSame(['ok@example.com', 'also-ok@example.com'], $meta['rcpt_tos']);

        $this->assertInstanceOf(WP_Error::class, $error);
        $data = $error->get_error_data();
        $this->assertSame('recipient_rejected', $data['category']);
        $this->assertSame(['reject-one@example.com', 'reject-two@example.com'], array_keys($data['refused']));
        foreach ($data['refused'] as $address => $reply) {
            $this->assertStringStartsWith('550 5.1.1', $reply);
            $this->assertStringContainsString($address, $error->get_error_message());
        }
    }

    public function test_every_recipient_refused_is_a_failure_with_each_reply(): void
    {
        $this->configure('SMTP_TEST_REJECT_PORT', 'none', ['username' => '', 'password' => '']);
        $error = null;
        add_action('wp_mail_failed', $cb = function ($e) use (&$error) { $error = $e; });
        $this->assertFalse(wp_mail(['reject-a@example.com', 'reject-b@example.com'], 'None', 'x'));
        remove_action('wp_mail_failed', $cb);
        $data = $error->get_error_data();
        $this->assertSame('recipient_rejected', $data['category']);
        $this->assertSame('RCPT TO', $data['stage']);
        $this->assertSame(550, $data['smtp_code']);
        $this->assertSame('5.1.1', $data['enhanced_code']);
        $this->assertFalse($data['transient']);
        $this->assertSame(['reject-a@example.com', 'reject-b@example.com'], array_keys($data['refused']));
    }
}
