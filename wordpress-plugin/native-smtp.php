<?php
/**
 * Plugin Name:       Native SMTP
 * Description:       Sends all site mail through your own SMTP account (QQ Mail, 163, Exmail, Gmail, Outlook, SendGrid...) with the native "smtp" PHP extension, and verifies members' email addresses with one-time codes.
 * Version:           0.1.0
 * Requires at least: 6.0
 * Requires PHP:      8.1
 * License:           GPL-2.0-or-later
 * Text Domain:       native-smtp
 * Domain Path:       /languages
 */

if (!defined('ABSPATH')) {
    exit;
}

define('NATIVE_SMTP_VERSION', '0.1.0');
define('NATIVE_SMTP_FILE', __FILE__);

require_once __DIR__ . '/includes/class-options.php';
require_once __DIR__ . '/includes/class-providers.php';
require_once __DIR__ . '/includes/class-error-help.php';
require_once __DIR__ . '/includes/class-wp-mail-message.php';
require_once __DIR__ . '/includes/class-mail-router.php';
require_once __DIR__ . '/includes/class-test-email.php';
require_once __DIR__ . '/includes/class-settings-page.php';
require_once __DIR__ . '/includes/class-notices.php';
require_once __DIR__ . '/includes/codes/load.php';
require_once __DIR__ . '/includes/delivery/load.php';
require_once __DIR__ . '/includes/oauth/load.php';
require_once __DIR__ . '/includes/class-plugin.php';

register_activation_hook(__FILE__, ['Native_SMTP_Delivery_Hooks', 'activate']);
Native_SMTP_Plugin::boot();
