<?php
/** Queues N emails of about 1 KB: php queue.php N [tag] */
require __DIR__ . '/app.php';

use Symfony\Component\Mailer\Messenger\SendEmailMessage;
use Symfony\Component\Mime\Email;

[$bus] = messenger_app();
$n = (int) ($argv[1] ?? 1000);
$tag = $argv[2] ?? 'bench';
$body = str_repeat("Hello from the queue. 0123456789 abcdefghij\n", 22);
for ($i = 1; $i <= $n; $i++) {
    $email = (new Email())->from('shop@example.com')->to("customer$i@example.com")->subject("$tag $i")->text($body);
    $email->getHeaders()->addIdHeader('Message-ID', "$tag-$i@example.com");
    $bus->dispatch(new SendEmailMessage($email));
}
echo json_encode(['queued' => $n]), "\n";
