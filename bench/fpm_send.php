<?php
// Runs under php-fpm (bench/fpm.sh): one request sends one mail through the
// extension, persistent or not, and reports how long the send took inside
// the request and whether it found a connection kept by this worker.
require __DIR__ . '/common.php';
// Settings come as FastCGI parameters (cgi-fcgi passes its environment), never in the URL.
$a = ['port' => $_SERVER['BENCH_PORT'], 'tls' => 'starttls', 'host' => 'localhost',
      'user' => $_SERVER['BENCH_USER'], 'pass' => $_SERVER['BENCH_PASS'], 'ca' => $_SERVER['BENCH_CA']];
$t = hrtime(true);
$mailer = new Smtp\Mailer(bench_config($a), persistent: $_SERVER['BENCH_PERSISTENT'] === '1');
$kept = $mailer->isConnected();
$mailer->send(bench_message());
header('Content-Type: application/json');
echo json_encode(['ms' => (hrtime(true) - $t) / 1e6, 'pid' => getmypid(), 'kept' => $kept]), "\n";
