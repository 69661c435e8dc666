--TEST--
Smtp\VerificationCode: issue, mail, verify once; wrong, expired, too many attempts, tampered
--EXTENSIONS--
smtp
--FILE--
<?php
$secret = str_repeat('k', 32);
$issued = Smtp\VerificationCode::issue($secret, 'registration', 'Bob@Example.com');
var_dump(strlen($issued['code']), ctype_digit($issued['code']), str_contains($issued['token'], $issued['code']), $issued['expires'] - time() <= 600);
$token = $issued['token'];
var_dump(Smtp\VerificationCode::verify($secret, 'registration', 'bob@example.com', '00000x', $token));
var_dump(Smtp\VerificationCode::verify($secret, 'login', 'bob@example.com', $issued['code'], $token));
var_dump(Smtp\VerificationCode::verify($secret, 'registration', 'bob@example.com', $issued['code'], $token));
var_dump(Smtp\VerificationCode::verify($secret, 'registration', 'bob@example.com', $issued['code'], $token));

$short = Smtp\VerificationCode::issue($secret, 'login', 'a@example.com', ttl: 1, length: 8, alphanumeric: true, maxAttempts: 2);
var_dump(strlen($short['code']), (bool) preg_match('/^[2-9A-HJKMNP-Z]{8}$/', $short['code']));
$t = $short['token'];
var_dump(Smtp\VerificationCode::verify($secret, 'login', 'a@example.com', 'AAAAAAAA', $t));
var_dump(Smtp\VerificationCode::verify($secret, 'login', 'a@example.com', 'AAAAAAAA', $t));
var_dump(Smtp\VerificationCode::verify($secret, 'login', 'a@example.com', strtolower($short['code']), $t));
$t = $short['token'];
sleep(2);
var_dump(Smtp\VerificationCode::verify($secret, 'login', 'a@example.com', $short['code'], $t));
$bad = 'v1.9999999999.0.5.x.y';
var_dump(Smtp\VerificationCode::verify($secret, 'login', 'a@example.com', '123456', $bad), $bad);
var_dump(Smtp\VerificationCode::cooldownRemaining(time() - 20), Smtp\VerificationCode::cooldownRemaining(100, 60, 130));
try {
    Smtp\VerificationCode::issue('short', 'login', 'a@example.com');
} catch (Smtp\InvalidArgumentException $e) {
    echo $e->getMessage(), "\n";
}
try {
    Smtp\VerificationCode::issue($secret, 'login', 'a@example.com', length: 3);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECTF--
int(6)
bool(true)
bool(false)
bool(true)
enum(Smtp\VerificationResult::Invalid)
enum(Smtp\VerificationResult::Invalid)
enum(Smtp\VerificationResult::Valid)
enum(Smtp\VerificationResult::Invalid)
int(8)
bool(true)
enum(Smtp\VerificationResult::Invalid)
enum(Smtp\VerificationResult::Invalid)
enum(Smtp\VerificationResult::TooManyAttempts)
enum(Smtp\VerificationResult::Expired)
enum(Smtp\VerificationResult::Malformed)
string(21) "v1.9999999999.0.5.x.y"
int(%r(40|39)%r)
int(30)
the verification secret must be at least 16 bytes long
Smtp\VerificationCode::issue(): Argument #5 ($length) must be between 4 and 12
