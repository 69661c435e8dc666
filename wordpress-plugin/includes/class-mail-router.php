<?php
/**
 * Sends every wp_mail() through the extension when SMTP is configured, by
 * answering the pre_wp_mail filter (never by redefining wp_mail()). When it
 * is not configured, it returns null and WordPress sends as it always did.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Mail_Router
{
    /** One connection per request, reused by every wp_mail() call. */
    private static ?Smtp\Mailer $mailer = null;

    public static function register(): void
    {
        add_filter('pre_wp_mail', [self::class, 'pre_wp_mail'], 10, 2);
        add_action('shutdown', [self::class, 'close']);
        // New settings: the next mail opens a connection with them.
        foreach (['add_option_', 'update_option_', 'delete_option_'] as $hook) {
            add_action($hook . Native_SMTP_Options::OPTION, [self::class, 'close']);
        }
    }

    public static function close(): void
    {
        if (self::$mailer) {
            self::$mailer->close();
            self::$mailer = null;
        }
    }

    /**
     * @param null|bool $short_circuit
     * @param array     $atts to, subject, message, headers, attachments (after the wp_mail filter)
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
        try {
            $message = Native_SMTP_WP_Mail_Message::build($mail_data, Native_SMTP_Options::get());
            if (Native_SMTP_OAuth::applies(Native_SMTP_Options::get())) {
                // A refused token is replaced once; the message was not sent, so sending again is safe.
                $sent = Native_SMTP_OAuth::with_token(static function (string $token) use ($message) {
                    try {
                        self::send_with(Native_SMTP_Options::smtp_config(null, null, $token), $message);
                        return true;
                    } catch (Smtp\AuthenticationException $e) {
                        self::close();
                        return $e;
                    }
                }, static function ($result): bool {
                    return $result instanceof Smtp\AuthenticationException && $result->getCategory() === 'auth_failed';
                });
            } else {
                $sent = self::send_with(null, $message);
            }
            if ($sent instanceof Throwable) {
                throw $sent;
            }
            if (is_wp_error($sent)) {
                // The settings cannot make a connection (e.g. the password no longer decrypts): nothing is sent.
                $extra = $sent->get_error_data();
                return self::failed($sent->get_error_message(), $mail_data + (is_array($extra) ? $extra : []) + ['category' => $sent->get_error_code()]);
            }
        } catch (Throwable $e) {
            // A failed session is not reused: the next mail starts a fresh one.
            self::close();
            if ($e instanceof Smtp\Exception) {
                $mail_data += ['category' => $e->getCategory(), 'hint' => $e->getHint(), 'smtp_code' => $e->getSmtpCode(), 'server_reply' => $e->getServerReply()];
            }
            return self::failed($e->getMessage(), $mail_data);
        }
        do_action('wp_mail_succeeded', $mail_data);
        return true;
    }

    /** As core: wp_mail_failed gets a WP_Error with the mail's data (here also category and hint), wp_mail() returns false. */
    private static function failed(string $message, array $data): bool
    {
        do_action('wp_mail_failed', new WP_Error('wp_mail_failed', $message, $data));
        return false;
    }

    /**
     * Sends over the request's connection, opened with $config (the saved
     * settings when null) if there is none yet.
     *
     * @param Smtp\Config|WP_Error|null $config
     * @return true|WP_Error
     */
    private static function send_with($config, Smtp\Message $message)
    {
        if (!self::$mailer) {
            $config = $config ?? Native_SMTP_Options::smtp_config();
            if (is_wp_error($config)) {
                return $config;
            }
            self::$mailer = new Smtp\Mailer($config);
        }
        self::$mailer->send($message);
        return true;
    }
}
