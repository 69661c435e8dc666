<?php
/**
 * Which presets sign in with OAuth 2.0, and the providers' endpoints.
 * Production always uses Microsoft's and Google's own addresses; only the
 * native_smtp_oauth_endpoints filter (used by the tests' local authorization
 * server) changes them.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_OAuth_Providers
{
    /** Preset id => provider. */
    private const FAMILIES = ['office365' => 'microsoft', 'outlook' => 'microsoft', 'gmail' => 'google'];

    /** Every provider with a sign-in. */
    public const ALL = ['microsoft', 'google'];

    /** Preset id => 'microsoft' or 'google', for the settings page's script. */
    public static function presets(): array
    {
        return self::FAMILIES;
    }

    /** 'microsoft', 'google', or null when the preset has no OAuth sign-in. */
    public static function family(string $preset): ?string
    {
        return self::FAMILIES[$preset] ?? null;
    }

    /** "Sign in with Microsoft" / "Sign in with Google". */
    public static function sign_in_label(string $family): string
    {
        return $family === 'google' ? __('Sign in with Google', 'native-smtp') : __('Sign in with Microsoft', 'native-smtp');
    }

    public static function name(string $family): string
    {
        return $family === 'google' ? 'Google' : 'Microsoft';
    }

    /**
     * authorize, token and revoke ('' when the provider has none) URLs, the
     * scope, and extra authorization parameters.
     *
     * @return array{authorize: string, token: string, revoke: string, scope: string, params: array}
     */
    public static function endpoints(string $family, string $tenant = 'common'): array
    {
        if ($family === 'google') {
            $e = [
                'authorize' => 'https://accounts.google.com/o/oauth2/v2/auth',
                'token'     => 'https://oauth2.googleapis.com/token',
                'revoke'    => 'https://oauth2.googleapis.com/revoke',
                'scope'     => 'https://mail.google.com/',
                // A refresh token every time, also when the account allowed this app before.
                'params'    => ['access_type' => 'offline', 'prompt' => 'consent'],
            ];
        } else {
            $base = 'https://login.microsoftonline.com/' . rawurlencode($tenant !== '' ? $tenant : 'common') . '/oauth2/v2.0';
            $e = [
                'authorize' => $base . '/authorize',
                'token'     => $base . '/token',
                'revoke'    => '',  // Microsoft has no revocation endpoint for refresh tokens
                'scope'     => 'https://outlook.office.com/SMTP.Send offline_access',
                'params'    => ['prompt' => 'select_account'],
            ];
        }
        /**
         * Filters the OAuth endpoints of a provider. For tests against a local
         * authorization server; sites have no reason to change them.
         *
         * @param array  $e      authorize, token, revoke, scope, params
         * @param string $family 'microsoft' or 'google'
         * @param string $tenant Microsoft tenant
         */
        return apply_filters('native_smtp_oauth_endpoints', $e, $family, $tenant);
    }

    /** A Microsoft tenant: common, organizations, consumers, a directory GUID or a domain. */
    public static function valid_tenant(string $tenant): bool
    {
        return (bool) preg_match('/^(?:[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/i', $tenant);
    }
}
