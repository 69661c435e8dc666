--TEST--
A Smtp\Message whose property was unset() is refused with a clear error
--EXTENSIONS--
smtp
--FILE--
<?php
$config = new Smtp\Config('127.0.0.1', 1, Smtp\Encryption::None, fromAddress: 'sender@example.com', timeout: 5.0);
foreach (['subject', 'to', 'attachments', 'headers'] as $name) {
    $m = new Smtp\Message(to: 'rcpt@example.com', subject: 'hi');
    unset($m->$name);
    try {
        smtp_send($config, $m);
    } catch (Smtp\Exception $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
Smtp\InvalidArgumentException: Smtp\Message::$subject is not initialized; do not unset() it, assign an empty value
Smtp\InvalidArgumentException: Smtp\Message::$to is not initialized; do not unset() it, assign an empty value
Smtp\InvalidArgumentException: Smtp\Message::$attachments is not initialized; do not unset() it, assign an empty value
Smtp\InvalidArgumentException: Smtp\Message::$headers is not initialized; do not unset() it, assign an empty value
