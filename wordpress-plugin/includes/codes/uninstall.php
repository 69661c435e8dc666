<?php
/**
 * What the codes leave behind: tokens, resend cooldowns and rate counters
 * (rows of the options table), pending logins (user meta).
 */

if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

function native_smtp_codes_uninstall_site(): void
{
    global $wpdb;
    foreach (['native_smtp_code_', 'native_smtp_last_', 'native_smtp_rl_'] as $prefix) {
        $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like($prefix) . '%'));
    }
}

/** User meta is shared by the whole network. */
function native_smtp_codes_uninstall_network(): void
{
    delete_metadata('user', 0, 'native_smtp_login_pending', '', true);
    delete_metadata('user', 0, 'native_smtp_login_token', '', true);  // its earlier name
}
