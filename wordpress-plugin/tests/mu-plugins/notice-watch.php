<?php
/**
 * For the plugin's tests only: records every deprecation or misuse notice
 * WordPress raises while the plugin's code is on the stack (the plugin must
 * raise none on either WordPress version), and every PHP notice, warning or
 * deprecation from the plugin's own files, in RUN_DIR/plugin-notices.log.
 * scripts/test-wordpress.sh fails when that file is not empty.
 */

$native_smtp_notice_log = dirname(ABSPATH) . '/plugin-notices.log';
$native_smtp_plugin_dir = realpath(WP_PLUGIN_DIR . '/native-smtp') ?: '';

$native_smtp_from_plugin = static function (array $frames) use ($native_smtp_plugin_dir): ?string {
    foreach ($frames as $frame) {
        $file = isset($frame['file']) ? (realpath($frame['file']) ?: $frame['file']) : '';
        if ($native_smtp_plugin_dir !== '' && strpos($file, $native_smtp_plugin_dir . '/') === 0 && strpos($file, '/tests/') === false) {
            return substr($file, strlen($native_smtp_plugin_dir) + 1) . ':' . ($frame['line'] ?? 0);
        }
    }
    return null;
};

foreach (['deprecated_function_run', 'deprecated_constructor_run', 'deprecated_class_run', 'deprecated_file_included',
          'deprecated_argument_run', 'deprecated_hook_run', 'doing_it_wrong_run'] as $native_smtp_hook) {
    add_action($native_smtp_hook, static function (...$args) use ($native_smtp_hook, $native_smtp_notice_log, $native_smtp_from_plugin) {
        $where = $native_smtp_from_plugin(debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS));
        if ($where !== null) {
            file_put_contents($native_smtp_notice_log, "$native_smtp_hook " . (string) $args[0] . " at $where\n", FILE_APPEND);
        }
    }, 10, 5);
}

set_error_handler(static function (int $errno, string $message, string $file = '', int $line = 0) use ($native_smtp_notice_log, $native_smtp_from_plugin) {
    $where = $native_smtp_from_plugin([['file' => $file, 'line' => $line]]);
    // error_reporting() & $errno is 0 under the @ operator: a warning the code chose to handle itself.
    if ($where !== null && (error_reporting() & $errno) && ($errno & (E_NOTICE | E_USER_NOTICE | E_WARNING | E_USER_WARNING | E_DEPRECATED | E_USER_DEPRECATED))) {
        file_put_contents($native_smtp_notice_log, "PHP error $errno: $message at $where\n", FILE_APPEND);
    }
    return false;  // and on to PHP's (and PHPUnit's) own handling
});
