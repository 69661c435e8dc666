<?php
/**
 * Login verification code: after a correct password the session is not
 * started; a second page asks for the code mailed to the account's address.
 *
 * Other ways in: XML-RPC password logins are refused for members who need a
 * code, and application passwords are not offered to them, so neither can
 * bypass the code. A mailed code proves control of the mailbox; it is not a
 * second factor if the mailbox shares the password.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Login_Code
{
    private const PURPOSE = 'login';
    private const ACTION = 'native_smtp_code';
    private const META = 'native_smtp_login_token';
    private const PENDING_TTL = 900;  // seconds to finish the second step

    public static function register(): void
    {
        add_action('wp_login', [self::class, 'intercept'], 10, 2);
        add_action('login_form_' . self::ACTION, [self::class, 'second_step']);
        add_filter('authenticate', [self::class, 'refuse_xmlrpc'], 100);
        add_filter('wp_is_application_passwords_available_for_user', [self::class, 'application_passwords'], 10, 2);
    }

    public static function required_for(WP_User $user): bool
    {
        $s = Native_SMTP_Options::get();
        if (!$s['login_code'] || !Native_SMTP_Options::is_configured()) {
            return false;
        }
        return !($s['admin_exempt'] && user_can($user, 'manage_options'));
    }

    /** wp_login: the password was right; hold the session until the code is typed. */
    public static function intercept(string $login, WP_User $user): void
    {
        if (!self::required_for($user)) {
            return;
        }
        wp_clear_auth_cookie();
        $pending = self::start_pending($user);
        $sent = Native_SMTP_Codes::send(self::PURPOSE, $user->user_email, $user);
        self::page($user, $pending, is_wp_error($sent) ? $sent->get_error_message() : '', false);
        exit;
    }

    /** A random token proving the password step, kept hashed in user meta. */
    private static function start_pending(WP_User $user): string
    {
        $token = wp_generate_password(32, false);
        update_user_meta($user->ID, self::META, ['hash' => wp_hash($token), 'expires' => time() + self::PENDING_TTL,
            'remember' => !empty($_POST['rememberme']), 'redirect_to' => esc_url_raw(wp_unslash($_REQUEST['redirect_to'] ?? ''))]);
        return $token;
    }

    private static function pending_user(): ?WP_User
    {
        $user = get_userdata(absint($_POST['user_id'] ?? $_GET['user_id'] ?? 0));
        $token = sanitize_text_field(wp_unslash($_POST['token'] ?? $_GET['token'] ?? ''));
        $meta = $user ? get_user_meta($user->ID, self::META, true) : null;
        if (!$user || !is_array($meta) || $meta['expires'] < time() || !hash_equals($meta['hash'], wp_hash($token))) {
            return null;
        }
        return $user;
    }

    /** wp-login.php?action=native_smtp_code: check the code, or resend it. */
    public static function second_step(): void
    {
        $user = self::pending_user();
        if (!$user) {
            wp_safe_redirect(add_query_arg('native_smtp', 'expired', wp_login_url()));
            exit;
        }
        $token = sanitize_text_field(wp_unslash($_REQUEST['token']));
        if (isset($_GET['resend'])) {
            check_admin_referer(self::ACTION . '_resend_' . $user->ID);
            $sent = Native_SMTP_Codes::send(self::PURPOSE, $user->user_email, $user);
            self::page($user, $token, is_wp_error($sent) ? $sent->get_error_message() : '', false);
            exit;
        }
        check_admin_referer(self::ACTION . '_' . $user->ID);
        $status = Native_SMTP_Codes::verify(self::PURPOSE, $user->user_email, sanitize_text_field(wp_unslash($_POST['code'] ?? '')));
        if ($status !== 'valid') {
            self::page($user, $token, Native_SMTP_Codes::message($status), $status !== 'invalid');
            exit;
        }
        $meta = get_user_meta($user->ID, self::META, true);
        delete_user_meta($user->ID, self::META);
        wp_set_auth_cookie($user->ID, !empty($meta['remember']));
        $redirect = apply_filters('login_redirect', $meta['redirect_to'] ?: admin_url(), $meta['redirect_to'], $user);
        wp_safe_redirect($redirect);
        exit;
    }

    private static function page(WP_User $user, string $token, string $error, bool $offer_resend): void
    {
        $errors = new WP_Error();
        if ($error !== '') {
            $errors->add('native_smtp_code', esc_html($error));
        }
        login_header(__('Verification code', 'native-smtp'), '', $errors);
        $resend = wp_nonce_url(add_query_arg(['action' => self::ACTION, 'user_id' => $user->ID, 'token' => $token, 'resend' => 1], wp_login_url()),
            self::ACTION . '_resend_' . $user->ID);
        ?>
        <form name="native_smtp_code" id="loginform" action="<?php echo esc_url(add_query_arg('action', self::ACTION, wp_login_url())); ?>" method="post">
            <p class="message"><?php esc_html_e('We emailed a verification code to the address of your account. Enter it to finish signing in.', 'native-smtp'); ?></p>
            <p>
                <label for="native-smtp-login-code"><?php esc_html_e('Verification code', 'native-smtp'); ?></label>
                <input type="text" name="code" id="native-smtp-login-code" class="input" inputmode="numeric" autocomplete="one-time-code" autofocus size="12">
            </p>
            <input type="hidden" name="user_id" value="<?php echo esc_attr((string) $user->ID); ?>">
            <input type="hidden" name="token" value="<?php echo esc_attr($token); ?>">
            <?php wp_nonce_field(self::ACTION . '_' . $user->ID); ?>
            <p class="submit"><button type="submit" class="button button-primary button-large"><?php esc_html_e('Log In', 'native-smtp'); ?></button></p>
        </form>
        <p id="nav"><a class="native-smtp-resend<?php echo $offer_resend ? ' native-smtp-resend-needed' : ''; ?>" href="<?php echo esc_url($resend); ?>"><?php esc_html_e('Send a new code', 'native-smtp'); ?></a></p>
        <?php
        login_footer();
    }

    /** XML-RPC has no second step: refuse password logins there for members who need a code. */
    public static function refuse_xmlrpc($user)
    {
        if ($user instanceof WP_User && defined('XMLRPC_REQUEST') && XMLRPC_REQUEST && self::required_for($user)) {
            return new WP_Error('native_smtp_code_required', __('This account signs in with an emailed verification code, which XML-RPC cannot ask for.', 'native-smtp'));
        }
        return $user;
    }

    /** Application passwords would skip the code: not offered to members who need one. */
    public static function application_passwords(bool $available, WP_User $user): bool
    {
        return $available && !self::required_for($user);
    }
}
