<?php
// State the code browser tests need, through WordPress's own API:
//   php codes-wp.php configure <plain port> <user> <password>   codes on, the plain local SMTP server
//   php codes-wp.php locale <ja|zh_CN|fi|en_US>
//   php codes-wp.php password <email> <password>
//   php codes-wp.php email-only <0|1> [stand-in plugin to activate, or "none"]
//   php codes-wp.php reset
$_SERVER['HTTP_HOST'] = '127.0.0.1:8080';
define('WP_ADMIN', true);
require getenv('WP_DIR') . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
wp_set_current_user(1);
global $wpdb;
switch ($argv[1]) {
    case 'configure':
        update_option('native_smtp_settings', Native_SMTP_Settings_Page::sanitize(wp_slash(['provider' => 'other', 'host' => '127.0.0.1',
            'port' => $argv[2], 'encryption' => 'none', 'username' => $argv[3], 'password' => $argv[4], 'from_email' => 'site@example.com',
            'from_name' => 'Demo Site', 'register_code' => '1', 'login_code' => '1', 'code_length' => '6', 'code_ttl' => '10', 'code_attempts' => '5'])));
        update_option('users_can_register', 1);
        break;
    case 'locale':
        update_option('WPLANG', $argv[2] === 'en_US' ? '' : $argv[2]);
        break;
    case 'password':
        wp_set_password($argv[3], get_user_by('email', $argv[2])->ID);
        break;
    case 'email-only':
        update_option('native_smtp_settings', ['email_only' => $argv[2] === '1'] + get_option('native_smtp_settings'));
        deactivate_plugins('native-smtp-test-captcha.php');
        if (($argv[3] ?? 'none') !== 'none' && is_wp_error($error = activate_plugin($argv[3]))) {
            fwrite(STDERR, $error->get_error_message() . "\n");
            exit(1);
        }
        break;
    case 'reset':
        deactivate_plugins('native-smtp-test-captcha.php');
        delete_option('native_smtp_settings');
        update_option('WPLANG', '');
        $wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE 'native\\_smtp\\_%'");
        break;
}
echo "ok\n";
