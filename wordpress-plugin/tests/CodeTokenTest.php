<?php
/**
 * The PHP implementation of the verification-code tokens against the
 * extension's (the native core): a token issued by one verifies with the
 * other, both ways, in one process and across processes with and without the
 * extension loaded; the same updates, the same refusals, the same texts.
 * In the suite's runs without the extension the native side is a child
 * PHP loading the module (see native()).
 */
final class CodeTokenTest extends Native_SMTP_TestCase
{
    private const SECRET = 'interop-secret-0123456789abcdef';

    /**
     * Smtp\VerificationCode::$method(...$args) as native_smtp_test_code_call()
     * answers it: in this process when it has the extension, else in a child
     * PHP that loads it.
     */
    private static function native(string $method, array $args): array
    {
        $script = __DIR__ . '/fixtures/verification-code-call.php';
        require_once $script;
        if (extension_loaded('smtp')) {
            return native_smtp_test_code_call($method, $args);
        }
        $command = [...self::php_command(true), $script];
        $child = proc_open($command, [['pipe', 'r'], ['pipe', 'w'], ['pipe', 'w']], $pipes);
        fwrite($pipes[0], (string) json_encode([$method, $args]));
        fclose($pipes[0]);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $answer = json_decode($out, true);
        if (($status = proc_close($child)) !== 0 || !is_array($answer)) {
            throw new RuntimeException(implode(' ', $command) . " failed ($status): $out $err");
        }
        return $answer;
    }

    private static function native_issue(string $purpose, string $email, int $ttl, int $length, bool $alphanumeric, int $max, int $now,
        string $secret = self::SECRET): array
    {
        $answer = self::native('issue', [$secret, $purpose, $email, $ttl, $length, $alphanumeric, $max, $now]);
        if ($answer['error'] !== '') {
            throw new RuntimeException("native issue() refused: {$answer['error']}: {$answer['message']}");
        }
        return $answer['result'];
    }

    private static function native_verify(string $purpose, string $email, string $code, string &$token, int $now): string
    {
        $answer = self::native('verify', [self::SECRET, $purpose, $email, $code, $token, $now]);
        $token = $answer['args'][4];
        return $answer['result'];
    }

    private static function php_verify(string $purpose, string $email, string $code, string &$token, int $now): string
    {
        return Native_SMTP_Code_Token_PHP::verify(self::SECRET, $purpose, $email, $code, $token, $now);
    }

    private static function wrong(string $code): string
    {
        return $code === '000000' ? '111111' : '000000';
    }

    public function test_the_engine_follows_the_extension(): void
    {
        $check = 'echo Native_SMTP_Code_Tokens::engine(), " ", extension_loaded("smtp") ? "loaded" : "absent";';
        $this->assertSame([0, 'native loaded'], $this->run_wordpress($check, [], true));
        $this->assertSame([0, 'php absent'], $this->run_wordpress($check, [], false));
        $this->assertSame([0, 'php loaded'], $this->run_wordpress($check, ['NATIVE_SMTP_ENGINE' => 'phpmailer'], true));
    }

    public function test_tokens_cross_over_in_both_directions_with_the_same_updates(): void
    {
        $now = 1800000000;
        foreach (['native', 'php'] as $issuer) {
            $issued = $issuer === 'native'
                ? self::native_issue('login', 'Bob@Example.com', 600, 6, false, 3, $now)
                : Native_SMTP_Code_Token_PHP::issue(self::SECRET, 'login', 'Bob@Example.com', 600, 6, false, 3, $now);
            $this->assertMatchesRegularExpression('/^v1\.' . ($now + 600) . '\.0\.3\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/', $issued['token']);
            $this->assertSame($now + 600, $issued['expires']);

            // A wrong guess by each gives the very same updated token.
            [$a, $b] = [$issued['token'], $issued['token']];
            $this->assertSame('invalid', self::native_verify('login', 'bob@example.com', self::wrong($issued['code']), $a, $now + 1));
            $this->assertSame('invalid', self::php_verify('login', 'bob@example.com', self::wrong($issued['code']), $b, $now + 1));
            $this->assertSame($a, $b);
            $this->assertStringStartsWith('v1.' . ($now + 600) . '.1.3.', $a);

            // Each verifies the other's: other purpose or address is a wrong guess, the code is valid once.
            $token = $a;
            $this->assertSame('invalid', self::php_verify('registration', 'bob@example.com', $issued['code'], $token, $now + 2));
            $copy = $token;
            $this->assertSame('valid', self::native_verify('login', ' BOB@example.COM ', $issued['code'], $token, $now + 3));
            $this->assertSame('valid', self::php_verify('login', ' BOB@example.COM ', $issued['code'], $copy, $now + 3));
            $this->assertSame($token, $copy);
            $this->assertStringStartsWith('v1.' . ($now + 600) . '.used.3.', $token);
            $this->assertSame('invalid', self::php_verify('login', 'bob@example.com', $issued['code'], $copy, $now + 4));
            $this->assertSame('invalid', self::native_verify('login', 'bob@example.com', $issued['code'], $token, $now + 4));

            // Expiry and the attempt limit, read by both from the other's token.
            $t = $issued['token'];
            $this->assertSame('expired', self::php_verify('login', 'bob@example.com', $issued['code'], $t, $now + 600));
            $this->assertSame('expired', self::native_verify('login', 'bob@example.com', $issued['code'], $t, $now + 600));
            for ($i = 0; $i < 3; $i++) {
                $this->assertSame('invalid', $i % 2 ? self::php_verify('login', 'bob@example.com', self::wrong($issued['code']), $t, $now) : self::native_verify('login', 'bob@example.com', self::wrong($issued['code']), $t, $now));
            }
            $u = $t;
            $this->assertSame('too_many_attempts', self::php_verify('login', 'bob@example.com', $issued['code'], $t, $now));
            $this->assertSame('too_many_attempts', self::native_verify('login', 'bob@example.com', $issued['code'], $u, $now));
        }
    }

