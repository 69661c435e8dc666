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
     */
    public static function pre_wp_mail($short_circuit, array $atts)
    {
        if ($short_circuit !== null || !Native_SMTP_Options::is_configured()) {
            return $short_circuit;
        }
        $mail_data = [
            'to'          => $atts['to'],
            'subject'     => $atts['subject'],
            'message'     => $atts['message'],
            'headers'     => $atts['headers'],
            'attachments' => $atts['attachments'],
        ];
        try {
            $message = self::build_message($atts);
            $mailer = self::mailer();
            if (is_wp_error($mailer)) {
                throw new RuntimeException($mailer->get_error_message());
            }
            $mailer->send($message);
        } catch (Throwable $e) {
            $data = $mail_data;
            if ($e instanceof Smtp\Exception) {
                $data['category'] = $e->getCategory();
                $data['hint'] = $e->getHint();
                $data['smtp_code'] = $e->getSmtpCode();
            }
            do_action('wp_mail_failed', new WP_Error('wp_mail_failed', $e->getMessage(), $data));
            return false;
        }
        do_action('wp_mail_succeeded', $mail_data);
        return true;
    }

    /** @return Smtp\Mailer|WP_Error */
    private static function mailer()
    {
        if (!self::$mailer) {
            $config = Native_SMTP_Options::smtp_config();
            if (is_wp_error($config)) {
                return $config;
            }
            self::$mailer = new Smtp\Mailer($config);
        }
        return self::$mailer;
    }

    /** The wp_mail() arguments as an Smtp\Message, with core's filters applied as core applies them. */
    public static function build_message(array $atts): Smtp\Message
    {
        $settings = Native_SMTP_Options::get();
        $headers = self::parse_headers($atts['headers'] ?? []);

        $from_email = $headers['from_email'] ?? ($settings['from_email'] !== '' ? $settings['from_email'] : self::default_from());
        $from_name = $headers['from_name'] ?? ($settings['from_name'] !== '' ? $settings['from_name'] : 'WordPress');
        $from_email = apply_filters('wp_mail_from', $from_email);
        $from_name = apply_filters('wp_mail_from_name', $from_name);
        if ($settings['force_from'] && $settings['from_email'] !== '') {
            $from_email = $settings['from_email'];
            $from_name = $settings['from_name'] !== '' ? $settings['from_name'] : $from_name;
        }

        $content_type = apply_filters('wp_mail_content_type', $headers['content_type'] ?? 'text/plain');

        $m = new Smtp\Message();
        $m->from = $from_email;
        $m->fromName = $from_name;
        $m->to = self::addresses($atts['to']);
        $m->cc = $headers['cc'];
        $m->bcc = $headers['bcc'];
        $m->replyTo = $headers['reply_to'];
        $m->subject = (string) $atts['subject'];
        if (stripos($content_type, 'text/html') === 0) {
            $m->html = (string) $atts['message'];
        } else {
            $m->text = (string) $atts['message'];
        }
        $m->headers = $headers['other'];
        $attachments = $atts['attachments'] ?? [];
        if (!is_array($attachments)) {
            $attachments = explode("\n", str_replace("\r\n", "\n", $attachments));
        }
        $files = [];
        foreach ($attachments as $name => $path) {
            if ($path === '') {
                continue;
            }
            $files[] = is_string($name) ? ['path' => $path, 'name' => $name] : $path;
        }
        $m->attachments = $files;
        return $m;
    }

    private static function default_from(): string
    {
        $host = wp_parse_url(network_home_url(), PHP_URL_HOST) ?: 'localhost';
        if (strncmp($host, 'www.', 4) === 0) {
            $host = substr($host, 4);
        }
        // An IP or a bare name is not a mail domain the extension will accept.
        if (filter_var($host, FILTER_VALIDATE_IP) || strpos($host, '.') === false) {
            $host = 'localhost.localdomain';
        }
        return 'wordpress@' . $host;
    }

    /** @param string|array $to */
    private static function addresses($to): array
    {
        $list = is_array($to) ? $to : explode(',', (string) $to);
        return array_values(array_filter(array_map('trim', $list), 'strlen'));
    }

    /** Splits wp_mail()'s headers the way core does. */
    private static function parse_headers($raw): array
    {
        $out = ['cc' => [], 'bcc' => [], 'reply_to' => [], 'other' => []];
        $lines = is_array($raw) ? $raw : explode("\n", str_replace("\r\n", "\n", (string) $raw));
        foreach ($lines as $line) {
            if (strpos($line, ':') === false) {
                continue;
            }
            [$name, $value] = array_map('trim', explode(':', $line, 2));
            switch (strtolower($name)) {
                case 'from':
                    if (preg_match('/^(.*?)\s*<(.+)>\s*$/', $value, $m)) {
                        $out['from_name'] = trim($m[1], " \t\"'");
                        $out['from_email'] = trim($m[2]);
                    } else {
                        $out['from_email'] = $value;
                    }
                    break;
                case 'content-type':
                    $out['content_type'] = trim(explode(';', $value)[0]);
                    break;
                case 'cc':
                case 'bcc':
                case 'reply-to':
                    $key = strtolower($name) === 'reply-to' ? 'reply_to' : strtolower($name);
                    $out[$key] = array_merge($out[$key], self::addresses($value));
                    break;
                case 'mime-version':
                case 'content-transfer-encoding':
                    break;  // the extension writes these
                default:
                    $out['other'][$name] = $value;
            }
        }
        return $out;
    }
}
