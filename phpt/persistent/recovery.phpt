--TEST--
Smtp\Mailer(persistent: true): the kept connection dropped before the next message's body → delivered once on a new connection
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_FAULTY_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$env = smtp_test_env();
$faults = $env['SMTP_TEST_FAULTS_DIR'] . '/faulty.json';
function set_faults(string $file, array $rules): void {
    file_put_contents("$file.tmp", json_encode($rules));
    rename("$file.tmp", $file);
    usleep(300000);  // the server reads the file again when it changes
}
$dir = $env['SMTP_TEST_MAILDIR'] . '/faulty';
$config = smtp_test_config('SMTP_TEST_FAULTY_PORT', Smtp\Encryption::None, ['username' => '', 'password' => '']);
set_faults($faults, []);
$eml = smtp_test_received('faulty', fn () => (new Smtp\Mailer($config, persistent: true))->send(['to' => 'bob@example.com', 'subject' => 'first', 'text' => 'Hi']));
$first = smtp_test_meta($eml)['peer_port'];

// Between the two sends the server drops the kept connection at its next MAIL.
set_faults($faults, [['at' => 'mail', 'reply' => 'drop', 'times' => 1]]);
$before = glob("$dir/*.eml");
$m = new Smtp\Mailer($config, persistent: true);
$r = $m->send(['to' => 'bob@example.com', 'subject' => 'recovered ' . uniqid(), 'text' => 'Hi']);
usleep(300000);
$new = array_values(array_diff(glob("$dir/*.eml"), $before));
echo 'delivered: ', $r->smtpCode, "\n";
echo 'copies received: ', count($new), "\n";
echo 'on a new connection: ', var_export(smtp_test_meta($new[0])['peer_port'] !== $first, true), "\n";
$t = $m->transcript();
echo 'broken after RSET, sent again on a new connection: ',
    var_export(substr_count($t, 'C: MAIL FROM') === 3 && substr_count($t, '*: connecting') === 2 && str_contains($t, "C: RSET\n"), true), "\n";
set_faults($faults, []);
?>
--EXPECT--
delivered: 250
copies received: 1
on a new connection: true
broken after RSET, sent again on a new connection: true
