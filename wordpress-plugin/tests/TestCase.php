<?php
/**
 * Shared helpers: the local test servers, settings, and reading what arrived.
 */
abstract class Native_SMTP_TestCase extends PHPUnit\Framework\TestCase
{
    protected static array $env = [];

    public static function setUpBeforeClass(): void
    {
        $file = (getenv('SMTP_TEST_RUN_DIR') ?: dirname(__DIR__, 2) . '/.run') . '/servers.env';
        foreach (file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
            [$k, $v] = explode('=', $line, 2);
            self::$env[$k] = $v;
        }
    }

    protected function setUp(): void
    {
        delete_option(Native_SMTP_Options::OPTION);
        delete_option('native_smtp_delivery');  // each test starts from the default delivery (sent at once, no backup)
        wp_set_current_user(1);
        Native_SMTP_Mail_Router::close();
    }

    /** Saves settings pointing at a local server, through the real sanitize callback. */
    protected function configure(string $portKey, string $encryption, array $extra = []): void
    {
        $input = $extra + [
            'provider' => 'other',
            'host' => $encryption === 'none' ? '127.0.0.1' : 'localhost',
            'port' => self::$env[$portKey],
            'encryption' => $encryption,
            'username' => self::$env['SMTP_TEST_USER'],
            'password' => self::$env['SMTP_TEST_PASS'],
            'from_email' => 'site@example.com',
            'from_name' => 'Test Site',
            'code_length' => '6',
            'code_ttl' => '10',
            'code_attempts' => '5',
        ];
        update_option(Native_SMTP_Options::OPTION, Native_SMTP_Settings_Page::sanitize(wp_slash($input)));
    }

    /** Runs $send and returns [raw message, envelope] of what arrived in $box meanwhile. */
    protected function received(string $box, callable $send): array
    {
        $dir = self::$env['SMTP_TEST_MAILDIR'] . "/$box";
        $before = glob("$dir/*.eml") ?: [];
        $send();
        for ($i = 0; $i < 100; $i++) {
            $new = array_values(array_diff(glob("$dir/*.eml") ?: [], $before));
            if ($new) {
                return [file_get_contents($new[0]), json_decode(file_get_contents(substr($new[0], 0, -4) . '.json'), true)];
            }
            usleep(20000);
        }
        $this->fail("nothing arrived in $dir");
    }

    /**
     * The command line of another PHP process like this run's: the same PHP
     * binary (the host's 8.2, or 8.4 in the trixie root), with the smtp module
     * built for it (SMTP_EXT_MODULE, set by scripts/wordpress.sh) or without.
     */
    protected static function php_command(bool $extension): array
    {
        $module = getenv('SMTP_EXT_MODULE') ?: dirname(__DIR__, 2) . '/modules/smtp.so';
        return $extension ? [PHP_BINARY, '-d', "extension=$module"] : [PHP_BINARY];
    }

    /** php_command() for a shell command line. */
    protected static function php_shell(bool $extension): string
    {
        return implode(' ', array_map('escapeshellarg', self::php_command($extension)));
    }

    /**
     * Runs $code in a separate PHP process that loads the same WordPress,
     * after $prelude and defining $constants (as wp-config.php would), with or
     * without the extension (null: as this test run, see SMTP_EXTENSION). For what one process
     * cannot undo: constants, a missing extension.
     *
     * @return array{0: int, 1: string} exit status, output
     */
    protected function run_wordpress(string $code, array $constants = [], ?bool $extension = null, string $prelude = ''): array
    {
        $script = $prelude;
        foreach ($constants as $name => $value) {
            $script .= 'define(' . var_export($name, true) . ', ' . var_export($value, true) . ');';
        }
        $script .= '$_SERVER["HTTP_HOST"] = ' . var_export(wp_parse_url(WP_HOME, PHP_URL_HOST) . ':' . wp_parse_url(WP_HOME, PHP_URL_PORT), true) . '; define("WP_ADMIN", true);'
            . 'require getenv("WP_DIR") . "/wp-load.php"; require_once ABSPATH . "wp-admin/includes/admin.php";'
            . 'wp_set_current_user(1);' . $code;
        $extension = $extension ?? extension_loaded('smtp');
        $php = self::php_shell($extension);
        exec('WP_DIR=' . escapeshellarg(ABSPATH) . " $php -r " . escapeshellarg($script) . ' 2>&1', $out, $status);
        return [$status, implode("\n", $out)];
    }

    /**
     * The message as Python's email package reads it (tests/inspect_eml.py):
     * decoded headers, and every leaf part with its type, file name,
     * Content-ID, disposition, size, SHA-256 and, for text, the text.
     */
    protected function parsed(string $raw): array
    {
        $file = tempnam(sys_get_temp_dir(), 'eml');
        file_put_contents($file, $raw);
        exec('/usr/bin/python3 ' . escapeshellarg(dirname(__DIR__, 2) . '/tests/inspect_eml.py') . ' ' . escapeshellarg($file), $out, $status);
        unlink($file);
        $this->assertSame(0, $status, implode("\n", $out));
        return json_decode(implode("\n", $out), true);
    }

    /** The leaf parts of a parsed message with this content type. */
    protected function parts(array $parsed, string $type): array
    {
        return array_values(array_filter($parsed['parts'], fn($p) => $p['content_type'] === $type));
    }

    protected function headers(string $raw): array
    {
        $head = substr($raw, 0, strpos($raw, "\r\n\r\n"));
        return iconv_mime_decode_headers($head, ICONV_MIME_DECODE_CONTINUE_ON_ERROR, 'UTF-8');
    }

    /** A cookie-keeping HTTP client for the running site (PHP's built-in server, same database). */
    protected $curl;

    protected function start_http(): void
    {
        $this->curl = curl_init();
        curl_setopt_array($this->curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_COOKIEFILE => '', CURLOPT_HEADER => true, CURLOPT_TIMEOUT => 30]);
    }

    /** @return array{0: int, 1: string, 2: string} status, headers, body */
    protected function http(string $path, ?array $post = null): array
    {
        curl_setopt($this->curl, CURLOPT_URL, WP_HOME . $path);
        curl_setopt($this->curl, CURLOPT_HTTPGET, true);
        if ($post !== null) {
            curl_setopt($this->curl, CURLOPT_POSTFIELDS, http_build_query($post));
        }
        $response = curl_exec($this->curl);
        if ($response === false) {
            $this->fail('HTTP ' . $path . ': ' . curl_error($this->curl));
        }
        $size = curl_getinfo($this->curl, CURLINFO_HEADER_SIZE);
        return [curl_getinfo($this->curl, CURLINFO_RESPONSE_CODE), substr($response, 0, $size), substr($response, $size)];
    }
}
