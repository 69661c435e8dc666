<?php

final class SettingsTest extends Native_SMTP_TestCase
{
    public function test_password_is_stored_encrypted_and_decrypts(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['password' => 'Abc-授权码-123']);
        $stored = get_option(Native_SMTP_Options::OPTION)['password'];
        $this->assertStringStartsWith('v1:', $stored);
        $this->assertStringNotContainsString('Abc', $stored);
        global $wpdb;
        $raw = $wpdb->get_var($wpdb->prepare("SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", Native_SMTP_Options::OPTION));
        $this->assertStringNotContainsString('Abc-', $raw);
        $this->assertSame('Abc-授权码-123', Native_SMTP_Options::password());
    }

    public function test_a_second_sanitize_pass_does_not_encrypt_twice(): void
    {
        // WordPress runs the sanitize callback twice when the option is first added.
        delete_option(Native_SMTP_Options::OPTION);
        Native_SMTP_Settings_Page::settings();
        $input = ['provider' => 'other', 'host' => '127.0.0.1', 'port' => '2525', 'encryption' => 'none', 'password' => 'Pw-Twice-1',
            'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5'];
        update_option(Native_SMTP_Options::OPTION, $input);
        $this->assertSame('Pw-Twice-1', Native_SMTP_Options::password());
        unregister_setting('native_smtp', Native_SMTP_Options::OPTION);
    }

    public function test_empty_password_keeps_the_saved_one(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['password' => 'first']);
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['password' => '', 'from_name' => 'Renamed']);
        $this->assertSame('first', Native_SMTP_Options::password());
        $this->assertSame('Renamed', Native_SMTP_Options::get()['from_name']);
    }

    /** @dataProvider invalid_inputs */
    public function test_invalid_input_saves_nothing(array $bad, string $error): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $before = get_option(Native_SMTP_Options::OPTION);
        global $wp_settings_errors;
        $wp_settings_errors = [];
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', $bad + ['from_name' => 'Should not be saved', 'password' => 'new-password']);
        $this->assertSame($before, get_option(Native_SMTP_Options::OPTION));
        $messages = implode("\n", wp_list_pluck(get_settings_errors(Native_SMTP_Options::OPTION), 'message'));
        $this->assertStringContainsString($error, $messages);
    }

    public function invalid_inputs(): array
    {
        return [
            'port' => [['port' => '99999'], 'Port:'],
            'port text' => [['port' => 'abc'], 'Port:'],
            'host with spaces' => [['host' => 'smtp .qq.com'], 'SMTP host:'],
            'host as URL' => [['host' => 'https://smtp.qq.com/'], 'SMTP host:'],
            'sender email' => [['from_email' => 'not-an-email'], 'Sender email:'],
            'encryption' => [['encryption' => 'tls13'], 'Encryption:'],
            'code length' => [['code_length' => '3'], 'Verification codes:'],
        ];
    }

    public function test_preset_fills_empty_server_fields_without_javascript(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['provider' => 'qq', 'host' => '', 'port' => '', 'encryption' => '']);
        $s = Native_SMTP_Options::get();
        $this->assertSame(['qq', 'smtp.qq.com', 465, 'ssl'], [$s['provider'], $s['host'], $s['port'], $s['encryption']]);
    }

    public function test_page_never_prints_the_password(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['password' => 'Very-Secret-Pw-42']);
        ob_start();
        Native_SMTP_Settings_Page::render();
        $html = ob_get_clean();
        $this->assertStringNotContainsString('Very-Secret-Pw-42', $html);
        $this->assertStringNotContainsString(get_option(Native_SMTP_Options::OPTION)['password'], $html);
        $this->assertMatchesRegularExpression('/type="password"[^>]*value=""[^>]*placeholder="saved"/', $html);
        $this->assertStringContainsString('name="_wpnonce"', $html);
        $this->assertStringContainsString('value="qq"', $html);  // presets from the extension
        $this->assertStringContainsString('data-host="smtp.163.com"', $html);
    }

    public function test_undecryptable_password_asks_to_enter_it_again(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $s = get_option(Native_SMTP_Options::OPTION);
        $s['password'] = 'v1:' . base64_encode(random_bytes(40));  // as if the salts had changed
        update_option(Native_SMTP_Options::OPTION, $s);
        $error = Native_SMTP_Options::password();
        $this->assertInstanceOf(WP_Error::class, $error);
        $this->assertStringContainsString('Enter the password again', $error->get_error_message());
        $this->assertFalse(wp_mail('bob@example.com', 'x', 'y'));
    }

    public function test_settings_page_requires_manage_options(): void
    {
        $subscriber = wp_insert_user(['user_login' => 'sub' . wp_rand(), 'user_pass' => wp_generate_password(), 'user_email' => wp_rand() . '@example.org', 'role' => 'subscriber']);
        wp_set_current_user($subscriber);
        ob_start();
        Native_SMTP_Settings_Page::render();
        $this->assertSame('', ob_get_clean());
        wp_delete_user($subscriber);
    }
}
