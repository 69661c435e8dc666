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
        $input = ['provider' => 'other', 'host' => '127.0.0.1', 'port' => '2525', 'encryption' => 'none', 'username' => 'tester', 'password' => 'Pw-Twice-1',
            'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5'];
        try {
            update_option(Native_SMTP_Options::OPTION, $input);
            $this->assertSame('Pw-Twice-1', Native_SMTP_Options::password());
        } finally {
            unregister_setting('native_smtp', Native_SMTP_Options::OPTION);
        }
    }

    public function test_empty_password_keeps_the_saved_one(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['password' => 'first']);
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['password' => '', 'from_name' => 'Renamed']);
        $this->assertSame('first', Native_SMTP_Options::password());
        $this->assertSame('Renamed', Native_SMTP_Options::get()['from_name']);
    }

    public function test_an_empty_account_removes_the_saved_password(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['password' => 'first']);
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['username' => '', 'password' => '']);
        $this->assertSame('', Native_SMTP_Options::password());
        $this->assertSame('', get_option(Native_SMTP_Options::OPTION)['password']);
    }

    /** @dataProvider invalid_inputs */
    #[PHPUnit\Framework\Attributes\DataProvider('invalid_inputs')]
    public function test_invalid_input_saves_nothing_and_keeps_what_was_typed(array $bad, string $field, string $error): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $before = get_option(Native_SMTP_Options::OPTION);
        global $wp_settings_errors;
        $wp_settings_errors = [];
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', $bad + ['from_name' => 'Typed name', 'password' => 'Typed-Secret-77']);
        $this->assertSame($before, get_option(Native_SMTP_Options::OPTION));
        // One summary for WordPress to print at the top, linking to the field ...
        $summary = get_settings_errors(Native_SMTP_Options::OPTION);
        $this->assertCount(1, $summary);
        $this->assertStringContainsString('Nothing was saved.', $summary[0]['message']);
        $this->assertStringContainsString('href="#' . Native_SMTP_Settings_Fields::id($field) . '"', $summary[0]['message']);
        // ... and the message next to the field, with the values as typed (never the password).
        ob_start();
        Native_SMTP_Settings_Page::render();
        $html = ob_get_clean();
        $this->assertStringContainsString('id="' . Native_SMTP_Settings_Fields::id($field) . '-error">' . esc_html($error), $html);
        $this->assertMatchesRegularExpression('/id="native-smtp-from-name"[^>]*value="Typed name"/', $html);
        $this->assertStringNotContainsString('Typed-Secret-77', $html);
        $this->assertStringContainsString('A password typed before a failed save is not kept', $html);
        $this->assertStringNotContainsString('class="notice notice-error settings-error', $html);  // WordPress prints those, not the page
        // Shown once: the next visit shows the saved values.
        ob_start();
        Native_SMTP_Settings_Page::render();
        $this->assertStringNotContainsString('native-smtp-field-error', ob_get_clean());
    }

    public static function invalid_inputs(): array
    {
        return [
            'port' => [['port' => '99999'], 'port', 'Port: enter a number between 1 and 65535'],
            'port text' => [['port' => 'abc'], 'port', 'Port: enter a number'],
            'host with spaces' => [['host' => 'smtp .qq.com'], 'host', 'SMTP server address: use only a server name'],
            'host as URL' => [['host' => 'https://smtp.qq.com/'], 'host', 'SMTP server address:'],
            'sender email' => [['from_email' => 'not-an-email'], 'from_email', 'Sender email: enter a valid email address.'],
            'encryption' => [['encryption' => 'tls13'], 'encryption', 'Encryption: choose None, SSL or STARTTLS.'],
            'code length' => [['code_length' => '3'], 'code_length', 'Code length: enter a number between 4 and 12.'],
            'STARTTLS on 465' => [['port' => '465', 'encryption' => 'starttls'], 'port', 'Port 465 expects SSL'],
            'SSL on 587' => [['port' => '587', 'encryption' => 'ssl'], 'port', 'Port 587 expects STARTTLS, not SSL'],
            'QQ Mail, SSL on 587' => [['provider' => 'qq', 'host' => 'smtp.qq.com', 'port' => '587', 'encryption' => 'ssl'], 'port',
                'Port 587 of QQ Mail expects STARTTLS, not SSL: choose STARTTLS, or use port 465 for SSL.'],
            '163, STARTTLS on 465' => [['provider' => '163', 'host' => 'smtp.163.com', 'port' => '465', 'encryption' => 'starttls'], 'port',
                'NetEase 163 Mail does not offer STARTTLS: choose SSL with port 465.'],
            'Gmail, an unknown port' => [['provider' => 'gmail', 'host' => 'smtp.gmail.com', 'port' => '2525', 'encryption' => 'starttls'], 'port',
                'Gmail / Google Workspace uses port 587 for STARTTLS, not 2525: enter 587.'],
            'a password without a username' => [['username' => '', 'password' => 'typed-secret'], 'username',
                'Username: a password was typed but the username is empty.'],
        ];
    }

    public function test_a_summary_links_every_field_and_is_added_once_when_wordpress_sanitizes_twice(): void
    {
        global $wp_settings_errors;
        $wp_settings_errors = [];
        $input = ['provider' => 'other', 'host' => 'a b', 'port' => '0', 'encryption' => 'x', 'from_email' => 'no', 'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5'];
        Native_SMTP_Settings_Page::sanitize($input);
        Native_SMTP_Settings_Page::sanitize($input);
        $summary = get_settings_errors(Native_SMTP_Options::OPTION);
        $this->assertCount(1, $summary);
        $this->assertMatchesRegularExpression('/#native-smtp-host">SMTP server address<.*#native-smtp-port">Port<.*#native-smtp-encryption">Encryption<.*#native-smtp-from-email">Sender email</', $summary[0]['message']);
        Native_SMTP_Form_State::take();
    }

    public function test_matching_ports_and_encryption_save(): void
    {
        foreach ([['qq', 'smtp.qq.com', 587, 'starttls'], ['163', 'smtp.163.com', 465, 'ssl'], ['other', 'mail.example.com', 2525, 'starttls'],
                  ['other', 'mail.example.com', 465, 'ssl'], ['other', 'mail.example.com', 25, 'none']] as [$provider, $host, $port, $encryption]) {
            $this->configure('SMTP_TEST_PLAIN_PORT', $encryption, ['provider' => $provider, 'host' => $host, 'port' => (string) $port]);
            $s = Native_SMTP_Options::get();
            $this->assertSame([$provider, $host, $port, $encryption], [$s['provider'], $s['host'], $s['port'], $s['encryption']]);
        }
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
        $this->assertMatchesRegularExpression('/id="native-smtp-password"[^>]*type="password"[^>]*placeholder="saved"[^>]*value=""/', $html);
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
        $this->assertStringContainsString('enter the SMTP password again', $error->get_error_message());
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

    public function test_preset_refuses_an_encryption_the_provider_does_not_offer(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $before = get_option(Native_SMTP_Options::OPTION);
        // 163 Mail offers SSL (465) and plain port 25, not STARTTLS.
        $this->configure('SMTP_TEST_PLAIN_PORT', 'starttls', ['provider' => '163', 'host' => '', 'port' => '']);
        $this->assertSame($before, get_option(Native_SMTP_Options::OPTION));
        $this->assertStringContainsString('NetEase 163 Mail does not offer STARTTLS', Native_SMTP_Form_State::take()['errors']['port']);
    }

    public function test_preset_port_follows_the_chosen_encryption(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'starttls', ['provider' => 'gmail', 'host' => '', 'port' => '']);
        $s = Native_SMTP_Options::get();
        $this->assertSame(['smtp.gmail.com', 587, 'starttls'], [$s['host'], $s['port'], $s['encryption']]);
    }

    public function test_constants_lock_their_fields_and_win_over_saved_values(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['from_name' => 'Saved Name', 'password' => 'saved-password']);
        $constants = ['NATIVE_SMTP_HOST' => 'localhost', 'NATIVE_SMTP_PORT' => (int) self::$env['SMTP_TEST_STARTTLS_PORT'],
            'NATIVE_SMTP_ENCRYPTION' => 'tls', 'NATIVE_SMTP_USER' => self::$env['SMTP_TEST_USER'],
            'NATIVE_SMTP_PASSWORD' => self::$env['SMTP_TEST_PASS'], 'NATIVE_SMTP_FROM' => 'config@example.com'];
        $code = <<<'PHP'
            $s = Native_SMTP_Options::get();
            echo "effective=", json_encode([$s['host'], $s['port'], $s['encryption'], $s['from_email'], $s['from_name']]), "\n";
            echo "password=", Native_SMTP_Options::password() === getenv('EXPECT_PASS') ? 'constant' : 'other', "\n";
            // The form posts no locked field (disabled inputs are not sent); the save still works.
            $saved = Native_SMTP_Settings_Page::sanitize(['provider' => 'other', 'from_name' => 'New Name',
                'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5']);
            echo "errors=", count(get_settings_errors(Native_SMTP_Options::OPTION)), "\n";
            echo "stored=", json_encode([$saved['host'], $saved['from_name']]), "\n";
            ob_start();
            Native_SMTP_Settings_Page::render();
            $html = ob_get_clean();
            echo "locked=", preg_match_all('/disabled="disabled"/', $html), "\n";
            echo "note=", substr_count($html, 'Set in wp-config.php (NATIVE_SMTP_HOST)'), "\n";
            echo "leak=", substr_count($html, getenv('EXPECT_PASS')), "\n";
            $r = Native_SMTP_Test_Email::run('owner@example.com');
            echo "test=", $r['ok'] ? 'ok' : $r['category'] . ' ' . $r['message'], "\n";
            PHP;
        putenv('EXPECT_PASS=' . self::$env['SMTP_TEST_PASS']);
        [$raw, $meta] = $this->received('starttls', function () use ($code, $constants, &$status, &$out) {
            [$status, $out] = $this->run_wordpress($code, $constants);
        });
        putenv('EXPECT_PASS');
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString('effective=["localhost",' . self::$env['SMTP_TEST_STARTTLS_PORT'] . ',"starttls","config@example.com","Saved Name"]', $out);
        $this->assertStringContainsString('password=constant', $out);
        $this->assertStringContainsString('errors=0', $out);
        $this->assertStringContainsString('stored=["127.0.0.1","New Name"]', $out);  // the saved host stays for when the constant goes
        $this->assertStringContainsString('locked=8', $out);  // host, port, 3 encryption radios, account, password, sender
        $this->assertStringContainsString('note=1', $out);
        $this->assertStringContainsString('leak=0', $out);
        $this->assertStringContainsString('test=ok', $out);
        $this->assertSame('config@example.com', $meta['mail_from']);
        $this->assertTrue($meta['tls']);
    }

    public function test_a_key_that_cannot_encrypt_refuses_to_save(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['password' => 'old-password']);
        $code = <<<'PHP'
            $before = get_option(Native_SMTP_Options::OPTION);
            $saved = Native_SMTP_Settings_Page::sanitize(['provider' => 'other', 'host' => 'smtp.example.com', 'port' => '587',
                'encryption' => 'starttls', 'username' => 'me@example.com', 'password' => 'new-password', 'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5']);
            echo "same=", var_export($saved === $before, true), "\n";
            echo "stored=", json_encode($saved), "\n";
            echo implode("\n", Native_SMTP_Form_State::take()['errors']), "\n";
            PHP;
        [$status, $out] = $this->run_wordpress($code, ['NATIVE_SMTP_KEY' => 'too-short']);
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString('same=true', $out);
        $this->assertStringNotContainsString('new-password', $out);
        $this->assertStringContainsString('The password could not be encrypted, so nothing was saved.', $out);
    }

    public function test_a_changed_key_means_entering_the_password_again_and_nothing_is_sent(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $code = <<<'PHP'
            add_action('wp_mail_failed', function ($e) { echo "failed=", $e->get_error_data()['category'], "\n"; });
            $sent = wp_mail('bob@example.com', 'x', 'y');
            echo "sent=", var_export($sent, true), "\n";
            ob_start();
            Native_SMTP_Settings_Page::render();
            $html = ob_get_clean();
            echo "reenter=", substr_count($html, 'enter the SMTP password again'), "\n";
            echo "placeholder=", preg_match('/id="native-smtp-password"[^>]*placeholder=""/', $html), "\n";
            PHP;
        $dir = self::$env['SMTP_TEST_MAILDIR'] . '/plain';
        $before = count(glob("$dir/*.eml") ?: []);
        // NATIVE_SMTP_KEY replaces the salts as the key: the stored ciphertext no longer opens.
        [$status, $out] = $this->run_wordpress($code, ['NATIVE_SMTP_KEY' => 'a-new-key-only-in-wp-config-0123456789']);
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString("failed=password_unreadable\nsent=false", $out);
        $this->assertStringContainsString('reenter=1', $out);
        $this->assertStringContainsString('placeholder=1', $out);
        usleep(200000);
        $this->assertCount($before, glob("$dir/*.eml") ?: []);
    }

    public function test_native_smtp_key_is_used_when_defined(): void
    {
        $code = <<<'PHP'
            $c = Native_SMTP_Options::encrypt('secret-with-own-key');
            echo "roundtrip=", Native_SMTP_Options::decrypt($c), "\n", "cipher=", $c, "\n";
            PHP;
        [$status, $out] = $this->run_wordpress($code, ['NATIVE_SMTP_KEY' => 'a-new-key-only-in-wp-config-0123456789']);
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString('roundtrip=secret-with-own-key', $out);
        $this->assertTrue((bool) preg_match('/cipher=(v1:\S+)/', $out, $m));
        $this->assertNull(Native_SMTP_Options::decrypt($m[1]), 'the salts-derived key must not open it');
    }
}
