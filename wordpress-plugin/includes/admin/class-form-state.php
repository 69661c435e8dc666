<?php
/**
 * What a failed save leaves for the page it redirects back to: the message
 * of each field and the values as typed (never the password), kept for the
 * current user for a few minutes and shown once.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Form_State
{
    private const TTL = 300;

    private static function key(): string
    {
        return 'native_smtp_form_' . get_current_user_id();
    }

    /** @param array<string, string> $errors field => message */
    public static function keep(array $values, array $errors): void
    {
        unset($values['password']);
        set_transient(self::key(), ['values' => $values, 'errors' => $errors], self::TTL);
    }

    /**
     * The state of the last failed save, once (then it is gone).
     *
     * @return array{values: array, errors: array<string, string>}|null
     */
    public static function take(): ?array
    {
        $state = get_transient(self::key());
        if (!is_array($state)) {
            return null;
        }
        delete_transient(self::key());
        return $state;
    }
}
