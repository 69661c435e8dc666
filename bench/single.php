<?php
// N separate sends, each on a new connection: --who=ext (smtp_send) | phpmailer (send).
// Prints median and p99 latency; with --tls, also how many TLS sessions were resumed.
require __DIR__ . '/common.php';
$a = bench_args($argv);
$n = (int) ($a['n'] ?? 200);
$lat = [];
$resumed = 0;
for ($i = 0; $i < $n; $i++) {
    $t = hrtime(true);
    if ($a['who'] === 'ext') {
        $mailer = new Smtp\Mailer(bench_config($a));
        $mailer->send(bench_message());
        $mailer->close();
        $resumed += str_contains($mailer->transcript(), '(resumed)') ? 1 : 0;
    } else {
        bench_phpmailer($a)->send();
    }
    $lat[] = (hrtime(true) - $t) / 1e6;
}
bench_report(['n' => $n, 'median_ms' => bench_percentile($lat, 0.5), 'p99_ms' => bench_percentile($lat, 0.99), 'resumed' => $resumed]);
