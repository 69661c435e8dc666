<?php
/**
 * Registration with an emailed code, on wp-login.php?action=register, in
 * the [native_smtp_register] shortcode (which posts to the same handler), a
 * network's wp-signup.php and WooCommerce's My Account registration.
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
        add_filter('registration_errors', [self::class, 'check'], 1000, 3);
        add_action('signup_extra_fields', [self::class, 'form_fields']);
        add_filter('wpmu_validate_user_signup', [self::class, 'check_signup'], 1000);
        add_action('woocommerce_register_form', [self::class, 'form_fields']);
        add_action('woocommerce_register_post', [self::class, 'check_woocommerce'], 1000, 3);
        add_action('wp_ajax_nopriv_' . self::AJAX, [self::class, 'ajax_send']);
        add_action('wp_ajax_' . self::AJAX, [self::class, 'ajax_send']);
        add_shortcode('native_smtp_register', [self::class, 'shortcode']);
    }

    private static function enabled(): bool
    {
        return Native_SMTP_Options::get()['register_code'] && Native_SMTP_Options::is_configured() && self::registration_open();
    }

    /** No code is sent for a registration the site would refuse anyway. */
    private static function registration_open(): bool
    {
        return self::core_registration_open()
            // WooCommerce's My Account registration has a switch of its own.
            || (did_action('woocommerce_loaded') && get_option('woocommerce_enable_myaccount_registration') === 'yes');
    }

    private static function core_registration_open(): bool
    {
        return is_multisite() ? in_array(get_site_option('registration'), ['user', 'all'], true) : (bool) get_option('users_can_register');
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
                data-action="<?php echo esc_attr(self::AJAX); ?>" data-nonce="<?php echo esc_attr(wp_create_nonce(self::AJAX)); ?>"
                <?php /* translators: %d: seconds until another code may be requested */ ?>
                data-wait="<?php echo esc_attr__('Send a new code in %d s', 'native-smtp'); ?>" data-again="<?php echo esc_attr__('Send a new code', 'native-smtp'); ?>"><?php esc_html_e('Send code', 'native-smtp'); ?></button>
            <span class="native-smtp-code-status" aria-live="polite"></span>
        </p>
        <p class="description"><?php esc_html_e('We email you a code to confirm the address. Without the button, submit the form once to receive it.', 'native-smtp'); ?></p>
        <?php
        wp_nonce_field(self::AJAX, 'native_smtp_nonce');
    }

    /** The same answer whether or not the address is taken: no account enumeration. */
    private static function sent_message(string $email): string
    {
        /* translators: 1: email address, 2: the label of the code field ("Verification code") */
        return sprintf(__('If %1$s can be registered, a verification code is on its way: enter it in the "%2$s" field.', 'native-smtp'), $email, __('Verification code', 'native-smtp'));
    }

    /**
     * Mails a code, unless the address already has an account: then a token
     * is issued and stored all the same and only the mail is left out, so the
     * answer, the limits and every later answer about a typed code are the
     * same as for a free address.
     *
     * @return string|WP_Error the message to show
     */
    public static function request_code(string $email)
    {
        if (!self::enabled()) {
            return new WP_Error('native_smtp_closed', __('Registration with a verification code is not open on this site.', 'native-smtp'));
        }
        if (!is_email($email)) {
            return new WP_Error('invalid_email', __('Enter a valid email address.', 'native-smtp'));
        }
        $sent = Native_SMTP_Codes::send(self::PURPOSE, $email, null, !email_exists($email));
        return is_wp_error($sent) ? $sent : self::sent_message($email);
    }

    public static function ajax_send(): void
    {
        check_ajax_referer(self::AJAX);
        $result = self::request_code(sanitize_email(wp_unslash($_POST['email'] ?? '')));
        // retry_after: the seconds until another code may be asked for, which the form counts down.
        if (is_wp_error($result)) {
            wp_send_json_error(['message' => $result->get_error_message(), 'retry_after' => (int) (((array) $result->get_error_data())['retry_after'] ?? 0)]);
        }
        wp_send_json_success(['message' => $result, 'retry_after' => Native_SMTP_Code_Limits::COOLDOWN]);
    }

    /**
     * The code step of any registration form: null when the typed code is
     * valid (the account may be made), else [message, "error" or "message"].
     */
    private static function code_step(string $email): ?array
    {
        if (!wp_verify_nonce(sanitize_text_field(wp_unslash($_POST['native_smtp_nonce'] ?? '')), self::AJAX)) {
            return [__('The form expired. Please reload the page and try again.', 'native-smtp'), 'error'];
        }
        $code = sanitize_text_field(wp_unslash($_POST['native_smtp_code'] ?? ''));
        if ($code === '') {
            $result = self::request_code($email);
            return is_wp_error($result) ? [$result->get_error_message(), 'error'] : [$result, 'message'];
        }
        $status = Native_SMTP_Codes::verify(self::PURPOSE, $email, $code);
        if ($status === 'valid' && !email_exists($email)) {
            return null;
        }
        // A "valid" code for a taken address was guessed (none was mailed): answered like any wrong one.
        return [Native_SMTP_Codes::message($status === 'valid' ? 'invalid' : $status), 'error'];
    }

    /**
     * registration_errors (late, after CAPTCHA and anti-spam plugins): no
     * account without a valid code, and no code mailed for a form another
     * plugin refused. Core's "already registered" error is replaced by the
     * same answers a free address gets.
     */
    public static function check(WP_Error $errors, string $login, string $email): WP_Error
    {
        if (!self::enabled()) {
            return $errors;
        }
        $errors->remove('email_exists');
        if ($errors->has_errors()) {
            return $errors;
        }
        $step = self::code_step($email);
        if ($step) {
            $errors->add('native_smtp_code', $step[0], $step[1]);
        }
        return $errors;
    }

    /**
     * wpmu_validate_user_signup, on a network's wp-signup.php: the user form
     * checks the code; a site sign-up's second form (the site's name) passes
     * only after the first one did, for 30 minutes.
     */
    public static function check_signup(array $result): array
    {
        $stage = (string) ($_POST['stage'] ?? '');
        if (!self::enabled() || is_user_logged_in() || !in_array($stage, ['validate-user-signup', 'validate-blog-signup'], true)
            || !$result['errors'] instanceof WP_Error || $result['errors']->has_errors()) {
            return $result;
        }
        $email = (string) $result['user_email'];
        $passed = Native_SMTP_Code_Store::TOKEN_PREFIX . 'passed_' . md5(strtolower(trim($email)));
        if ($stage === 'validate-blog-signup') {
            if ((int) Native_SMTP_Code_Store::get($passed) < Native_SMTP_Codes::now() - 1800) {
                $result['errors']->add('generic', esc_html__('The form expired. Please reload the page and try again.', 'native-smtp'));
            }
            return $result;
        }
        $step = self::code_step($email);
        if ($step) {
            $result['errors']->add('generic', esc_html($step[0]));
        } else {
            Native_SMTP_Code_Store::put($passed, (string) Native_SMTP_Codes::now());
        }
        return $result;
    }

    /** woocommerce_register_post: WooCommerce's My Account registration, checked the same way. */
    public static function check_woocommerce($username, $email, $errors): void
    {
        if ($errors instanceof WP_Error) {
            self::check($errors, (string) $username, (string) $email);
        }
    }

    /** [native_smtp_register]: the registration form on any page, handled by wp-login.php. */
    public static function shortcode(): string
    {
        if (is_user_logged_in() || !self::core_registration_open()) {
            return '';
        }
        $s = Native_SMTP_Options::get();
        ob_start();
        ?>
        <form class="native-smtp-register<?php echo $s['email_only'] ? ' native-smtp-email-only' : ''; ?>" method="post" action="<?php echo esc_url(wp_registration_url()); ?>">
            <p class="user-login"><label><?php esc_html_e('Username', 'native-smtp'); ?> <input type="text" name="user_login" autocomplete="username"<?php echo $s['email_only'] ? '' : ' required'; ?>></label></p>
            <p><label><?php esc_html_e('Email', 'native-smtp'); ?> <input type="email" name="user_email" required autocomplete="email"></label></p>
            <?php do_action('register_form'); // the plugin's code field, and other plugins' fields (CAPTCHA...) ?>
            <p><button type="submit" class="button button-primary"><?php esc_html_e('Register', 'native-smtp'); ?></button></p>
        </form>
        <?php
        return (string) ob_get_clean();
    }
}
