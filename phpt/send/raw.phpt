--TEST--
A message rendered elsewhere goes out byte for byte with its own envelope; isTransient() tells a 4xx from a 5xx
--EXTENSIONS--
smtp
iconv
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_PLAIN_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$config = smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None);
$raw = "From: a@example.com\r\nTo: list@example.com\r\nSubject: rendered\r\nMessage-ID: <r1@example.com>\r\n"
     . "DKIM-Signature: v=1; d=example.com; b=abc\r\n\r\n.dot\r\nend\r\n";
$m = new Smtp\Message();
$m->raw = $raw;
$m->sender = 'bounces@example.com';
$m->recipients = ['x@example.net', 'y@example.org'];
$result = null;
$eml = smtp_test_received('plain', function () use ($config, $m, &$result) { $result = smtp_send($config, $m); });
$meta = smtp_test_meta($eml);
var_dump(file_get_contents($eml) === $raw, $meta['mail_from'], $meta['rcpt_tos'], $result->messageId, $result->accepted);

// A structured message with an envelope of its own.
$eml = smtp_test_received('plain', fn() => smtp_send($config, ['to' => 'visible@example.com', 'subject' => 's', 'text' => 't',
    'sender' => 'return@example.com', 'recipients' => 'hidden@example.com']));
$meta = smtp_test_meta($eml);
echo $meta['mail_from'], ' ', implode(',', $meta['rcpt_tos']), ' ', smtp_test_headers($eml)['To'], "\n";

foreach ([
    ['raw' => $raw],
    ['raw' => $raw, 'recipients' => 'x@example.net', 'subject' => 'twice'],
    ['raw' => "no headers\r\n", 'recipients' => 'x@example.net'],
    ['raw' => $raw, 'recipients' => 'Name <x@example.net>'],
    ['raw' => $raw, 'recipients' => "x@example.net>\r\nRSET"],
] as $bad) {
    try {
        smtp_send($config, $bad);
    } catch (Smtp\InvalidArgumentException $e) {
        echo get_class($e), ': ', $e->getMessage(), ' transient=', var_export($e->isTransient(), true), "\n";
    }
}
try {
    smtp_send(smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None, ['port' => 1]), ['to' => 'b@example.com', 'text' => 't']);
} catch (Smtp\ConnectionException $e) {
    echo $e->getCategory(), ' transient=', var_export($e->isTransient(), true), "\n";
}
try {
    smtp_send(smtp_test_config('SMTP_TEST_REJECT_PORT', Smtp\Encryption::None), ['to' => 'reject-me@example.com', 'text' => 't']);
} catch (Smtp\RecipientException $e) {
    echo $e->getCategory(), ' transient=', var_export($e->isTransient(), true), "\n";
}
?>
--EXPECT--
bool(true)
string(19) "bounces@example.com"
array(2) {
  [0]=>
  string(13) "x@example.net"
  [1]=>
  string(13) "y@example.org"
}
string(14) "r1@example.com"
array(2) {
  [0]=>
  string(13) "x@example.net"
  [1]=>
  string(13) "y@example.org"
}
return@example.com hidden@example.com visible@example.com
Smtp\InvalidArgumentException: a raw message needs its envelope recipients in recipients transient=false
Smtp\InvalidArgumentException: a raw message carries its own headers and body: leave to, cc, bcc, replyTo, subject, text, html, attachments, inline, headers, messageId and date empty, and give the envelope recipients in recipients transient=false
Smtp\InvalidArgumentException: the raw message does not start with a header section ("Name: value" lines, then an empty line) transient=false
Smtp\InvalidArgumentException: recipients takes bare addresses (a@example.com), not "Name <...>" transient=false
Smtp\InvalidArgumentException: email address contains a line break (CR/LF); header injection is not allowed transient=false
connect transient=true
recipient_rejected transient=false
