<?php
/**
 * Login verification code, on every path that calls wp_signon() (wp-login.php,
 * front-end and AJAX login forms), the way the two-factor plugin holds:
 *
 * - authenticate: for a member who needs a code, auth cookies are stopped
 *   (send_auth_cookies) before wp_signon() sets them;
 * - set_auth_cookie / set_logged_in_cookie: the session token wp_signon()
 *   creates is collected and destroyed, so even a leaked cookie is useless;
 * - wp_login (first of all its callbacks): the login is held, a code is
 *   mailed and the code step is shown; nothing else hears of this login yet;
 * - wp-login.php?action=native_smtp_code: the typed code is checked, then the
 *   member is logged in properly: cookies, a session token, wp_login once.
 *
 * The pending login is a random token kept hashed in user meta; it travels
 * only in POST bodies. XML-RPC and application passwords have no code step:
 * they are refused for members who need a code.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Login_Code
{
    public const ACTION = 'native_smtp_code';
    private const PURPOSE = 'login';
    private const META = 'native_smtp_login_pending';
    private const PENDING_TTL = 900;  // seconds to finish the code step

    /** Session tokens created during this request for members held at the code step. */
    private static array $held_tokens = [];
    /** The code was accepted in this request: the login may go through. */
    private static bool $completing = false;

    public static function register(): void
    {
        add_filter('authenticate', [self::class, 'authenticate'], PHP_INT_MAX);
        add_action('set_auth_cookie', [self::class, 'collect_token'], 10, 6);
        add_action('set_logged_in_cookie', [self::class, 'collect_token'], 10, 6);
        add_action('wp_login', [self::class, 'hold'], PHP_INT_MIN, 2);
        add_action('shutdown', [self::class, 'destroy_held_tokens']);
        add_action('login_form_' . self::ACTION, [self::class, 'code_step']);
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

    private static function is_api_request(): bool
    {
        return (defined('XMLRPC_REQUEST') && XMLRPC_REQUEST) || (defined('REST_REQUEST') && REST_REQUEST);
    }

    /**
     * authenticate (last): a correct password of a member who needs a code
     * sends no cookie; over XML-RPC or REST, where no code can be asked, it fails.
     *
     * @param WP_User|WP_Error|null $user
     */
    public static function authenticate($user)
    {
        if (!$user instanceof WP_User || self::$completing || !self::required_for($user)) {
            return $user;
        }
        if (self::is_api_request()) {
            return new WP_Error('native_smtp_code_required', __('This account signs in with an emailed verification code, which XML-RPC cannot ask for.', 'native-smtp'));
        }
        add_filter('send_auth_cookies', '__return_false', PHP_INT_MAX);
        return $user;
    }

    /** set_auth_cookie / set_logged_in_cookie: remember what wp_signon() made, to undo it. */
    public static function collect_token($cookie, $expire, $expiration, $user_id, $scheme, $token = ''): void
    {
        if (self::$completing) {
            return;
        }
        $user = get_userdata((int) $user_id);
        if ($user && self::required_for($user)) {
            self::$held_tokens[(int) $user_id][(string) $token] = ['remember' => (int) $expire !== 0, 'secure' => $scheme === 'secure_auth'];
        }
    }

    /** Whatever ends this request, no session token of a held login survives it. */
    public static function destroy_held_tokens(): void
    {
        foreach (self::$held_tokens as $user_id => $tokens) {
            $sessions = WP_Session_Tokens::get_instance($user_id);
            foreach (array_keys($tokens) as $token) {
                if ($token !== '') {
                    $sessions->destroy($token);
                }
            }
        }
        self::$held_tokens = [];
    }

    /** wp_login, before any other callback: the password was right; hold the login until the code is typed. */
    public static function hold(string $login, WP_User $user): void
    {
        if (self::$completing || !self::required_for($user)) {
            return;
        }
        $held = self::$held_tokens[$user->ID] ?? [];
        $flags = $held ? reset($held) : ['remember' => false, 'secure' => is_ssl()];
        self::destroy_held_tokens();
        add_filter('send_auth_cookies', '__return_false', PHP_INT_MAX);
        $pending = self::start_pending($user, $flags['remember'], $flags['secure'], self::redirect_target());
        $sent = Native_SMTP_Codes::send(self::PURPOSE, $user->user_email, $user);
        $error = is_wp_error($sent) ? $sent->get_error_message() : '';
        if (wp_doing_ajax() || wp_is_json_request()) {
            // An AJAX login form: it gets the code step to show instead of a session.
            wp_send_json_error(['code_required' => true, 'message' => self::prompt(), 'error' => $error,
                'form' => Native_SMTP_Login_Screen::capture([self::class, 'form'], $user, $pending)]);
        }
        self::page($user, $pending, $error);
        exit;
    }

    /** Where to go after the code: the form's redirect_to, else back to the page a front-end form was on. */
    private static function redirect_target(): string
    {
        if (isset($_REQUEST['redirect_to'])) {
            return esc_url_raw(wp_unslash($_REQUEST['redirect_to']));
        }
        if (($GLOBALS['pagenow'] ?? '') === 'wp-login.php') {
            return '';
        }
        if (wp_doing_ajax()) {
            return (string) wp_get_referer();
        }
        return esc_url_raw(set_url_scheme('http://' . ($_SERVER['HTTP_HOST'] ?? '') . wp_unslash($_SERVER['REQUEST_URI'] ?? '/')));
    }

    /** A random token proving the password step; only its keyed hash is kept. */
    private static function start_pending(WP_User $user, bool $remember, bool $secure, string $redirect_to): string
    {
        $token = wp_generate_password(40, false);
        update_user_meta($user->ID, self::META, ['hash' => wp_hash($token, 'nonce'), 'expires' => time() + self::PENDING_TTL,
            'remember' => $remember, 'secure' => $secure, 'redirect_to' => $redirect_to, 'interim' => !empty($GLOBALS['interim_login'])]);
        return $token;
    }

    /** The member whose pending login the POSTed token proves, with its state; null when none. */
    private static function pending(): ?array
    {
        $user = get_userdata(absint($_POST['native_smtp_user'] ?? 0));
        $token = (string) wp_unslash($_POST['native_smtp_pending'] ?? '');
        $meta = $user ? get_user_meta($user->ID, self::META, true) : null;
        if (!$user || $token === '' || !is_array($meta) || $meta['expires'] < time() || !hash_equals($meta['hash'], wp_hash($token, 'nonce'))) {
            return null;
        }
        return [$user, $token, $meta];
    }

    /** wp-login.php?action=native_smtp_code (POST only): check the code, or mail a new one. */
    public static function code_step(): void
    {
        $pending = ($_SERVER['REQUEST_METHOD'] ?? '') === 'POST' ? self::pending() : null;
        if (!$pending) {
            $errors = new WP_Error('native_smtp_pending', __('The sign-in took too long or was already finished. Please log in again.', 'native-smtp'));
            Native_SMTP_Login_Screen::render(__('Verification code', 'native-smtp'), $errors, function () {
                echo '<p id="nav"><a href="' . esc_url(wp_login_url()) . '">' . esc_html__('Log In', 'native-smtp') . '</a></p>';
            });
            exit;
        }
        [$user, $token, $meta] = $pending;
        // wp-login.php sets this only after login_form_* actions: the re-login dialog of wp-admin (wp-auth-check).
        $GLOBALS['interim_login'] = !empty($meta['interim']);
        if (!empty($_POST['native_smtp_resend'])) {
            $sent = Native_SMTP_Codes::send(self::PURPOSE, $user->user_email, $user);
            self::page($user, $token, is_wp_error($sent) ? $sent->get_error_message() : '', is_wp_error($sent) ? '' : __('A new code is on its way.', 'native-smtp'));
            exit;
        }
        $status = Native_SMTP_Codes::verify(self::PURPOSE, $user->user_email, sanitize_text_field(wp_unslash($_POST['native_smtp_code'] ?? '')));
        if ($status !== 'valid') {
            self::page($user, $token, Native_SMTP_Codes::message($status));
            exit;
        }
        delete_user_meta($user->ID, self::META);
        self::complete($user, (bool) $meta['remember'], (bool) $meta['secure'], (string) $meta['redirect_to']);
    }

    /** Inside wp-admin's re-login dialog: the page wp-login.php shows there after a login, which closes the dialog. */
    private static function interim_success(): void
    {
        $GLOBALS['interim_login'] = 'success';
        // Core's own sentence, with core's translation.
        login_header('', '<p class="message">' . esc_html(translate('You have logged in successfully.')) . '</p>');
        echo '</div>';
        do_action('login_footer');
        echo '</body></html>';
    }

    /** The code was right: the login wp_signon() would have made, then wp_login once. */
    private static function complete(WP_User $user, bool $remember, bool $secure, string $redirect_to): void
    {
        self::$completing = true;
        wp_set_auth_cookie($user->ID, $remember, $secure);
        wp_set_current_user($user->ID);
        do_action('wp_login', $user->user_login, $user);
        if ($GLOBALS['interim_login'] ?? false) {
            self::interim_success();
            exit;
        }
        $requested = $redirect_to;
        if ($redirect_to === '' || $redirect_to === admin_url()) {
            // As wp-login.php does for members without a dashboard.
            $redirect_to = user_can($user, 'edit_posts') ? admin_url() : (user_can($user, 'read') ? admin_url('profile.php') : home_url());
        }
        wp_safe_redirect(apply_filters('login_redirect', $redirect_to, $requested, $user));
        exit;
    }

    private static function prompt(): string
    {
        return __('We emailed a verification code to the address of your account. Enter it to finish signing in.', 'native-smtp');
    }

    private static function page(WP_User $user, string $pending, string $error = '', string $notice = ''): void
    {
        $errors = new WP_Error();
        if ($error !== '') {
            $errors->add('native_smtp_code', esc_html($error));
        }
        if ($notice !== '') {
            $errors->add('native_smtp_notice', esc_html($notice), 'message');
        }
        Native_SMTP_Login_Screen::render(__('Verification code', 'native-smtp'), $errors, function () use ($user, $pending) {
            self::form($user, $pending);
        });
    }

    /** The code form; the pending-login token is a hidden field (POST body, never a URL). */
    public static function form(WP_User $user, string $pending): void
    {
        ?>
        <form name="native_smtp_code" id="loginform" class="native-smtp-login-code" action="<?php echo esc_url(add_query_arg('action', self::ACTION, wp_login_url())); ?>" method="post">
            <p class="message"><?php echo esc_html(self::prompt()); ?></p>
            <p>
                <label for="native-smtp-login-code"><?php esc_html_e('Verification code', 'native-smtp'); ?></label>
                <input type="text" name="native_smtp_code" id="native-smtp-login-code" class="input" inputmode="numeric" autocomplete="one-time-code" autofocus size="12">
            </p>
            <input type="hidden" name="native_smtp_user" value="<?php echo esc_attr((string) $user->ID); ?>">
            <input type="hidden" name="native_smtp_pending" value="<?php echo esc_attr($pending); ?>">
            <p class="submit">
                <button type="submit" name="wp-submit" class="button button-primary button-large"><?php esc_html_e('Log In', 'native-smtp'); ?></button>
                <button type="submit" name="native_smtp_resend" value="1" class="button button-link native-smtp-resend"><?php esc_html_e('Send a new code', 'native-smtp'); ?></button>
            </p>
        </form>
        <?php
    }

    /** Application passwords would skip the code: not offered to members who need one. */
    public static function application_passwords(bool $available, WP_User $user): bool
    {
        return $available && !self::required_for($user);
    }
}
