--TEST--
A fork()ed child never talks on its parent's connection: it opens its own, and the parent's goes on
--EXTENSIONS--
smtp
pcntl
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_PLAIN_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$mailer = new Smtp\Mailer(smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None));
$message = fn (string $who) => ['to' => 'rcpt@example.com', 'subject' => "from the $who", 'text' => 'hi'];
$greetings = fn () => substr_count($mailer->transcript(), "S: 220 ");

$mailer->send($message('parent'));
$pid = pcntl_fork();
if ($pid === 0) {
    // The child sends, then exits: neither its message nor its goodbye may use the parent's connection.
    $mailer->send($message('child'));
    echo "child: sent, greetings seen ", $greetings(), "\n";
    exit(0);
}
pcntl_waitpid($pid, $status);
$mailer->send($message('parent again'));
echo "parent: sent again, greetings seen ", $greetings(), ", ", substr_count($mailer->transcript(), 'C: QUIT'), " QUIT\n";
?>
--EXPECT--
child: sent, greetings seen 2
parent: sent again, greetings seen 1, 0 QUIT
