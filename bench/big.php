<?php
// One message with a large attachment: --who=ext | phpmailer | baseline (PHP doing nothing); --file=PATH.
require __DIR__ . '/common.php';
$a = bench_args($argv);
$t = hrtime(true);
if ($a['who'] === 'ext') {
    $m = bench_message();
    $m->attachments = [$a['file']];
    smtp_send(bench_config($a), $m);
} elseif ($a['who'] === 'phpmailer') {
    $m = bench_phpmailer($a);
    $m->addAttachment($a['file']);
    $m->send();
}
bench_report(['seconds' => (hrtime(true) - $t) / 1e9]);
