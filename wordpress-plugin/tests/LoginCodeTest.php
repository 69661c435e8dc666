<?php
require_once __DIR__ . '/CodeTestHelpers.php';
require_once __DIR__ . '/NaiveClient.php';

/**
 * The login code over HTTP against the running site, as an attacker who
 * knows the password and as the member: the password step leaves no usable
 * session on any login path; after the code the login is a normal one.
 */
final class LoginCodeTest extends Native_SMTP_TestCase
{
    use Native_SMTP_Code_Test_Helpers;

    private const STAND_IN = 'native-smtp-test-frontend-login.php';
    private const PASSWORD = 'Member-Pass-123';

    private WP_User $member;

    protected function setUp(): void
    {
        parent::setUp();
        $this->forget_codes();
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['login_code' => '1']);
        $login = 'member' . wp_rand();
        $id = wp_insert_user(['user_login' => $login, 'user_email' => "$login@example.com", 'user_pass' => self::PASSWORD, 'role' => 'subscriber']);
        $this->member = get_user_by('id', $id);
        $this->assertNull(activate_plugin(self::STAND_IN));
        wp_cache_flush();
    }

    protected function tearDown(): void
    {
        deactivate_plugins(self::STAND_IN);
    }

    private function client(): Native_SMTP_Naive_Client
    {
        $client = new Native_SMTP_Naive_Client(WP_HOME);
        $client->request('/wp-login.php');  // core's test cookie
        return $client;
    }

    private function password_step(Native_SMTP_Naive_Client $client, WP_User $user, array $extra = []): array
    {
        return $client->request('/wp-login.php', $extra + ['log' => $user->user_login, 'pwd' => self::PASSWORD, 'wp-submit' => 'Log In', 'testcookie' => 1]);
    }

    private function session_tokens(WP_User $user): array
    {
        wp_cache_flush();
        return WP_Session_Tokens::get_instance($user->ID)->get_all();
    }

    private function wp_login_count(WP_User $user): int
    {
        wp_cache_flush();
        return (int) get_user_meta($user->ID, 'native_smtp_test_wp_login', true);
    }

    /** The code step's form fields from a page, with $code typed. */
    private function code_post(string $page, string $code): array
    {
        return ['native_smtp_user' => $this->field($page, 'native_smtp_user'), 'native_smtp_pending' => $this->field($page, 'native_smtp_pending'), 'native_smtp_code' => $code];
    }

    private function assert_no_auth_cookie_kept(Native_SMTP_Naive_Client $client): void
    {
        foreach ($client->cookies as $name => $value) {
            if (preg_match('/^wordpress_(logged_in_|sec_|[0-9a-f]{32}$)/', $name)) {
                $this->assertSame('', trim($value, ' '), "an auth cookie $name was sent with a value");
            }
        }
    }

    public function test_the_password_alone_leaves_no_usable_session(): void
    {
        $attacker = $this->client();
        [$raw] = $this->received('plain', function () use ($attacker, &$status, &$page) {
            [$status, , $page] = $this->password_step($attacker, $this->member);
        });
        $this->assertSame(200, $status);
        $this->assertStringContainsString('Enter it to finish signing in', $page);
        $this->assertFalse($attacker->has_session(), 'wp-admin opened with the password alone');
        $this->assertSame([], $this->session_tokens($this->member), 'a session token survived the password step');
        $this->assert_no_auth_cookie_kept($attacker);
        $this->assertSame(0, $this->wp_login_count($this->member), 'wp_login fired before the code');
        // The pending login is in the form's body only, never in a URL.
        $this->assertMatchesRegularExpression('/<form[^>]+action="[^"]*action=native_smtp_code"[^>]*method="post"/', $page);
        $pending = $this->field($page, 'native_smtp_pending');
        $this->assertSame(0, preg_match('/(href|action)="[^"]*' . preg_quote($pending, '/') . '/', $page));

        // A wrong code: still nothing.
        $code = $this->code_in($raw);
        [$status, , $again] = $attacker->request('/wp-login.php?action=native_smtp_code', $this->code_post($page, $code === '000000' ? '111111' : '000000'));
        $this->assertSame(200, $status);
        $this->assertStringContainsString('verification code is not correct', $again);
        $this->assertFalse($attacker->has_session());
        // The pending token does not work from a URL.
        [, , $get] = $attacker->request('/wp-login.php?action=native_smtp_code&' . http_build_query($this->code_post($page, $code)));
        $this->assertStringContainsString('Please log in again', $get);
        $this->assertFalse($attacker->has_session());

        // The right code: a normal login, wp_login once, one session.
        [$status, $headers] = $attacker->request('/wp-login.php?action=native_smtp_code', $this->code_post($page, $code));
        $this->assertSame(302, $status, $headers);
        $this->assertMatchesRegularExpression('#Location: ' . preg_quote(admin_url('profile.php'), '#') . '#i', $headers);
        $this->assertTrue($attacker->has_session());
        $this->assertCount(1, $this->session_tokens($this->member));
        $this->assertSame(1, $this->wp_login_count($this->member));
        // Used up: the same pending login cannot be finished twice.
        [, , $replay] = $attacker->request('/wp-login.php?action=native_smtp_code', $this->code_post($page, $code));
        $this->assertStringContainsString('Please log in again', $replay);
    }

    public function test_administrators_need_the_code_unless_exempted(): void
    {
        $admin = get_user_by('login', 'admin');
        $sessions = $this->session_tokens($admin);
        $client = $this->client();
        [$status, , $page] = $client->request('/wp-login.php', ['log' => 'admin', 'pwd' => 'admin-pass-123', 'testcookie' => 1]);
        $this->assertSame(200, $status);
        $this->assertStringContainsString('Enter it to finish signing in', $page);
        $this->assertFalse($client->has_session());
        $this->assertSame($sessions, $this->session_tokens($admin));

        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['login_code' => '1', 'admin_exempt' => '1']);
        $client = $this->client();
        [$status] = $client->request('/wp-login.php', ['log' => 'admin', 'pwd' => 'admin-pass-123', 'testcookie' => 1]);
        $this->assertSame(302, $status);
        $this->assertTrue($client->has_session());
    }

    public function test_remember_me_and_redirect_to_survive_the_code_step(): void
    {
        $target = home_url('/?page_id=2');
        foreach ([true, false] as $remember) {
            $login = 'remember' . wp_rand();
            $member = get_user_by('id', wp_insert_user(['user_login' => $login, 'user_email' => "$login@example.com", 'user_pass' => self::PASSWORD]));
            $client = $this->client();
            $extra = ['redirect_to' => $target] + ($remember ? ['rememberme' => 'forever'] : []);
            [$raw] = $this->received('plain', function () use ($client, $member, $extra, &$page) {
                [, , $page] = $this->password_step($client, $member, $extra);
            });
            [$status, $headers] = $client->request('/wp-login.php?action=native_smtp_code', $this->code_post($page, $this->code_in($raw)));
            $this->assertSame(302, $status);
            $this->assertStringContainsString('Location: ' . $target, $headers);
            $logged_in = array_values(preg_grep('/^Set-Cookie: wordpress_logged_in_/i', $client->set_cookie));
            $this->assertCount(1, $logged_in);
            $this->assertSame($remember, (bool) preg_match('/expires=/i', $logged_in[0]), $logged_in[0]);
        }
    }

    public function test_wp_admin_re_login_dialog_closes_after_the_code(): void
    {
        $client = $this->client();
        [$raw] = $this->received('plain', function () use ($client, &$page) {
            [, , $page] = $client->request('/wp-login.php?interim-login=1', ['log' => $this->member->user_login, 'pwd' => self::PASSWORD, 'interim-login' => '1', 'testcookie' => 1]);
        });
        $this->assertStringContainsString('interim-login', $page);
        $this->assertFalse($client->has_session());
        [$status, , $done] = $client->request('/wp-login.php?action=native_smtp_code', $this->code_post($page, $this->code_in($raw)));
        $this->assertSame(200, $status);
        $this->assertStringContainsString('interim-login-success', $done);
        $this->assertTrue($client->has_session());
    }

    public function test_front_end_wp_signon_shows_the_code_step_and_returns_to_the_page(): void
    {
        $client = $this->client();
        [$raw] = $this->received('plain', function () use ($client, &$status, &$page) {
            [$status, , $page] = $client->request('/?native_smtp_test=login', ['username' => $this->member->user_login, 'password' => self::PASSWORD]);
        });
        $this->assertSame(200, $status, $page);
        $this->assertStringContainsString('Enter it to finish signing in', $page);
        $this->assertStringContainsString('native-smtp-login-screen', $page);
        $this->assertStringNotContainsString('Fatal error', $page);
        $this->assert_no_auth_cookie_kept($client);
        $this->assertSame([], $this->session_tokens($this->member));
        $this->assertFalse($client->has_session());

        [$status, $headers] = $client->request('/wp-login.php?action=native_smtp_code', $this->code_post($page, $this->code_in($raw)));
        $this->assertSame(302, $status);
        $this->assertStringContainsString('Location: ' . home_url('/?native_smtp_test=login'), $headers);
        $this->assertTrue($client->has_session());
        $this->assertSame(1, $this->wp_login_count($this->member));
    }

    public function test_ajax_wp_signon_gets_the_code_step_instead_of_a_session(): void
    {
        $client = $this->client();
        [$raw] = $this->received('plain', function () use ($client, &$body) {
            [, , $body] = $client->request('/wp-admin/admin-ajax.php', ['action' => 'native_smtp_test_login', 'username' => $this->member->user_login, 'password' => self::PASSWORD],
                ['Referer: ' . home_url('/?page_id=2')]);
        });
        $json = json_decode($body, true);
        $this->assertFalse($json['success'], $body);
        $this->assertTrue($json['data']['code_required']);
        $this->assert_no_auth_cookie_kept($client);
        $this->assertSame([], $this->session_tokens($this->member));
        $this->assertFalse($client->has_session());
        [$status, $headers] = $client->request('/wp-login.php?action=native_smtp_code', $this->code_post($json['data']['form'], $this->code_in($raw)));
        $this->assertSame(302, $status);
        $this->assertStringContainsString('Location: ' . home_url('/?page_id=2'), $headers);
        $this->assertTrue($client->has_session());
    }

    public function test_xmlrpc_and_application_passwords_cannot_skip_the_code(): void
    {
        $this->member->set_role('editor');
        $this->assertStringContainsString('<name>faultCode</name><value><int>403</int>', $this->xmlrpc($this->member->user_login, self::PASSWORD));
        $this->assertFalse(wp_is_application_passwords_available_for_user($this->member));
        $this->assertFalse(Native_SMTP_Login_Code::application_passwords(true, $this->member));
        // Exempted administrators keep both; core's own conditions (HTTPS...) still apply to everyone.
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['login_code' => '1', 'admin_exempt' => '1']);
        $this->assertStringContainsString('<name>username</name>', $this->xmlrpc('admin', 'admin-pass-123'));
        $this->assertTrue(Native_SMTP_Login_Code::application_passwords(true, get_user_by('login', 'admin')));
        $this->assertSame([], $this->session_tokens($this->member));
    }

    private function xmlrpc(string $user, string $pass): string
    {
        $body = '<?xml version="1.0"?><methodCall><methodName>wp.getProfile</methodName><params>'
            . '<param><value><int>1</int></value></param><param><value><string>' . htmlspecialchars($user) . '</string></value></param>'
            . '<param><value><string>' . htmlspecialchars($pass) . '</string></value></param></params></methodCall>';
        curl_setopt_array($curl = curl_init(WP_HOME . '/xmlrpc.php'), [CURLOPT_RETURNTRANSFER => true, CURLOPT_POSTFIELDS => $body, CURLOPT_HTTPHEADER => ['Content-Type: text/xml']]);
        return preg_replace('/\s+/', '', (string) curl_exec($curl));
    }
}
