<?php
/**
 * The connection settings array every engine takes. Engines never read the
 * saved options themselves: the test email sends with the settings on the
 * screen, a backup connection is a second array.
 *
 * Keys: host, port (0: the encryption's default), encryption (none, ssl,
 * starttls), username, password (in clear), auth (auto, PLAIN, LOGIN,
 * CRAM-MD5, XOAUTH2), from_email, from_name, force_from, sender_must_match
 * (the provider refuses any sender but the account), provider, ca_file,
 * timeout (seconds, for connecting and for each command), oauth (log in
 * with the site's OAuth sign-in instead of the password; see includes/oauth),
 * oauth_token (the access token, filled in at sending time).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Connection
{
    public static function defaults(): array
    {
        return [
            'host'              => '',
            'port'              => 0,
            'encryption'        => 'starttls',
            'username'          => '',
            'password'          => '',
            'auth'              => 'auto',
            'from_email'        => '',
            'from_name'         => '',
            'force_from'        => false,
            'sender_must_match' => false,
            'provider'          => 'other',
            'ca_file'           => defined('NATIVE_SMTP_CA_FILE') ? (string) NATIVE_SMTP_CA_FILE : '',
            'timeout'           => 20.0,
            'oauth'             => false,
            'oauth_token'       => '',
        ];
    }

    /** The array for plugin settings (as Native_SMTP_Options::get() returns them) and a password in clear. */
    public static function from_settings(array $settings, string $password): array
    {
        $provider = (string) ($settings['provider'] ?? 'other');
        $preset = Native_SMTP_Providers::get($provider);
        return array_merge(self::defaults(), [
            'host'              => (string) $settings['host'],
            'port'              => (int) $settings['port'],
            'encryption'        => Native_SMTP_Options::normalize_encryption((string) $settings['encryption']),
            'username'          => (string) $settings['username'],
            'password'          => $password,
            'from_email'        => (string) $settings['from_email'],
            'from_name'         => (string) $settings['from_name'],
            'force_from'        => !empty($settings['force_from']),
            'sender_must_match' => !empty($preset['senderMustMatchAccount']),
            'provider'          => $provider,
            'oauth'             => class_exists('Native_SMTP_OAuth') && Native_SMTP_OAuth::applies($settings),
        ]);
    }

    /**
     * The saved settings as a connection, or a WP_Error when they cannot make
     * one (no host, or a stored password that no longer decrypts).
     *
     * @return array|WP_Error
     */
    public static function saved()
    {
        $settings = Native_SMTP_Options::get();
        if ($settings['host'] === '') {
            return new WP_Error('native_smtp_not_configured', __('No SMTP server is set up yet.', 'native-smtp'));
        }
        $password = Native_SMTP_Options::password();
        if (is_wp_error($password)) {
            return $password;
        }
        return self::from_settings($settings, $password);
    }

    /**
     * The sender the provider accepts: with sender_must_match it is the
     * account (when the account is an address), else the configured sender.
     */
    public static function account_sender(array $connection): string
    {
        if ($connection['sender_must_match'] && is_email($connection['username'])) {
            return $connection['username'];
        }
        return '';
    }
}
