<?php
/**
 * Providers such as QQ Mail and 163 take mail only from the logged-in
 * account (553 otherwise; the "strict" test server enforces the same): with
 * such a preset the account becomes the sender, and the address a plugin
 * chose becomes Reply-To. With either engine.
 */
final class SenderRuleTest extends Native_SMTP_TestCase
{
    private function strict(string $provider, array $extra = []): void
    {
        $this->configure('SMTP_TEST_STRICT_PORT', 'none', $extra + ['provider' => $provider, 'host' => '127.0.0.1',
            'port' => self::$env['SMTP_TEST_STRICT_PORT'], 'username' => 'account@example.com']);
    }

    public function test_the_server_refuses_any_other_sender(): void
    {
        $this->strict('other');
        $error = null;
        add_action('wp_mail_failed', $cb = function ($e) use (&$error) { $error = $e; });
        $this->assertFalse(wp_mail('bob@example.com', 'Refused', 'x'));
        remove_action('wp_mail_failed', $cb);
        $this->assertSame('sender_rejected', $error->get_error_data()['category']);
        $this->assertSame('MAIL FROM', $error->get_error_data()['stage']);
        $this->assertSame(553, $error->get_error_data()['smtp_code']);
    }

    public function test_with_a_sender_rule_preset_the_account_sends_and_the_chosen_address_gets_replies(): void
    {
        $this->strict('qq');
        [$raw, $meta] = $this->received('strict', fn() => $this->assertTrue(wp_mail('bob@example.com', 'From the site', 'x')));
        $h = $this->parsed($raw)['headers'];
        $this->assertSame('account@example.com', $meta['mail_from']);
        $this->assertSame('Test Site <account@example.com>', $h['from']);
        $this->assertSame('Test Site <site@example.com>', $h['reply-to']);

        // A plugin's own sender: the same, and its Reply-To wins when it set one.
        [$raw, $meta] = $this->received('strict', fn() => $this->assertTrue(wp_mail('bob@example.com', 'From a plugin', 'x',
            ['From: Shop <shop@example.com>'])));
        $h = $this->parsed($raw)['headers'];
        $this->assertSame('account@example.com', $meta['mail_from']);
        $this->assertSame('Shop <account@example.com>', $h['from']);
        $this->assertSame('Shop <shop@example.com>', $h['reply-to']);
        [$raw] = $this->received('strict', fn() => $this->assertTrue(wp_mail('bob@example.com', 'Own reply-to', 'x',
            ['From: Shop <shop@example.com>', 'Reply-To: help@example.com'])));
        $this->assertSame('help@example.com', $this->parsed($raw)['headers']['reply-to']);
    }

    public function test_without_a_sender_setting_the_account_is_the_sender(): void
    {
        $this->strict('163', ['from_email' => '', 'from_name' => '']);
        [$raw, $meta] = $this->received('strict', fn() => $this->assertTrue(wp_mail('bob@example.com', 'Default', 'x')));
        $this->assertSame('account@example.com', $meta['mail_from']);
        $this->assertSame('WordPress <account@example.com>', $this->parsed($raw)['headers']['from']);
        $this->assertArrayNotHasKey('reply-to', $this->parsed($raw)['headers']);
    }
}
