<?php
/**
 * Registration with an emailed code, on wp-login.php?action=register and in
 * the [native_smtp_register] shortcode (which posts to the same handler).
 * Without JavaScript it is two steps: the first submit mails the code, the
 * second carries it. With JavaScript, "Send code" does the first step in place.
 * Answers never reveal whether an address already has an account.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Registration
{
    private const PURPOSE = 'registration';
    private const AJAX = 'native_smtp_send_code';

    public static function register(): void
    {
        add_action('login_form_register', [self::class, 'derive_user_login']);
        add_action('register_form', [self::class, 'form_fields']);
        add_filter('login_body_class', [self::class, 'body_class']);
        add_filter('registration_errors', [self::class, 'check'], 10, 3);
        add_action('wp_ajax_nopriv_' . self::AJAX, [self::class, 'ajax_send']);
        add_action('wp_ajax_' . self::AJAX, [self::class, 'ajax_send']);
        add_shortcode('native_smtp_register', [self::class, 'shortcode']);
    }

    private static function enabled(): bool
    {
        return (bool) Native_SMTP_Options::get()['register_code'] && Native_SMTP_Plugin::extension_loaded();
    }

    /** Email-only registration: the user name comes from the address, unique and sanitized. */
    public static function derive_user_login(): void
    {
        if (!Native_SMTP_Options::get()['email_only'] || ($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
            return;
        }
        $email = sanitize_email(wp_unslash($_POST['user_email'] ?? ''));
        $_POST['user_login'] = self::username_for($email);
    }

    public static function username_for(string $email): string
    {
        $base = sanitize_user(strtolower(strstr($email, '@', true) ?: ''), true);
        $base = trim(preg_replace('/[^a-z0-9_.-]/', '', $base), '.-_') ?: 'member';
        $base = substr($base, 0, 50);
        $name = $base;
        for ($i = 2; username_exists($name); $i++) {
            $name = $base . $i;
        }
        return $name;
    }

    /** login_body_class: email-only registration hides core's user-name paragraph (codes.css). */
    public static function body_class(array $classes): array
    {
        if (Native_SMTP_Options::get()['email_only']) {
            $classes[] = 'native-smtp-email-only';
        }
        return $classes;
    }

    public static function form_fields(): void
    {
        if (Native_SMTP_Options::get()['email_only'] || self::enabled()) {
            Native_SMTP_Code_Assets::enqueue();
        }
        if (!self::enabled()) {
            return;
        }
        $code = isset($_POST['native_smtp_code']) ? sanitize_text_field(wp_unslash($_POST['native_smtp_code'])) : '';
        ?>
        <p class="native-smtp-code-field">
            <label for="native_smtp_code"><?php esc_html_e('Verification code', 'native-smtp'); ?></label>
            <input type="text" name="native_smtp_code" id="native_smtp_code" class="input" inputmode="numeric" autocomplete="one-time-code" value="<?php echo esc_attr($code); ?>" size="12">
            <button type="button" class="button native-smtp-send-code" data-ajax="<?php echo esc_url(admin_url('admin-ajax.php')); ?>"
                data-action="<?php echo esc_attr(self::AJAX); ?>" data-nonce="<?php echo esc_attr(wp_create_nonce(self::AJAX)); ?>"><?php esc_html_e('Send code', 'native-smtp'); ?></button>
            <span class="native-smtp-code-status" aria-live="polite"></span>
        </p>
        <p class="description"><?php esc_html_e('We email you a code to confirm the address. Without the button, submit the form once to receive it.', 'native-smtp'); ?></p>
        <?php
        wp_nonce_field(self::AJAX, 'native_smtp_nonce');
    }

    /** The same answer whether or not the address is taken: no account enumeration. */
    private static function sent_message(string $email): string
    {
        /* translators: %s: email address */
        return sprintf(__('If %s can be registered, a verification code is on its way. Enter it below.', 'native-smtp'), $email);
    }

    /**
     * Mails a code unless the address already has an account (then nothing
     * is sent, but the answer and the rate limits are the same).
     *
     * @return string|WP_Error the message to show
     */
    public static function request_code(string $email)
    {
        if (!is_email($email)) {
            return new WP_Error('invalid_email', __('Enter a valid email address.', 'native-smtp'));
        }
        if (email_exists($email)) {
            return self::sent_message($email);
        }
        $sent = Native_SMTP_Codes::send(self::PURPOSE, $email);
        return is_wp_error($sent) ? $sent : self::sent_message($email);
    }

    public static function ajax_send(): void
    {
        check_ajax_referer(self::AJAX);
        $result = self::request_code(sanitize_email(wp_unslash($_POST['email'] ?? '')));
        is_wp_error($result) ? wp_send_json_error(['message' => $result->get_error_message()]) : wp_send_json_success(['message' => $result]);
    }

    /** registration_errors: no account without a valid code. */
    public static function check(WP_Error $errors, string $login, string $email): WP_Error
    {
        if (!self::enabled() || $errors->has_errors()) {
            return $errors;
        }
        if (!wp_verify_nonce(sanitize_text_field(wp_unslash($_POST['native_smtp_nonce'] ?? '')), self::AJAX)) {
            $errors->add('native_smtp_nonce', __('The form expired. Please reload the page and try again.', 'native-smtp'));
            return $errors;
        }
        $code = sanitize_text_field(wp_unslash($_POST['native_smtp_code'] ?? ''));
        if ($code === '') {
            $result = self::request_code($email);
            $errors->add('native_smtp_code', is_wp_error($result) ? $result->get_error_message() : $result, is_wp_error($result) ? 'error' : 'message');
            return $errors;
        }
        $status = Native_SMTP_Codes::verify(self::PURPOSE, $email, $code);
        if ($status !== 'valid') {
            $errors->add('native_smtp_code', Native_SMTP_Codes::message($status));
        }
        return $errors;
    }

    /** [native_smtp_register]: the registration form on any page, handled by wp-login.php. */
    public static function shortcode(): string
    {
        if (is_user_logged_in() || !get_option('users_can_register')) {
            return '';
        }
        $s = Native_SMTP_Options::get();
        ob_start();
        ?>
        <form class="native-smtp-register<?php echo $s['email_only'] ? ' native-smtp-email-only' : ''; ?>" method="post" action="<?php echo esc_url(wp_registration_url()); ?>">
            <p class="user-login"><label><?php esc_html_e('Username', 'native-smtp'); ?> <input type="text" name="user_login" autocomplete="username"<?php echo $s['email_only'] ? '' : ' required'; ?>></label></p>
            <p><label><?php esc_html_e('Email', 'native-smtp'); ?> <input type="email" name="user_email" required autocomplete="email"></label></p>
            <?php self::form_fields(); ?>
            <p><button type="submit" class="button button-primary"><?php esc_html_e('Register', 'native-smtp'); ?></button></p>
        </form>
        <?php
        return (string) ob_get_clean();
    }
}
