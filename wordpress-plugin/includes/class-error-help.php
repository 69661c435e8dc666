<?php
/**
 * Plain-language explanations and remedies for the core's error
 * categories (texts from the shared data file, in the site's language),
 * with the fix spelled out for the chosen provider.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Error_Help
{
    /** What went wrong, in plain words. */
    public static function explain(string $category): string
    {
        $text = Native_SMTP_Data::categories()[$category]['explanation'] ?? '';
        if ($text === '') {
            $text = Native_SMTP_OAuth_Help::explain($category);  // the plugin's own: oauth_signin_required...
            return $text !== '' ? $text : __('Sending failed.', 'native-smtp');
        }
        return Native_SMTP_Data::translate($text);
    }

    /** The category's remedy, as the core gives it, in the site's language. */
    public static function default_hint(string $category): string
    {
        return Native_SMTP_Data::translate(Native_SMTP_Data::categories()[$category]['hint'] ?? '');
    }

    /**
     * The fix: the steps for the chosen provider when the password was the
     * problem, then the hint.
     */
    public static function fix(string $category, string $hint, string $provider): string
    {
        $steps = '';
        if (in_array($category, ['auth_failed', 'app_password_required'], true)) {
            $steps = Native_SMTP_Providers::password_steps($provider);
        } elseif ($category === 'oauth_required' && Native_SMTP_OAuth_Providers::family($provider) !== null) {
            $steps = Native_SMTP_OAuth_Help::switch_to_oauth($provider);
        } elseif ($category === 'sender_rejected') {
            $steps = __('Set "Sender email" to the same address as the SMTP account (QQ Mail, 163 and most providers require this), or turn on "Force sender".', 'native-smtp');
        }
        $hint = self::hint($hint);
        return trim($steps . ($steps !== '' && $hint !== '' ? ' ' : '') . $hint);
    }

    /** A hint the core wrote (English, from the data file) in the site's language; another text stays as it is. */
    public static function hint(string $hint): string
    {
        $known = array_merge(array_column(Native_SMTP_Data::categories(), 'hint'), array_values(Native_SMTP_Data::hints()));
        return in_array($hint, $known, true) ? Native_SMTP_Data::translate($hint) : $hint;
    }
}
