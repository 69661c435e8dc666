<?php
/**
 * Sends every wp_mail() through the plugin's engine when SMTP is set up, by
 * answering the pre_wp_mail filter (never by redefining wp_mail()), with
 * core's outcome: true and wp_mail_succeeded, or false and wp_mail_failed
 * with a WP_Error naming the cause. Without settings it returns null and
 * WordPress sends as it always did.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Mail_Router
{
    public static function register(): void
    {
        add_filter('pre_wp_mail', [self::class, 'pre_wp_mail'], 10, 2);
        add_action('shutdown', [Native_SMTP_Mailer::class, 'close']);
        // New settings: the next mail opens a connection with them.
        foreach (['add_option_', 'update_option_', 'delete_option_'] as $hook) {
            add_action($hook . Native_SMTP_Options::OPTION, [Native_SMTP_Mailer::class, 'close']);
        }
    }

    /** Kept for callers of the former API: closes the open connections. */
    public static function close(): void
    {
        Native_SMTP_Mailer::close();
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
            return self::failed($connection->get_error_message(), $mail_data + (is_array($extra) ? $extra : []) + ['category' => $connection->get_error_code()]);
        }
        $outcome = Native_SMTP_Mailer::send($atts, $connection);
        /**
         * Every outcome with its details (engine, Message-ID, recipients,
         * diagnosis, redacted transcript), for a log or a retry queue.
         *
         * @param Native_SMTP_Sent|Native_SMTP_Failure $outcome
         * @param array                                $atts wp_mail()'s arguments
         */
        do_action('native_smtp_outcome', $outcome, $atts);
        if ($outcome instanceof Native_SMTP_Failure) {
            return self::failed($outcome->message, $mail_data + self::details($outcome));
        }
        if ($outcome->refused) {
            // As core's PHPMailer: the accepted recipients have the message, wp_mail() still reports the refused ones.
            $lines = [];
            foreach ($outcome->refused as $address => $reply) {
                $lines[] = "$address: $reply";
            }
            /* translators: %s: each refused address with the server's reply */
            $text = sprintf(__('The mail server refused these recipients: %s', 'native-smtp'), implode('; ', $lines));
            return self::failed($text, $mail_data + [
                'category' => 'recipient_rejected', 'engine' => $outcome->engine, 'refused' => $outcome->refused,
                'accepted' => $outcome->accepted, 'message_id' => $outcome->message_id,
                'hint' => Native_SMTP_Error_Help::default_hint('recipient_rejected'),
            ]);
        }
        do_action('wp_mail_succeeded', $mail_data);
        return true;
    }

    /** The failure's data for wp_mail_failed: category, codes, reply, stage, hint, transient, engine, redacted transcript. */
    private static function details(Native_SMTP_Failure $f): array
    {
        $data = $f->to_array();
        unset($data['ok'], $data['message']);
        return $data;
    }

    /** As core: wp_mail_failed gets a WP_Error with the mail's data (here also the diagnosis), wp_mail() returns false. */
    private static function failed(string $message, array $data): bool
    {
        do_action('wp_mail_failed', new WP_Error('wp_mail_failed', $message, $data));
        return false;
    }
}
