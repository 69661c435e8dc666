<?php
// Installs the WordPress network of scripts/wordpress-multisite.sh (idempotent).
// Usage: php wp-install-network.php <wordpress dir> <host:port> single|network
//   single:  the first site, before MULTISITE is defined; then the network tables
//   network: with MULTISITE on: the plugin network-active, user sign-ups open
[$_, $dir, $host, $step] = $argv;
$_SERVER['HTTP_HOST'] = $host;
$_SERVER['REQUEST_URI'] = '/';
if ($step === 'single') {
    define('WP_INSTALLING', true);
    require $dir . '/wp-load.php';
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    require_once ABSPATH . 'wp-admin/includes/network.php';
    add_filter('pre_wp_mail', '__return_true');  // no "new site" mail
    if (!is_blog_installed()) {
        wp_install('native-smtp network', 'admin', 'admin@example.com', false, '', wp_slash('admin-pass-123'));
    }
    // As wp-admin/network.php does: name the network's tables, then make them.
    foreach ($wpdb->tables('ms_global') as $table => $prefixed) {
        $wpdb->$table = $prefixed;
    }
    install_network();
    $result = populate_network(1, $host, 'admin@example.com', 'native-smtp network', '/', false);
    if (is_wp_error($result) && $result->get_error_code() !== 'siteid_exists') {
        fwrite(STDERR, 'populate_network: ' . $result->get_error_message() . "\n");
        exit(1);
    }
    exit(0);
}
require $dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$result = activate_plugin('native-smtp/native-smtp.php', '', true);
if (is_wp_error($result)) {
    fwrite(STDERR, 'cannot activate the plugin: ' . $result->get_error_message() . "\n");
    exit(1);
}
update_site_option('registration', 'user');
