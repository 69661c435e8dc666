<?php
// Shared by the benchmark scripts: the message every contender sends, and timing helpers.
const BENCH_FROM = 'bench@example.com';
const BENCH_TO = 'sink@example.com';

/** A 1 KB plain-text body. */
function bench_body(): string
{
    return str_repeat("The quick brown fox jumps over the lazy dog; 0123456789 ABCDEFG\n", 16);
}

function bench_args(array $argv): array
{
    $args = [];
    foreach (array_slice($argv, 1) as $a) {
        [$k, $v] = array_pad(explode('=', ltrim($a, '-'), 2), 2, '1');
        $args[$k] = $v;
    }
    return $args;
}

function bench_phpmailer(array $a): PHPMailer\PHPMailer\PHPMailer
{
    require_once '/usr/share/php/libphp-phpmailer/autoload.php';
    $m = new PHPMailer\PHPMailer\PHPMailer(true);
    $m->isSMTP();
    $m->Host = $a['host'] ?? '127.0.0.1';
    $m->Port = (int) $a['port'];
    $m->SMTPAutoTLS = false;
    $m->CharSet = 'UTF-8';
    if (($a['tls'] ?? '') === 'starttls') {
        $m->SMTPSecure = PHPMailer\PHPMailer\PHPMailer::ENCRYPTION_STARTTLS;
        $m->SMTPAuth = true;
        $m->Username = $a['user'];
        $m->Password = $a['pass'];
        $m->SMTPOptions['ssl'] = ['cafile' => $a['ca'], 'verify_peer' => true, 'peer_name' => 'localhost'];
    }
    if (!empty($a['nodelay'])) {
        $m->SMTPOptions['socket'] = ['tcp_nodelay' => true];
    }
    $m->setFrom(BENCH_FROM, 'Bench');
    $m->addAddress(BENCH_TO);
    $m->Subject = 'bench';
    $m->Body = bench_body();
    return $m;
}

function bench_config(array $a): Smtp\Config
{
    $c = ['host' => $a['host'] ?? '127.0.0.1', 'port' => (int) $a['port'], 'encryption' => $a['tls'] ?? 'none', 'fromAddress' => BENCH_FROM, 'fromName' => 'Bench'];
    if (($a['tls'] ?? 'none') !== 'none') {
        $c['caFile'] = $a['ca'];
    }
    if (isset($a['user'])) {  // a server without AUTH (the private Postfix) gets none
        $c += ['username' => $a['user'], 'password' => $a['pass']];
    }
    return Smtp\Config::fromArray($c);
}

function bench_message(): Smtp\Message
{
    return new Smtp\Message(to: BENCH_TO, subject: 'bench', text: bench_body());
}

/** Prints one JSON line for run.sh to tabulate. */
function bench_report(array $fields): void
{
    echo json_encode($fields), "\n";
}

function bench_percentile(array $xs, float $p): float
{
    sort($xs);
    return $xs[(int) min(count($xs) - 1, floor($p * count($xs)))];
}
