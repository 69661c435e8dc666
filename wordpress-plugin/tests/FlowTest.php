<?php
/**
 * What members do, over HTTP against the running site (PHP's built-in server
 * with the extension, the same database), with mail captured by aiosmtpd.
 */
final class FlowTest extends Native_SMTP_TestCase
{

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        $wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE '%native\\_smtp\\_%' AND option_name <> 'native_smtp_settings'");
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '1', 'login_code' => '1', 'admin_exempt' => '1']);
        update_option('users_can_register', 1);
        wp_cache_flush();
        $this->start_http();
    }

    private function field(string $html, string $name): string
    {
        $this->assertTrue((bool) preg_match('/name="' . preg_quote($name, '/') . '"[^>]*value="([^"]*)"/', $html, $m), "no $name in page");
        return html_entity_decode($m[1]);
    }

    /** The code in the newest message to $email. */
    private function code_in(string $raw): string
    {
        $this->assertTrue((bool) preg_match('/16px 0">(\d{6})</', quoted_printable_decode($raw), $m), 'no code in the mail');
        return $m[1];
    }

    private function register_step(string $email, string $code, string $nonce): array
    {
        return $this->http('/wp-login.php?action=register', ['user_login' => 'x', 'user_email' => $email, 'native_smtp_code' => $code,
            'native_smtp_nonce' => $nonce, 'wp-submit' => 'Register']);
    }

    public function test_register_with_an_emailed_code_email_only(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '1', 'email_only' => '1']);
        $email = 'new.member' . wp_rand() . '@example.com';
        [, , $form] = $this->http('/wp-login.php?action=register');
        $this->assertStringContainsString('native_smtp_code', $form);
        $nonce = $this->field($form, 'native_smtp_nonce');

        [$raw, $meta] = $this->received("plain", function () use ($email, $nonce, &$page) {
            [, , $page] = $this->register_step($email, '', $nonce);
        });
        $this->assertStringContainsString('a verification code is on its way', $page);
        $this->assertFalse(email_exists($email));
        $this->assertSame([$email], $meta['rcpt_tos']);
        $code = $this->code_in($raw);

        [, , $page] = $this->register_step($email, $code === '000000' ? '111111' : '000000', $nonce);
        $this->assertStringContainsString('verification code is not correct', $page);
        $this->assertFalse(email_exists($email));

        [$status, $headers] = $this->register_step($email, $code, $nonce);
        $this->assertSame(302, $status, $headers);
        $this->assertStringContainsString('checkemail=registered', $headers);
        wp_cache_flush();
        $user = get_user_by('email', $email);
        $this->assertInstanceOf(WP_User::class, $user);
        $this->assertStringStartsWith('new.member', $user->user_login);
    }

    public function test_registration_answers_do_not_reveal_existing_accounts(): void
    {
        $taken = 'taken' . wp_rand() . '@example.com';
        wp_insert_user(['user_login' => 'taken' . wp_rand(), 'user_email' => $taken, 'user_pass' => wp_generate_password()]);
        $free = 'free' . wp_rand() . '@example.com';
        $nonce = $this->field($this->http('/wp-login.php?action=register')[2], 'native_smtp_nonce');
        $answer = function (string $email) use ($nonce) {
            $html = $this->http('/wp-admin/admin-ajax.php', ['action' => 'native_smtp_send_code', '_ajax_nonce' => $nonce, 'email' => $email])[2];
            return str_replace($email, 'EMAIL', $html);
        };
        $this->assertSame($answer($free), $answer($taken));
        $this->assertStringContainsString('"success":true', $answer('other' . wp_rand() . '@example.com'));
    }

    public function test_login_requires_the_mailed_code_and_admins_are_exempt(): void
    {
        $login = 'member' . wp_rand();
        $email = "$login@example.com";
        wp_insert_user(['user_login' => $login, 'user_email' => $email, 'user_pass' => 'Member-Pass-123', 'role' => 'subscriber']);
        $this->http('/wp-login.php');  // sets the test cookie
        [$raw] = $this->received('plain', function () use ($login, &$page, &$headers) {
            [, $headers, $page] = $this->http('/wp-login.php', ['log' => $login, 'pwd' => 'Member-Pass-123', 'wp-submit' => 'Log In', 'testcookie' => 1]);
        });
        $this->assertStringContainsString('Enter it to finish signing in', $page, $page);
        $this->assertDoesNotMatchRegularExpression('/Set-Cookie: wordpress_logged_in_[^=]+=[^d;][^;]*;[^\n]*expires=[^\n]*20[3-9]\d/i', $headers);
        $token = $this->field($page, 'token');
        $nonce = $this->field($page, '_wpnonce');
        $user_id = $this->field($page, 'user_id');

        [$status, , $page] = $this->http('/wp-login.php?action=native_smtp_code', ['user_id' => $user_id, 'token' => $token, '_wpnonce' => $nonce, 'code' => '000000' === $this->code_in($raw) ? '111111' : '000000']);
        $this->assertSame(200, $status);
        $this->assertStringContainsString('verification code is not correct', $page);

        [$status, $headers] = $this->http('/wp-login.php?action=native_smtp_code', ['user_id' => $user_id, 'token' => $token, '_wpnonce' => $nonce, 'code' => $this->code_in($raw)]);
        $this->assertSame(302, $status);
        $this->assertMatchesRegularExpression('/Set-Cookie: wordpress_logged_in_\w+=' . preg_quote(rawurlencode($login), '/') . '/i', $headers);

        // The administrator is exempt: the password alone signs in.
        curl_setopt($this->curl, CURLOPT_COOKIELIST, 'ALL');
        $this->http('/wp-login.php');
        [$status, $headers] = $this->http('/wp-login.php', ['log' => 'admin', 'pwd' => 'admin-pass-123', 'wp-submit' => 'Log In', 'testcookie' => 1]);
        $this->assertSame(302, $status);
        $this->assertMatchesRegularExpression('/Set-Cookie: wordpress_logged_in_\w+=admin/i', $headers);
    }

    public function test_xmlrpc_and_application_passwords_cannot_skip_the_code(): void
    {
        $login = 'rpc' . wp_rand();
        $id = wp_insert_user(['user_login' => $login, 'user_email' => "$login@example.com", 'user_pass' => 'Rpc-Pass-123', 'role' => 'editor']);
        $this->assertStringContainsString('<name>faultCode</name><value><int>403</int>', $this->xmlrpc($login, 'Rpc-Pass-123'));
        $this->assertStringContainsString('<name>username</name>', $this->xmlrpc('admin', 'admin-pass-123'));
        $this->assertFalse(wp_is_application_passwords_available_for_user(get_user_by('id', $id)));
        // Core's own conditions (HTTPS...) still apply to everyone else; the plugin only withdraws them for code users.
        $this->assertFalse(Native_SMTP_Login_Code::application_passwords(true, get_user_by('id', $id)));
        $this->assertTrue(Native_SMTP_Login_Code::application_passwords(true, get_user_by('login', 'admin')));
    }

    private function xmlrpc(string $user, string $pass): string
    {
        $body = '<?xml version="1.0"?><methodCall><methodName>wp.getProfile</methodName><params>'
            . '<param><value><int>1</int></value></param><param><value><string>' . htmlspecialchars($user) . '</string></value></param>'
            . '<param><value><string>' . htmlspecialchars($pass) . '</string></value></param></params></methodCall>';
        curl_setopt($this->curl, CURLOPT_URL, WP_HOME . '/xmlrpc.php');
        curl_setopt($this->curl, CURLOPT_POSTFIELDS, $body);
        curl_setopt($this->curl, CURLOPT_HTTPHEADER, ['Content-Type: text/xml']);
        $response = curl_exec($this->curl);
        curl_setopt($this->curl, CURLOPT_HTTPHEADER, []);
        return preg_replace('/\s+/', '', substr($response, curl_getinfo($this->curl, CURLINFO_HEADER_SIZE)));
    }
}
