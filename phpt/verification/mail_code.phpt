--TEST--
A PHP script issues a code, mails it through smtp_send() and verifies what arrived
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_PLAIN_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$secret = random_bytes(32);
$issued = Smtp\VerificationCode::issue($secret, 'registration', 'new.member@example.com');
$eml = smtp_test_received('plain', fn() => smtp_send(smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None),
    ['to' => 'new.member@example.com', 'subject' => 'Your code', 'text' => "Your code is {$issued['code']}. It is valid for 10 minutes."]));
preg_match('/code is (\d{6})/', quoted_printable_decode(file_get_contents($eml)), $m);
$token = $issued['token'];
var_dump(Smtp\VerificationCode::verify($secret, 'registration', 'new.member@example.com', $m[1], $token));
?>
--EXPECT--
enum(Smtp\VerificationResult::Valid)
