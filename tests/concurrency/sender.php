<?php
// One of the concurrent senders (see run.sh): waits for DIR/go, then sends N
// messages through the extension over one Smtp\Mailer, with send() one by
// one ("one") or sendMany() in batches of 100 ("many"). Prints
// "<Message-ID>\t<subject>" for every message the extension reports as
// accepted; writes "<start> <end>" (microtime) to DIR/times-P.txt. Any
// failure: a line on stderr and exit status 1.
[$_, $port, $proc, $n, $mode, $dir] = $argv;
$mailer = new Smtp\Mailer(new Smtp\Config('127.0.0.1', (int) $port, Smtp\Encryption::None,
    fromAddress: "p$proc@example.com", fromName: "Sender $proc", timeout: 30.0));

function message(int $proc, int $i): array {
    $m = [
        'to' => "rcpt-$proc-$i@example.net",
        'subject' => "p$proc-m$i",
        'text' => "process $proc, message $i\n.\nA line with only a dot above; ünïcödé below.\n",
    ];
    if ($i % 50 === 0) {  // now and then a binary attachment, checked by hash at the server
        $data = random_bytes(10000 + $i);
        $m['attachments'] = [['data' => $data, 'name' => "blob-$i.bin", 'type' => 'application/octet-stream']];
        $m['headers'] = ['X-Test-Sha256' => hash('sha256', $data)];
    }
    return $m;
}

while (!file_exists("$dir/go")) usleep(1000);
$start = microtime(true);
$failed = false;
$report = function (int $i, $r) use ($proc, &$failed) {
    if ($r instanceof Smtp\Result) {
        echo $r->messageId, "\t", "p$proc-m$i", "\n";
    } else {
        fwrite(STDERR, "p$proc-m$i: " . get_class($r) . ": " . $r->getMessage() . "\n");
        $failed = true;
    }
};
if ($mode === 'one') {
    for ($i = 0; $i < $n; $i++) {
        try {
            $report($i, $mailer->send(message((int) $proc, $i)));
        } catch (Smtp\Exception $e) {
            $report($i, $e);
        }
    }
} else {
    for ($first = 0; $first < $n; $first += 100) {
        $batch = [];
        for ($i = $first; $i < min($n, $first + 100); $i++) $batch[$i] = message((int) $proc, $i);
        foreach ($mailer->sendMany($batch) as $i => $r) $report($i, $r);
    }
}
$mailer->close();
file_put_contents("$dir/times-$proc.txt", sprintf("%.6f %.6f\n", $start, microtime(true)));
exit($failed ? 1 : 0);
