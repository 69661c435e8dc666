<?php
/**
 * The seam every sender in the plugin goes through (wp_mail(), the test
 * email, retries, a backup connection): prepare the message as wp_mail()
 * would, then send it with the site's engine (Native_SMTP_Engines) over the
 * connection given.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Mailer
{
    /** @var array<string, Native_SMTP_Engine> */
    private static array $engines = [];

    /** The site's engine, one per request. */
    public static function engine(): Native_SMTP_Engine
    {
        $id = Native_SMTP_Engines::id();
        return self::$engines[$id] ??= Native_SMTP_Engines::create($id);
    }

    /**
     * @param array $atts       wp_mail()'s to, subject, message, headers, attachments, embeds
     * @param array $connection see Native_SMTP_Connection
     * @return Native_SMTP_Sent|Native_SMTP_Failure
     */
    public static function send(array $atts, array $connection)
    {
        $connection = array_merge(Native_SMTP_Connection::defaults(), $connection);
        if (!$connection['oauth']) {
            return self::send_once($atts, $connection);
        }
        // OAuth sign-in: a token the server refuses is replaced once (nothing was sent, so sending again is safe).
        $outcome = Native_SMTP_OAuth::with_token(
            static fn(string $token) => self::send_once($atts, ['oauth_token' => $token] + $connection),
            static fn($outcome): bool => $outcome instanceof Native_SMTP_Failure && $outcome->category === 'auth_failed'
        );
        if (is_wp_error($outcome)) {
            // No token could be had (e.g. oauth_signin_required): nothing was sent.
            $data = (array) $outcome->get_error_data();
            return new Native_SMTP_Failure(self::engine()->id(), (string) ($data['category'] ?? $outcome->get_error_code()),
                $outcome->get_error_message(), 0, '', '', 'AUTH', (string) ($data['hint'] ?? ''), (bool) ($data['transient'] ?? false));
        }
        return $outcome;
    }

    /** @return Native_SMTP_Sent|Native_SMTP_Failure */
    private static function send_once(array $atts, array $connection)
    {
        $engine = self::engine();
        $mail = Native_SMTP_Message_Builder::prepare($atts, $connection);
        if (is_wp_error($mail)) {
            return new Native_SMTP_Failure($engine->id(), 'invalid_argument', $mail->get_error_message(), 0, '', '', '',
                Native_SMTP_Error_Help::default_hint('invalid_argument'));
        }
        return $engine->send($mail, $connection);
    }

    /** Closes the open connections (at the end of the request, or when the settings change). */
    public static function close(): void
    {
        foreach (self::$engines as $engine) {
            $engine->close();
        }
    }
}
