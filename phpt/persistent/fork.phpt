--TEST--
Smtp\Mailer(persistent: true) after pcntl_fork(): the child never talks on the parent's connection, the parent keeps it
--EXTENSIONS--
smtp
pcntl
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
$parent = new Smtp\Mailer($config, persistent: true);
$first = send_on($parent, 'parent before fork');
$out = tempnam(sys_get_temp_dir(), 'fork');
$pid = pcntl_fork();
if ($pid === 0) {
    // Both the inherited Mailer and a new persistent one use connections of the child's own.
    $a = send_on($parent, 'child, inherited Mailer');
    $b = send_on(new Smtp\Mailer($config, persistent: true), 'child, new Mailer');
    file_put_contents($out, json_encode([$a, $b]));
    exit(0);  // the child's shutdown says nothing on the parent's connection
}
pcntl_waitpid($pid, $status);
[$a, $b] = json_decode(file_get_contents($out), true);
unlink($out);
echo 'child exit: ', pcntl_wexitstatus($status), "\n";
echo 'child used its own connections: ', var_export($a !== $first && $b !== $first, true), "\n";
$again = send_on(new Smtp\Mailer($config, persistent: true), 'parent after fork');
echo 'parent still on its kept connection: ', var_export($again === $first, true), "\n";
?>
--EXPECT--
child exit: 0
child used its own connections: true
parent still on its kept connection: true
