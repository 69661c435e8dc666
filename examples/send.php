<?php
// Sends one message through the smtp extension and prints the result.
//   php -d extension=modules/smtp.so examples/send.php [host] [port] [to]
// Defaults: the local test server started by scripts/servers.sh (127.0.0.1:2525).

$host = $argv[1] ?? '127.0.0.1';
$port = (int) ($argv[2] ?? 2525);
$to   = $argv[3] ?? 'Pekka Mäkinen <pekka@example.fi>';

$config = new Smtp\Config(
    host: $host,
    port: $port,
    encryption: Smtp\Encryption::None,   // the local demo server; use Ssl or StartTls for real providers
    fromAddress: 'demo@example.com',
    fromName: 'native-smtp demo',
);

$message = new Smtp\Message(to: $to, subject: 'こんにちは / 你好 / Hei from native-smtp');
$message->text = "This message was sent by the native SMTP core.\nRead it in plain text.";
$message->html = '<p>This message was sent by the <b>native SMTP core</b>.</p>';
$message->attachments = [['data' => "hello, attachment\n", 'name' => 'hello.txt', 'type' => 'text/plain']];

try {
    $result = smtp_send($config, $message);
    printf("sent %s to %s: %s (%.1f ms)\n", $result->messageId, implode(', ', $result->accepted),
        $result->serverReply, $result->elapsed * 1000);
} catch (Smtp\Exception $e) {
    fprintf(STDERR, "not sent (%s): %s\nfix: %s\n", $e->getCategory(), $e->getMessage(), $e->getHint());
    exit(1);
}
