--TEST--
Smtp\Config::fromArray(): unknown keys, wrong types and bad values are clear errors
--EXTENSIONS--
smtp
--FILE--
<?php
$cases = [
    ['host' => 'smtp.example.com', 'pasword' => 'x'],
    ['host' => 'smtp.example.com', 'port' => '587'],
    ['host' => 'smtp.example.com', 'port' => 70000],
    ['host' => 'smtp.example.com', 'encryption' => 'tls1.3'],
    ['host' => 'smtp .example.com'],
    ['host' => "smtp.example.com\r\nX: y"],
    ['host' => 'smtp.example.com', 'timeout' => 0],
    ['host' => 'smtp.example.com', 'authMechanism' => 'NTLM'],
    ['host' => 'smtp.example.com', 'fromAddress' => 'not an address'],
    ['port' => 25],
];
foreach ($cases as $case) {
    try {
        Smtp\Config::fromArray($case);
        echo "accepted\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$c = Smtp\Config::fromArray(['host' => 'smtp.example.com', 'encryption' => 'ssl', 'timeout' => 5]);
var_dump($c->encryption, $c->timeout);
?>
--EXPECT--
Smtp\InvalidArgumentException: unknown Smtp\Config key "pasword"; valid keys: host, port, encryption, username, password, fromAddress, fromName, timeout, verifyPeer, caFile, heloName, authMechanism, dataTimeout, totalTimeout
TypeError: Smtp\Config key "port" must be of type int, string given
Smtp\InvalidArgumentException: the port must be between 0 and 65535, got 70000
Smtp\InvalidArgumentException: unknown encryption "tls1.3"; use none, ssl or starttls
Smtp\InvalidArgumentException: the SMTP host "smtp .example.com" contains spaces or slashes; give only a host name such as smtp.qq.com
Smtp\InvalidArgumentException: SMTP host contains a line break (CR/LF); header injection is not allowed
Smtp\InvalidArgumentException: the timeout must be more than 0 and at most 86400 seconds
Smtp\InvalidArgumentException: unknown authentication mechanism "NTLM"; use auto, PLAIN, LOGIN, CRAM-MD5, XOAUTH2 or OAUTHBEARER
Smtp\InvalidArgumentException: invalid email address "not an address": no @
Smtp\InvalidArgumentException: Smtp\Config::fromArray(): the "host" key is required
enum(Smtp\Encryption::Ssl)
float(5)
