<?php
/**
 * Looks at a mail server from this site: resolves the name, opens TCP to
 * 465, 587, 25 and the entered port at once, then asks each open port what
 * it speaks: TLS at connect (tried first, as a plain SMTP server answers a
 * TLS hello at once with its greeting, which fails fast), else a plain
 * greeting and EHLO that may offer STARTTLS (then tried, to check the
 * certificate). The SMTP talk is PHPMailer's SMTP class, bundled with
 * WordPress, with or without the smtp extension: the extension has no
 * connect-only call, and a probe must never log in or send. This file only
 * opens sockets and reads the outcome.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Connection_Probe
{
    public const PORTS = [465, 587, 25];

    /**
     * @param int[] $ports usually self::PORTS and the entered port
     * @return array{host: string, dns: bool, dns_detail: string, ports: array<int, array{port: int,
     *   tcp: bool, speaks: string, stage: string, certificate: string, greeting: string, detail: string, transcript: string}>}
     *   speaks: 'tls' (TLS at connect), 'starttls' (plain greeting, STARTTLS offered), 'plain' (no STARTTLS) or ''
     *   stage: where it stopped: '' (it works), 'tcp', 'tls' or 'greeting'
     */
    public static function run(string $host, array $ports, float $timeout = 6.0): array
    {
        $result = ['host' => $host, 'dns' => false, 'dns_detail' => '', 'ports' => []];
        $name = trim($host, '[]');
        $address = self::resolve($name);
        if ($address === null) {
            $result['dns_detail'] = sprintf('no A or AAAA record for %s', $name);
            return $result;
        }
        $result['dns'] = true;
        $ports = array_values(array_unique(array_filter(array_map('intval', $ports))));
        foreach (self::tcp($address, $ports, $timeout) as $port => $error) {
            $result['ports'][$port] = ['port' => $port, 'tcp' => $error === '', 'speaks' => '', 'stage' => $error === '' ? '' : 'tcp',
                'certificate' => '', 'greeting' => '', 'detail' => $error, 'transcript' => ''];
            if ($error === '') {
                $result['ports'][$port] = array_merge($result['ports'][$port], self::speaks($host, $port, $timeout));
            }
        }
        return $result;
    }

    /** An address for the name (IPv4 first), or null when DNS has none. */
    private static function resolve(string $name): ?string
    {
        if (filter_var($name, FILTER_VALIDATE_IP)) {
            return $name;
        }
        $v4 = gethostbynamel($name);
        if ($v4) {
            return $v4[0];
        }
        $v6 = @dns_get_record($name, DNS_AAAA);
        return $v6 ? (string) $v6[0]['ipv6'] : null;
    }

    /**
     * Opens TCP to every port at once and waits at most $timeout for all.
     *
     * @return array<int, string> port => '' when it connected, else the error
     */
    private static function tcp(string $address, array $ports, float $timeout): array
    {
        $target = strpos($address, ':') !== false ? "[$address]" : $address;
        $pending = [];
        $result = [];
        foreach ($ports as $port) {
            $socket = @stream_socket_client("tcp://$target:$port", $errno, $errstr, $timeout, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
            if ($socket === false) {
                $result[$port] = $errstr !== '' ? $errstr : 'connection failed';
                continue;
            }
            $pending[$port] = $socket;
        }
        $deadline = microtime(true) + $timeout;
        while ($pending && ($left = $deadline - microtime(true)) > 0) {
            $read = null;
            $write = $except = array_values($pending);
            if (!@stream_select($read, $write, $except, (int) $left, (int) (fmod($left, 1) * 1e6))) {
                break;
            }
            foreach ($pending as $port => $socket) {
                if (in_array($socket, $write, true) || in_array($socket, $except, true)) {
                    // Writable means connected, unless the connection was refused: then there is no peer.
                    $result[$port] = stream_socket_get_name($socket, true) === false ? 'connection refused' : '';
                    fclose($socket);
                    unset($pending[$port]);
                }
            }
        }
        foreach ($pending as $port => $socket) {
            fclose($socket);
            $result[$port] = sprintf('no answer within %d seconds (filtered)', (int) $timeout);
        }
        $ordered = [];
        foreach ($ports as $port) {
            $ordered[$port] = $result[$port];
        }
        return $ordered;
    }

    /** What an open port speaks, as far as it gets. */
    private static function speaks(string $host, int $port, float $timeout): array
    {
        $tls = self::session("ssl://$host", $host, $port, $timeout);
        if ($tls['connected'] || $tls['greeting'] !== '' || $tls['certificate'] === 'untrusted') {
            $out = ['speaks' => 'tls', 'greeting' => $tls['greeting'], 'certificate' => $tls['certificate'], 'transcript' => $tls['transcript'], 'detail' => $tls['detail']];
            $out['stage'] = $tls['certificate'] === 'untrusted' ? 'tls' : ($tls['connected'] ? '' : 'greeting');
            return $out;
        }
        $plain = self::session($host, $host, $port, $timeout, true);
        $out = ['greeting' => $plain['greeting'], 'certificate' => $plain['certificate'], 'transcript' => $tls['transcript'] . $plain['transcript'],
            'detail' => $plain['detail']];
        if (!$plain['connected']) {
            return $out + ['speaks' => '', 'stage' => 'greeting'];
        }
        $out['speaks'] = $plain['starttls'] ? 'starttls' : 'plain';
        $out['stage'] = in_array($plain['certificate'], ['untrusted', 'failed'], true) ? 'tls' : '';
        return $out;
    }

    /**
     * One PHPMailer SMTP session: connect (TLS at connect for ssl://), greeting,
     * EHLO and, when asked and offered, STARTTLS. Never logs in, never sends.
     */
    private static function session(string $target, string $host, int $port, float $timeout, bool $starttls = false): array
    {
        if (!class_exists('PHPMailer\\PHPMailer\\SMTP')) {
            require_once ABSPATH . WPINC . '/PHPMailer/SMTP.php';
        }
        $smtp = new PHPMailer\PHPMailer\SMTP();
        $smtp->Timeout = (int) ceil($timeout);
        $smtp->Timelimit = (int) ceil($timeout);
        $log = '';
        $smtp->setDebugLevel(PHPMailer\PHPMailer\SMTP::DEBUG_CONNECTION);
        $smtp->setDebugOutput(static function (string $line) use (&$log): void {
            $log .= rtrim($line) . "\n";
        });
        $out = ['connected' => false, 'greeting' => '', 'certificate' => '', 'starttls' => false, 'detail' => ''];
        $connected = $smtp->connect($target, $port, $timeout, ['ssl' => self::tls_options($host)]);
        $out['greeting'] = trim((string) $smtp->getLastReply());
        if ($target !== $host) {
            $out['certificate'] = $connected || $out['greeting'] !== '' ? 'trusted' : (self::untrusted($log) ? 'untrusted' : '');
        }
        if ($connected && $smtp->hello(self::client_name())) {
            $out['connected'] = true;
            $extensions = (array) $smtp->getServerExtList();
            $out['starttls'] = isset($extensions['STARTTLS']);
            $ended = false;
            if ($starttls && $out['starttls']) {
                $ended = !$smtp->startTLS();  // after a failed handshake the stream is neither clear nor TLS: just close it
                $out['certificate'] = !$ended ? 'trusted' : (self::untrusted($log) ? 'untrusted' : 'failed');
            }
            if (!$ended) {
                $smtp->quit();
            }
        }
        $error = $smtp->getError();
        $out['detail'] = wp_check_invalid_utf8(trim(($error['error'] ?? '') . ' ' . ($error['detail'] ?? '')), true);
        $smtp->close();
        $out['transcript'] = self::redact($log);
        return $out;
    }

    private static function tls_options(string $host): array
    {
        $options = ['verify_peer' => true, 'verify_peer_name' => true, 'peer_name' => trim($host, '[]')];
        if (defined('NATIVE_SMTP_CA_FILE')) {
            $options['cafile'] = (string) NATIVE_SMTP_CA_FILE;
        }
        return $options;
    }

    private static function untrusted(string $log): bool
    {
        return (bool) preg_match('/certificate verify failed|peer certificate CN|did not match expected (CN|name)/i', $log);
    }

    /** The name this site gives in EHLO. */
    private static function client_name(): string
    {
        $name = (string) wp_parse_url(home_url(), PHP_URL_HOST);
        return preg_match('/^[A-Za-z0-9.-]+$/', $name) ? $name : 'localhost';
    }

    /** The debug lines a reader needs: no time stamps, no dump of the TLS options (the probe never logs in). */
    private static function redact(string $log): string
    {
        $log = wp_check_invalid_utf8($log, true);
        $log = (string) preg_replace('/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*/m', '', $log);
        $log = (string) preg_replace('/ \[[^\]\n]* line \d+\]$/m', '', $log);
        return (string) preg_replace('/, options=array \(.*?\n\)$/ms', '', $log);
    }
}
