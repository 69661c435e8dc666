<?php
/**
 * Plugin Name: Native SMTP test stand-in: plugins that shape mail in phpmailer_init
 * Description: For the plugin's tests only. WooCommerce's multipart emails (wp_mail_content_type says multipart/alternative, with no boundary, and phpmailer_init adds the plain-text AltBody, as WC_Email::send() and handle_multipart() do), and what other plugins do in phpmailer_init: attachments, string attachments, embedded images, custom headers, a Sender, a Message-ID or date, or only SMTP settings of their own.
 */

/** WC_Email::send() for a "multipart" email: the HTML as the body, the text added in phpmailer_init. */
function native_smtp_test_wc_send($to, string $subject, string $html, string $plain): bool
{
    $type = static fn() => 'multipart/alternative';
    $multipart = static function ($mailer) use ($plain) {
        $mailer->AltBody = wordwrap($plain, 70);
    };
    add_filter('wp_mail_content_type', $type);
    add_action('phpmailer_init', $multipart);
    try {
        return wp_mail($to, $subject, $html);
    } finally {
        remove_filter('wp_mail_content_type', $type);
        remove_action('phpmailer_init', $multipart);
    }
}

/**
 * wp_mail() with plugins shaping the PHPMailer in phpmailer_init. $shape:
 * attach (path => name), strings (list of [bytes, name, type]), embed (list
 * of [path, cid, name, type]), headers (name => value), sender, message_id,
 * date, smtp (PHPMailer properties an SMTP-settings plugin would set).
 */
function native_smtp_test_send_shaped($to, string $subject, string $body, array $shape, $headers = ''): bool
{
    $shaper = static function ($mailer) use ($shape) {
        foreach ($shape['attach'] ?? [] as $path => $name) {
            $mailer->addAttachment($path, $name);
        }
        foreach ($shape['strings'] ?? [] as [$bytes, $name, $type]) {
            $mailer->addStringAttachment($bytes, $name, 'base64', $type);
        }
        foreach ($shape['embed'] ?? [] as [$path, $cid, $name, $type]) {
            $mailer->addEmbeddedImage($path, $cid, $name, 'base64', $type);
        }
        foreach ($shape['headers'] ?? [] as $name => $value) {
            $mailer->addCustomHeader($name, $value);
        }
        if (isset($shape['sender'])) {
            $mailer->Sender = $shape['sender'];
        }
        if (isset($shape['message_id'])) {
            $mailer->MessageID = $shape['message_id'];
        }
        if (isset($shape['date'])) {
            $mailer->MessageDate = $shape['date'];
        }
        foreach ($shape['smtp'] ?? [] as $property => $value) {
            $mailer->$property = $value;
        }
    };
    add_action('phpmailer_init', $shaper);
    try {
        return wp_mail($to, $subject, $body, $headers);
    } finally {
        remove_action('phpmailer_init', $shaper);
    }
}
