--TEST--
A message's envelope sender (MAIL FROM), Message-ID and Date are the caller's when given; bad ones are refused before sending
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_PLAIN_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$config = smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None);
$m = new Smtp\Message('site@example.com', 'bob@example.com', 'Envelope', "Hello\n");
$m->sender = 'bounces@example.com';
$m->messageId = 'order-42@shop.example.com';
$m->date = 'Mon, 1 Jan 2024 00:00:00 +0000';
$eml = smtp_test_received('plain', fn() => printf("id=%s\n", smtp_send($config, $m)->messageId));
$h = smtp_test_headers($eml);
$meta = json_decode(file_get_contents(substr($eml, 0, -4) . '.json'), true);
printf("MAIL FROM=%s From=%s Message-ID=%s Date=%s\n", $meta['mail_from'], $h['From'], $h['Message-ID'], $h['Date']);
foreach (['sender' => 'not an address', 'messageId' => 'a b@c', 'date' => "Mon\r\nBcc: x@y"] as $field => $bad) {
    $copy = clone $m;
    $copy->$field = $bad;
    try {
        smtp_send($config, $copy);
    } catch (Smtp\InvalidArgumentException $e) {
        echo "$field: ", get_class($e), "\n";
    }
}
?>
--EXPECT--
id=order-42@shop.example.com
MAIL FROM=bounces@example.com From=site@example.com Message-ID=<order-42@shop.example.com> Date=Mon, 1 Jan 2024 00:00:00 +0000
sender: Smtp\InvalidArgumentException
messageId: Smtp\InvalidArgumentException
date: Smtp\InvalidArgumentException
