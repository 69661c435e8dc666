<?php
/**
 * Plugin Name: Native SMTP test stand-in: WooCommerce registration
 * Description: For the plugin's tests only. WooCommerce's My Account registration as far as other plugins see it: the form fires woocommerce_register_form, and the account is made the way wc_create_new_customer() makes it, after woocommerce_register_post and woocommerce_registration_errors.
 */

/** wc_create_new_customer(), reduced to what other plugins hook into. */
function native_smtp_test_wc_create_new_customer(string $email, string $username, string $password)
{
    if ($email === '' || !is_email($email)) {
        return new WP_Error('registration-error-invalid-email', 'Please provide a valid email address.');
    }
    if (email_exists($email)) {
        return new WP_Error('registration-error-email-exists', 'An account is already registered with your email address. Please log in.');
    }
    $username = $username !== '' ? sanitize_user($username) : sanitize_user(current(explode('@', $email)), true) . wp_rand(100, 999);
    $errors = new WP_Error();
    do_action('woocommerce_register_post', $username, $email, $errors);
    $errors = apply_filters('woocommerce_registration_errors', $errors, $username, $email);
    if ($errors->get_error_code()) {
        return $errors;
    }
    return wp_insert_user(['user_login' => $username, 'user_pass' => $password, 'user_email' => $email, 'role' => 'subscriber']);
}

// The My Account page: any front-end page with ?native_smtp_test=wc-register.
add_action('template_redirect', function () {
    if (($_GET['native_smtp_test'] ?? '') !== 'wc-register') {
        return;
    }
    $notice = '';
    if (($_SERVER['REQUEST_METHOD'] ?? '') === 'POST' && wp_verify_nonce(wp_unslash($_POST['woocommerce-register-nonce'] ?? ''), 'woocommerce-register')) {
        $result = native_smtp_test_wc_create_new_customer(sanitize_email(wp_unslash($_POST['email'] ?? '')), '', (string) wp_unslash($_POST['password'] ?? ''));
        $notice = is_wp_error($result) ? '<ul class="woocommerce-error">' . implode('', array_map(fn($m) => '<li>' . wp_kses_post($m) . '</li>', $result->get_error_messages())) . '</ul>'
            : '<p class="woocommerce-message">Account created: ' . (int) $result . '</p>';
    }
    echo '<!DOCTYPE html><html><head>';
    wp_head();
    echo '</head><body>' . $notice . '<form method="post" class="woocommerce-form woocommerce-form-register register">';
    echo '<p><input type="email" name="email" value="' . esc_attr(wp_unslash($_POST['email'] ?? '')) . '"></p><p><input type="password" name="password"></p>';
    do_action('woocommerce_register_form');
    wp_nonce_field('woocommerce-register', 'woocommerce-register-nonce');
    echo '<button type="submit" name="register" value="Register">Register</button></form>';
    wp_footer();
    echo '</body></html>';
    exit;
});

// As WooCommerce announces itself once loaded.
add_action('plugins_loaded', function () {
    do_action('woocommerce_loaded');
}, -1);
