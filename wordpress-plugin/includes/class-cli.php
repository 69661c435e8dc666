<?php
/**
 * WP-CLI commands; loaded only when WP-CLI runs.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_CLI
{
    /**
     * Sends a test email with the saved settings.
     *
     * ## OPTIONS
     *
     * <to>
     * : Recipient address.
     */
    public function test(array $args): void
    {
        $result = Native_SMTP_Test_Email::run($args[0]);
        if ($result['ok']) {
            WP_CLI::success($result['message']);
            return;
        }
        WP_CLI::log($result['transcript']);
        WP_CLI::error(trim($result['message'] . ' ' . ($result['fix'] ?? '') . "\n" . ($result['details'] ?? '')));
    }

    /**
     * Shows which engine sends the site's mail, and with which settings.
     */
    public function status(): void
    {
        $s = Native_SMTP_Options::get();
        WP_CLI::log('engine: ' . Native_SMTP_Engines::id() . ' (' . Native_SMTP_Engine_Status::label() . ')');
        WP_CLI::log('routing wp_mail(): ' . (Native_SMTP_Options::is_configured() ? 'yes' : 'no (WordPress default)'));
        foreach (['provider', 'host', 'port', 'encryption', 'username', 'from_email', 'from_name'] as $key) {
            WP_CLI::log(sprintf('%s: %s%s', $key, $s[$key], Native_SMTP_Options::locked($key) ? ' (wp-config)' : ''));
        }
        $password = Native_SMTP_Options::password();
        WP_CLI::log('password: ' . (is_wp_error($password) ? $password->get_error_message() : ($password === '' ? 'not set' : 'set')));
    }
}
