<?php
// State the delivery browser tests need, made through the plugin's own API:
//   php delivery-wp.php reset                 empty log, default delivery settings, site in English
//   php delivery-wp.php seed                  three log entries (sent, failed, retrying); prints their ids as JSON
//   php delivery-wp.php locale <ja|zh_CN|fi|en_US>
//   php delivery-wp.php entry <id>            one log row as JSON
//   php delivery-wp.php refused <subject>...  mails sent while the plain server refuses the login (wrong password):
//                                             each fails for good; then the right password is saved; prints the log ids
$_SERVER['HTTP_HOST'] = '127.0.0.1:8080';
require getenv('WP_DIR') . '/wp-load.php';
global $wpdb;
switch ($argv[1]) {
    case 'reset':
        Native_SMTP_Log::delete($wpdb->get_col('SELECT id FROM ' . Native_SMTP_Log_Schema::messages()));
        delete_option(Native_SMTP_Delivery_Options::OPTION);
        update_option('WPLANG', '');
        echo "ok\n";
        break;
    case 'seed':
        $day = DAY_IN_SECONDS;
        $ids = [
            'sent' => Native_SMTP_Log::create(['status' => 'sent', 'created' => time() - 2 * $day, 'recipients' => ['Ann <ann@example.com>'],
                'subject' => 'Welcome Ann', 'connection' => 'primary', 'engine' => 'extension', 'attempts' => 1, 'server_reply' => '250 2.0.0 OK queued',
                'message_id' => '<welcome@example.com>', 'headers' => "From: Demo Site <site@example.com>\nTo: Ann <ann@example.com>\nSubject: Welcome Ann",
                'transcript' => "S: 220 localhost\nC: EHLO demo\nS: 250 OK\nC: AUTH PLAIN <redacted>\nS: 235 OK", 'history' => [
                    ['time' => time() - 2 * $day, 'connection' => 'primary', 'engine' => 'extension', 'ok' => true, 'category' => '', 'smtp_code' => 250, 'reply' => '250 2.0.0 OK queued']]]),
            'failed' => Native_SMTP_Log::create(['status' => 'failed', 'recipients' => ['bob@example.com'], 'subject' => 'Invoice 7', 'connection' => 'primary',
                'engine' => 'extension', 'attempts' => 1, 'smtp_code' => 550, 'server_reply' => '550 5.1.1 <bob@example.com>: User unknown',
                'error_category' => 'recipient_rejected', 'error_hint' => 'Check the address.', 'headers' => 'To: bob@example.com']),
            'retrying' => Native_SMTP_Log::create(['status' => 'retrying', 'recipients' => ['carol@example.com'], 'subject' => 'Newsletter', 'attempts' => 1,
                'next_attempt' => time() + 300, 'smtp_code' => 421, 'server_reply' => '421 4.3.2 Try again later', 'error_category' => 'connect', 'connection' => 'primary']),
        ];
        echo json_encode($ids), "\n";
        break;
    case 'locale':
        update_option('WPLANG', $argv[2] === 'en_US' ? '' : $argv[2]);
        echo "ok\n";
        break;
    case 'refused':
        $env = [];
        foreach (file(dirname(getenv('WP_DIR')) . '/servers.env', FILE_IGNORE_NEW_LINES) as $line) {
            [$k, $v] = explode('=', $line, 2);
            $env[$k] = $v;
        }
        $save = static function (string $password) use ($env) {
            update_option(Native_SMTP_Options::OPTION, Native_SMTP_Settings_Page::sanitize(wp_slash([
                'provider' => 'other', 'host' => '127.0.0.1', 'port' => $env['SMTP_TEST_PLAIN_PORT'], 'encryption' => 'none',
                'username' => $env['SMTP_TEST_USER'], 'password' => $password, 'from_email' => 'site@example.com', 'from_name' => 'Demo Site',
                'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5',
            ])));
        };
        $save('Wrong-Password-1');
        $ids = [];
        foreach (array_slice($argv, 2) as $subject) {
            wp_mail('customer@example.com', $subject, "Your order has shipped.\n");
            $ids[] = (int) $wpdb->get_var($wpdb->prepare('SELECT MAX(id) FROM ' . Native_SMTP_Log_Schema::messages() . ' WHERE subject = %s', $subject));
        }
        $save($env['SMTP_TEST_PASS']);
        echo json_encode($ids), "\n";
        break;
    case 'entry':
        echo json_encode(Native_SMTP_Log::get((int) $argv[2])), "\n";
        break;
}
