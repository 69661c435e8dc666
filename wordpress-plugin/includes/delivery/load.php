<?php
/**
 * The email log, the retry queue, the backup connection and alerts: loads
 * their files and hooks them in. The plugin's bootstrap calls
 * Native_SMTP_Delivery_Hooks::register().
 */

if (!defined('ABSPATH')) {
    exit;
}

require_once __DIR__ . '/class-clock.php';
require_once __DIR__ . '/class-delivery-options.php';
require_once __DIR__ . '/class-attachment-store.php';
require_once __DIR__ . '/class-prepared-message.php';
require_once __DIR__ . '/class-outcome.php';
require_once __DIR__ . '/class-queue.php';
require_once __DIR__ . '/class-scheduler.php';
require_once __DIR__ . '/class-runner.php';
require_once __DIR__ . '/class-delivery.php';
require_once __DIR__ . '/class-webhook.php';
require_once __DIR__ . '/class-alerts.php';
require_once __DIR__ . '/class-delivery-settings-page.php';
require_once dirname(__DIR__) . '/log/class-log-schema.php';
require_once dirname(__DIR__) . '/log/class-log.php';
require_once dirname(__DIR__) . '/log/class-log-retention.php';
require_once dirname(__DIR__) . '/log/class-log-privacy.php';
require_once dirname(__DIR__) . '/log/class-log-screen.php';

final class Native_SMTP_Delivery_Hooks
{
    public static function register(): void
    {
        Native_SMTP_Log_Schema::register();
        Native_SMTP_Log_Retention::register();
        Native_SMTP_Log_Privacy::register();
        Native_SMTP_Scheduler::register();
        if (is_admin()) {
            require_once dirname(__DIR__) . '/log/class-log-list-table.php';
            Native_SMTP_Log_Screen::register();
            Native_SMTP_Delivery_Settings_Page::register();
        }
        if (defined('WP_CLI') && WP_CLI) {
            require_once __DIR__ . '/class-delivery-cli.php';
            Native_SMTP_Log_CLI::register();
        }
    }

    /** On activation: the tables now, not at the first request. */
    public static function activate(): void
    {
        Native_SMTP_Log_Schema::install();
    }
}
