<?php
// N wp_mail() calls inside the WordPress of scripts/wordpress.sh: --who=ext (the plugin routes
// through the extension) | core (the plugin's settings removed: WordPress's own PHPMailer, pointed
// at the same sink through phpmailer_init); --log=0 with ext: sent mail not written to the email
// log (one row per message otherwise). Settings are restored afterwards.
require __DIR__ . '/common.php';
$a = bench_args($argv);
$_SERVER['HTTP_HOST'] = '127.0.0.1:8080';
require $a['wp'] . '/wp-load.php';
global $wpdb;
$saved = get_option(Native_SMTP_Options::OPTION);
$saved_delivery = get_option(Native_SMTP_Delivery_Options::OPTION);
update_option(Native_SMTP_Delivery_Options::OPTION, ['log_sent' => ($a['log'] ?? '1') !== '0'] + Native_SMTP_Delivery_Options::defaults());
$first_log_id = (int) $wpdb->get_var('SELECT COALESCE(MAX(id), 0) FROM ' . Native_SMTP_Log_Schema::messages());
if ($a['who'] === 'ext') {
    update_option(Native_SMTP_Options::OPTION, ['host' => '127.0.0.1', 'port' => (int) $a['port'], 'encryption' => 'none', 'from_email' => BENCH_FROM] + Native_SMTP_Options::defaults());
} else {
    delete_option(Native_SMTP_Options::OPTION);
    add_action('phpmailer_init', function ($m) use ($a) {
        $m->isSMTP();
        $m->Host = '127.0.0.1';
        $m->Port = (int) $a['port'];
        $m->SMTPAutoTLS = false;
        $m->SMTPKeepAlive = true;  // as a keep-alive SMTP plugin would
    });
}
$n = (int) ($a['n'] ?? 200);
$ok = 0;
$t = hrtime(true);
for ($i = 0; $i < $n; $i++) {
    $ok += wp_mail(BENCH_TO, 'bench', bench_body()) ? 1 : 0;
}
$dt = (hrtime(true) - $t) / 1e9;
$saved === false ? delete_option(Native_SMTP_Options::OPTION) : update_option(Native_SMTP_Options::OPTION, $saved);
Native_SMTP_Log::delete($wpdb->get_col($wpdb->prepare('SELECT id FROM ' . Native_SMTP_Log_Schema::messages() . ' WHERE id > %d', $first_log_id)));
$saved_delivery === false ? delete_option(Native_SMTP_Delivery_Options::OPTION) : update_option(Native_SMTP_Delivery_Options::OPTION, $saved_delivery);
bench_report(['ok' => $ok, 'n' => $n, 'seconds' => $dt, 'rate' => $ok / $dt]);
