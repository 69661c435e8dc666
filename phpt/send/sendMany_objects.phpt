--TEST--
Smtp\Mailer::sendMany(): Smtp\Message objects converted as their turn comes; one that cannot be converted or sent fails in place, the others go; a wrong entry anywhere sends nothing
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_REJECT_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$mailer = new Smtp\Mailer(smtp_test_config('SMTP_TEST_REJECT_PORT', Smtp\Encryption::None));
$ok = new Smtp\Message(to: 'one@example.com', subject: 'ok');
$missing = new Smtp\Message(to: 'two@example.com', subject: 'attachment gone');
$missing->attachments = ['/nonexistent/file.pdf'];
$batch = [
    $ok,
    new Smtp\Message(to: 'bad address', subject: 'cannot be converted'),
    new Smtp\Message(subject: 'no recipient'),
    $missing,
    ['to' => 'three@example.com', 'subject' => 'an array between objects'],
    new Smtp\Message(to: 'reject-four@example.com', subject: 'refused by the server'),
    $ok,  // the same object twice: converted twice, sent twice
];
foreach ($mailer->sendMany($batch) as $key => $outcome) {
    echo $key, ': ', $outcome instanceof Smtp\Result ? 'sent to ' . implode(',', $outcome->accepted)
        : get_class($outcome) . ' ' . $outcome->getCategory(), "\n";
}
var_dump(substr_count($mailer->transcript(), "C: <message: "));
$mailer->close();
try {
    $mailer->sendMany([$ok, $ok, 'not a message', $ok]);
} catch (TypeError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
var_dump($mailer->isConnected(), substr_count($mailer->transcript(), "C: <message: "));
?>
--EXPECT--
0: sent to one@example.com
1: Smtp\InvalidArgumentException invalid_argument
2: Smtp\InvalidArgumentException invalid_argument
3: Smtp\InvalidArgumentException invalid_argument
4: sent to three@example.com
5: Smtp\RecipientException recipient_rejected
6: sent to one@example.com
int(3)
TypeError: a message must be an Smtp\Message or an array, string given
bool(false)
int(3)
