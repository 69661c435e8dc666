<?php
require_once __DIR__ . '/CodeTestHelpers.php';
/**
 * A network's wp-signup.php checks the code: a WordPress network made by
 * scripts/wordpress-multisite.sh (same MariaDB, its own port), over HTTP.
 */
final class MultisiteSignupTest extends Native_SMTP_TestCase
{
    use Native_SMTP_Code_Test_Helpers;

    private static string $url = '';

    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        $root = dirname(__DIR__, 2);
        exec(escapeshellarg("$root/scripts/wordpress-multisite.sh") . ' start 2>&1', $out, $status);
        if ($status !== 0) {
            throw new RuntimeException("wordpress-multisite.sh start failed:\n" . implode("\n", $out));
        }
        self::$url = 'http://127.0.0.1:' . (getenv('WP_MS_PORT') ?: '8081');
    }

    public static function tearDownAfterClass(): void
    {
        exec(escapeshellarg(dirname(__DIR__, 2) . '/scripts/wordpress-multisite.sh') . ' stop');
    }

    /** Runs $code in the network's main site (a PHP process loading it); returns its output. */
    private function network(string $code): string
    {
        $run = getenv('SMTP_TEST_RUN_DIR') ?: dirname(__DIR__, 2) . '/.run';
        $script = '$_SERVER["HTTP_HOST"] = ' . var_export(substr(self::$url, 7), true) . '; $_SERVER["REQUEST_URI"] = "/"; define("WP_ADMIN", true);'
            . 'require ' . var_export("$run/wordpress-ms/wp-load.php", true) . '; require_once ABSPATH . "wp-admin/includes/admin.php"; wp_set_current_user(1);' . $code;
        exec(self::php_shell(true) . ' -r ' . escapeshellarg($script) . ' 2>&1', $out, $status);
        $this->assertSame(0, $status, implode("\n", $out));
        return implode("\n", $out);
    }

    protected function setUp(): void
    {
        parent::setUp();
        $settings = var_export(['provider' => 'other', 'host' => '127.0.0.1', 'port' => self::$env['SMTP_TEST_PLAIN_PORT'], 'encryption' => 'none',
            'username' => self::$env['SMTP_TEST_USER'], 'password' => self::$env['SMTP_TEST_PASS'], 'from_email' => 'network@example.com',
            'from_name' => 'Network', 'register_code' => '1', 'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5'], true);
        $this->assertSame('multisite', $this->network('global $wpdb; $wpdb->query("DELETE FROM $wpdb->options WHERE option_name LIKE \'native\\\\_smtp\\\\_%\'"); wp_cache_flush();'
            . "update_option('native_smtp_settings', Native_SMTP_Settings_Page::sanitize(wp_slash($settings))); update_site_option('registration', 'all');"
            . 'echo is_multisite() ? "multisite" : "single";'));
        $this->curl = curl_init();
        curl_setopt_array($this->curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_COOKIEFILE => '', CURLOPT_HEADER => false, CURLOPT_TIMEOUT => 30]);
    }

    private function post(array $fields): string
    {
        curl_setopt($this->curl, CURLOPT_URL, self::$url . '/wp-signup.php');
        curl_setopt($this->curl, CURLOPT_POSTFIELDS, http_build_query($fields));
        return (string) curl_exec($this->curl);
    }

    private function signups(string $email): int
    {
        return (int) $this->network('global $wpdb; echo $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM $wpdb->signups WHERE user_email = %s", ' . var_export($email, true) . '));');
    }

    /** Core's sign-up form nonce: signup_form_id and _signup_form. */
    private function signup_nonce(string $html): array
    {
        $this->assertTrue((bool) preg_match("/name='signup_form_id' value='(\\d+)'/", $html, $id), 'no signup_form_id');
        $this->assertTrue((bool) preg_match('/name="_signup_form" value="([^"]+)"/', $html, $nonce), 'no _signup_form');
        return ['signup_form_id' => $id[1], '_signup_form' => $nonce[1]];
    }

    public function test_user_and_site_sign_ups_need_the_code(): void
    {
        curl_setopt($this->curl, CURLOPT_URL, self::$url . '/wp-signup.php');
        curl_setopt($this->curl, CURLOPT_HTTPGET, true);
        $form = (string) curl_exec($this->curl);
        $this->assertStringContainsString('name="native_smtp_code"', $form);
        $this->assertTrue((bool) preg_match('/name="native_smtp_nonce" value="([^"]+)"/', $form, $m));
        $nonce = $m[1];
        $nonces = $this->signup_nonce($form);

        $email = 'ms' . wp_rand() . '@example.com';
        $user = [
            'stage' => 'validate-user-signup', 'user_name' => 'ms' . wp_rand(), 'user_email' => $email, 'signup_for' => 'user',
            'native_smtp_nonce' => $nonce,
        ] + $nonces;
        [$raw] = $this->received('plain', function () use ($user, &$page) {
            $page = $this->post($user + ['native_smtp_code' => '']);
        });
        $this->assertStringContainsString('a verification code is on its way', $page);
        $this->assertSame(0, $this->signups($email));
        $code = $this->code_in($raw);
        $page = $this->post($user + ['native_smtp_code' => $code === '000000' ? '111111' : '000000']);
        $this->assertStringContainsString('verification code is not correct', $page);
        $this->assertSame(0, $this->signups($email));
        // The right code: core's sign-up (and its activation mail) goes ahead.
        $page = $this->post($user + ['native_smtp_code' => $code]);
        $this->assertStringContainsString('is your new username', $page);
        $this->assertSame(1, $this->signups($email));

        // A site sign-up: the user form checks the code, the site form only goes on from there.
        $email = 'msblog' . wp_rand() . '@example.com';
        $user = ['user_name' => 'msblog' . wp_rand(), 'user_email' => $email] + $user;
        $blog = ['stage' => 'validate-blog-signup', 'user_name' => $user['user_name'], 'user_email' => $email, 'blogname' => 'b' . wp_rand(),
            'blog_title' => 'Blog', 'blog_public' => '1'] + $nonces;
        $page = $this->post($blog);
        $this->assertStringContainsString('The form expired', $page, 'the site form skipped the code');
        $this->assertSame(0, $this->signups($email));
        [$raw] = $this->received('plain', fn() => $this->post(['signup_for' => 'blog'] + $user + ['native_smtp_code' => '']));
        $page = $this->post(['signup_for' => 'blog'] + $user + ['native_smtp_code' => $this->code_in($raw)]);
        $this->assertStringContainsString('name="blogname"', $page);
        $page = $this->post($this->signup_nonce($page) + $blog);
        $this->assertStringContainsString('is almost ready', $page);
        $this->assertSame(1, $this->signups($email));
    }
}
