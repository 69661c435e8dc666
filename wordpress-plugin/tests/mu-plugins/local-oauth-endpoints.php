<?php
/**
 * Test site only (linked in by scripts/wordpress.sh): points the OAuth
 * sign-in at the tests' local authorization server
 * (tests/servers/oauth_server.py) through the plugin's endpoints filter.
 * The site lives in RUN_DIR/wordpress, beside RUN_DIR/servers.env.
 */
add_filter('native_smtp_oauth_endpoints', static function (array $e, string $family, string $tenant): array {
    static $base = null;
    if ($base === null) {
        $env = @file(dirname(ABSPATH) . '/servers.env', FILE_IGNORE_NEW_LINES) ?: [];
        $base = '';
        foreach ($env as $line) {
            if (strncmp($line, 'SMTP_TEST_OAUTH_URL=', 20) === 0) {
                $base = substr($line, 20);
            }
        }
    }
    if ($base === '') {
        return $e;
    }
    // The tenant stays in the path, as at Microsoft, so a test can see it arrive.
    $prefix = $base . ($family === 'microsoft' ? '/' . rawurlencode($tenant) : '');
    return ['authorize' => $prefix . '/authorize', 'token' => $prefix . '/token', 'revoke' => $base . '/revoke'] + $e;
}, 10, 3);
