<?php
// State the OAuth browser test needs, made through the plugin's own API:
//   php oauth-wp.php setup [password]      Microsoft 365 preset pointing at the local token-checking SMTP server
//                                          (servers.sh "oauth"), no app registration, not signed in; with the
//                                          password (which that server refuses with 5.7.30) when one is given
//   php oauth-wp.php refresh-token         the stored refresh token, decrypted (the test revokes it at the provider)
//   php oauth-wp.php send <subject>        wp_mail() as the site sends; prints "sent" or "failed <category>: <message>"
//   php oauth-wp.php reset                 the OAuth options and the settings removed
$_SERVER['HTTP_HOST'] = '127.0.0.1:8080';
require getenv('WP_DIR') . '/wp-load.php';
$env = [];
foreach (file(dirname(ABSPATH) . '/servers.env', FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
    [$k, $v] = explode('=', $line, 2);
    $env[$k] = $v;
}
switch ($argv[1]) {
    case 'setup':
        delete_option(Native_SMTP_OAuth_App::OPTION);
        delete_option(Native_SMTP_OAuth_Tokens::OPTION);
        update_option('WPLANG', '');
        update_option(Native_SMTP_Options::OPTION, array_merge(Native_SMTP_Options::defaults(), [
            'provider' => 'office365', 'host' => 'localhost', 'port' => (int) $env['SMTP_TEST_OAUTH_SMTP_PORT'], 'encryption' => 'starttls',
            'username' => 'tester@example.com', 'from_email' => 'tester@example.com', 'from_name' => 'OAuth Site',
            'password' => isset($argv[2]) ? Native_SMTP_Options::encrypt($argv[2]) : '',
        ]));
        break;
    case 'refresh-token':
        echo Native_SMTP_Options::decrypt(Native_SMTP_OAuth_Tokens::grant()['refresh']), "\n";
        exit;
    case 'send':
        add_action('wp_mail_failed', function (WP_Error $e) {
            echo 'failed ', $e->get_error_data()['category'] ?? '?', ': ', $e->get_error_message(), "\n";
        });
        if (wp_mail('owner@example.com', $argv[2], 'Sent with the OAuth sign-in.')) {
            echo "sent\n";
        }
        exit;
    case 'reset':
        delete_option(Native_SMTP_OAuth_App::OPTION);
        delete_option(Native_SMTP_OAuth_Tokens::OPTION);
        delete_option(Native_SMTP_Options::OPTION);
        break;
}
echo "ok\n";
