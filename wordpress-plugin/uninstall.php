<?php
/**
 * Removes everything the plugin stored.
 */

if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

delete_option('native_smtp_settings');
global $wpdb;
// Test results and verification-code state live in transients and user meta.
$wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_native\\_smtp\\_%' OR option_name LIKE '\\_transient\\_timeout\\_native\\_smtp\\_%'");
delete_metadata('user', 0, 'native_smtp_code', '', true);
