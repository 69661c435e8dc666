<?php
/**
 * The settings page says, next to the sender field, what becomes of a
 * sender other than the account with a preset that sends only from the
 * account (QQ Mail, 163...): rendered after saving, tied to the field, in a
 * polite live region that settings.js keeps current.
 */
final class SenderNoteTest extends Native_SMTP_TestCase
{
    private function page(array $settings): string
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', $settings);
        ob_start();
        Native_SMTP_Settings_Page::render();
        return (string) ob_get_clean();
    }

    /** The note's element, and the sender field's aria-describedby. */
    private function note(string $html): array
    {
        $this->assertSame(1, preg_match('/<input[^>]*id="native-smtp-from-email"[^>]*>/', $html, $input));
        preg_match('/aria-describedby="([^"]*)"/', $input[0], $described);
        $this->assertSame(1, preg_match('#<p class="description native-smtp-live-note" id="native-smtp-from-email-note" aria-live="polite">([^<]*)</p>#', $html, $note));
        return [html_entity_decode($note[1], ENT_QUOTES), explode(' ', $described[1] ?? '')];
    }

    public function test_another_sender_with_a_sender_rule_preset_gets_the_note_after_saving(): void
    {
        $html = $this->page(['provider' => 'qq', 'host' => 'smtp.qq.com', 'port' => '465', 'encryption' => 'ssl',
            'username' => 'account@qq.com', 'from_email' => 'news@example.com']);
        [$note, $described] = $this->note($html);
        $this->assertSame('QQ Mail sends only from the account itself: mail goes out from account@qq.com, and news@example.com becomes the Reply-To address.', $note);
        $this->assertContains('native-smtp-from-email-note', $described);
        $this->assertContains('native-smtp-from-email-desc', $described);
        $this->assertStringContainsString('data-sender-must-match="1"', $html);
    }

    public function test_no_note_when_the_sender_is_the_account_or_the_preset_takes_any_sender(): void
    {
        foreach ([
            ['provider' => '163', 'host' => 'smtp.163.com', 'port' => '465', 'encryption' => 'ssl', 'username' => 'Me@163.com', 'from_email' => 'me@163.com'],
            ['provider' => '163', 'host' => 'smtp.163.com', 'port' => '465', 'encryption' => 'ssl', 'username' => 'me@163.com', 'from_email' => ''],
            ['provider' => 'other', 'host' => 'mail.example.com', 'port' => '25', 'encryption' => 'none', 'username' => 'me@example.com', 'from_email' => 'news@example.com'],
        ] as $settings) {
            [$note, $described] = $this->note($this->page($settings));
            $this->assertSame('', $note, $settings['provider']);
            $this->assertNotContains('native-smtp-from-email-note', $described, 'an empty note is not a description');
        }
    }

    public function test_the_note_is_in_the_sites_language(): void
    {
        $this->assertTrue(switch_to_locale('fi'));
        load_plugin_textdomain('native-smtp', false, 'native-smtp/languages');
        try {
            $note = Native_SMTP_Settings_Fields::sender_note(['provider' => 'qq', 'username' => 'account@qq.com', 'from_email' => 'news@example.com']);
            $this->assertNotSame('', $note);
            $this->assertStringNotContainsString('sends only from the account itself', $note);
            $this->assertStringContainsString('account@qq.com', $note);
            $this->assertStringContainsString('news@example.com', $note);
        } finally {
            restore_previous_locale();
        }
    }
}
