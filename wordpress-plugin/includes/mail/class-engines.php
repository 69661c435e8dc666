<?php
/**
 * Which engine sends the site's mail: the extension when it is loaded, else
 * WordPress's bundled PHPMailer. define('NATIVE_SMTP_ENGINE', 'phpmailer')
 * in wp-config.php forces PHPMailer (for comparing, or for tests); a forced
 * 'extension' that is not loaded falls back to PHPMailer, and Site Health
 * says so.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Engines
{
    /** "extension" or "phpmailer". */
    public static function id(): string
    {
        $wanted = defined('NATIVE_SMTP_ENGINE') ? strtolower((string) NATIVE_SMTP_ENGINE) : 'auto';
        if ($wanted === 'phpmailer') {
            return 'phpmailer';
        }
        return Native_SMTP_Extension_Engine::available() ? 'extension' : 'phpmailer';
    }

    /** A new engine (with no open connection) of the site's kind, or of the kind named. */
    public static function create(?string $id = null): Native_SMTP_Engine
    {
        return ($id ?? self::id()) === 'extension' ? new Native_SMTP_Extension_Engine() : new Native_SMTP_PHPMailer_Engine();
    }
}
