<?php
/**
 * Fills a PHPMailer the way wp_mail() of the current WordPress release does
 * (its header parsing, defaults and filters: wp_mail_from,
 * wp_mail_from_name, wp_mail_content_type, wp_mail_charset,
 * wp_mail_embed_args), with the plugin's sender settings as the defaults,
 * then fires phpmailer_init so other plugins shape it as they would in core
 * (WooCommerce adds its plain-text part there, others attachments, images,
 * headers, a Sender). Both engines send the state it is left in.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Message_Builder
{
    /**
     * @param array $atts       to, subject, message, headers, attachments, embeds (after the wp_mail filter)
     * @param array $connection see Native_SMTP_Connection
     * @return PHPMailer\PHPMailer\PHPMailer|WP_Error WP_Error when core would give up too (an unusable sender)
     */
    public static function prepare(array $atts, array $connection)
    {
        $mail = self::phpmailer();
        $h = self::parse_headers($atts['headers'] ?? []);

        $mail->clearAllRecipients();
        $mail->clearAttachments();
        $mail->clearCustomHeaders();
        $mail->clearReplyTos();
        $mail->Body = '';
        $mail->AltBody = '';
        $mail->Encoding = PHPMailer\PHPMailer\PHPMailer::ENCODING_8BIT;

        $from_email = $h['from_email'] ?? self::default_from($connection);
        $from_name = $h['from_name'] ?? ($connection['from_name'] !== '' ? $connection['from_name'] : 'WordPress');
        $from_email = (string) apply_filters('wp_mail_from', $from_email);
        $from_name = (string) apply_filters('wp_mail_from_name', $from_name);
        if ($connection['force_from'] && $connection['from_email'] !== '') {
            $from_email = $connection['from_email'];
            $from_name = $connection['from_name'] !== '' ? $connection['from_name'] : $from_name;
        }
        try {
            $mail->setFrom($from_email, $from_name, false);
        } catch (PHPMailer\PHPMailer\Exception $e) {
            return new WP_Error('wp_mail_failed', $e->getMessage(), ['phpmailer_exception_code' => $e->getCode(), 'category' => 'invalid_argument']);
        }

        $mail->Subject = (string) ($atts['subject'] ?? '');
        $mail->Body = (string) ($atts['message'] ?? '');
        $lists = [
            'addAddress' => self::split_list($atts['to'] ?? []),
            'addCC'      => $h['cc'],
            'addBCC'     => $h['bcc'],
            'addReplyTo' => $h['reply_to'],
        ];
        foreach ($lists as $method => $addresses) {
            foreach ($addresses as $address) {
                // "Name <address>" as core splits it; an address PHPMailer refuses is skipped, as in core.
                $name = '';
                if (preg_match('/(.*)<(.+)>/', $address, $m)) {
                    [$name, $address] = [$m[1], $m[2]];
                }
                try {
                    $mail->$method($address, $name);
                } catch (PHPMailer\PHPMailer\Exception $e) {
                    continue;
                }
            }
        }

        $content_type = (string) apply_filters('wp_mail_content_type', $h['content_type'] ?? 'text/plain');
        $mail->ContentType = $content_type;
        if ($content_type === 'text/html') {
            $mail->isHTML(true);
        }
        $mail->CharSet = (string) apply_filters('wp_mail_charset', $h['charset'] ?? get_bloginfo('charset'));
        foreach ($h['other'] as $name => $value) {
            if (!in_array($name, ['MIME-Version', 'X-Mailer'], true)) {
                try {
                    $mail->addCustomHeader($name, $value);
                } catch (PHPMailer\PHPMailer\Exception $e) {
                    continue;
                }
            }
        }
        foreach (self::split_lines($atts['attachments'] ?? []) as $filename => $path) {
            try {
                $mail->addAttachment($path, is_string($filename) ? $filename : '');
            } catch (PHPMailer\PHPMailer\Exception $e) {
                continue;
            }
        }
        foreach (self::split_lines($atts['embeds'] ?? []) as $cid => $path) {
            $args = apply_filters('wp_mail_embed_args', [
                'path' => $path, 'cid' => (string) $cid, 'name' => basename($path),
                'encoding' => 'base64', 'type' => '', 'disposition' => 'inline',
            ]);
            try {
                $mail->addEmbeddedImage($args['path'], $args['cid'], $args['name'], $args['encoding'], $args['type'], $args['disposition']);
            } catch (PHPMailer\PHPMailer\Exception $e) {
                continue;
            }
        }

        // What an SMTP plugin shows other plugins: SMTP to the configured
        // server (never the password; the PHPMailer engine sets it after).
        $mail->isSMTP();
        $mail->Host = $connection['host'];
        $mail->Port = (int) $connection['port'];
        $mail->SMTPSecure = ['ssl' => 'ssl', 'starttls' => 'tls'][$connection['encryption']] ?? '';
        $mail->SMTPAuth = $connection['username'] !== '';
        $mail->Username = $connection['username'];

        do_action_ref_array('phpmailer_init', [&$mail]);

        self::lift_headers($mail);
        self::apply_sender_rule($mail, $connection);
        return $mail;
    }

    /**
     * Providers such as QQ Mail and 163 refuse mail whose sender is not the
     * logged-in account: the account becomes From and envelope sender, and
     * an address a plugin chose becomes Reply-To, so answers still reach it.
     */
    public static function apply_sender_rule(PHPMailer\PHPMailer\PHPMailer $mail, array $connection): void
    {
        $account = Native_SMTP_Connection::account_sender($connection);
        if ($account === '') {
            return;
        }
        if (strcasecmp($mail->From, $account) !== 0) {
            if (!$mail->getReplyToAddresses() && $mail->From !== '') {
                $mail->addReplyTo($mail->From, $mail->FromName);
            }
            $mail->setFrom($account, $mail->FromName, false);
        }
        $mail->Sender = $account;
    }

    /**
     * A PHPMailer made as core makes its own, but a fresh one per message:
     * core's global instance keeps whatever the last sender set on it, and
     * the SMTP settings and password must not stay there for core's mail.
     */
    public static function phpmailer(): PHPMailer\PHPMailer\PHPMailer
    {
        require_once ABSPATH . WPINC . '/PHPMailer/PHPMailer.php';
        require_once ABSPATH . WPINC . '/PHPMailer/SMTP.php';
        require_once ABSPATH . WPINC . '/PHPMailer/Exception.php';
        if (is_file(ABSPATH . WPINC . '/class-wp-phpmailer.php')) {
            // WordPress 6.8+: PHPMailer with its messages translated.
            require_once ABSPATH . WPINC . '/class-wp-phpmailer.php';
            $mail = new WP_PHPMailer(true);
        } else {
            $mail = new PHPMailer\PHPMailer\PHPMailer(true);
        }
        $mail::$validator = static function ($email) {
            return (bool) is_email($email);
        };
        return $mail;
    }

    /**
     * Message-ID, Date and Return-Path given as headers become PHPMailer's
     * own fields (unless a plugin set those), so neither engine writes them
     * twice; the envelope sender is where Return-Path points.
     */
    private static function lift_headers(PHPMailer\PHPMailer\PHPMailer $mail): void
    {
        $keep = [];
        foreach ($mail->getCustomHeaders() as [$name, $value]) {
            $value = trim((string) $value);
            switch (strtolower($name)) {
                case 'message-id':
                    $mail->MessageID = $mail->MessageID !== '' ? $mail->MessageID : '<' . trim($value, '<>') . '>';
                    break;
                case 'date':
                    $mail->MessageDate = $mail->MessageDate !== '' ? $mail->MessageDate : $value;
                    break;
                case 'return-path':
                    $mail->Sender = $mail->Sender !== '' ? $mail->Sender : trim($value, '<>');
                    break;
                default:
                    $keep[] = [$name, $value];
            }
        }
        if (count($keep) !== count($mail->getCustomHeaders())) {
            $mail->clearCustomHeaders();
            foreach ($keep as [$name, $value]) {
                $mail->addCustomHeader($name, $value);
            }
        }
    }

    /**
     * The configured sender; else the account when the provider demands it;
     * else core's wordpress@<site host>, or the account when the site's host
     * is an IP address or a bare name (no mail domain).
     */
    private static function default_from(array $connection): string
    {
        if ($connection['from_email'] !== '') {
            return $connection['from_email'];
        }
        $account = Native_SMTP_Connection::account_sender($connection);
        if ($account !== '') {
            return $account;
        }
        $host = strtolower((string) wp_parse_url(network_home_url(), PHP_URL_HOST));
        if (strncmp($host, 'www.', 4) === 0) {
            $host = substr($host, 4);
        }
        if ($host !== '' && strpos($host, '.') !== false && !filter_var($host, FILTER_VALIDATE_IP)) {
            return 'wordpress@' . $host;
        }
        return is_email($connection['username']) ? $connection['username'] : 'wordpress@localhost.localdomain';
    }

    /** @param string|array $list "a, b" or a list, as core takes "to" */
    private static function split_list($list): array
    {
        $items = is_array($list) ? $list : explode(',', (string) $list);
        return array_values(array_filter(array_map('trim', array_map('strval', $items)), 'strlen'));
    }

    /** @param string|array $list one per line, or an array (string keys kept: names or content ids) */
    private static function split_lines($list): array
    {
        if (!is_array($list)) {
            $list = explode("\n", str_replace("\r\n", "\n", (string) $list));
        }
        return array_filter(array_map('strval', $list), 'strlen');
    }

    /** wp_mail()'s header parsing. */
    private static function parse_headers($raw): array
    {
        $out = ['cc' => [], 'bcc' => [], 'reply_to' => [], 'other' => []];
        if (empty($raw)) {
            return $out;
        }
        $lines = is_array($raw) ? $raw : explode("\n", str_replace("\r\n", "\n", (string) $raw));
        $boundary = null;
        foreach ($lines as $line) {
            $line = (string) $line;
            if (strpos($line, ':') === false) {
                // A bare "boundary=..." line after a multipart Content-Type.
                if (stripos($line, 'boundary=') !== false) {
                    $boundary = trim(str_replace(['"', "'"], '', preg_split('/boundary=/i', trim($line))[1]));
                }
                continue;
            }
            [$name, $value] = array_map('trim', explode(':', trim($line), 2));
            switch (strtolower($name)) {
                case 'from':
                    $bracket = strpos($value, '<');
                    if ($bracket !== false) {
                        if ($bracket > 0) {
                            $out['from_name'] = trim(str_replace('"', '', substr($value, 0, $bracket)));
                        }
                        $out['from_email'] = trim(str_replace('>', '', substr($value, $bracket + 1)));
                    } elseif ($value !== '') {
                        $out['from_email'] = $value;
                    }
                    break;
                case 'content-type':
                    if (strpos($value, ';') !== false) {
                        [$type, $param] = explode(';', $value);
                        $out['content_type'] = trim($type);
                        if (stripos($param, 'charset=') !== false) {
                            $out['charset'] = trim(str_replace(['charset=', '"'], '', $param));
                        } elseif (stripos($param, 'boundary=') !== false) {
                            $boundary = trim(str_replace(['BOUNDARY=', 'boundary=', '"'], '', $param));
                            $out['charset'] = '';
                        }
                    } elseif ($value !== '') {
                        $out['content_type'] = $value;
                    }
                    break;
                case 'cc':
                case 'bcc':
                case 'reply-to':
                    $key = str_replace('-', '_', strtolower($name));
                    $out[$key] = array_merge($out[$key], self::split_list($value));
                    break;
                default:
                    $out['other'][$name] = $value;  // the last of a repeated header, as in core
            }
        }
        // A body the caller split into parts itself: the boundary joins the type, as in current core.
        if ($boundary !== null && isset($out['content_type']) && preg_match('~^multipart/(\S+)~', $out['content_type'], $m)) {
            $out['content_type'] = 'multipart/' . strtolower($m[1]) . '; boundary="' . $boundary . '"';
        }
        return $out;
    }
}
