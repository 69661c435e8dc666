--TEST--
Smtp\Mailer::sendMany(): one connection, pipelined; each message's outcome in place, keys kept
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_REJECT_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$mailer = new Smtp\Mailer(smtp_test_config('SMTP_TEST_REJECT_PORT', Smtp\Encryption::None));
function messages() {
    yield 'a' => ['to' => 'one@example.com', 'subject' => '1'];
    yield 'b' => ['to' => 'reject-two@example.com', 'subject' => '2'];
    yield 'c' => ['to' => 'three@example.com, reject-too@example.com', 'subject' => '3'];
    yield 'd' => ['to' => 'bad address', 'subject' => '4'];
    yield 'e' => new Smtp\Message(to: 'five@example.com', subject: '5');
}
foreach ($mailer->sendMany(messages()) as $key => $outcome) {
    if ($outcome instanceof Smtp\Result) {
        printf("%s: sent to %s, refused %s\n", $key, implode(',', $outcome->accepted), implode(',', array_keys($outcome->rejected)));
    } else {
        printf("%s: %s %s\n", $key, get_class($outcome), $outcome->getCategory());
    }
}
var_dump(substr_count($mailer->transcript(), 'EHLO'));
try {
    $mailer->sendMany([['to' => []]]);
} catch (Throwable $e) {
    echo get_class($e), "\n";
}
try {
    $mailer->sendMany([42]);
} catch (Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
a: sent to one@example.com, refused 
b: Smtp\RecipientException recipient_rejected
c: sent to three@example.com, refused reject-too@example.com
d: Smtp\InvalidArgumentException invalid_argument
e: sent to five@example.com, refused 
int(1)
TypeError: a message must be an Smtp\Message or an array, int given
