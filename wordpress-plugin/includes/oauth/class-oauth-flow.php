<?php
/**
 * The authorization-code flow with PKCE (RFC 7636, S256) from the settings
 * page: "Sign in with ..." sends the administrator to the provider with a
 * state that is random, single-use, short-lived and bound to that user; the
 * provider sends the browser back to admin-post.php (a redirect URI without a
 * query string, which every provider accepts), where the code is exchanged
 * for the tokens. Also saves the app registration and signs out.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_OAuth_Flow
{
    public const START = 'native_smtp_oauth_start';
    public const SAVE_APP = 'native_smtp_oauth_app';
    public const DISCONNECT = 'native_smtp_oauth_disconnect';
    /** Seconds a sign-in may take between leaving the site and coming back. */
    public const STATE_TTL = 600;

    public static function register(): void
    {
        add_action('admin_post_' . self::START, [self::class, 'start']);
        add_action('admin_post_' . self::SAVE_APP, [self::class, 'save_app']);
        add_action('admin_post_' . self::DISCONNECT, [self::class, 'disconnect']);
        // The provider's redirect carries no "action": admin-post.php runs this hook then.
        add_action('admin_post', [self::class, 'callback']);
    }

    /** What the owner pastes into the provider's console. */
    public static function redirect_uri(): string
    {
        return admin_url('admin-post.php');
    }

    /** The preset in use signs in with OAuth: its provider ('microsoft' or 'google'), else null. */
    public static function family(): ?string
    {
        return Native_SMTP_OAuth_Providers::family((string) Native_SMTP_Options::get()['provider']);
    }

    public static function start(): void
    {
        self::guard(self::START);
        $family = self::family();
        if ($family === null || !Native_SMTP_OAuth_App::is_complete()) {
            self::back(false, __('Choose Microsoft 365 / Outlook or Gmail as the provider and save the client ID and secret first.', 'native-smtp'));
        }
        $verifier = self::random_token(48);
        $state = self::random_token(24);
        set_transient(self::state_key($state), [
            'user'     => get_current_user_id(),
            'family'   => $family,
            'verifier' => $verifier,
            'expires'  => time() + self::STATE_TTL,
        ], self::STATE_TTL);
        $e = Native_SMTP_OAuth_Providers::endpoints($family, Native_SMTP_OAuth_App::tenant());
        $params = [
            'response_type'         => 'code',
            'client_id'             => Native_SMTP_OAuth_App::client_id(),
            'redirect_uri'          => self::redirect_uri(),
            'scope'                 => $e['scope'],
            'state'                 => $state,
            'code_challenge'        => self::base64url(hash('sha256', $verifier, true)),
            'code_challenge_method' => 'S256',
        ] + $e['params'];
        $account = (string) Native_SMTP_Options::get()['username'];
        if (is_email($account)) {
            $params['login_hint'] = $account;
        }
        // The provider is another host: wp_redirect, not wp_safe_redirect.
        wp_redirect($e['authorize'] . (strpos($e['authorize'], '?') === false ? '?' : '&') . http_build_query($params, '', '&', PHP_QUERY_RFC3986));
        exit;
    }

    /** admin-post.php without an action: ours only when it carries a state we issued. */
    public static function callback(): void
    {
        $state = isset($_GET['state']) && is_string($_GET['state']) ? wp_unslash($_GET['state']) : '';
        if ($state === '' || !preg_match('/^[A-Za-z0-9_-]{20,100}$/', $state)) {
            return;
        }
        $pending = get_transient(self::state_key($state));
        if (!is_array($pending)) {
            self::back(false, __('This sign-in link has expired or was already used. Start again with the sign-in button.', 'native-smtp'));
        }
        delete_transient(self::state_key($state));  // single use, whatever happens next
        if ((int) $pending['user'] !== get_current_user_id() || !current_user_can('manage_options') || (int) $pending['expires'] < time()) {
            self::back(false, __('This sign-in was started by another user or too long ago. Start again with the sign-in button.', 'native-smtp'));
        }
        $family = (string) $pending['family'];
        if (isset($_GET['error'])) {
            $said = sanitize_text_field(wp_unslash((string) $_GET['error']) . (isset($_GET['error_description']) ? ': ' . wp_unslash((string) $_GET['error_description']) : ''));
            /* translators: 1: Microsoft or Google, 2: the provider's error */
            self::back(false, sprintf(__('%1$s did not allow the sign-in (%2$s). Nothing was changed.', 'native-smtp'), Native_SMTP_OAuth_Providers::name($family), $said));
        }
        $code = isset($_GET['code']) && is_string($_GET['code']) ? wp_unslash($_GET['code']) : '';
        if ($code === '') {
            self::back(false, __('The provider sent no authorization code back. Start again with the sign-in button.', 'native-smtp'));
        }
        $answer = Native_SMTP_OAuth_Client::token(Native_SMTP_OAuth_Providers::endpoints($family, Native_SMTP_OAuth_App::tenant()), $family, [
            'grant_type'    => 'authorization_code',
            'code'          => $code,
            'redirect_uri'  => self::redirect_uri(),
            'code_verifier' => (string) $pending['verifier'],
        ]);
        $saved = is_wp_error($answer) ? $answer : Native_SMTP_OAuth_Tokens::save($family, $answer);
        if (is_wp_error($saved)) {
            self::back(false, $saved->get_error_message());
        }
        /* translators: %s: Microsoft or Google */
        self::back(true, sprintf(__('Signed in with %s: site mail is now sent with this sign-in instead of a password.', 'native-smtp'), Native_SMTP_OAuth_Providers::name($family)));
    }

    public static function save_app(): void
    {
        self::guard(self::SAVE_APP);
        $saved = Native_SMTP_OAuth_App::save(wp_unslash($_POST));
        if (is_wp_error($saved)) {
            self::back(false, $saved->get_error_message());
        }
        self::back(true, __('App registration saved.', 'native-smtp'));
    }

    public static function disconnect(): void
    {
        self::guard(self::DISCONNECT);
        Native_SMTP_OAuth_Tokens::disconnect();
        self::back(true, __('Signed out: the site no longer sends with this sign-in.', 'native-smtp'));
    }

    /** The notice for the settings page (shown once). */
    public static function take_notice(): ?array
    {
        $key = 'native_smtp_oauth_notice_' . get_current_user_id();
        $notice = get_transient($key);
        if ($notice === false) {
            return null;
        }
        delete_transient($key);
        return is_array($notice) ? $notice : null;
    }

    private static function guard(string $action): void
    {
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('Sorry, you are not allowed to manage options for this site.', 'native-smtp'), 403);
        }
        check_admin_referer($action);
    }

    /** Back to the settings page with a notice. */
    private static function back(bool $ok, string $message): void
    {
        set_transient('native_smtp_oauth_notice_' . get_current_user_id(), ['ok' => $ok, 'message' => $message], 300);
        wp_safe_redirect(admin_url('options-general.php?page=' . Native_SMTP_Settings_Page::SLUG) . '#native-smtp-oauth');
        exit;
    }

    /** The state is stored under its hash, so the database never holds a usable one. */
    private static function state_key(string $state): string
    {
        return 'native_smtp_oauth_' . substr(hash('sha256', $state), 0, 40);
    }

    private static function random_token(int $bytes): string
    {
        return self::base64url(random_bytes($bytes));
    }

    private static function base64url(string $raw): string
    {
        return rtrim(strtr(base64_encode($raw), '+/', '-_'), '=');
    }
}
