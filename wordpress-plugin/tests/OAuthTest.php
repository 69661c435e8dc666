<?php
/**
 * OAuth 2.0 sign-in against the tests' own authorization server
 * (tests/servers/oauth_server.py) and an SMTP server that checks the bearer
 * tokens there (servers.sh "oauth"): the PKCE code flow over HTTP as the
 * owner clicks through it, the state check, the grant stored encrypted,
 * sending with the token, refresh before expiry and after the server refused
 * the token, revocation ending in "sign in again", PHPMailer's XOAUTH2.
 */
final class OAuthTest extends Native_SMTP_TestCase
{
    private const PAGE = '/wp-admin/options-general.php?page=native-smtp';
    private const ACCOUNT = 'tester@example.com';

    protected function setUp(): void
    {
        parent::setUp();
        delete_option(Native_SMTP_OAuth_App::OPTION);
        delete_option(Native_SMTP_OAuth_Tokens::OPTION);
        wp_cache_flush();
        $this->configure('SMTP_TEST_OAUTH_SMTP_PORT', 'starttls', ['provider' => 'office365', 'username' => self::ACCOUNT, 'password' => '', 'from_email' => self::ACCOUNT]);
        $this->start_http();
        $this->login('admin', 'admin-pass-123');
    }

    private function login(string $user, string $password): void
    {
        curl_setopt($this->curl, CURLOPT_COOKIELIST, 'ALL');
        $this->http('/wp-login.php');
        [$status] = $this->http('/wp-login.php', ['log' => $user, 'pwd' => $password, 'wp-submit' => 'Log In', 'testcookie' => 1]);
        $this->assertSame(302, $status, "cannot log in as $user");
    }

    /** A hidden field of the form with id $form on the settings page. */
    private function form_field(string $form, string $name): string
    {
        [, , $page] = $this->http(self::PAGE);
        $start = strpos($page, 'id="' . $form . '"');
        $this->assertNotFalse($start, "no form $form on the page");
        $html = substr($page, $start, strpos($page, '</form>', $start) - $start);
        $this->assertTrue((bool) preg_match('/name="' . preg_quote($name, '/') . '" value="([^"]*)"/', $html, $m), "no $name in $form");
        return html_entity_decode($m[1]);
    }

    private function location(string $headers): string
    {
        $this->assertTrue((bool) preg_match('/^Location: (\S+)/mi', $headers, $m), $headers);
        return $m[1];
    }

