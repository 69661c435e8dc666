<?php
require_once __DIR__ . '/CodeTestHelpers.php';

final class CodesTest extends Native_SMTP_TestCase
{
    use Native_SMTP_Code_Test_Helpers;

    private int $clock = 0;

    protected function setUp(): void
    {
        parent::setUp();
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '1']);
        $this->forget_codes();
        $this->clock = (intdiv(time(), 3600) + 1) * 3600;  // the start of an hour: counters are kept per clock hour
        add_filter('native_smtp_now', [$this, 'now']);
    }

    protected function tearDown(): void
    {
        remove_filter('native_smtp_now', [$this, 'now']);
    }

    public function now(): int
    {
        return $this->clock;
    }

    /** Sends a code and reads it back from the captured mail. */
    private function code_for(string $email, string $purpose = 'registration'): string
    {
        [$raw, $meta] = $this->received('plain', fn() => $this->assertTrue(Native_SMTP_Codes::send($purpose, $email)));
        $this->assertSame([$email], $meta['rcpt_tos']);
        $this->assertTrue((bool) preg_match('/letter-spacing:6px;margin:16px 0">(\d{6})</', quoted_printable_decode($raw), $m));
        return $m[1];
    }

    public function test_code_mail_names_the_site_and_validity_and_stores_only_a_token(): void
    {
        $email = 'fresh' . wp_rand() . '@example.com';
        [$raw] = $this->received('plain', fn() => Native_SMTP_Codes::send('registration', $email));
        $body = quoted_printable_decode($raw);
        $this->assertStringContainsString(get_bloginfo('name'), $this->headers($raw)['Subject']);
        $this->assertStringContainsString('valid for 10 minutes', $body);
        preg_match('/16px 0">(\d{6})</', $body, $m);
        global $wpdb;
        $stored = $wpdb->get_col("SELECT option_value FROM {$wpdb->options} WHERE option_name LIKE '%native\\_smtp\\_code\\_%'");
        $this->assertCount(1, array_filter($stored, fn($v) => strncmp($v, 'v1.', 3) === 0));
        foreach ($stored as $value) {
            $this->assertStringNotContainsString($m[1], $value);
        }
        $this->assertSame('valid', Native_SMTP_Codes::verify('registration', $email, $m[1]));
        $this->assertSame('missing', Native_SMTP_Codes::verify('registration', $email, $m[1]));
    }

    public function test_wrong_expired_and_too_many_attempts(): void
    {
        $email = 'a' . wp_rand() . '@example.com';
        $code = $this->code_for($email);
        $wrong = $code === '000000' ? '111111' : '000000';
        $this->assertSame('invalid', Native_SMTP_Codes::verify('registration', $email, $wrong));
        $this->assertSame('missing', Native_SMTP_Codes::verify('login', $email, $code));  // other purpose: nothing issued
        $this->clock += 601;
        $this->assertSame('expired', Native_SMTP_Codes::verify('registration', $email, $code));

        $this->clock += 3600;
        $email2 = 'b' . wp_rand() . '@example.com';
        $code2 = $this->code_for($email2);
        for ($i = 0; $i < 5; $i++) {
            $this->assertSame('invalid', Native_SMTP_Codes::verify('registration', $email2, $wrong === $code2 ? '222222' : $wrong));
        }
        $this->assertSame('too_many_attempts', Native_SMTP_Codes::verify('registration', $email2, $code2));
        $this->assertStringContainsString('Request a new code', Native_SMTP_Codes::message('too_many_attempts'));
    }

    public function test_resend_cooldown_and_a_new_code_replaces_the_old(): void
    {
        $email = 'c' . wp_rand() . '@example.com';
        $first = $this->code_for($email);
        $again = Native_SMTP_Codes::send('registration', $email);
        $this->assertInstanceOf(WP_Error::class, $again);
        $this->assertSame('rate_limited', $again->get_error_code());
        $this->assertSame(60, $again->get_error_data()['retry_after']);
        $this->clock += 61;
        $second = $this->code_for($email);
        if ($first !== $second) {
            $this->assertSame('invalid', Native_SMTP_Codes::verify('registration', $email, $first));
        }
        $this->assertSame('valid', Native_SMTP_Codes::verify('registration', $email, $second));
    }

    public function test_hourly_limit_per_address(): void
    {
        $email = 'd' . wp_rand() . '@example.com';
        for ($i = 0; $i < Native_SMTP_Code_Limits::PER_EMAIL_HOURLY; $i++) {
            $this->code_for($email);
            $this->clock += 61;
        }
        $blocked = Native_SMTP_Codes::send('registration', $email);
        $this->assertInstanceOf(WP_Error::class, $blocked);
        $this->assertStringContainsString('wait an hour', $blocked->get_error_message());
        $this->clock += 3600;
        $this->code_for($email);
    }

    public function test_email_only_user_names_are_unique_and_sanitized(): void
    {
        $this->assertSame('john.doe', Native_SMTP_Registration::username_for('John.Doe@example.com'));
        $this->assertSame('member', Native_SMTP_Registration::username_for('山田@example.jp'));
        $this->assertSame('admin2', Native_SMTP_Registration::username_for('admin@example.com'));
    }
}
