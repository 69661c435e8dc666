--TEST--
Bad input is refused before any byte goes on the wire
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_PLAIN_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$config = smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None);
$dir = smtp_test_env()['SMTP_TEST_MAILDIR'] . '/plain';
$before = count(glob("$dir/*.eml"));
$cases = [
    ['to' => 'bob@example.com', 'subject' => "Hi\r\nBcc: victim@example.com"],
    ['to' => "bob@example.com\r\nRCPT TO:<victim@example.com>"],
    ['to' => 'bob@example.com', 'fromName' => "Eve\nX-Evil: 1"],
    ['to' => 'bob@example.com', 'headers' => ['X-Tag' => "a\r\nb"]],
    ['to' => 'bob@example.com', 'headers' => ['Bcc' => 'victim@example.com']],
    ['subject' => 'nobody'],
    ['to' => 'bob@@example.com'],
    ['to' => 'bob@example.com', 'attachments' => ['/no/such/file.pdf']],
    ['to' => 'bob@example.com', 'inline' => [['path' => __FILE__]]],
    ['to' => 'bob@example.com', 'sujbect' => 'typo'],
    ['to' => 42],
];
foreach ($cases as $case) {
    try {
        smtp_send($config, $case);
        echo "sent?!\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
var_dump(count(glob("$dir/*.eml")) === $before);
?>
--EXPECT--
Smtp\InvalidArgumentException: subject contains a line break (CR/LF); header injection is not allowed
Smtp\InvalidArgumentException: email address contains a line break (CR/LF); header injection is not allowed
Smtp\InvalidArgumentException: sender name contains a line break (CR/LF); header injection is not allowed
Smtp\InvalidArgumentException: header X-Tag contains a line break (CR/LF); header injection is not allowed
Smtp\InvalidArgumentException: the header Bcc is set from the message's fields; set that field instead of a custom header
Smtp\InvalidArgumentException: the message has no recipient: give at least one to, cc or bcc address
Smtp\InvalidArgumentException: invalid email address "bob@@example.com": the character '@' is not allowed before the @ without quotes
Smtp\InvalidArgumentException: cannot read the attachment "/no/such/file.pdf": No such file or directory
Smtp\InvalidArgumentException: inline entries need a "cid" (referenced as cid:... in the HTML)
Smtp\InvalidArgumentException: unknown Smtp\Message key "sujbect"; valid keys: from, fromName, sender, to, cc, bcc, replyTo, subject, text, html, attachments, inline, headers, messageId, date, raw, recipients
Smtp\InvalidArgumentException: invalid email address "42": no @
bool(true)
