<?php
/**
 * The settings page as the site owner uses it, over HTTP against the running
 * site (PHP's built-in server with the extension, the same database): the
 * form saved through options.php, the test email by AJAX and by a plain
 * form post, and who may do either.
 */
final class AdminHttpTest extends Native_SMTP_TestCase
{
    private const PAGE = '/wp-admin/options-general.php?page=native-smtp';

    protected function setUp(): void
    {
        parent::setUp();
        wp_cache_flush();
        $this->start_http();
        $this->login('admin', 'admin-pass-123');
    }

    private function login(string $user, string $password): void
    {
        curl_setopt($this->curl, CURLOPT_COOKIELIST, 'ALL');
        $this->http('/wp-login.php');  // the test cookie
        [$status, $headers] = $this->http('/wp-login.php', ['log' => $user, 'pwd' => $password, 'wp-submit' => 'Log In', 'testcookie' => 1]);
        $this->assertSame(302, $status, "cannot log in as $user");
        $this->assertMatchesRegularExpression('/Set-Cookie: wordpress_logged_in_/i', $headers);
    }

    /** The value of the input $name inside the form with id $form. */
    private function field(string $html, string $form, string $name): string
    {
        $start = strpos($html, 'id="' . $form . '"');
        $this->assertNotFalse($start, "no form $form");
        $html = substr($html, $start, strpos($html, '</form>', $start) - $start);
        $this->assertTrue((bool) preg_match('/name="' . preg_quote($name, '/') . '" value="([^"]*)"/', $html, $m), "no $name in $form");
        return html_entity_decode($m[1]);
    }

    private function location(string $headers): string
    {
        $this->assertTrue((bool) preg_match('/^Location: (\S+)/mi', $headers, $m), $headers);
        return (string) preg_replace('#^https?://[^/]+#', '', $m[1]);
    }

    private function form(array $fields): array
    {
        $s = [];
        foreach ($fields + ['provider' => 'other', 'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5'] as $k => $v) {
            $s["native_smtp_settings[$k]"] = $v;
        }
        return $s;
    }

    public function test_the_form_saves_through_options_php_and_never_shows_the_password(): void
    {
        [$status, , $page] = $this->http(self::PAGE);
        $this->assertSame(200, $status);
        $this->assertStringContainsString('No SMTP server is set yet', $page);
        $nonce = $this->field($page, 'native-smtp-settings', '_wpnonce');

        $post = $this->form(['host' => '127.0.0.1', 'port' => self::$env['SMTP_TEST_PLAIN_PORT'], 'encryption' => 'none',
            'username' => self::$env['SMTP_TEST_USER'], 'password' => 'Http-Secret-Pw-1', 'from_email' => 'site@example.com', 'from_name' => 'Site']);
        [$status, $headers] = $this->http('/wp-admin/options.php', $post + ['option_page' => 'native_smtp', 'action' => 'update',
            '_wpnonce' => $nonce, '_wp_http_referer' => self::PAGE]);
        $this->assertSame(302, $status);
        $this->assertStringContainsString('settings-updated=true', $this->location($headers));
        wp_cache_flush();
        // Saved once, encrypted once (core sanitizes twice when it first adds the option).
        $this->assertSame('Http-Secret-Pw-1', Native_SMTP_Options::password());
        $cipher = get_option(Native_SMTP_Options::OPTION)['password'];

        [, , $page] = $this->http(self::PAGE . '&settings-updated=true');
        $this->assertStringNotContainsString('Http-Secret-Pw-1', $page);
        $this->assertStringNotContainsString(substr($cipher, 3, 24), $page);
        $this->assertMatchesRegularExpression('/id="native-smtp-password"[^>]*placeholder="saved"[^>]*value=""/', $page);
        $this->assertStringContainsString('All site mail is sent through 127.0.0.1', $page);

        // A bad port: an error on the page, nothing of this submission saved.
        $before = get_option(Native_SMTP_Options::OPTION);
        [, $headers] = $this->http('/wp-admin/options.php', $this->form(['host' => 'smtp.example.com', 'port' => '70000', 'encryption' => 'ssl',
            'username' => 'me@example.com', 'password' => 'Other-Pw']) + ['option_page' => 'native_smtp', 'action' => 'update', '_wpnonce' => $nonce,
            '_wp_http_referer' => self::PAGE]);
        [, , $page] = $this->http($this->location($headers));
        // Once next to the field, once as a summary at the top (printed by WordPress, linking to the field).
        $this->assertSame(1, substr_count($page, 'Port: enter a number between 1 and 65535'));
        $this->assertSame(1, substr_count($page, 'Nothing was saved.'));
        $this->assertStringContainsString('<a href="#native-smtp-port">Port</a>', $page);
        $this->assertMatchesRegularExpression('/id="native-smtp-host"[^>]*value="smtp.example.com"/', $page);  // as typed
        wp_cache_flush();
        $this->assertSame($before, get_option(Native_SMTP_Options::OPTION));

        // Without the nonce WordPress refuses before the plugin sees anything.
        [$status] = $this->http('/wp-admin/options.php', $this->form(['host' => 'evil.example.com']) + ['option_page' => 'native_smtp', 'action' => 'update']);
        $this->assertNotSame(302, $status);
        wp_cache_flush();
        $this->assertSame($before, get_option(Native_SMTP_Options::OPTION));
    }