    /** The local authorization server: [status, JSON]. */
    private function oauth_server(string $path, ?array $post = null): array
    {
        $c = curl_init(self::$env['SMTP_TEST_OAUTH_URL'] . $path);
        curl_setopt_array($c, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 20]);
        if ($post !== null) {
            curl_setopt($c, CURLOPT_POSTFIELDS, http_build_query($post));
        }
        $body = curl_exec($c);
        return [curl_getinfo($c, CURLINFO_RESPONSE_CODE), json_decode((string) $body, true)];
    }

    private function grants(string $type): int
    {
        return (int) ($this->oauth_server('/test/stats')[1]['grants'][$type] ?? 0);
    }

    private function save_app(string $secret = null): void
    {
        $nonce = $this->form_field('native-smtp-oauth-app', '_wpnonce');
        [$status] = $this->http('/wp-admin/admin-post.php', ['action' => Native_SMTP_OAuth_Flow::SAVE_APP, '_wpnonce' => $nonce,
            'client_id' => self::$env['SMTP_TEST_OAUTH_CLIENT_ID'], 'client_secret' => $secret ?? self::$env['SMTP_TEST_OAUTH_CLIENT_SECRET'], 'tenant' => 'contoso.example']);
        $this->assertSame(302, $status);
    }

    /** Clicks "Sign in with Microsoft": the URL the browser is sent to. */
    private function start_sign_in(): string
    {
        $nonce = $this->form_field('native-smtp-oauth-start', '_wpnonce');
        [$status, $headers] = $this->http('/wp-admin/admin-post.php', ['action' => Native_SMTP_OAuth_Flow::START, '_wpnonce' => $nonce]);
        $this->assertSame(302, $status);
        return $this->location($headers);
    }

    /** The provider's answer (auto=1: "Allow" without the page): the redirect back to the site. */
    private function provider_redirect(string $authorize): string
    {
        $c = curl_init($authorize . '&auto=1');
        curl_setopt_array($c, [CURLOPT_RETURNTRANSFER => true, CURLOPT_HEADER => true, CURLOPT_TIMEOUT => 20]);
        $response = (string) curl_exec($c);
        $this->assertSame(302, curl_getinfo($c, CURLINFO_RESPONSE_CODE), $response);
        return $this->location($response);
    }

    /** Follows the redirect to the site; returns the notice shown on the settings page. */
    private function come_back(string $callback): string
    {
        [$status, $headers] = $this->http((string) preg_replace('#^https?://[^/]+#', '', $callback));
        $this->assertSame(302, $status);
        $this->assertStringContainsString('page=native-smtp', $this->location($headers));
        [, , $page] = $this->http(self::PAGE);
        $this->assertTrue((bool) preg_match('/native-smtp-oauth-notice[^>]*><p>([^<]*)</', $page, $m), 'no notice on the page');
        return html_entity_decode($m[1]);
    }

    private function sign_in(): void
    {
        $this->save_app();
        $notice = $this->come_back($this->provider_redirect($this->start_sign_in()));
        $this->assertStringContainsString('Signed in with Microsoft', $notice);
        wp_cache_flush();
    }

    /** wp_mail() with the WP_Error wp_mail_failed got, if any. */
    private function mail(string $subject): array
    {
        Native_SMTP_Mail_Router::close();
        $error = null;
        add_action('wp_mail_failed', $cb = function ($e) use (&$error) { $error = $e; });
        $ok = wp_mail('rcpt@example.com', $subject, 'Body');
        remove_action('wp_mail_failed', $cb);
        return [$ok, $error];
    }

    public function test_sign_in_with_pkce_and_state_then_the_grant_is_stored_encrypted(): void
    {
        [, , $page] = $this->http(self::PAGE);
        $this->assertStringContainsString('Sign in with Microsoft', $page);
        $this->assertStringContainsString('value="' . WP_HOME . '/wp-admin/admin-post.php"', $page, 'the redirect URI to copy');
        $this->assertMatchesRegularExpression('/id="native-smtp-oauth-start".*?disabled/s', $page, 'no sign-in before the app is saved');

        $this->save_app();
        $authorize = $this->start_sign_in();
        $this->assertStringStartsWith(self::$env['SMTP_TEST_OAUTH_URL'] . '/contoso.example/authorize?', $authorize, 'the tenant is in the path');
        parse_str((string) parse_url($authorize, PHP_URL_QUERY), $q);
        $this->assertSame('code', $q['response_type']);
        $this->assertSame('S256', $q['code_challenge_method']);
        $this->assertMatchesRegularExpression('/^[A-Za-z0-9_-]{43}$/', $q['code_challenge']);
        $this->assertSame(WP_HOME . '/wp-admin/admin-post.php', $q['redirect_uri']);
        $this->assertSame('https://outlook.office.com/SMTP.Send offline_access', $q['scope']);
        $this->assertSame(self::ACCOUNT, $q['login_hint']);
        $this->assertGreaterThanOrEqual(32, strlen($q['state']));
        $this->assertStringNotContainsString($q['state'], serialize(wp_load_alloptions()), 'the state is stored only as a hash');

        $callback = $this->provider_redirect($authorize);
        $codes = $this->grants('authorization_code');
        $this->assertStringContainsString('Signed in with Microsoft', $this->come_back($callback));
        $this->assertSame($codes + 1, $this->grants('authorization_code'));

        wp_cache_flush();
        $raw = get_option(Native_SMTP_OAuth_Tokens::OPTION);
        $this->assertStringStartsWith('v1:', $raw['refresh']);
        $this->assertStringStartsWith('rt-', Native_SMTP_Options::decrypt($raw['refresh']), 'decrypts with the password\'s key');
        $this->assertStringNotContainsString('rt-', serialize($raw));
        $this->assertStringNotContainsString('at-', serialize($raw));
        $this->assertStringStartsWith('v1:', get_option(Native_SMTP_OAuth_App::OPTION)['client_secret']);

        // The same redirect again (a replay): refused, no second exchange.
        $this->assertStringContainsString('expired or was already used', $this->come_back($callback));
        $this->assertSame($codes + 1, $this->grants('authorization_code'));

        [, , $page] = $this->http(self::PAGE);
        $this->assertStringContainsString('Signed in with Microsoft since', $page);
        $this->assertStringNotContainsString(self::$env['SMTP_TEST_OAUTH_CLIENT_SECRET'], $page);
    }

    public function test_the_state_is_bound_to_the_user_who_started(): void
    {
        $this->save_app();
        $callback = $this->provider_redirect($this->start_sign_in());
        $login = 'admin' . wp_rand();
        $id = wp_insert_user(['user_login' => $login, 'user_pass' => 'Other-Admin-1', 'user_email' => "$login@example.com", 'role' => 'administrator']);
        try {
            $this->login($login, 'Other-Admin-1');
            $this->assertStringContainsString('started by another user', $this->come_back($callback));
            $this->assertNull(Native_SMTP_OAuth_Tokens::grant());
        } finally {
            require_once ABSPATH . 'wp-admin/includes/user.php';
            wp_delete_user($id);
        }
    }

    public function test_a_declined_sign_in_and_a_wrong_client_secret_are_clear_errors(): void
    {
        $this->save_app();
        parse_str((string) parse_url($this->start_sign_in(), PHP_URL_QUERY), $q);
        $declined = WP_HOME . '/wp-admin/admin-post.php?' . http_build_query(['error' => 'access_denied', 'error_description' => 'The user declined.', 'state' => $q['state']]);
        $this->assertStringContainsString('Microsoft did not allow the sign-in (access_denied: The user declined.)', $this->come_back($declined));

        $this->save_app('wrong-secret');
        $notice = $this->come_back($this->provider_redirect($this->start_sign_in()));
        $this->assertStringContainsString('The app registration was refused', $notice);
        $this->assertStringContainsString('invalid_client', $notice);
        $this->assertNull(Native_SMTP_OAuth_Tokens::grant());
    }

    public function test_sends_with_the_token_refreshes_before_expiry_and_after_a_refusal_then_revocation_asks_to_sign_in_again(): void
    {
        $this->sign_in();
        [$raw, $meta] = $this->received('oauth', function () {
            $this->assertSame([true, null], $this->mail('OAuth one'));
        });
        $this->assertSame('XOAUTH2', $meta['auth_mechanism']);
        $this->assertSame(self::ACCOUNT, $meta['auth_user']);
        $this->assertStringContainsString('Subject: OAuth one', $raw);

        // Less than the margin left: refreshed before sending (and the rotated refresh token kept).
        $refreshes = $this->grants('refresh_token');
        $g = get_option(Native_SMTP_OAuth_Tokens::OPTION);
        $g['expires'] = time() + 60;
        update_option(Native_SMTP_OAuth_Tokens::OPTION, $g, false);
        $this->received('oauth', function () {
            $this->assertSame([true, null], $this->mail('OAuth two'));
        });
        $this->assertSame($refreshes + 1, $this->grants('refresh_token'));
        $after = Native_SMTP_OAuth_Tokens::grant();
        $this->assertNotSame(Native_SMTP_Options::decrypt($g['refresh']), Native_SMTP_Options::decrypt($after['refresh']));
        $this->assertGreaterThan(time() + 3000, $after['expires']);

        // The provider ends the token early: the server refuses it, one refresh, sent.
        $this->assertSame(200, $this->oauth_server('/test/expire', ['username' => self::ACCOUNT])[0]);
        $this->received('oauth', function () {
            $this->assertSame([true, null], $this->mail('OAuth three'));
        });
        $this->assertSame($refreshes + 2, $this->grants('refresh_token'));

        // The owner revokes the grant at the provider: a clear "sign in again", nothing sent.
        $token = Native_SMTP_Options::decrypt(Native_SMTP_OAuth_Tokens::grant()['access']);
        $this->oauth_server('/revoke', ['token' => Native_SMTP_Options::decrypt(Native_SMTP_OAuth_Tokens::grant()['refresh'])]);
        $box = glob(self::$env['SMTP_TEST_MAILDIR'] . '/oauth/*.eml');
        [$ok, $error] = $this->mail('OAuth four');
        $this->assertFalse($ok);
        $this->assertInstanceOf(WP_Error::class, $error);
        $data = $error->get_error_data();
        $this->assertSame('oauth_signin_required', $data['category']);
        $this->assertFalse($data['transient']);
        $this->assertStringContainsString('Sign in with Microsoft', $error->get_error_message());
        $this->assertStringContainsString('invalid_grant', $error->get_error_message());
        $this->assertStringNotContainsString($token, serialize($error));
        $this->assertSame($box, glob(self::$env['SMTP_TEST_MAILDIR'] . '/oauth/*.eml'));
        $refused = $this->grants('refresh_token_refused');
        $this->assertGreaterThanOrEqual(1, $refused);

        // No more requests to the provider until the owner signs in again.
        [$ok, $error] = $this->mail('OAuth five');
        $this->assertFalse($ok);
        $this->assertSame('oauth_signin_required', $error->get_error_data()['category']);
        $this->assertSame($refused, $this->grants('refresh_token_refused'));
        [, , $page] = $this->http(self::PAGE);
        $this->assertStringContainsString('has expired or was revoked', html_entity_decode($page));

        $this->sign_in();
        $this->received('oauth', function () {
            $this->assertSame([true, null], $this->mail('OAuth six'));
        });
    }

    public function test_sign_out_forgets_the_grant_and_mail_goes_back_to_the_password(): void
    {
        $this->sign_in();
        $nonce = $this->form_field('native-smtp-oauth-disconnect', '_wpnonce');
        [$status] = $this->http('/wp-admin/admin-post.php', ['action' => Native_SMTP_OAuth_Flow::DISCONNECT, '_wpnonce' => $nonce]);
        $this->assertSame(302, $status);
        $this->assertNull(Native_SMTP_OAuth_Tokens::grant());
        // Back to the password, which this server no longer takes: Microsoft's 5.7.30.
        [$ok, $error] = $this->mail('Password again');
        $this->assertFalse($ok);
        $this->assertStringContainsString('5.7.30', $error->get_error_message());
    }

    public function test_phpmailer_sends_with_xoauth2_through_the_token_provider(): void
    {
        $this->sign_in();
        $token = Native_SMTP_OAuth_Tokens::access_token();
        $this->assertIsString($token);
        require_once ABSPATH . WPINC . '/PHPMailer/PHPMailer.php';
        require_once ABSPATH . WPINC . '/PHPMailer/SMTP.php';
        require_once ABSPATH . WPINC . '/PHPMailer/Exception.php';
        // Loaded only where PHPMailer logs in with a token (it may declare PHPMailer's interface).
        require_once dirname(__DIR__) . '/includes/oauth/class-oauth-phpmailer-token.php';
        $provider = new Native_SMTP_OAuth_PHPMailer_Token(self::ACCOUNT, $token);
        $this->assertSame(base64_encode("user=" . self::ACCOUNT . "\001auth=Bearer $token\001\001"), $provider->getOauth64());
        $this->assertStringNotContainsString($token, print_r($provider, true));

        $m = new PHPMailer\PHPMailer\PHPMailer(true);
        $m->isSMTP();
        $m->Host = 'localhost';
        $m->Port = (int) self::$env['SMTP_TEST_OAUTH_SMTP_PORT'];
        $m->SMTPSecure = 'tls';
        $m->SMTPOptions = ['ssl' => ['cafile' => self::$env['SMTP_TEST_CA']]];
        Native_SMTP_OAuth_PHPMailer_Token::apply($m, self::ACCOUNT, $token);
        $m->setFrom(self::ACCOUNT);
        $m->addAddress('rcpt@example.com');
        $m->Subject = 'PHPMailer XOAUTH2';
        $m->Body = 'Body';
        [, $meta] = $this->received('oauth', function () use ($m) {
            $this->assertTrue($m->send());
        });
        $this->assertSame('XOAUTH2', $meta['auth_mechanism']);
        $this->assertSame(self::ACCOUNT, $meta['auth_user']);
    }

    public function test_without_the_extension_phpmailer_sends_refreshes_after_a_refusal_and_reports_a_revoked_grant(): void
    {
        $this->sign_in();
        // In a PHP without the extension, with WordPress's PHPMailer as the engine.
        $send = 'add_action("wp_mail_failed", function ($e) { $d = $e->get_error_data(); echo "failed: ", $d["category"], " | ", $e->get_error_message(), "\n"; });'
            . 'echo "engine: ", Native_SMTP_Engines::id(), "\n"; $sent = wp_mail("rcpt@example.com", "Via PHPMailer", "Body"); echo "sent: ", var_export($sent, true), "\n";';
        [$status, $out] = $this->run_wordpress($send, [], false);
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString("engine: phpmailer\nsent: true", $out);
        $last = glob(self::$env['SMTP_TEST_MAILDIR'] . '/oauth/*.json');
        $meta = json_decode(file_get_contents(end($last)), true);
        $this->assertSame(['XOAUTH2', self::ACCOUNT], [$meta['auth_mechanism'], $meta['auth_user']]);

        $refreshes = $this->grants('refresh_token');
        $this->oauth_server('/test/expire', ['username' => self::ACCOUNT]);
        [, $out] = $this->run_wordpress($send, [], false);
        $this->assertStringContainsString("sent: true", $out, 'refused once, refreshed, sent');
        $this->assertSame($refreshes + 1, $this->grants('refresh_token'));

        $this->oauth_server('/revoke', ['token' => Native_SMTP_Options::decrypt(Native_SMTP_OAuth_Tokens::grant()['refresh'])]);
        [, $out] = $this->run_wordpress($send, [], false);
        $this->assertStringContainsString('failed: oauth_signin_required | The sign-in for sending mail has expired or was revoked', $out);
        $this->assertStringContainsString('Choose "Sign in with Microsoft" again', $out);
        $this->assertStringContainsString('sent: false', $out);
    }

    public function test_wp_config_constants_hold_the_app_registration(): void
    {
        [$status, $out] = $this->run_wordpress('echo Native_SMTP_OAuth_App::client_id(), "|", Native_SMTP_OAuth_App::client_secret(), "|", Native_SMTP_OAuth_App::tenant(), "|",'
            . ' var_export(Native_SMTP_OAuth_App::locked("client_secret"), true), "|"; Native_SMTP_OAuth_Section::render();',
            ['NATIVE_SMTP_OAUTH_CLIENT_ID' => 'const-client', 'NATIVE_SMTP_OAUTH_CLIENT_SECRET' => 'const-secret', 'NATIVE_SMTP_OAUTH_TENANT' => 'organizations']);
        $this->assertSame(0, $status, $out);
        $this->assertStringStartsWith('const-client|const-secret|organizations|true|', $out);
        $this->assertStringContainsString('Set in wp-config.php (NATIVE_SMTP_OAUTH_CLIENT_SECRET)', $out);
        $this->assertMatchesRegularExpression('/id="native-smtp-oauth-client-id"[^>]*value="const-client"[^>]*disabled/', $out);
        $this->assertStringNotContainsString('const-secret', substr($out, strlen('const-client|const-secret|')));
    }
}
