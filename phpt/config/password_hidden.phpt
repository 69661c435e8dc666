--TEST--
Smtp\Config: the password never shows in dumps, exports, casts, serialization or traces
--EXTENSIONS--
smtp
--FILE--
<?php
$secret = 'Sup3r-Secret-Pw';
$c = new Smtp\Config('localhost', 2525, Smtp\Encryption::None, 'user', $secret);
ob_start();
var_dump($c);
print_r($c);
var_export($c);
var_dump((array) $c, get_object_vars($c), json_encode($c));
$out = ob_get_clean();
var_dump(str_contains($out, $secret));
try {
    serialize($c);
} catch (Exception $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
function connect() { return new Smtp\Config('', 0, Smtp\Encryption::None, 'u', 'Sup3r-Secret-Pw'); }
try {
    connect();
} catch (Smtp\InvalidArgumentException $e) {
    var_dump(str_contains($e->getTraceAsString(), $secret), str_contains(print_r($e->getTrace(), true), $secret));
}
?>
--EXPECT--
bool(false)
Exception: Serialization of 'Smtp\Config' is not allowed
bool(false)
bool(false)
