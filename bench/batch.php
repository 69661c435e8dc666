<?php
// N messages over one connection: --who=ext (Mailer::sendMany) | phpmailer (SMTPKeepAlive).
require __DIR__ . '/common.php';
$a = bench_args($argv);
$n = (int) ($a['n'] ?? 2000);
if ($a['who'] === 'ext') {
    $mailer = new Smtp\Mailer(bench_config($a));
    $mailer->send(bench_message());  // connect, TLS, AUTH outside the timing
    $batch = array_fill(0, $n, bench_message());
    $t = hrtime(true);
    $out = $mailer->sendMany($batch);
    $dt = (hrtime(true) - $t) / 1e9;
    $ok = count(array_filter($out, fn($r) => $r instanceof Smtp\Result));
    $resumed = null;
} else {
    $m = bench_phpmailer($a);
    $m->SMTPKeepAlive = true;
    $m->send();
    $t = hrtime(true);
    $ok = 0;
    for ($i = 0; $i < $n; $i++) {
        $ok += $m->send() ? 1 : 0;
    }
    $dt = (hrtime(true) - $t) / 1e9;
    $m->smtpClose();
}
bench_report(['ok' => $ok, 'n' => $n, 'seconds' => $dt, 'rate' => $ok / $dt]);
