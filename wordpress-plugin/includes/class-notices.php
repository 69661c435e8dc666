<?php
/**
 * Tells administrators when the smtp extension is missing; mail keeps
 * going out the default WordPress way meanwhile.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Notices
{
    public static function register(): void
    {
        add_action('admin_notices', [self::class, 'missing_extension']);
    }

    public static function missing_extension(): void
    {
        if (Native_SMTP_Plugin::extension_loaded() || !current_user_can('manage_options')) {
            return;
        }
        echo '<div class="notice notice-warning"><p><strong>' . esc_html__('Native SMTP:', 'native-smtp') . '</strong> '
            . esc_html__('the "smtp" PHP extension is not loaded, so site mail is still sent the default WordPress way.', 'native-smtp')
            . ' ' . esc_html__('Build it with phpize, ./configure --enable-smtp and make, then add extension=smtp.so to php.ini and restart PHP.', 'native-smtp')
            . '</p></div>';
    }
}
