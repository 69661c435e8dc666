<?php
require_once __DIR__ . '/CodeTestHelpers.php';
/**
 * Abuse limits on code emails and on guesses: separate buckets, IPv6 by /64,
 * trusted proxies only when named, the site-wide hourly cap, and wrong
 * guesses counted atomically by parallel processes.
 */
final class CodeLimitsTest extends Native_SMTP_TestCase
{
    use Native_SMTP_Code_Test_Helpers;

    private int $clock = 0;
    private string $remote = '';

    protected function setUp(): void
    {
        parent::setUp();
        $this->forget_codes();
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '1', 'login_code' => '1']);
        update_option('users_can_register', 1);
        $this->clock = (intdiv(time(), 3600) + 1) * 3600;
        add_filter('native_smtp_now', [$this, 'now']);
        $this->remote = $_SERVER['REMOTE_ADDR'] ?? '';
        $_SERVER['REMOTE_ADDR'] = '192.0.2.10';
    }

    protected function tearDown(): void
    {
        remove_all_filters('native_smtp_now');
        remove_all_filters('native_smtp_trusted_proxies');
        remove_all_filters('native_smtp_code_hourly_cap');
        $_SERVER['REMOTE_ADDR'] = $this->remote;
        unset($_SERVER['HTTP_X_FORWARDED_FOR']);
    }

    public function now(): int
    {
        return $this->clock;
    }

    /** Mail sent by $send, counted over a short wait (codes go to the plain server's maildir). */
    private function mails_to(string $email, callable $send): int
    {
        $dir = self::$env['SMTP_TEST_MAILDIR'] . '/plain';
        $before = glob("$dir/*.json") ?: [];
        $send();
        $count = 0;
        foreach (array_diff(glob("$dir/*.json") ?: [], $before) as $file) {
            $count += in_array($email, json_decode(file_get_contents($file), true)['rcpt_tos'], true) ? 1 : 0;
        }
        return $count;
    }

    public function test_ipv6_clients_share_a_bucket_per_64_and_ipv4_mapped_is_ipv4(): void
    {
        $_SERVER['REMOTE_ADDR'] = '2001:db8:1:2:aaaa::1';
        $this->assertSame('2001:db8:1:2::/64', Native_SMTP_Code_Limits::client_bucket());
        $_SERVER['REMOTE_ADDR'] = '2001:db8:1:2:ffff:ffff:ffff:fffe';
        $this->assertSame('2001:db8:1:2::/64', Native_SMTP_Code_Limits::client_bucket());
        $_SERVER['REMOTE_ADDR'] = '::ffff:198.51.100.9';
        $this->assertSame('198.51.100.9', Native_SMTP_Code_Limits::client_bucket());

        // One /64 asks for registration codes to many addresses: the 21st is refused, whatever the address in the /64.
        for ($i = 0; $i < Native_SMTP_Code_Limits::PER_CLIENT_HOURLY; $i++) {
            $_SERVER['REMOTE_ADDR'] = sprintf('2001:db8:1:2::%x', $i + 1);
            $this->assertTrue(Native_SMTP_Codes::send('registration', "v6-$i@example.com", null, false));
        }
        $_SERVER['REMOTE_ADDR'] = '2001:db8:1:2:9999::1';
        $refused = Native_SMTP_Codes::send('registration', 'v6-last@example.com', null, false);
        $this->assertSame('rate_limited', $refused->get_error_code());
        $_SERVER['REMOTE_ADDR'] = '2001:db8:1:3::1';  // the next /64 is someone else
        $this->assertTrue(Native_SMTP_Codes::send('registration', 'v6-last@example.com', null, false));
    }

    public function test_forwarded_addresses_are_believed_only_from_named_proxies(): void
    {
        $_SERVER['REMOTE_ADDR'] = '10.0.0.5';
        $_SERVER['HTTP_X_FORWARDED_FOR'] = '203.0.113.50, 198.51.100.7, 10.0.0.9';
        $this->assertSame('10.0.0.5', Native_SMTP_Code_Limits::client_ip());
        add_filter('native_smtp_trusted_proxies', fn() => ['10.0.0.0/8']);
        $this->assertSame('198.51.100.7', Native_SMTP_Code_Limits::client_ip());  // the nearest hop that is not ours
        add_filter('native_smtp_trusted_proxies', fn() => ['10.0.0.5', '10.0.0.9', '198.51.100.0/24']);
        $this->assertSame('203.0.113.50', Native_SMTP_Code_Limits::client_ip());
        $_SERVER['REMOTE_ADDR'] = '192.0.2.1';  // not a proxy: its header is the client's own words
        $this->assertSame('192.0.2.1', Native_SMTP_Code_Limits::client_ip());

        // The constant in wp-config.php, in a process of its own.
        [$status, $out] = $this->run_wordpress('$_SERVER["REMOTE_ADDR"] = "2001:db8::1"; $_SERVER["HTTP_X_FORWARDED_FOR"] = "198.51.100.8"; echo Native_SMTP_Code_Limits::client_ip();',
            ['NATIVE_SMTP_TRUSTED_PROXIES' => '10.0.0.1, 2001:db8::/32']);
        $this->assertSame([0, '198.51.100.8'], [$status, $out]);
    }

    public function test_login_codes_have_their_own_bucket_so_registration_floods_cannot_lock_members_out(): void
    {
        $login = 'flooded' . wp_rand();
        $user = get_user_by('id', wp_insert_user(['user_login' => $login, 'user_email' => "$login@example.com", 'user_pass' => wp_generate_password()]));
        // Anonymous requests fill the address's registration bucket.
        for ($i = 0; $i <= Native_SMTP_Code_Limits::PER_EMAIL_HOURLY; $i++) {
            $_SERVER['REMOTE_ADDR'] = "198.51.100.$i";
            Native_SMTP_Registration::request_code($user->user_email);
            $this->clock += 61;
        }
        $this->assertSame('rate_limited', Native_SMTP_Codes::send('registration', $user->user_email, null, false)->get_error_code());
        // The member still gets login codes: after the password, from any address.
        $this->assertSame(1, $this->mails_to($user->user_email, fn() => $this->assertTrue(Native_SMTP_Codes::send('login', $user->user_email, $user))));
        for ($i = 1; $i < Native_SMTP_Code_Limits::PER_MEMBER_HOURLY; $i++) {
            $this->clock += 61;
            $this->assertTrue(Native_SMTP_Codes::send('login', $user->user_email, $user));
        }
        $this->clock += 61;
        $this->assertSame('rate_limited', Native_SMTP_Codes::send('login', $user->user_email, $user)->get_error_code());
    }

    public function test_the_site_wide_hourly_cap_stops_all_code_emails_until_the_next_hour(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '1', 'login_code' => '1', 'code_hourly_cap' => '3']);
        $this->assertSame(3, Native_SMTP_Code_Limits::hourly_cap());
        for ($i = 0; $i < 3; $i++) {
            $_SERVER['REMOTE_ADDR'] = "203.0.113.$i";
            $this->assertTrue(Native_SMTP_Codes::send('registration', "cap$i@example.com"));
        }
        $_SERVER['REMOTE_ADDR'] = '203.0.113.200';
        $email = 'cap-last@example.com';
        $this->assertSame(0, $this->mails_to($email, function () use ($email) {
            $refused = Native_SMTP_Codes::send('registration', $email);
            $this->assertSame('rate_limited', $refused->get_error_code());
            $this->assertLessThanOrEqual(3600, $refused->get_error_data()['retry_after']);
        }));
        $admin = get_user_by('login', 'admin');
        $this->assertSame('rate_limited', Native_SMTP_Codes::send('login', $admin->user_email, $admin)->get_error_code());
        add_filter('native_smtp_code_hourly_cap', fn() => 10);
        $this->assertTrue(Native_SMTP_Codes::send('login', $admin->user_email, $admin));
        $this->clock += 3600;
        $this->assertTrue(Native_SMTP_Codes::send('registration', $email));
    }

    public function test_no_code_is_mailed_when_the_feature_is_off_or_registration_closed(): void
    {
        $email = 'closed' . wp_rand() . '@example.com';
        update_option('users_can_register', 0);
        $this->assertSame('native_smtp_closed', Native_SMTP_Registration::request_code($email)->get_error_code());
        update_option('users_can_register', 1);
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '']);
        $this->assertSame('native_smtp_closed', Native_SMTP_Registration::request_code($email)->get_error_code());
        $this->assertNull(Native_SMTP_Code_Store::get('native_smtp_code_' . md5("registration|$email")));
    }

    /**
     * N processes guess at once: every wrong guess is counted (the token is
     * written back only if it is still the one that was checked). With a
     * limit of 5 and 12 parallel guesses, exactly 5 are "invalid".
     */
    public function test_parallel_wrong_guesses_each_count(): void
    {
        remove_all_filters('native_smtp_now');  // the guessing processes use the real clock
        foreach ([[20, 12], [5, 12]] as [$limit, $guessers]) {
            $this->configure('SMTP_TEST_PLAIN_PORT', 'none', ['register_code' => '1', 'code_attempts' => (string) $limit]);
            $email = 'parallel' . wp_rand() . '@example.com';
            $this->assertTrue(Native_SMTP_Codes::send('registration', $email, null, false));  // a token whose code nobody knows
            $go = tempnam(sys_get_temp_dir(), 'go');
            unlink($go);
            $procs = [];
            // Each process pauses between reading the token and writing it back, so all of them read the same one.
            $script = 'add_action("native_smtp_code_checked", fn() => usleep(100000));'
                . 'while (!file_exists(' . var_export($go, true) . ')) usleep(2000); echo Native_SMTP_Codes::verify("registration", ' . var_export($email, true) . ', "0000000");';
            for ($i = 0; $i < $guessers; $i++) {
                $procs[] = $this->start_wordpress($script);
            }
            usleep(1500000);  // every process has loaded WordPress and waits (a late one still guesses, just later)
            touch($go);
            $answers = [];
            foreach ($procs as [$proc, $stdout]) {
                $answers[] = stream_get_contents($stdout);
                proc_close($proc);
            }
            unlink($go);
            $counts = array_count_values($answers);
            $this->assertSame(min($limit, $guessers), $counts['invalid'] ?? 0, implode(',', $answers));
            $this->assertSame(max(0, $guessers - $limit), $counts['too_many_attempts'] ?? 0, implode(',', $answers));
            $fields = explode('.', Native_SMTP_Code_Store::get('native_smtp_code_' . md5("registration|$email")));
            $this->assertSame((string) min($limit, $guessers), $fields[2], 'attempts recorded in the token');
        }
    }

    /** Like run_wordpress(), started in the background: [process, stdout]. */
    private function start_wordpress(string $code): array
    {
        $script = '$_SERVER["HTTP_HOST"] = ' . var_export(wp_parse_url(WP_HOME, PHP_URL_HOST) . ':' . wp_parse_url(WP_HOME, PHP_URL_PORT), true) . ';'
            . 'require getenv("WP_DIR") . "/wp-load.php";' . $code;
        $cmd = 'exec ' . self::php_shell(true) . ' -r ' . escapeshellarg($script);
        $proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']], $pipes, null, ['WP_DIR' => ABSPATH] + getenv());
        return [$proc, $pipes[1]];
    }
}
