<?php
/**
 * What uninstall.php removes of the log and the queue on one site: the two
 * tables, the settings and alert clocks, scheduled runs, attachment copies.
 * Standalone: the plugin's classes are not loaded when WordPress uninstalls it.
 */

if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

function native_smtp_delivery_uninstall_site(): void
{
    global $wpdb;
    $wpdb->query("DROP TABLE IF EXISTS {$wpdb->prefix}native_smtp_log, {$wpdb->prefix}native_smtp_log_recipients");
    foreach (['native_smtp_delivery', 'native_smtp_log_db_version', 'native_smtp_alert_failed', 'native_smtp_alert_queue'] as $option) {
        delete_option($option);
    }
    foreach (['native_smtp_run_queue', 'native_smtp_queue_watch', 'native_smtp_log_cleanup'] as $hook) {
        wp_unschedule_hook($hook);
    }
    if (function_exists('as_unschedule_all_actions')) {
        as_unschedule_all_actions('native_smtp_run_queue', [], 'native-smtp');
    }
    $dir = trailingslashit(wp_upload_dir(null, false)['basedir']) . 'native-smtp-queue';
    if (is_dir($dir)) {
        $items = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS), RecursiveIteratorIterator::CHILD_FIRST);
        foreach ($items as $item) {
            $item->isDir() ? rmdir($item->getPathname()) : unlink($item->getPathname());
        }
        rmdir($dir);
    }
}
