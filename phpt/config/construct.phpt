--TEST--
Smtp\Config: construction, defaults, read-only properties
--EXTENSIONS--
smtp
--FILE--
<?php
$c = new Smtp\Config('smtp.qq.com', encryption: Smtp\Encryption::Ssl, username: 'me@qq.com', password: 'auth-code');
var_dump($c->host, $c->port, $c->effectivePort(), $c->encryption, $c->hasPassword(), $c->authMechanism, $c->timeout);
try {
    $c->host = 'evil.example';
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    clone $c;
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$d = new Smtp\Config('localhost', 587);
var_dump($d->effectivePort(), $d->encryption, $d->hasPassword(), $d->verifyPeer);
?>
--EXPECT--
string(11) "smtp.qq.com"
int(0)
int(465)
enum(Smtp\Encryption::Ssl)
bool(true)
string(4) "auto"
float(30)
Error: Cannot modify readonly property Smtp\Config::$host
Error: Trying to clone an uncloneable object of class Smtp\Config
int(587)
enum(Smtp\Encryption::StartTls)
bool(false)
bool(true)
