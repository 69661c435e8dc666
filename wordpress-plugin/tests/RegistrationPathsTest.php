<?php
require_once __DIR__ . '/CodeTestHelpers.php';
/**
 * Every way to register checks the code, over HTTP against the running site:
 * wp-login.php with a CAPTCHA plugin beside it (stand-in), the
 * [native_smtp_register] shortcode, and WooCommerce's My Account
 * registration (stand-in calling its hooks). Multisite's wp-signup.php is in
 * MultisiteSignupTest.
 */
final class RegistrationPathsTest extends Native_SMTP_TestCase
{
    use Native_SMTP_Code_Test_Helpers;

    private const CAPTCHA = 'native-smtp-test-captcha.php';
    private const WOOCOMMERCE = 'native-smtp-test-woocommerce.php';
    private const PAGES = 'native-smtp-test-page-renderer.php';

    protected function setUp(): void
    {
        parent::setUp();
        $this->forget_codes();
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '1']);
        update_option('users_can_register', 1);
        wp_cache_flush();
        $this->start_http();
    }

    protected function tearDown(): void
    {
        deactivate_plugins([self::CAPTCHA, self::WOOCOMMERCE, self::PAGES]);
        delete_option('woocommerce_enable_myaccount_registration');
        update_option('users_can_register', 1);
    }

    private function ajax_nonce(string $html): string
    {
        $this->assertTrue((bool) preg_match('/data-nonce="([^"]+)"/', $html, $m), 'no Send code button');
        return $m[1];
    }

    /** Mail to $email that arrived while $send ran (waits briefly for late ones). */
    private function mail_count(string $email, callable $send): int
    {
        $dir = self::$env['SMTP_TEST_MAILDIR'] . '/plain';
        $before = glob("$dir/*.json") ?: [];
        $send();
        usleep(300000);
        $n = 0;
        foreach (array_diff(glob("$dir/*.json") ?: [], $before) as $file) {
            $n += in_array($email, json_decode(file_get_contents($file), true)['rcpt_tos'], true) ? 1 : 0;
        }
        return $n;
    }

    private function register(array $fields): array
    {
        return $this->http('/wp-login.php?action=register', $fields + ['wp-submit' => 'Register']);
    }

    public function test_a_captcha_plugin_keeps_working_and_a_refused_form_mails_no_code(): void
    {
        $this->assertNull(activate_plugin(self::CAPTCHA));
        [, , $form] = $this->http('/wp-login.php?action=register');
        $this->assertStringContainsString('name="test_captcha"', $form);
        $this->assertStringContainsString('name="native_smtp_code"', $form);
        $this->assertStringContainsString('<p class="test-captcha">', $form, 'the other plugin\'s field is shown as it printed it');
        $nonce = $this->field($form, 'native_smtp_nonce');
        $email = 'captcha' . wp_rand() . '@example.com';
        $fields = ['user_login' => 'captcha' . wp_rand(), 'user_email' => $email, 'native_smtp_nonce' => $nonce];

        // Wrong answer: the CAPTCHA's error, and no code mailed.
        $this->assertSame(0, $this->mail_count($email, function () use ($fields, &$page) {
            [, , $page] = $this->register($fields + ['test_captcha' => '8', 'native_smtp_code' => '']);
        }));
        $this->assertStringContainsString('the answer to the question is wrong', $page);

        // Right answer: the code is mailed; with it, the account is made.
        [$raw] = $this->received('plain', function () use ($fields, &$page) {
            [, , $page] = $this->register($fields + ['test_captcha' => '7', 'native_smtp_code' => '']);
        });
        $this->assertStringContainsString('a verification code is on its way', $page);
        // The right code does not carry a wrong CAPTCHA answer.
        [, , $page] = $this->register($fields + ['test_captcha' => '1', 'native_smtp_code' => $this->code_in($raw)]);
        $this->assertStringContainsString('the answer to the question is wrong', $page);
        $this->assertFalse(email_exists($email));
        [$status, $headers] = $this->register($fields + ['test_captcha' => '7', 'native_smtp_code' => $this->code_in($raw)]);
        $this->assertSame(302, $status, $headers);
        wp_cache_flush();
        $this->assertNotFalse(email_exists($email));
    }

    public function test_the_shortcode_form_fires_register_form_and_goes_through_registration_errors(): void
    {
        $this->assertNull(activate_plugin(self::CAPTCHA));
        $this->assertNull(activate_plugin(self::PAGES));
        $page_id = wp_insert_post(['post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Join', 'post_content' => '[native_smtp_register]']);
        [, , $html] = $this->http('/?page_id=' . $page_id);
        $this->assertStringContainsString('class="native-smtp-register', $html);
        $this->assertStringContainsString('name="test_captcha"', $html);
        $this->assertStringContainsString('name="native_smtp_code"', $html);
        $this->assertMatchesRegularExpression('#<script[^>]+src=[\'"][^\'"]+/assets/codes\.js#', $html);
        $form = substr($html, strpos($html, 'class="native-smtp-register'));
        $form = substr($form, 0, strpos($form, '</form>'));
        $this->assertStringNotContainsString('<script', $form, 'inline script in the form');
        $this->assertStringNotContainsString('<style', $form, 'inline style in the form');
        $this->assertMatchesRegularExpression('#method="post" action="[^"]*wp-login\.php\?action=register"#', $form);

        $email = 'short' . wp_rand() . '@example.com';
        $fields = ['user_login' => 'short' . wp_rand(), 'user_email' => $email, 'native_smtp_nonce' => $this->field($html, 'native_smtp_nonce'), 'test_captcha' => '7'];
        [$raw] = $this->received('plain', fn() => $this->register($fields + ['native_smtp_code' => '']));
        [$status] = $this->register($fields + ['native_smtp_code' => $this->code_in($raw)]);
        $this->assertSame(302, $status);
        wp_cache_flush();
        $this->assertNotFalse(email_exists($email));
        wp_delete_post($page_id, true);
    }

    public function test_woocommerce_registration_checks_the_code(): void
    {
        $this->assertNull(activate_plugin(self::WOOCOMMERCE));
        update_option('users_can_register', 0);  // WooCommerce's own switch is what counts there
        update_option('woocommerce_enable_myaccount_registration', 'yes');
        [, , $html] = $this->http('/?native_smtp_test=wc-register');
        $this->assertStringContainsString('name="native_smtp_code"', $html);
        $email = 'shopper' . wp_rand() . '@example.com';
        $fields = ['email' => $email, 'password' => 'Shop-Pass-123', 'woocommerce-register-nonce' => $this->field($html, 'woocommerce-register-nonce'),
            'native_smtp_nonce' => $this->field($html, 'native_smtp_nonce'), 'register' => 'Register'];

        // "Send code" (AJAX) mails it; the form without the code makes no account.
        [$raw] = $this->received('plain', function () use ($html, $email, &$answer) {
            [, , $answer] = $this->http('/wp-admin/admin-ajax.php', ['action' => 'native_smtp_send_code', '_ajax_nonce' => $this->ajax_nonce($html), 'email' => $email]);
        });
        $this->assertStringContainsString('"success":true', $answer);
        [, , $page] = $this->http('/?native_smtp_test=wc-register', $fields + ['native_smtp_code' => '000000' === $this->code_in($raw) ? '111111' : '000000']);
        $this->assertStringContainsString('verification code is not correct', $page);
        wp_cache_flush();
        $this->assertFalse(email_exists($email));
        [, , $page] = $this->http('/?native_smtp_test=wc-register', $fields + ['native_smtp_code' => $this->code_in($raw)]);
        $this->assertStringContainsString('Account created', $page);
        wp_cache_flush();
        $this->assertNotFalse(email_exists($email));

        // Both switches off: no code is mailed.
        update_option('woocommerce_enable_myaccount_registration', 'no');
        $other = 'shopper' . wp_rand() . '@example.com';
        $this->assertSame(0, $this->mail_count($other, function () use ($html, $other, &$answer) {
            [, , $answer] = $this->http('/wp-admin/admin-ajax.php', ['action' => 'native_smtp_send_code', '_ajax_nonce' => $this->ajax_nonce($html), 'email' => $other]);
        }));
        $this->assertStringContainsString('"success":false', $answer);
    }
}
