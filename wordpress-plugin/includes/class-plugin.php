<?php
/**
 * Wires the plugin's parts to WordPress's hooks.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Plugin
{
    public static function boot(): void
    {
        add_action('init', [self::class, 'load_textdomain']);
        Native_SMTP_Engine_Status::register();
        Native_SMTP_Key_Status::register();
        Native_SMTP_Mail_Router::register();
        Native_SMTP_Test_Email::register();
        Native_SMTP_Connection_Check::register();
        Native_SMTP_Registration::register();
        Native_SMTP_Login_Code::register();
        Native_SMTP_Delivery_Hooks::register();
        Native_SMTP_OAuth::register();
        if (is_admin()) {
            Native_SMTP_Settings_Page::register();
        }
        if (defined('WP_CLI') && WP_CLI) {
            require_once __DIR__ . '/class-cli.php';
            WP_CLI::add_command('native-smtp', 'Native_SMTP_CLI');
        }
    }

    public static function load_textdomain(): void
    {
        load_plugin_textdomain('native-smtp', false, dirname(plugin_basename(NATIVE_SMTP_FILE)) . '/languages');
    }

    /** True when the smtp extension is there to send with. */
    public static function extension_loaded(): bool
    {
        return extension_loaded('smtp') && class_exists('Smtp\\Mailer');
    }
}
