<?php
/**
 * Takes wp_mail() before the mail router does (pre_wp_mail at priority 9):
 * the message is prepared the same way, then handed to Native_SMTP_Delivery,
 * which logs it, uses the backup connection and queues it when the server
 * cannot take it now. What the router would report by itself (settings that
 * cannot make a connection, a message that cannot be prepared) is left to it.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Delivery_Router
{
    public static function register(): void
    {
        add_filter('pre_wp_mail', [self::class, 'pre_wp_mail'], 9, 2);
        add_action('shutdown', [Native_SMTP_Delivery::class, 'close']);
        foreach (['add_option_', 'update_option_', 'delete_option_'] as $hook) {
            add_action($hook . Native_SMTP_Options::OPTION, [Native_SMTP_Delivery::class, 'close']);
            add_action($hook . Native_SMTP_Delivery_Options::OPTION, [Native_SMTP_Delivery::class, 'close']);
        }
    }

    /**
     * @param null|bool $short_circuit
     * @param array     $atts to, subject, message, headers, attachments, embeds (after the wp_mail filter)
     * @return null|bool
     */
    public static function pre_wp_mail($short_circuit, $atts)
    {
        if ($short_circuit !== null || !is_array($atts) || !Native_SMTP_Options::is_configured()) {
            return $short_circuit;
        }
        $connection = Native_SMTP_Connection::saved();
        if (is_wp_error($connection)) {
            return $short_circuit;
        }
        $mail = Native_SMTP_Message_Builder::prepare($atts, array_merge(Native_SMTP_Connection::defaults(), $connection));
        if (is_wp_error($mail)) {
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
        $result = Native_SMTP_Delivery::submit($mail, $mail_data, $atts);
        if ($result === true) {
            return true;
        }
        do_action('wp_mail_failed', $result);
        return false;
    }
}
