<?php
/**
 * Plugin Name: Native SMTP test stand-in: front-end login
 * Description: For the plugin's tests only. A login form on the front end that calls wp_signon() the way WooCommerce's My Account and membership plugins do, an AJAX login, and a counter of wp_login.
 */

// The form: any front-end page with ?native_smtp_test=login.
add_action('template_redirect', function () {
    if (($_GET['native_smtp_test'] ?? '') !== 'login') {
        return;
    }
    $message = '';
    if (($_SERVER['REQUEST_METHOD'] ?? '') === 'POST') {
        $user = wp_signon(['user_login' => wp_unslash($_POST['username'] ?? ''), 'user_password' => wp_unslash($_POST['password'] ?? ''),
            'remember' => !empty($_POST['remember'])], is_ssl());
        if (!is_wp_error($user)) {
            wp_safe_redirect(home_url('/?native_smtp_test=welcome'));
            exit;
        }
        $message = $user->get_error_message();
    }
    echo '<!DOCTYPE html><html><body><form method="post"><p>' . wp_kses_post($message) . '</p>'
        . '<input name="username"><input name="password" type="password"><input name="remember" type="checkbox" value="1">'
        . '<button type="submit">Sign in</button></form></body></html>';
    exit;
});

// AJAX login, as themes and membership plugins offer.
$native_smtp_test_ajax_login = function () {
    $user = wp_signon(['user_login' => wp_unslash($_POST['username'] ?? ''), 'user_password' => wp_unslash($_POST['password'] ?? ''), 'remember' => false]);
    is_wp_error($user) ? wp_send_json_error(['message' => $user->get_error_message()]) : wp_send_json_success(['user' => $user->user_login]);
};
add_action('wp_ajax_nopriv_native_smtp_test_login', $native_smtp_test_ajax_login);

// Every wp_login, counted per user, so tests see it fire exactly once per login.
add_action('wp_login', function ($login, $user) {
    update_user_meta($user->ID, 'native_smtp_test_wp_login', (int) get_user_meta($user->ID, 'native_smtp_test_wp_login', true) + 1);
}, 10, 2);
