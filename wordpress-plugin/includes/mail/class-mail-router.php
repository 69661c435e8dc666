<?php
/**
 * Sends every wp_mail() through the plugin when SMTP is set up, by answering
 * the pre_wp_mail filter (never by redefining wp_mail()), with core's
 * outcome: true and wp_mail_succeeded, or false and wp_mail_failed with a
 * WP_Error naming the cause. Without settings it returns null and WordPress
 * sends as it always did.
 *
 * One path for every mail: the message is prepared as wp_mail() prepares
 * PHPMailer, then delivery (Native_SMTP_Delivery: the log, the backup
 * connection, the retry queue, alerts) sends it with the site's engine.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Mail_Router
{
    public static function register(): void
    {
        // Priority 9: before other plugins' default-priority handlers, which then see the mail taken.
        add_filter('pre_wp_mail', [self::class, 'pre_wp_mail'], 9, 2);
        add_action('shutdown', [self::class, 'close']);
        // New settings or a new backup connection: the next mail opens a connection with them.
        foreach (['add_option_', 'update_option_', 'delete_option_'] as $hook) {
            add_action($hook . Native_SMTP_Options::OPTION, [self::class, 'close']);
            add_action($hook . Native_SMTP_Delivery_Options::OPTION, [self::class, 'close']);
        }
    }

    /** Closes the open connections (primary and backup). */
    public static function close(): void
    {
        Native_SMTP_Delivery::close();
    }

    /**
     * @param null|bool $short_circuit
     * @param array     $atts to, subject, message, headers, attachments, embeds (after the wp_mail filter)
     * @return null|bool null to let core send; otherwise what wp_mail() returns
     */
    public static function pre_wp_mail($short_circuit, $atts)
    {
        if ($short_circuit !== null || !is_array($atts) || !Native_SMTP_Options::is_configured()) {
            return $short_circuit;
        }
        // What core hands to wp_mail_succeeded / wp_mail_failed.
        $mail_data = [
            'to'          => $atts['to'] ?? [],
            'subject'     => $atts['subject'] ?? '',
            'message'     => $atts['message'] ?? '',
            'headers'     => $atts['headers'] ?? [],
            'attachments' => $atts['attachments'] ?? [],
        ];
        if (isset($atts['embeds'])) {
            $mail_data['embeds'] = $atts['embeds'];
        }
        $connection = Native_SMTP_Connection::saved();
        if (is_wp_error($connection)) {
            // The settings cannot make a connection (e.g. the password no longer decrypts): nothing is sent.
            $extra = $connection->get_error_data();
            return self::failed(new WP_Error('wp_mail_failed', $connection->get_error_message(),
                $mail_data + (is_array($extra) ? $extra : []) + ['category' => $connection->get_error_code()]));
        }
        $mail = Native_SMTP_Message_Builder::prepare($atts, array_merge(Native_SMTP_Connection::defaults(), $connection));
        if (is_wp_error($mail)) {
            // Nothing could be sent as written (e.g. no valid recipient): reported like a refused send.
            $failure = new Native_SMTP_Failure(Native_SMTP_Mailer::engine()->id(), 'invalid_argument', $mail->get_error_message(), 0, '', '', '',
                Native_SMTP_Error_Help::default_hint('invalid_argument'));
            do_action('native_smtp_outcome', $failure, $atts);  // see Native_SMTP_Delivery::submit()
            $data = $failure->to_array();
            unset($data['ok'], $data['message']);
            return self::failed(new WP_Error('wp_mail_failed', $failure->message, $mail_data + $data));
        }
        $result = Native_SMTP_Delivery::submit($mail, $mail_data, $atts);
        return $result === true ? true : self::failed($result);
    }

    /** As core: wp_mail_failed gets a WP_Error with the mail's data (here also the diagnosis), wp_mail() returns false. */
    private static function failed(WP_Error $error): bool
    {
        do_action('wp_mail_failed', $error);
        return false;
    }
}
