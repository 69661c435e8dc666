--TEST--
Smtp\Config::presets() and Config::preset()
--EXTENSIONS--
smtp
--FILE--
<?php
$all = Smtp\Config::presets();
var_dump(count($all) >= 20, array_key_first($all));
print_r($all['qq']);
$c = Smtp\Config::preset('gmail', 'me@gmail.com', 'abcd efgh ijkl mnop');
var_dump($c->host, $c->port, $c->encryption, $c->fromAddress, $c->hasPassword());
$c = Smtp\Config::preset('gmail', 'me@gmail.com', 'x', ['encryption' => 'starttls']);
var_dump($c->port, $c->encryption);
try {
    Smtp\Config::preset('hotmale', 'a', 'b');
} catch (Smtp\InvalidArgumentException $e) {
    echo substr($e->getMessage(), 0, 50), "\n";
}
?>
--EXPECT--
bool(true)
string(2) "qq"
Array
(
    [name] => QQ Mail
    [host] => smtp.qq.com
    [port] => 465
    [encryption] => ssl
    [ports] => Array
        (
            [ssl] => 465
            [starttls] => 587
            [none] => 25
        )

    [appPassword] => 1
    [senderMustMatchAccount] => 1
    [usernameHint] => Usually your full email address
    [help] => QQ Mail needs an authorization code, not your login password: in QQ Mail open Settings > Account, turn on the POP3/IMAP/SMTP service and generate one. The sender must be the account itself.
)
string(14) "smtp.gmail.com"
int(465)
enum(Smtp\Encryption::Ssl)
string(12) "me@gmail.com"
bool(true)
int(587)
enum(Smtp\Encryption::StartTls)
unknown provider "hotmale"; known providers: qq, e
