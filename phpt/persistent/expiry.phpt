--TEST--
Smtp\Mailer(persistent: true): a kept connection idle longer than maxIdleSeconds is closed and replaced
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_PLAIN_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
function send_on(Smtp\Mailer $m): int {
    $eml = smtp_test_received('plain', fn () => $m->send(['to' => 'bob@example.com', 'subject' => 'idle', 'text' => 'Hi']));
    return smtp_test_meta($eml)['peer_port'];
}
$config = smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None);
$first = send_on(new Smtp\Mailer($config, persistent: true, maxIdleSeconds: 1.0));
sleep(2);  // longer than the 1 s allowed
$m = new Smtp\Mailer($config, persistent: true, maxIdleSeconds: 1.0);
$second = send_on($m);
echo 'new connection after the idle age: ', var_export($second !== $first, true), "\n";
echo 'fresh session (EHLO again): ', var_export(str_contains($m->transcript(), 'C: EHLO'), true), "\n";
// Within the age it is kept (a wide margin: 600 s).
$third = send_on(new Smtp\Mailer($config, persistent: true, maxIdleSeconds: 600.0));
echo 'kept within the age: ', var_export($third === $second, true), "\n";
?>
--EXPECT--
new connection after the idle age: true
fresh session (EHLO again): true
kept within the age: true
