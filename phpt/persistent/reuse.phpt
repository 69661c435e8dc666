--TEST--
Smtp\Mailer(persistent: true): two Mailers with the same whole Config share one connection (STARTTLS + AUTH once); another Config or a plain Mailer gets its own
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_STARTTLS_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
function send_on(Smtp\Mailer $m, string $subject): int {
    $eml = smtp_test_received('starttls', fn () => $m->send(['to' => 'bob@example.com', 'subject' => $subject, 'text' => 'Hi']));
    return smtp_test_meta($eml)['peer_port'];
}
$config = smtp_test_config('SMTP_TEST_STARTTLS_PORT', Smtp\Encryption::StartTls);
$first = send_on(new Smtp\Mailer($config, persistent: true), 'one');
// A new Mailer and a new (equal) Config object: the key is the settings, not the object.
$again = new Smtp\Mailer(smtp_test_config('SMTP_TEST_STARTTLS_PORT', Smtp\Encryption::StartTls), persistent: true);
$second = send_on($again, 'two');
echo 'same connection: ', var_export($first === $second, true), "\n";
echo 'one login: ', var_export(substr_count($again->transcript(), 'C: AUTH') === 1, true), "\n";
echo 'RSET pipelined before MAIL: ', var_export((bool) preg_match('/C: RSET\n.*C: MAIL FROM/s', $again->transcript()), true), "\n";

$other = smtp_test_config('SMTP_TEST_STARTTLS_PORT', Smtp\Encryption::StartTls, ['fromName' => 'Other']);
echo 'other config, other connection: ', var_export(send_on(new Smtp\Mailer($other, persistent: true), 'three') !== $first, true), "\n";
echo 'not persistent, own connection: ', var_export(send_on(new Smtp\Mailer($config), 'four') !== $first, true), "\n";

// close() ends the kept connection: the next persistent Mailer connects anew.
$again->close();
echo 'after close(), new connection: ', var_export(send_on(new Smtp\Mailer($config, persistent: true), 'five') !== $first, true), "\n";
try {
    new Smtp\Mailer($config, persistent: true, maxIdleSeconds: -1);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
same connection: true
one login: true
RSET pipelined before MAIL: true
other config, other connection: true
not persistent, own connection: true
after close(), new connection: true
Smtp\Mailer::__construct(): Argument #3 ($maxIdleSeconds) must be between 0 and 86400
