<?php

namespace NativeSmtp\Symfony\Mailer\Tests;

use PHPUnit\Framework\TestCase;

/** The local test servers (scripts/servers.sh) and what arrived in their boxes. */
abstract class ServersTestCase extends TestCase
{
    protected static array $env = [];

    public static function setUpBeforeClass(): void
    {
        $file = (getenv('SMTP_TEST_RUN_DIR') ?: dirname(__DIR__, 2) . '/.run') . '/servers.env';
        foreach (file($file, \FILE_IGNORE_NEW_LINES | \FILE_SKIP_EMPTY_LINES) as $line) {
            [$k, $v] = explode('=', $line, 2);
            self::$env[$k] = $v;
        }
    }

    /** A DSN for one of the servers, with the test account and CA. */
    protected static function dsn(string $portKey, string $query = 'encryption=starttls', ?string $password = null): string
    {
        return sprintf('native-smtp://%s:%s@localhost:%d?%s&ca_file=%s', self::$env['SMTP_TEST_USER'],
            rawurlencode($password ?? self::$env['SMTP_TEST_PASS']), self::$env[$portKey], $query, rawurlencode(self::$env['SMTP_TEST_CA']));
    }

    /** The .eml paths in a box. */
    protected static function box(string $box): array
    {
        return glob(self::$env['SMTP_TEST_MAILDIR'] . "/$box/*.eml") ?: [];
    }

    /**
     * Runs $send and returns, for each message that arrived in $box meanwhile
     * (waiting for $count of them), [raw bytes, envelope as the server saw it].
     */
    protected function received(string $box, callable $send, int $count = 1): array
    {
        $before = self::box($box);
        $send();
        for ($i = 0; $i < 250; $i++) {
            $new = array_values(array_diff(self::box($box), $before));
            if (\count($new) >= $count) {
                sort($new);
                return array_map(static fn (string $eml): array => [
                    file_get_contents($eml),
                    json_decode(file_get_contents(substr($eml, 0, -4) . '.json'), true),
                ], $new);
            }
            usleep(20000);
        }
        $this->fail("fewer than $count messages arrived in $box");
    }

    /** The message as Python's email package decodes it (tests/inspect_eml.py). */
    protected static function inspect(string $raw): array
    {
        $file = tempnam(sys_get_temp_dir(), 'eml');
        file_put_contents($file, $raw);
        $json = shell_exec('python3 ' . escapeshellarg(dirname(__DIR__, 2) . '/tests/inspect_eml.py') . ' ' . escapeshellarg($file));
        unlink($file);

        return json_decode($json, true, 512, \JSON_THROW_ON_ERROR);
    }
}