    public function test_test_email_by_ajax_and_by_plain_form_post(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        [, , $page] = $this->http(self::PAGE);
        $this->assertTrue((bool) preg_match('/var nativeSmtp = (\{.*?\});/', $page, $m), 'no script settings');
        $ajax_nonce = json_decode($m[1], true)['testNonce'];

        [$raw, $meta] = $this->received('plain', function () use ($ajax_nonce, &$json) {
            $json = json_decode($this->http('/wp-admin/admin-ajax.php', ['action' => 'native_smtp_test', '_ajax_nonce' => $ajax_nonce,
                'to' => 'ajax-owner@example.com'])[2], true);
        });
        $this->assertTrue($json['success']);
        $this->assertSame('Congratulations! Your mail service is configured successfully.', $json['data']['message']);
        $this->assertSame(['ajax-owner@example.com'], $meta['rcpt_tos']);
        $this->assertStringContainsString('Congratulations! Your mail service is configured successfully.', quoted_printable_decode($raw));

        // Without JavaScript: the form posts to admin-post.php and the page shows the outcome.
        $nonce = $this->field($page, 'native-smtp-test', '_wpnonce');
        [, $meta] = $this->received('plain', function () use ($nonce, &$status, &$headers) {
            [$status, $headers] = $this->http('/wp-admin/admin-post.php', ['action' => 'native_smtp_test', '_wpnonce' => $nonce, 'to' => 'form-owner@example.com']);
        });
        $this->assertSame(302, $status);
        $this->assertSame(['form-owner@example.com'], $meta['rcpt_tos']);
        [, , $page] = $this->http($this->location($headers));
        $this->assertMatchesRegularExpression('/native-smtp-ok"><p><strong>Congratulations! Your mail service is configured successfully\.</', $page);
        $this->assertStringContainsString('Sent to form-owner@example.com with the saved settings.', $page);
        // Shown once.
        [, , $page] = $this->http($this->location($headers));
        $this->assertStringNotContainsString('native-smtp-ok', $page);
    }

    public function test_a_failed_test_email_over_ajax_explains_the_fix_and_hides_the_password(): void
    {
        $this->configure('SMTP_TEST_STARTTLS_PORT', 'starttls', ['provider' => 'qq', 'host' => 'localhost', 'password' => 'Qq-Wrong-Code-5']);
        [, , $page] = $this->http(self::PAGE);
        preg_match('/var nativeSmtp = (\{.*?\});/', $page, $m);
        $json = json_decode($this->http('/wp-admin/admin-ajax.php', ['action' => 'native_smtp_test',
            '_ajax_nonce' => json_decode($m[1], true)['testNonce'], 'to' => 'owner@example.com'])[2], true);
        $this->assertFalse($json['success']);
        $r = $json['data'];
        $this->assertSame('auth_failed', $r['category']);
        $this->assertSame('The mail server refused the account name or password.', $r['message']);
        $this->assertStringContainsString('535', $r['details']);  // the server's own words, in the details
        $this->assertStringContainsString('authorization code (授权码)', $r['fix']);  // the QQ Mail steps
        $this->assertStringContainsString('The account or password was refused', $r['fix']);  // the extension's hint
        $this->assertStringContainsString('STARTTLS', $r['transcript']);
        $this->assertStringContainsString('<redacted>', $r['transcript']);
        $this->assertStringNotContainsString('Qq-Wrong-Code-5', $r['transcript']);
        $this->assertStringNotContainsString(base64_encode("\0tester\0Qq-Wrong-Code-5"), $r['transcript']);
    }

    public function test_only_administrators_with_a_valid_nonce_may_send(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        [$status, , $body] = $this->http('/wp-admin/admin-ajax.php', ['action' => 'native_smtp_test', '_ajax_nonce' => 'bad', 'to' => 'x@example.com']);
        $this->assertSame(403, $status);
        $this->assertSame('-1', $body);

        $login = 'editor' . wp_rand();
        $id = wp_insert_user(['user_login' => $login, 'user_pass' => 'Editor-Pass-1', 'user_email' => "$login@example.com", 'role' => 'editor']);
        $this->login($login, 'Editor-Pass-1');
        [$status] = $this->http(self::PAGE);
        $this->assertSame(403, $status);
        // An editor's own valid nonce for the action (made for this session) is not enough.
        $cookie = '';
        foreach (curl_getinfo($this->curl, CURLINFO_COOKIELIST) as $line) {
            $f = explode("\t", $line);
            if (strpos($f[5], 'wordpress_logged_in_') === 0) {
                $cookie = rawurldecode($f[6]);
            }
        }
        $code = '$_COOKIE[LOGGED_IN_COOKIE] = getenv("EDITOR_COOKIE"); wp_set_current_user(' . $id . '); echo wp_create_nonce("native_smtp_test");';
        putenv('EDITOR_COOKIE=' . $cookie);
        [, $nonce] = $this->run_wordpress($code);
        putenv('EDITOR_COOKIE');
        $dir = self::$env['SMTP_TEST_MAILDIR'] . '/plain';
        $before = count(glob("$dir/*.eml") ?: []);
        [$status, , $body] = $this->http('/wp-admin/admin-ajax.php', ['action' => 'native_smtp_test', '_ajax_nonce' => trim($nonce), 'to' => 'x@example.com']);
        $this->assertSame(403, $status);
        $this->assertStringContainsString('You are not allowed to do this.', json_decode($body, true)['data']['message'] ?? $body);
        $this->assertCount($before, glob("$dir/*.eml") ?: []);
        wp_delete_user($id);
    }
}
