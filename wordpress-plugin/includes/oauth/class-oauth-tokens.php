<?php
/**
 * The OAuth grant of the sending account: the refresh token and the current
 * access token, both stored encrypted exactly like the SMTP password
 * (Native_SMTP_Options::encrypt, the same key rules). Hands out an access
 * token that is good for a few more minutes, refreshing it first when not,
 * and once more when the mail server refused it. Refreshes are serialized
 * with a database lock: providers rotate refresh tokens, so two requests
 * refreshing with the same one would lose the grant.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_OAuth_Tokens
{
    public const OPTION = 'native_smtp_oauth_grant';
    /** Refresh when less than this is left, so a token never expires mid-session. */
    public const MARGIN = 300;
    private const LOCK = 'native_smtp_oauth_refresh';

    /**
     * Keeps a new grant from the token endpoint's answer.
     *
     * @return true|WP_Error
     */
    public static function save(string $family, array $answer)
    {
        if (!is_string($answer['refresh_token'] ?? null) || $answer['refresh_token'] === '') {
            return new WP_Error('native_smtp_oauth', sprintf(
                /* translators: %s: Microsoft or Google */
                __('%s gave no refresh token, so the site could not keep sending. For Microsoft, add the offline_access permission; then sign in again.', 'native-smtp'),
                Native_SMTP_OAuth_Providers::name($family)), ['category' => 'oauth_client', 'transient' => false]);
        }
        try {
            $grant = [
                'family'  => $family,
                'refresh' => Native_SMTP_Options::encrypt($answer['refresh_token']),
                'created' => time(),
                'error'   => '',
                'dead'    => false,
            ] + self::access_fields($answer);
        } catch (Throwable $e) {
            return new WP_Error('native_smtp_oauth', __('The sign-in could not be stored encrypted. Define NATIVE_SMTP_KEY in wp-config.php, then sign in again.', 'native-smtp'),
                ['category' => 'oauth_client', 'transient' => false]);
        }
        update_option(self::OPTION, $grant, false);
        return true;
    }

    /** The stored grant (from the database, not a cache another request may have outdated), or null. */
    public static function grant(): ?array
    {
        global $wpdb;
        $raw = $wpdb->get_var($wpdb->prepare("SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::OPTION));
        $grant = $raw === null ? null : maybe_unserialize($raw);
        return is_array($grant) && isset($grant['family'], $grant['refresh']) ? $grant : null;
    }

    /** Signed in for this provider ('microsoft' or 'google'). */
    public static function signed_in(string $family): bool
    {
        $g = self::grant();
        return $g !== null && $g['family'] === $family;
    }

    /**
     * An access token valid for at least MARGIN more seconds, refreshed when
     * needed; a WP_Error (category oauth_signin_required when only signing in
     * again helps) otherwise.
     *
     * @return string|WP_Error
     */
    public static function access_token()
    {
        $g = self::grant();
        if ($g === null) {
            return self::signin_required('', __('The site is not signed in to send mail with this account.', 'native-smtp'));
        }
        if (!empty($g['dead'])) {
            // The provider already said the grant is gone: no request until the owner signs in again.
            return self::grant_gone((string) $g['error']);
        }
        $token = self::usable($g);
        return $token ?? self::refresh(null);
    }

    /**
     * After the mail server refused $rejected: a new access token (unless
     * another request already got one), or a WP_Error.
     *
     * @return string|WP_Error
     */
    public static function replace(string $rejected)
    {
        return self::refresh($rejected);
    }

    /** Forgets the grant, and tells the provider to revoke it when it can (Google). */
    public static function disconnect(): void
    {
        $g = self::grant();
        delete_option(self::OPTION);
        if ($g !== null) {
            $refresh = Native_SMTP_Options::decrypt($g['refresh']);
            if ($refresh !== null) {
                Native_SMTP_OAuth_Client::revoke(Native_SMTP_OAuth_Providers::endpoints($g['family'], Native_SMTP_OAuth_App::tenant()), $refresh);
            }
        }
    }

    /** For the settings page: family, expires, created, error ('' when fine), dead; null when not signed in. */
    public static function status(): ?array
    {
        $g = self::grant();
        return $g === null ? null : ['family' => $g['family'], 'expires' => (int) $g['expires'], 'created' => (int) $g['created'],
            'error' => (string) $g['error'], 'dead' => !empty($g['dead'])];
    }

    /** @return string|WP_Error */
    private static function refresh(?string $rejected)
    {
        global $wpdb;
        // Up to 20 s for another request's refresh to finish; then go ahead anyway.
        $locked = (bool) $wpdb->get_var($wpdb->prepare('SELECT GET_LOCK(%s, 20)', self::LOCK));
        try {
            $g = self::grant();
            if ($g === null) {
                return self::signin_required('', __('The site is not signed in to send mail with this account.', 'native-smtp'));
            }
            if (!empty($g['dead'])) {
                return self::grant_gone((string) $g['error']);
            }
            // Another request refreshed while this one waited: use its token.
            $current = Native_SMTP_Options::decrypt((string) $g['access']);
            if ($rejected === null ? self::usable($g) !== null : ($current !== null && $current !== $rejected && self::usable($g) !== null)) {
                return (string) $current;
            }
            $refresh = Native_SMTP_Options::decrypt($g['refresh']);
            if ($refresh === null) {
                return self::signin_required($g['family'], __('The saved sign-in can no longer be decrypted (the site keys in wp-config.php changed).', 'native-smtp'));
            }
            $answer = Native_SMTP_OAuth_Client::token(Native_SMTP_OAuth_Providers::endpoints($g['family'], Native_SMTP_OAuth_App::tenant()), $g['family'],
                ['grant_type' => 'refresh_token', 'refresh_token' => $refresh]);
            if (is_wp_error($answer)) {
                $g['error'] = $answer->get_error_message();
                $g['dead'] = ($answer->get_error_data()['category'] ?? '') === 'oauth_signin_required';
                update_option(self::OPTION, $g, false);
                return $answer;
            }
            // Providers that rotate refresh tokens send the new one here.
            if (is_string($answer['refresh_token'] ?? null) && $answer['refresh_token'] !== '') {
                $g['refresh'] = Native_SMTP_Options::encrypt($answer['refresh_token']);
            }
            update_option(self::OPTION, self::access_fields($answer) + $g, false);
            return (string) $answer['access_token'];
        } finally {
            if ($locked) {
                $wpdb->query($wpdb->prepare('SELECT RELEASE_LOCK(%s)', self::LOCK));
            }
        }
    }

    /** The stored access token when it has MARGIN seconds left, else null. */
    private static function usable(array $g): ?string
    {
        if ((int) $g['expires'] - self::MARGIN <= time() || (string) $g['access'] === '') {
            return null;
        }
        return Native_SMTP_Options::decrypt((string) $g['access']);
    }

    private static function access_fields(array $answer): array
    {
        $lifetime = (int) ($answer['expires_in'] ?? 3600);
        return [
            'access'  => Native_SMTP_Options::encrypt((string) $answer['access_token']),
            'expires' => time() + ($lifetime > 0 ? $lifetime : 3600),
            'error'   => '',
        ];
    }

    private static function signin_required(string $family, string $why): WP_Error
    {
        $label = $family === '' ? __('Sign in', 'native-smtp') : Native_SMTP_OAuth_Providers::sign_in_label($family);
        /* translators: 1: what is wrong, 2: "Sign in with Microsoft" or "Sign in with Google" */
        return self::grant_gone(sprintf(__('%1$s Choose "%2$s" again on the Email / SMTP settings page.', 'native-smtp'), $why, $label));
    }

    /** The failure when only signing in again helps (the message says so). */
    private static function grant_gone(string $message): WP_Error
    {
        return new WP_Error('native_smtp_oauth', $message, [
            'category'  => 'oauth_signin_required',
            'stage'     => 'oauth',
            'transient' => false,
            'hint'      => Native_SMTP_OAuth_Help::hint('oauth_signin_required'),
        ]);
    }
}
