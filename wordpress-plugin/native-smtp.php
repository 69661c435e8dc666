<?php
/**
 * Plugin Name:       Native SMTP
 * Description:       Sends all site mail through your own SMTP account (QQ Mail, 163, Exmail, Gmail, Outlook, SendGrid...), with the native "smtp" PHP extension when it is loaded and WordPress's PHPMailer otherwise, and verifies members' email addresses with one-time codes.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.2
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
require_once __DIR__ . '/includes/mail/class-data.php';
require_once __DIR__ . '/includes/class-providers.php';
require_once __DIR__ . '/includes/class-error-help.php';
require_once __DIR__ . '/includes/mail/class-connection.php';
require_once __DIR__ . '/includes/mail/class-charset.php';
require_once __DIR__ . '/includes/mail/class-message-builder.php';
require_once __DIR__ . '/includes/mail/class-send-result.php';
require_once __DIR__ . '/includes/mail/class-transcript.php';
require_once __DIR__ . '/includes/mail/class-diagnosis.php';
require_once __DIR__ . '/includes/mail/interface-engine.php';
require_once __DIR__ . '/includes/mail/class-extension-engine.php';
require_once __DIR__ . '/includes/mail/class-phpmailer-engine.php';
require_once __DIR__ . '/includes/mail/class-engines.php';
require_once __DIR__ . '/includes/mail/class-mailer.php';
require_once __DIR__ . '/includes/mail/class-mail-router.php';
require_once __DIR__ . '/includes/mail/class-engine-status.php';
require_once __DIR__ . '/includes/mail/class-key-status.php';
require_once __DIR__ . '/includes/admin/load.php';
require_once __DIR__ . '/includes/codes/load.php';
require_once __DIR__ . '/includes/delivery/load.php';
require_once __DIR__ . '/includes/oauth/load.php';
require_once __DIR__ . '/includes/class-plugin.php';

register_activation_hook(__FILE__, ['Native_SMTP_Delivery_Hooks', 'activate']);
Native_SMTP_Plugin::boot();
