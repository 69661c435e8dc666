<?php
// Issues a verification code, mails it through smtp_send() to the local test
// server, reads it back from what the server received, and verifies it.
//   php -d extension=modules/smtp.so examples/verify.php
// Needs the local servers: scripts/servers.sh start.

$env = parse_ini_file(__DIR__ . '/../.run/servers.env');
$secret = random_bytes(32);             // a site keeps one secret, e.g. derived from its salts
$email = 'new.member@example.com';

$issued = Smtp\VerificationCode::issue($secret, 'registration', $email, ttl: 600, length: 6);
$token = $issued['token'];              // store this (never the code) with the pending sign-up

$dir = $env['SMTP_TEST_MAILDIR'] . '/plain';
$before = glob("$dir/*.eml") ?: [];
smtp_send(
    ['host' => '127.0.0.1', 'port' => (int) $env['SMTP_TEST_PLAIN_PORT'], 'encryption' => 'none', 'fromAddress' => 'site@example.com'],
    ['to' => $email, 'subject' => 'Your verification code', 'text' => "Your code is {$issued['code']}. It is valid for 10 minutes."]
);
for ($i = 0; $i < 50 && !($new = array_diff(glob("$dir/*.eml") ?: [], $before)); $i++) {
    usleep(100000);
}
preg_match('/code is (\d+)/', quoted_printable_decode(file_get_contents(reset($new))), $m);
echo "the member typed {$m[1]}\n";

echo 'wrong code: ', Smtp\VerificationCode::verify($secret, 'registration', $email, '000000', $token)->value, "\n";
echo 'mailed code: ', Smtp\VerificationCode::verify($secret, 'registration', $email, $m[1], $token)->value, "\n";
echo 'same code again: ', Smtp\VerificationCode::verify($secret, 'registration', $email, $m[1], $token)->value, "\n";
