<?php
/**
 * Removes everything the plugin stored: its settings (with the encrypted
 * password), test results, verification-code tokens, cooldowns and counters, the
 * pending login-code tokens in user meta, the email log and queue. On a
 * network, on every site.
 */

if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

require_once __DIR__ . '/includes/delivery/uninstall.php';
require_once __DIR__ . '/includes/codes/uninstall.php';

function native_smtp_uninstall_site(): void
{
    global $wpdb;
    delete_option('native_smtp_settings');
    delete_option('native_smtp_key_fingerprint');
    // The OAuth app registration and the grant (includes/oauth); sign-in states are transients that expire.
    delete_option('native_smtp_oauth_app');
    delete_option('native_smtp_oauth_grant');
    native_smtp_delivery_uninstall_site();
    native_smtp_codes_uninstall_site();
    $wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_native\\_smtp\\_%' OR option_name LIKE '\\_transient\\_timeout\\_native\\_smtp\\_%'");
}

if (is_multisite()) {
    foreach (get_sites(['fields' => 'ids', 'number' => 0]) as $site_id) {
        switch_to_blog($site_id);
        native_smtp_uninstall_site();
        restore_current_blog();
    }
} else {
    native_smtp_uninstall_site();
}
native_smtp_codes_uninstall_network();
wp_cache_flush();
