--TEST--
Smtp\Config: dataTimeout and totalTimeout (constructor, fromArray(), smtp_send() array), bounded like timeout
--EXTENSIONS--
smtp
--FILE--
<?php
$c = new Smtp\Config('smtp.example.com');
var_dump($c->dataTimeout, $c->totalTimeout);
$c = new Smtp\Config('smtp.example.com', dataTimeout: 1200.0, totalTimeout: 90.5);
var_dump($c->dataTimeout, $c->totalTimeout);
$c = Smtp\Config::fromArray(['host' => 'smtp.example.com', 'dataTimeout' => 60, 'totalTimeout' => null]);
var_dump($c->dataTimeout, $c->totalTimeout);
$c = Smtp\Config::fromArray(['host' => 'smtp.example.com', 'totalTimeout' => 86400.0]);
var_dump($c->totalTimeout);
foreach (['dataTimeout', 'totalTimeout'] as $key) {
    foreach ([1e10, 1e300, NAN, INF, -1.0, 0.0, 86400.001] as $t) {
        try {
            new Smtp\Config('smtp.example.com', ...[$key => $t]);
            echo "accepted $key $t\n";
        } catch (Smtp\InvalidArgumentException $e) {
            echo $e->getMessage(), "\n";
        }
    }
}
try {
    Smtp\Config::fromArray(['host' => 'smtp.example.com', 'dataTimeout' => 'ten']);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
// smtp_send() refuses the value before connecting anywhere.
try {
    smtp_send(['host' => '192.0.2.1', 'totalTimeout' => -5.0], ['to' => 'a@example.com', 'subject' => 's', 'text' => 't']);
} catch (Smtp\InvalidArgumentException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
float(600)
NULL
float(1200)
float(90.5)
float(60)
NULL
float(86400)
the dataTimeout must be more than 0 and at most 86400 seconds
the dataTimeout must be more than 0 and at most 86400 seconds
the dataTimeout must be more than 0 and at most 86400 seconds
the dataTimeout must be more than 0 and at most 86400 seconds
the dataTimeout must be more than 0 and at most 86400 seconds
the dataTimeout must be more than 0 and at most 86400 seconds
the dataTimeout must be more than 0 and at most 86400 seconds
the totalTimeout must be more than 0 and at most 86400 seconds
the totalTimeout must be more than 0 and at most 86400 seconds
the totalTimeout must be more than 0 and at most 86400 seconds
the totalTimeout must be more than 0 and at most 86400 seconds
the totalTimeout must be more than 0 and at most 86400 seconds
the totalTimeout must be more than 0 and at most 86400 seconds
the totalTimeout must be more than 0 and at most 86400 seconds
Smtp\Config key "dataTimeout" must be of type float, string given
Smtp\InvalidArgumentException: the totalTimeout must be more than 0 and at most 86400 seconds
