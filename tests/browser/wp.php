<?php
// Small state changes the browser tests need, done through WordPress's own API:
//   php wp.php reset                 plugin settings removed, site in English, registration open
//   php wp.php locale <ja|zh_CN|fi|en_US>
//   php wp.php password <email> <password>
$_SERVER['HTTP_HOST'] = '127.0.0.1:8080';
require getenv('WP_DIR') . '/wp-load.php';
switch ($argv[1]) {
    case 'reset':
        delete_option('native_smtp_settings');
        update_option('users_can_register', 1);
        update_option('WPLANG', '');
        global $wpdb;
        $wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE '%native\\_smtp\\_%'");
        break;
    case 'locale':
        update_option('WPLANG', $argv[2] === 'en_US' ? '' : $argv[2]);
        break;
    case 'password':
        $user = get_user_by('email', $argv[2]);
        wp_set_password($argv[3], $user->ID);
        break;
}
echo "ok\n";
