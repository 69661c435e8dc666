--TEST--
Secrets never appear in stack traces, even with zend.exception_ignore_args=0 (PHP's default without a php.ini)
--EXTENSIONS--
smtp
--INI--
zend.exception_ignore_args=0
--FILE--
<?php
$secret = 'hunter2-secret';
$calls = [
    'smtp_send' => fn () => smtp_send(['host' => 'bad host', 'password' => $secret], ['to' => 'a@example.com']),
    'Config::__construct' => fn () => new Smtp\Config('bad host', password: $secret),
    'Config::fromArray' => fn () => Smtp\Config::fromArray(['host' => 'bad host', 'password' => $secret]),
    'Config::preset' => fn () => Smtp\Config::preset('gmail', 'u@gmail.com', $secret, ['password' => $secret, 'bogus' => 1]),
    'VerificationCode::issue' => fn () => Smtp\VerificationCode::issue($secret, 'login', 'a@example.com', length: 99),
    'VerificationCode::verify' => function () use ($secret) {
        $token = 'x';
        return Smtp\VerificationCode::verify($secret, 'login', 'a@example.com', $secret, $token, -1);
    },
];
foreach ($calls as $name => $call) {
    try {
        $call();
        echo "$name: no exception?!\n";
    } catch (Throwable $e) {
        $trace = print_r($e->getTrace(), true) . $e->getTraceAsString() . $e;
        echo "$name: ", get_class($e), ', ', str_contains($trace, $secret) ? 'SECRET IN TRACE' : 'no secret in the trace',
            ', args kept: ', str_contains($trace, 'SensitiveParameterValue') ? 'yes' : 'no', "\n";
    }
}
?>
--EXPECT--
smtp_send: Smtp\InvalidArgumentException, no secret in the trace, args kept: yes
Config::__construct: Smtp\InvalidArgumentException, no secret in the trace, args kept: yes
Config::fromArray: Smtp\InvalidArgumentException, no secret in the trace, args kept: yes
Config::preset: Smtp\InvalidArgumentException, no secret in the trace, args kept: yes
VerificationCode::issue: ValueError, no secret in the trace, args kept: yes
VerificationCode::verify: Smtp\InvalidArgumentException, no secret in the trace, args kept: yes
