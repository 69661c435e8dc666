<?php
/**
 * The site owner's own app registration at Microsoft or Google: client ID,
 * client secret (encrypted like the SMTP password) and the Microsoft tenant.
 * wp-config constants override and lock each of them, so agencies can keep
 * them out of the database.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_OAuth_App
{
    public const OPTION = 'native_smtp_oauth_app';

    /** Field => wp-config constant. */
    public const CONSTANTS = [
        'client_id'     => 'NATIVE_SMTP_OAUTH_CLIENT_ID',
        'client_secret' => 'NATIVE_SMTP_OAUTH_CLIENT_SECRET',
        'tenant'        => 'NATIVE_SMTP_OAUTH_TENANT',
    ];

    private static function stored(): array
    {
        $saved = get_option(self::OPTION, []);
        return array_merge(['client_id' => '', 'client_secret' => '', 'tenant' => 'common'], is_array($saved) ? $saved : []);
    }

    public static function locked(string $field): bool
    {
        return defined(self::CONSTANTS[$field]);
    }

    public static function client_id(): string
    {
        return self::locked('client_id') ? (string) constant(self::CONSTANTS['client_id']) : (string) self::stored()['client_id'];
    }

    public static function tenant(): string
    {
        $tenant = self::locked('tenant') ? (string) constant(self::CONSTANTS['tenant']) : (string) self::stored()['tenant'];
        return $tenant !== '' ? $tenant : 'common';
    }

    /**
     * The client secret in clear, '' when none is set, or a WP_Error when the
     * stored one no longer decrypts.
     *
     * @return string|WP_Error
     */
    public static function client_secret()
    {
        if (self::locked('client_secret')) {
            return (string) constant(self::CONSTANTS['client_secret']);
        }
        $cipher = (string) self::stored()['client_secret'];
        if ($cipher === '') {
            return '';
        }
        $plain = Native_SMTP_Options::decrypt($cipher);
        if ($plain === null) {
            return new WP_Error('native_smtp_oauth', __('The saved OAuth client secret can no longer be decrypted (the site keys in wp-config.php changed). Enter it again on the Email / SMTP settings page.', 'native-smtp'),
                ['category' => 'oauth_client', 'transient' => false]);
        }
        return $plain;
    }

    public static function has_secret(): bool
    {
        return self::locked('client_secret') || self::stored()['client_secret'] !== '';
    }

    /** Client ID and secret are both there. */
    public static function is_complete(): bool
    {
        return self::client_id() !== '' && self::has_secret();
    }

    /**
     * Saves the submitted fields (locked ones are ignored; an empty secret
     * keeps the saved one). Nothing is saved when a field is invalid.
     *
     * @return true|WP_Error
     */
    public static function save(array $input)
    {
        $new = self::stored();
        if (!self::locked('client_id')) {
            $id = trim((string) ($input['client_id'] ?? ''));
            if ($id !== '' && !preg_match('/^[A-Za-z0-9._~-]{1,200}$/', $id)) {
                return new WP_Error('native_smtp_oauth', __('Client ID: paste the ID exactly as the provider shows it (letters, digits, dots and dashes).', 'native-smtp'));
            }
            $new['client_id'] = $id;
        }
        if (!self::locked('tenant')) {
            $tenant = trim((string) ($input['tenant'] ?? ''));
            if ($tenant !== '' && !Native_SMTP_OAuth_Providers::valid_tenant($tenant)) {
                return new WP_Error('native_smtp_oauth', __('Tenant: use "common", "organizations", "consumers", your directory (tenant) ID or your domain name.', 'native-smtp'));
            }
            $new['tenant'] = $tenant !== '' ? $tenant : 'common';
        }
        $secret = (string) ($input['client_secret'] ?? '');
        if (!self::locked('client_secret') && $secret !== '') {
            if (preg_match('/[\x00-\x1f\x7f]/', $secret)) {
                return new WP_Error('native_smtp_oauth', __('Client secret: paste the secret\'s value without line breaks.', 'native-smtp'));
            }
            try {
                $new['client_secret'] = Native_SMTP_Options::encrypt($secret);
            } catch (Throwable $e) {
                return new WP_Error('native_smtp_oauth', __('The client secret could not be encrypted, so nothing was saved. Define NATIVE_SMTP_KEY in wp-config.php or put the secret in NATIVE_SMTP_OAUTH_CLIENT_SECRET.', 'native-smtp'));
            }
        }
        update_option(self::OPTION, $new, false);
        return true;
    }

    public static function delete(): void
    {
        delete_option(self::OPTION);
    }
}
