<?php
/**
 * The connection check against the real local servers: what each port
 * speaks, the stage that failed, the fix and the one-click suggestion.
 */
final class ConnectionCheckTest extends Native_SMTP_TestCase
{
    private function check(string $host, int $port, string $encryption, string $provider = 'other'): array
    {
        $probe = Native_SMTP_Connection_Probe::run($host, array_merge(Native_SMTP_Connection_Probe::PORTS, [$port]));
        return [$probe, Native_SMTP_Connection_Check::explain($probe, ['provider' => $provider, 'host' => $host, 'port' => $port, 'encryption' => $encryption])];
    }

    public function test_starttls_on_a_port_that_speaks_tls_at_connect_is_named_with_the_working_combination(): void
    {
        $port = (int) self::$env['SMTP_TEST_IMPLICIT_PORT'];
        [$probe, $r] = $this->check('localhost', $port, 'starttls');
        $this->assertSame(['tls', '', 'trusted'], [$probe['ports'][$port]['speaks'], $probe['ports'][$port]['stage'], $probe['ports'][$port]['certificate']]);
        $this->assertStringStartsWith('220 ', $probe['ports'][$port]['greeting']);
        foreach ([465, 587, 25] as $closed) {
            $this->assertSame('tcp', $probe['ports'][$closed]['stage'], "$closed is closed here");
        }
        $this->assertFalse($r['ok']);
        $this->assertSame('tls', $r['stage']);
        $this->assertSame("Port $port expects TLS from the start of the connection (SSL), but STARTTLS is chosen: sending would wait until the time limit.", $r['summary']);
        $this->assertSame(['port' => $port, 'encryption' => 'ssl', 'label' => "Use port $port with SSL"], $r['suggestion']);
        $this->assertSame([465, 587, 25, $port], array_column($r['ports'], 'port'));
    }

    public function test_ssl_on_a_starttls_port_and_a_working_starttls_port(): void
    {
        $port = (int) self::$env['SMTP_TEST_STARTTLS_PORT'];
        [$probe, $r] = $this->check('localhost', $port, 'ssl');
        $this->assertSame(['starttls', 'trusted'], [$probe['ports'][$port]['speaks'], $probe['ports'][$port]['certificate']]);
        $this->assertSame('tls', $r['stage']);
        $this->assertStringContainsString('but SSL is chosen', $r['summary']);
        $this->assertSame('starttls', $r['suggestion']['encryption']);
        [, $r] = $this->check('localhost', $port, 'starttls');
        $this->assertTrue($r['ok'], $r['summary']);
        $this->assertNull($r['suggestion']);
    }

    public function test_a_certificate_for_another_name_is_the_tls_stage_with_the_provider_s_host_as_the_fix(): void
    {
        $port = (int) self::$env['SMTP_TEST_WRONGHOST_PORT'];
        [$probe, $r] = $this->check('localhost', $port, 'starttls');
        $this->assertSame('untrusted', $probe['ports'][$port]['certificate']);
        $this->assertSame('tls', $r['stage']);
        $this->assertSame("TLS: the certificate on port $port is not valid for localhost.", $r['summary']);
        // With a provider chosen whose host differs, the fix names that provider's host.
        [, $r] = $this->check('localhost', $port, 'starttls', 'gmail');
        $this->assertStringContainsString('smtp.gmail.com', $r['fix']);
    }

    public function test_dns_and_greeting_stages(): void
    {
        [$probe, $r] = $this->check('no-such-host.invalid', 587, 'starttls', 'qq');
        $this->assertFalse($probe['dns']);
        $this->assertSame('dns', $r['stage']);
        $this->assertSame('DNS: the name no-such-host.invalid was not found.', $r['summary']);
        $this->assertSame('Check the spelling: the SMTP server address of QQ Mail is smtp.qq.com.', $r['fix']);
        // The web server answers TCP but never greets like a mail server (tried with a short limit).
        $web = (int) wp_parse_url(WP_HOME, PHP_URL_PORT);
        $probe = Native_SMTP_Connection_Probe::run('127.0.0.1', [$web], 2.0);
        $r = Native_SMTP_Connection_Check::explain($probe, ['provider' => 'other', 'host' => '127.0.0.1', 'port' => $web, 'encryption' => 'starttls']);
        $this->assertSame('greeting', $r['stage']);
        $this->assertSame("Greeting: port $web opened the connection but did not answer like a mail server.", $r['summary']);
    }

    public function test_a_plain_server_is_offered_only_as_a_last_resort_with_a_warning(): void
    {
        $port = (int) self::$env['SMTP_TEST_PLAIN_PORT'];
        [$probe, $r] = $this->check('127.0.0.1', $port, 'starttls');
        $this->assertSame('plain', $probe['ports'][$port]['speaks']);
        $this->assertSame("Port $port does not offer STARTTLS, so the password would not be protected.", $r['summary']);
        $this->assertSame('none', $r['suggestion']['encryption']);
        $this->assertStringContainsString('sends the password unencrypted', $r['fix']);
    }

    public function test_ajax_checks_the_form_on_screen_and_needs_the_capability(): void
    {
        $this->start_http();
        curl_setopt($this->curl, CURLOPT_COOKIELIST, 'ALL');
        $this->http('/wp-login.php');
        $this->http('/wp-login.php', ['log' => 'admin', 'pwd' => 'admin-pass-123', 'wp-submit' => 'Log In', 'testcookie' => 1]);
        [, , $page] = $this->http('/wp-admin/options-general.php?page=native-smtp');
        $this->assertTrue((bool) preg_match('/var nativeSmtp = (\{.*?\});/', $page, $m));
        $nonce = json_decode($m[1], true)['checkNonce'];
        $port = self::$env['SMTP_TEST_IMPLICIT_PORT'];
        $form = ['provider' => 'other', 'host' => 'localhost', 'port' => $port, 'encryption' => 'starttls'];
        $post = ['action' => 'native_smtp_check', '_ajax_nonce' => $nonce];
        foreach ($form as $k => $v) {
            $post["native_smtp_settings[$k]"] = $v;
        }
        $json = json_decode($this->http('/wp-admin/admin-ajax.php', $post)[2], true);
        $this->assertFalse($json['success']);
        $this->assertSame('tls', $json['data']['stage']);
        $this->assertSame((int) $port, $json['data']['suggestion']['port']);
        // A host that is not a server name is refused before any connection.
        $post['native_smtp_settings[host]'] = 'http://smtp.qq.com/';
        $json = json_decode($this->http('/wp-admin/admin-ajax.php', $post)[2], true);
        $this->assertStringStartsWith('SMTP server address: use only a server name', $json['data']['summary']);
        [$status] = $this->http('/wp-admin/admin-ajax.php', ['_ajax_nonce' => 'bad'] + $post);
        $this->assertSame(403, $status);
    }
}
