--TEST--
Smtp\Mailer::__construct() refuses a second call, also from user code running inside send() and sendMany()
--EXTENSIONS--
smtp
--FILE--
<?php
// Port 1 on loopback: nobody listens, so a send that got past the checks fails fast.
$config = new Smtp\Config('127.0.0.1', 1, Smtp\Encryption::None, fromAddress: 'sender@example.com', timeout: 5.0);
$mailer = new Smtp\Mailer($config);
$show = function (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; };

try { $mailer->__construct($config); } catch (Throwable $e) { $show($e); }

// __toString() runs while send() converts the message.
class Subject {
    public function __construct(private Smtp\Mailer $mailer, private Smtp\Config $config) {}
    public function __toString(): string { $this->mailer->__construct($this->config); return 'hello'; }
}
try {
    $mailer->send(['to' => 'rcpt@example.com', 'subject' => new Subject($mailer, $config)]);
} catch (Throwable $e) { $show($e); }

// A generator runs while sendMany() collects the messages.
function messages(Smtp\Mailer $mailer, Smtp\Config $config) {
    yield ['to' => 'one@example.com'];
    $mailer->__construct($config);
    yield ['to' => 'two@example.com'];
}
try { $mailer->sendMany(messages($mailer, $config)); } catch (Throwable $e) { $show($e); }

// The mailer still works with its first settings.
try { $mailer->send(['to' => 'rcpt@example.com']); } catch (Throwable $e) { echo get_class($e), "\n"; }
var_dump($mailer->isConnected());
?>
--EXPECT--
Error: Smtp\Mailer::__construct() cannot be called twice; create a new Mailer for other settings
Error: Smtp\Mailer::__construct() cannot be called twice; create a new Mailer for other settings
Error: Smtp\Mailer::__construct() cannot be called twice; create a new Mailer for other settings
Smtp\ConnectionException
bool(false)