    public function test_typed_forms_are_forgiven_alike(): void
    {
        $now = 1800000000;
        $issued = Native_SMTP_Code_Token_PHP::issue(self::SECRET, 'registration', 'a@example.com', 600, 8, true, 5, $now);
        $this->assertMatchesRegularExpression('/^[2-9A-HJKMNP-Z]{8}$/', $issued['code']);
        $full_width = implode('', array_map(fn($c) => mb_chr(mb_ord($c) + 0xFEE0), str_split(strtolower($issued['code']))));
        $typed = [
            strtolower($issued['code']),
            substr($issued['code'], 0, 4) . ' - ' . substr($issued['code'], 4),
            mb_substr($full_width, 0, 4) . "\u{3000}" . mb_substr($full_width, 4),
            substr($issued['code'], 0, 4) . "\u{2212}" . substr($issued['code'], 4),
            substr($issued['code'], 0, 4) . "\u{30FC}" . substr($issued['code'], 4),
        ];
        foreach ($typed as $form) {
            [$a, $b] = [$issued['token'], $issued['token']];
            $this->assertSame('valid', self::native_verify('registration', 'a@example.com', $form, $a, $now), $form);
            $this->assertSame('valid', self::php_verify('registration', 'a@example.com', $form, $b, $now), $form);
            $this->assertSame($a, $b);
        }
    }

    public function test_edited_tokens_are_malformed_to_both_and_left_unchanged(): void
    {
        $now = 1800000000;
        $issued = self::native_issue('login', 'a@example.com', 600, 6, false, 5, $now);
        $f = explode('.', $issued['token']);
        $edits = [
            'attempts reset' => implode('.', array_replace($f, [2 => '0'])) . 'x',
            'expiry pushed' => implode('.', array_replace($f, [1 => (string) ($now + 9999)])),
            'limit raised' => implode('.', array_replace($f, [3 => '1000'])),
            'truncated' => substr($issued['token'], 0, -1),
            'other secret' => Native_SMTP_Code_Token_PHP::issue(str_repeat('x', 32), 'login', 'a@example.com', 600, 6, false, 5, $now)['token'],
            'too long' => $issued['token'] . str_repeat('A', 200),
            'empty' => '',
        ];
        foreach ($edits as $what => $token) {
            [$a, $b] = [$token, $token];
            $this->assertSame('malformed', self::native_verify('login', 'a@example.com', $issued['code'], $a, $now), $what);
            $this->assertSame('malformed', self::php_verify('login', 'a@example.com', $issued['code'], $b, $now), $what);
            $this->assertSame([$token, $token], [$a, $b], $what);
        }
    }

