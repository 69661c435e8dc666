<?php
/**
 * The provider presets as the settings page shows them, from the data file
 * the core is built from, with every text in the site's language. The same
 * with or without the extension.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Providers
{
    /** id => [name, host, port, encryption, ports, appPassword, senderMustMatchAccount, usernameHint, help] */
    public static function all(): array
    {
        $out = [];
        foreach (Native_SMTP_Data::providers() as $p) {
            $id = (string) $p['id'];
            $out[$id] = [
                'name'                   => Native_SMTP_Data::translate((string) $p['name']),
                'host'                   => $p['host'],
                'port'                   => (int) $p['ports'][$p['encryption']],
                'encryption'             => $p['encryption'],
                'ports'                  => $p['ports'],
                'appPassword'            => (bool) $p['appPassword'],
                'senderMustMatchAccount' => (bool) $p['senderMustMatchAccount'],
                'usernameHint'           => self::username_hint($id),
                'help'                   => Native_SMTP_Data::translate((string) $p['help']),
            ];
        }
        return $out;
    }

    /** One provider's raw entry (untranslated), [] for "other" or an unknown id. */
    public static function get(string $id): array
    {
        foreach (Native_SMTP_Data::providers() as $p) {
            if ((string) $p['id'] === $id) {
                return $p;
            }
        }
        return [];
    }

    /** The one-line help shown under the provider list. */
    public static function help(string $id): string
    {
        return Native_SMTP_Data::translate((string) (self::get($id)['help'] ?? ''));
    }

    /** What goes in the Account field for this provider. */
    public static function username_hint(string $id): string
    {
        $hint = (string) (self::get($id)['usernameHint'] ?? 'Usually your full email address');
        if ($id === 'sendgrid') {
            /* translators: %s: the literal user name SendGrid expects */
            return sprintf(__('Literally: %s', 'native-smtp'), $hint);
        }
        return Native_SMTP_Data::translate($hint);
    }

    /**
     * The steps to get a working password, for the fix shown after an
     * authentication error (the help line when there are no longer steps).
     */
    public static function password_steps(string $id): string
    {
        $p = self::get($id);
        return Native_SMTP_Data::translate((string) ($p['passwordSteps'] ?? $p['help'] ?? ''));
    }
}
