<?php
// Queue drain inside the WordPress of scripts/wordpress.sh: N wp_mail() calls
// with background sending on (each only stored in the queue), then one queue
// runner sends them all. --who=ext: the extension's pipelined sendMany() in
// batches over one connection; --who=phpmailer: the plugin's PHPMailer engine
// (WordPress's bundled PHPMailer, one kept-open connection). Prints the
// queueing and the draining rate; settings and the log are restored.
require __DIR__ . '/common.php';
$a = bench_args($argv);
if ($a['who'] === 'phpmailer') {
    define('NATIVE_SMTP_ENGINE', 'phpmailer');
}
$_SERVER['HTTP_HOST'] = '127.0.0.1:8080';
require $a['wp'] . '/wp-load.php';
global $wpdb;
$saved = [Native_SMTP_Options::OPTION => get_option(Native_SMTP_Options::OPTION), Native_SMTP_Delivery_Options::OPTION => get_option(Native_SMTP_Delivery_Options::OPTION)];
update_option(Native_SMTP_Options::OPTION, ['host' => '127.0.0.1', 'port' => (int) $a['port'], 'encryption' => 'none', 'from_email' => BENCH_FROM] + Native_SMTP_Options::defaults());
update_option(Native_SMTP_Delivery_Options::OPTION, ['background' => true] + Native_SMTP_Delivery_Options::defaults());
$first = (int) $wpdb->get_var('SELECT COALESCE(MAX(id), 0) FROM ' . Native_SMTP_Log_Schema::messages());

$n = (int) ($a['n'] ?? 1000);
$t = hrtime(true);
for ($i = 0; $i < $n; $i++) {
    wp_mail(BENCH_TO, "bench drain $i", bench_body());
}
$queue_s = (hrtime(true) - $t) / 1e9;
$t = hrtime(true);
$stats = Native_SMTP_Runner::run(0);
$drain_s = (hrtime(true) - $t) / 1e9;

$left = (int) $wpdb->get_var($wpdb->prepare('SELECT COUNT(*) FROM ' . Native_SMTP_Log_Schema::messages() . " WHERE id > %d AND status <> 'sent'", $first));
Native_SMTP_Log::delete($wpdb->get_col($wpdb->prepare('SELECT id FROM ' . Native_SMTP_Log_Schema::messages() . ' WHERE id > %d', $first)));
foreach ($saved as $name => $value) {
    $value === false ? delete_option($name) : update_option($name, $value);
}
if ($stats['sent'] !== $n || $left !== 0) {
    fwrite(STDERR, "drain: sent {$stats['sent']} of $n, $left not sent\n");
    exit(1);
}
bench_report(['n' => $n, 'queue_rate' => $n / $queue_s, 'rate' => $n / $drain_s, 'seconds' => $drain_s]);
