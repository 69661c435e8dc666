--TEST--
Smtp\Config: every timeout outside (0, 86400] seconds is refused before any use
--EXTENSIONS--
smtp
--FILE--
<?php
foreach ([1e10, 1e300, NAN, INF, -1.0, 0.0, 86400.001] as $t) {
    try {
        new Smtp\Config('smtp.example.com', timeout: $t);
        echo "accepted $t\n";
    } catch (Smtp\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
}
$c = new Smtp\Config('smtp.example.com', timeout: 86400.0);
var_dump($c->timeout);
$c = Smtp\Config::fromArray(['host' => 'smtp.example.com', 'timeout' => 0.25]);
var_dump($c->timeout);
?>
--EXPECT--
the timeout must be more than 0 and at most 86400 seconds
the timeout must be more than 0 and at most 86400 seconds
the timeout must be more than 0 and at most 86400 seconds
the timeout must be more than 0 and at most 86400 seconds
the timeout must be more than 0 and at most 86400 seconds
the timeout must be more than 0 and at most 86400 seconds
the timeout must be more than 0 and at most 86400 seconds
float(86400)
float(0.25)
