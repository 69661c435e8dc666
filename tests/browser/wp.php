<?php
// Small state changes the browser tests need, done through WordPress's own API:
//   php wp.php reset                 plugin settings removed, site in English, registration open
//   php wp.php locale <ja|zh_CN|fi|en_US>
//   php wp.php password <email> <password>
//   php wp.php codes <on|off>        registration and login codes on or off (the rest of the settings kept)
//   php wp.php member <email> <password>   a subscriber with that address and password
//   php wp.php translate <locale> <JSON list of msgids>   the plugin's translations, as JSON
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
    case 'translate':
        switch_to_locale($argv[2]);
        load_plugin_textdomain('native-smtp', false, 'native-smtp/languages');
        $out = [];
        foreach (json_decode($argv[3], true) as $id) {
            $out[$id] = __($id, 'native-smtp');
        }
        echo json_encode($out, JSON_UNESCAPED_UNICODE), "\n";
        exit;
    case 'codes':
        $s = get_option('native_smtp_settings', []);
        $s['register_code'] = $s['login_code'] = $argv[2] === 'on';
        update_option('native_smtp_settings', $s);
        break;
    case 'member':
        wp_insert_user(['user_login' => strstr($argv[2], '@', true), 'user_email' => $argv[2], 'user_pass' => $argv[3], 'role' => 'subscriber']);
        break;
    case 'password':
        $user = get_user_by('email', $argv[2]);
        wp_set_password($argv[3], $user->ID);
        break;
}
echo "ok\n";
