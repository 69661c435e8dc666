<?php
/**
 * The plugin's settings: one option, overridable by wp-config constants, and
 * the SMTP password kept encrypted with a key that is not in the database.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Options
{
    public const OPTION = 'native_smtp_settings';

    /** Setting => wp-config constant that overrides (and locks) it. */
    public const CONSTANTS = [
        'host'       => 'NATIVE_SMTP_HOST',
        'port'       => 'NATIVE_SMTP_PORT',
        'encryption' => 'NATIVE_SMTP_ENCRYPTION',
        'username'   => 'NATIVE_SMTP_USER',
        'password'   => 'NATIVE_SMTP_PASSWORD',
        'from_email' => 'NATIVE_SMTP_FROM',
        'from_name'  => 'NATIVE_SMTP_FROM_NAME',
    ];

    public static function defaults(): array
    {
        return [
            'provider'       => 'other',
            'host'           => '',
            'port'           => 0,
            'encryption'     => 'starttls',
            'username'       => '',
            'password'       => '',   // ciphertext, see encrypt()
            'from_email'     => '',
            'from_name'      => '',
            'force_from'     => false,
            'login_code'     => false,
            'register_code'  => false,
            'email_only'     => false,
            'admin_exempt'   => false,  // administrators are the accounts worth stealing
            'code_length'    => 6,
            'code_ttl'       => 10,   // minutes
            'code_attempts'  => 5,
            'code_hourly_cap' => 100,  // code emails a site may send an hour (the provider's quota is for all mail)
        ];
    }

    /** The stored settings, without constant overrides. */
    public static function stored(): array
    {
        $saved = get_option(self::OPTION, []);
        return array_merge(self::defaults(), is_array($saved) ? $saved : []);
    }

    /** The settings in effect: stored values with wp-config constants on top. */
    public static function get(): array
    {
        $s = self::stored();
        foreach (self::CONSTANTS as $key => $constant) {
            if (defined($constant) && $key !== 'password') {
                $s[$key] = $key === 'port' ? (int) constant($constant) : (string) constant($constant);
            }
            if ($key === 'encryption' && defined($constant) && $s[$key] === '') {
                $s[$key] = 'none';
            }
        }
        $s['encryption'] = self::normalize_encryption($s['encryption']);
        return $s;
    }

    /**
     * none, ssl or starttls. Also takes the names other SMTP plugins use
     * ("tls" for STARTTLS), so a constant copied from their docs works.
     */
    public static function normalize_encryption(string $value): string
    {
        $value = strtolower(trim($value));
        $aliases = ['tls' => 'starttls', 'smtps' => 'ssl', 'implicit' => 'ssl'];
        return $aliases[$value] ?? $value;
    }

    public static function locked(string $key): bool
    {
        return isset(self::CONSTANTS[$key]) && defined(self::CONSTANTS[$key]);
    }

    /** SMTP is set up (a host): site mail goes through the plugin, with or without the extension. */
    public static function is_configured(): bool
    {
        return self::get()['host'] !== '';
    }

    /**
     * The SMTP password in clear, '' when none is set, or a WP_Error when the
     * stored one cannot be decrypted (for example after the salts changed).
     *
     * @return string|WP_Error
     */
    public static function password()
    {
        if (defined('NATIVE_SMTP_PASSWORD')) {
            return (string) NATIVE_SMTP_PASSWORD;
        }
        $cipher = self::stored()['password'];
        if ($cipher === '') {
            return '';
        }
        $plain = self::decrypt($cipher);
        if ($plain === null) {
            return new WP_Error('native_smtp_password', self::unreadable_message(), ['category' => 'password_unreadable']);
        }
        return $plain;
    }

    /**
     * Why the saved password does not decrypt, and exactly what to do: the
     * stored key fingerprint tells a changed key from a damaged value.
     */
    public static function unreadable_message(): string
    {
        $saved_with = (string) get_option(self::KEY_FINGERPRINT, '');
        $changed = $saved_with !== '' && $saved_with !== self::key_fingerprint();
        if ($changed && defined('NATIVE_SMTP_KEY')) {
            $why = __('NATIVE_SMTP_KEY in wp-config.php changed since the SMTP password was saved, so the saved password can no longer be decrypted and site mail is not sent.', 'native-smtp');
        } elseif ($changed) {
            $why = __('The AUTH_KEY or SECURE_AUTH_KEY salts in wp-config.php changed since the SMTP password was saved (for example after they were regenerated), so the saved password can no longer be decrypted and site mail is not sent.', 'native-smtp');
        } else {
            $why = __('The saved SMTP password can no longer be decrypted, so site mail is not sent.', 'native-smtp');
        }
        return $why . ' ' . __('To fix it, enter the SMTP password again on Settings > Email / SMTP and save (or put back the former key). To keep it working when the salts are regenerated, first add define( \'NATIVE_SMTP_KEY\', \'a long random phrase\' ); to wp-config.php.', 'native-smtp');
    }

    /** The option holding the fingerprint of the key the password was encrypted with. */
    public const KEY_FINGERPRINT = 'native_smtp_key_fingerprint';

    /** A fingerprint of the current key (not the key: a keyed hash of a fixed label). */
    public static function key_fingerprint(): string
    {
        try {
            return substr(hash_hmac('sha256', 'native-smtp key fingerprint', self::key()), 0, 16);
        } catch (RuntimeException $e) {
            return '';
        }
    }

    /**
     * The key: from NATIVE_SMTP_KEY if wp-config defines it, else from the
     * site's auth salts. Either way it lives in wp-config.php, not beside the
     * ciphertext in the database.
     */
    private static function key(): string
    {
        if (!function_exists('sodium_crypto_secretbox')) {
            throw new RuntimeException('PHP has no sodium functions');
        }
        if (defined('NATIVE_SMTP_KEY')) {
            $material = (string) NATIVE_SMTP_KEY;
        } else {
            $salts = [defined('AUTH_KEY') ? (string) AUTH_KEY : '', defined('SECURE_AUTH_KEY') ? (string) SECURE_AUTH_KEY : ''];
            // wp-config-sample.php's placeholder is public: no key at all is better than that one.
            foreach ($salts as $salt) {
                if (strlen($salt) < 16 || $salt === 'put your unique phrase here') {
                    throw new RuntimeException('no usable key: define NATIVE_SMTP_KEY or unique AUTH_KEY and SECURE_AUTH_KEY in wp-config.php');
                }
            }
            $material = $salts[0] . $salts[1];
        }
        if (strlen($material) < 16) {
            throw new RuntimeException('NATIVE_SMTP_KEY is too short (16 characters at least)');
        }
        return sodium_crypto_generichash('native-smtp password v1|' . $material, '', SODIUM_CRYPTO_SECRETBOX_KEYBYTES);
    }

    /**
     * 'v1:' . base64(nonce . secretbox). Throws when it cannot encrypt. Notes
     * the key's fingerprint, so a later key change can be named as such.
     */
    public static function encrypt(string $plain): string
    {
        $nonce = random_bytes(SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        $cipher = 'v1:' . base64_encode($nonce . sodium_crypto_secretbox($plain, $nonce, self::key()));
        update_option(self::KEY_FINGERPRINT, self::key_fingerprint(), true);
        return $cipher;
    }

    public static function decrypt(string $stored): ?string
    {
        if (strncmp($stored, 'v1:', 3) !== 0) {
            return null;
        }
        $raw = base64_decode(substr($stored, 3), true);
        if ($raw === false || strlen($raw) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES) {
            return null;
        }
        try {
            $plain = sodium_crypto_secretbox_open(substr($raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES),
                substr($raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES), self::key());
        } catch (Throwable $e) {
            return null;
        }
        return $plain === false ? null : $plain;
    }
}