    public function test_the_same_refusals_with_the_same_texts(): void
    {
        $cases = [
            [str_repeat('k', 15), 'login', 'a@example.com', 600, 6, 5, 0],
            [self::SECRET, '', 'a@example.com', 600, 6, 5, 0],
            [self::SECRET, "log\nin", 'a@example.com', 600, 6, 5, 0],
            [self::SECRET, "login\0", 'a@example.com', 600, 6, 5, 0],
            [self::SECRET, 'login', " \t", 600, 6, 5, 0],
            [self::SECRET, 'login', "a@example.com\r\nBcc: x@example.com", 600, 6, 5, 0],
            [self::SECRET, 'login', 'a@example.com', 366 * 86400 + 1, 6, 5, 0],
            [self::SECRET, 'login', 'a@example.com', 600, 6, 5, -1],
        ];
        foreach ($cases as $i => [$secret, $purpose, $email, $ttl, $length, $max, $now]) {
            $native = self::native('issue', [$secret, $purpose, $email, $ttl, $length, false, $max, $now]);
            $this->assertSame('Smtp\\InvalidArgumentException', $native['error'], "native accepted case $i");
            $native = $native['message'];
            try {
                Native_SMTP_Code_Token_PHP::issue($secret, $purpose, $email, $ttl, $length, false, $max, $now);
                $this->fail("PHP accepted case $i");
            } catch (InvalidArgumentException $e) {
                $this->assertSame($native, $e->getMessage(), "case $i");
            }
        }
        $this->assertSame([0, 40, 60, 0], [
            Native_SMTP_Code_Token_PHP::cooldown_remaining(0, 60, 100), Native_SMTP_Code_Token_PHP::cooldown_remaining(80, 60, 100),
            Native_SMTP_Code_Token_PHP::cooldown_remaining(200, 60, 100), Native_SMTP_Code_Token_PHP::cooldown_remaining(40, 60, 100)]);
        $this->assertSame([0, 40, 60, 0], array_map(fn($args) => self::native('cooldownRemaining', $args)['result'],
            [[0, 60, 100], [80, 60, 100], [200, 60, 100], [40, 60, 100]]));
    }

    /** Issued by a PHP process without the extension, verified here by the extension; and the reverse. */
    public function test_across_processes_with_and_without_the_extension(): void
    {
        $now = time();
        $secret = var_export(self::SECRET, true);
        [$status, $out] = $this->run_wordpress("if (extension_loaded('smtp')) exit(3); echo json_encode(Native_SMTP_Code_Tokens::issue($secret, 'registration', 'x@example.com', 600, 6, 5, $now));", [], false);
        $this->assertSame(0, $status, $out);
        $issued = json_decode($out, true);
        $token = $issued['token'];
        $this->assertSame('invalid', self::native_verify('registration', 'x@example.com', self::wrong($issued['code']), $token, $now));
        $this->assertSame('valid', self::native_verify('registration', 'x@example.com', $issued['code'], $token, $now));

        $issued = self::native_issue('registration', 'y@example.com', 600, 6, false, 5, $now);
        $check = function (string $code, string $token) use ($secret, $now): array {
            $script = "if (extension_loaded('smtp')) exit(3); \$t = " . var_export($token, true) . ';'
                . "echo Native_SMTP_Code_Tokens::verify($secret, 'registration', 'y@example.com', " . var_export($code, true) . ", \$t, $now), ' ', \$t;";
            [$status, $out] = $this->run_wordpress($script, [], false);
            $this->assertSame(0, $status, $out);
            return explode(' ', $out, 2);
        };
        [$result, $token] = $check(self::wrong($issued['code']), $issued['token']);
        $this->assertSame('invalid', $result);
        $expected = $issued['token'];
        self::native_verify('registration', 'y@example.com', self::wrong($issued['code']), $expected, $now);
        $this->assertSame($expected, $token);
        [$result, $token] = $check($issued['code'], $token);
        $this->assertSame('valid', $result);
        $this->assertSame('invalid', self::native_verify('registration', 'y@example.com', $issued['code'], $token, $now));
    }

    /** Without the extension the codes stay on: issued in PHP, mailed through wp_mail(), verified. */
    public function test_codes_work_without_the_extension(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['login_code' => '1', 'register_code' => '1']);
        $login = 'noext' . wp_rand();
        wp_insert_user(['user_login' => $login, 'user_email' => "$login@example.com", 'user_pass' => wp_generate_password()]);
        $script = 'if (extension_loaded("smtp")) exit(3);'
            . '$u = get_user_by("login", ' . var_export($login, true) . '); $code = "";'
            . 'add_filter("pre_wp_mail", function ($r, $a) use (&$code) { preg_match("/16px 0\">(\\d+)</", $a["message"], $m); $code = $m[1]; return true; }, PHP_INT_MAX, 2);'
            . 'echo Native_SMTP_Code_Tokens::engine(), " ", Native_SMTP_Login_Code::required_for($u) ? "required" : "off", " ";'
            . 'echo Native_SMTP_Codes::send("login", $u->user_email, $u) === true ? "sent" : "not-sent", " ", Native_SMTP_Codes::verify("login", $u->user_email, $code);';
        [$status, $out] = $this->run_wordpress($script, [], false);
        $this->assertSame([0, 'php required sent valid'], [$status, $out]);
    }
}
