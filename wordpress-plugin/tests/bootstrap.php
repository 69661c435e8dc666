<?php
/**
 * Loads the private WordPress made by scripts/wordpress.sh (real MariaDB,
 * the plugin active, the smtp extension loaded) for the plugin's tests.
 */
$root = dirname(__DIR__, 2);
$run = getenv('SMTP_TEST_RUN_DIR') ?: $root . '/.run';
// scripts/test-wordpress.sh names the WordPress under test (Debian's or the current release).
$wp_dir = getenv('WP_DIR') ?: "$run/wordpress";
if (!is_file("$wp_dir/wp-load.php")) {
    fwrite(STDERR, "WordPress is not installed: run scripts/wordpress.sh start\n");
    exit(1);
}
// The address scripts/wordpress.sh serves the site on (WP_PORT, 8080 by default).
$_SERVER['HTTP_HOST'] = '127.0.0.1:' . (getenv('WP_PORT') ?: '8080');
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_ADMIN', true);
require "$wp_dir/wp-load.php";
require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once __DIR__ . '/TestCase.php';
