<?php
// Installs the private WordPress once and activates the plugin (idempotent).
// Usage: php wp-install.php <wordpress dir> <url>
[$_, $dir, $url] = $argv;
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
require $dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
if (!is_blog_installed()) {
    // No "your new site" mail: there is no one to read it, and no sendmail here.
    add_filter('pre_wp_mail', '__return_true');
    wp_install('native-smtp demo', getenv('WP_ADMIN_USER') ?: 'admin', 'admin@example.com', false, '', wp_slash(getenv('WP_ADMIN_PASS') ?: 'admin-pass-123'));
    update_option('users_can_register', 1);
    update_option('permalink_structure', '');
}
$result = activate_plugin('native-smtp/native-smtp.php');
if (is_wp_error($result)) {
    fwrite(STDERR, 'cannot activate the plugin: ' . $result->get_error_message() . "\n");
    exit(1);
}
