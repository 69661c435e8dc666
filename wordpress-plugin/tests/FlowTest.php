<?php
require_once __DIR__ . '/CodeTestHelpers.php';
/**
 * What members do, over HTTP against the running site (PHP's built-in server
 * with the extension, the same database), with mail captured by aiosmtpd.
 */
final class FlowTest extends Native_SMTP_TestCase
{
    use Native_SMTP_Code_Test_Helpers;


    protected function setUp(): void
    {
        parent::setUp();
        $this->forget_codes();
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '1']);
        update_option('users_can_register', 1);
        wp_cache_flush();
        $this->start_http();
    }

    private function register_step(string $email, string $code, string $nonce): array
    {
        return $this->http('/wp-login.php?action=register', ['user_login' => 'u' . md5($email), 'user_email' => $email, 'native_smtp_code' => $code,
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
            return preg_replace('/\d+/', 'N', str_replace($email, 'EMAIL', $html));
        };
        $this->assertSame($answer($free), $answer($taken));
        // The second request, inside the cooldown, is answered alike too.
        $second = $answer($free);
        $this->assertStringContainsString('Please wait', $second);
        $this->assertSame($second, $answer($taken));
        // The form sent without JavaScript (no code yet) is answered alike, with no "already registered".
        $form = function (string $email) use ($nonce) {
            [, , $page] = $this->register_step($email, '', $nonce);
            $this->assertStringNotContainsString('already registered', $page);
            preg_match('/<div id="login_error"[^>]*>(.*?)<\/div>/s', $page, $m);  // WordPress 6.8+ adds a class
            return preg_replace('/\d+/', 'N', str_replace($email, 'EMAIL', $m[1] ?? $page));
        };
        $this->assertSame($form($free), $form($taken));
        // And so is a typed code: a token exists for the taken address as for the free one.
        foreach ([$free, $taken] as $email) {
            [, , $page] = $this->register_step($email, '000000', $nonce);
            $this->assertStringContainsString('verification code is not correct', $page);
            $this->assertStringNotContainsString('already registered', $page);
        }
        $this->assertStringContainsString('"success":true', $answer('other' . wp_rand() . '@example.com'));
    }
}
