<?php
// One of the concurrent senders: N messages over one connection; prints each accepted Message-ID.
[$_, $port, $proc, $n] = $argv;
$mailer = new Smtp\Mailer(new Smtp\Config('127.0.0.1', (int) $port, Smtp\Encryption::None, fromAddress: "p$proc@example.com"));
$batch = [];
for ($i = 0; $i < $n; $i++) {
    $batch[] = ['to' => 'sink@example.com', 'subject' => "p$proc-m$i", 'text' => "process $proc message $i\n"];
}
foreach ($mailer->sendMany($batch) as $i => $r) {
    if (!$r instanceof Smtp\Result) {
        fwrite(STDERR, "p$proc-m$i: " . $r->getMessage() . "\n");
        exit(1);
    }
    echo $r->messageId, "\n";
}
