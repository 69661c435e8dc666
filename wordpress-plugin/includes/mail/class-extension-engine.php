<?php
/**
 * Sends through the native core (the smtp PHP extension): the prepared
 * PHPMailer's final state becomes an Smtp\Message, one connection is kept
 * for the request.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Extension_Engine implements Native_SMTP_Engine
{
    /** Headers the core writes itself or takes from a message field. */
    private const OWN_HEADERS = ['from', 'to', 'cc', 'bcc', 'subject', 'reply-to', 'mime-version', 'content-type',
        'content-transfer-encoding', 'x-mailer', 'return-path', 'message-id', 'date'];

    private ?Smtp\Mailer $mailer = null;
    private string $key = '';

    public static function available(): bool
    {
        return Native_SMTP_Plugin::extension_loaded();
    }

    public function id(): string
    {
        return 'extension';
    }

    public function send(PHPMailer\PHPMailer\PHPMailer $mail, array $connection)
    {
        $mark = 0;
        try {
            $mailer = $this->mailer($connection);
            $mark = strlen($mailer->transcript());
            $result = $mailer->send(self::message($mail));
        } catch (Smtp\Exception $e) {
            $transcript = $this->transcript($connection, $mark);
            // A failed session is not reused: the next mail starts a fresh one.
            $this->close();
            return $this->failure($e, $transcript);
        }
        return new Native_SMTP_Sent('extension', $result->messageId, $result->serverReply, $result->accepted,
            $result->rejected, $this->transcript($connection, $mark));
    }

    /**
     * Sends several prepared messages over this one connection with the
     * core's pipelined sendMany() (the queue runner's batches): a
     * Native_SMTP_Sent or Native_SMTP_Failure per key, in order. Each carries
     * the batch's conversation.
     *
     * @param array<int|string, PHPMailer\PHPMailer\PHPMailer> $mails
     * @return array<int|string, Native_SMTP_Sent|Native_SMTP_Failure>
     */
    public function send_many(array $mails, array $connection): array
    {
        $mark = 0;
        try {
            $mailer = $this->mailer($connection);
            $mark = strlen($mailer->transcript());
            $results = $mailer->sendMany(array_map([self::class, 'message'], $mails));
        } catch (Smtp\Exception $e) {
            $failure = $this->failure($e, $this->transcript($connection, $mark));
            $this->close();
            return array_map(static fn () => $failure, $mails);
        }
        $transcript = $this->transcript($connection, $mark);
        $out = [];
        foreach ($results as $key => $r) {
            $out[$key] = $r instanceof Smtp\Result
                ? new Native_SMTP_Sent('extension', $r->messageId, $r->serverReply, $r->accepted, $r->rejected, $transcript)
                : $this->failure($r, $transcript);
        }
        if (!$mailer->isConnected()) {
            $this->close();
        }
        return $out;
    }

    public function close(): void
    {
        if ($this->mailer) {
            $this->mailer->close();
            $this->mailer = null;
        }
    }

    private function mailer(array $connection): Smtp\Mailer
    {
        $key = hash('sha256', serialize($connection));
        if ($this->mailer && $key !== $this->key) {
            $this->close();
        }
        if (!$this->mailer) {
            $config = [
                'host'          => $connection['host'],
                'port'          => (int) $connection['port'],
                'encryption'    => $connection['encryption'],
                'username'      => $connection['username'],
                'password'      => $connection['password'],
                'fromAddress'   => $connection['from_email'],
                'fromName'      => $connection['from_name'],
                'timeout'       => (float) $connection['timeout'],
                'authMechanism' => $connection['auth'],
            ];
            if ($connection['ca_file'] !== '') {
                $config['caFile'] = $connection['ca_file'];
            }
            if ($connection['oauth_token'] !== '') {
                // The bearer token takes the password's place.
                $config['password'] = $connection['oauth_token'];
                $config['authMechanism'] = 'XOAUTH2';
            }
            // Kept across requests by this worker when the extension offers it (same settings only).
            $persistent = (new ReflectionMethod(Smtp\Mailer::class, '__construct'))->getNumberOfParameters() > 1;
            $this->mailer = $persistent
                ? new Smtp\Mailer(Smtp\Config::fromArray($config), persistent: true)
                : new Smtp\Mailer(Smtp\Config::fromArray($config));
            $this->key = $key;
        }
        return $this->mailer;
    }

    /** This send's part of the connection's transcript, without secrets. */
    private function transcript(array $connection, int $mark): string
    {
        if (!$this->mailer) {
            return '';
        }
        $all = $this->mailer->transcript();
        return Native_SMTP_Transcript::redact(strlen($all) >= $mark ? substr($all, $mark) : $all, $connection);
    }

    private function failure(Smtp\Exception $e, string $transcript): Native_SMTP_Failure
    {
        $category = $e->getCategory();
        $refusal = Native_SMTP_Exchanges::last_refusal($transcript);
        $stage = $refusal['stage'] ?? (in_array($category, ['connect', 'dns', 'timeout', 'tls_handshake', 'tls_certificate'], true) ? 'connect' : '');
        return new Native_SMTP_Failure('extension', $category, $e->getMessage(), $e->getSmtpCode(), $e->getEnhancedCode(),
            $e->getServerReply(), $stage, Native_SMTP_Error_Help::hint($e->getHint()),
            Native_SMTP_Diagnosis::transient($category, $e->getSmtpCode()), $transcript,
            $category === 'recipient_rejected' ? Native_SMTP_Exchanges::refused_recipients($transcript) : []);
    }

    /** The PHPMailer's final state as the core's message. */
    public static function message(PHPMailer\PHPMailer\PHPMailer $mail): Smtp\Message
    {
        $charset = $mail->CharSet;
        $utf8 = static fn(string $s): string => Native_SMTP_Charset::to_utf8($s, $charset);
        $m = new Smtp\Message();
        $m->from = $mail->From;
        $m->fromName = $utf8($mail->FromName);
        $m->to = self::mailboxes($mail->getToAddresses(), $utf8);
        $m->cc = self::mailboxes($mail->getCcAddresses(), $utf8);
        $m->bcc = self::mailboxes($mail->getBccAddresses(), $utf8);
        $m->replyTo = self::mailboxes(array_values($mail->getReplyToAddresses()), $utf8);
        $m->subject = $utf8($mail->Subject);
        self::bodies($mail, $m, $utf8);

        $headers = [];
        foreach ($mail->getCustomHeaders() as [$name, $value]) {
            if (!in_array(strtolower($name), self::OWN_HEADERS, true)) {
                $headers[] = [$name, $utf8((string) $value)];
            }
        }
        $m->messageId = trim($mail->MessageID, '<>');
        $m->date = $mail->MessageDate;
        $m->sender = $mail->Sender;
        if ($mail->Priority !== null) {
            $headers[] = ['X-Priority', (string) $mail->Priority];
        }
        if ($mail->ConfirmReadingTo !== '') {
            $headers[] = ['Disposition-Notification-To', '<' . $mail->ConfirmReadingTo . '>'];
        }
        $m->headers = array_map(static fn(array $h): string => $h[0] . ': ' . $h[1], $headers);

        foreach ($mail->getAttachments() as $a) {
            // [0] path or bytes, [1] file name, [2] name, [3] encoding, [4] type, [5] bytes?, [6] disposition, [7] cid
            $part = ($a[5] ? ['data' => $a[0]] : ['path' => $a[0]]) + ['name' => $utf8((string) $a[2])];
            if ($a[4] !== '') {
                $part['type'] = $a[4];
            }
            if ($a[6] === 'inline' && (string) $a[7] !== '' && $m->html !== '') {
                $m->inline[] = $part + ['cid' => (string) $a[7]];
            } else {
                $m->attachments[] = $part;
            }
        }
        return $m;
    }

    /** Text and HTML as PHPMailer would send them. */
    private static function bodies(PHPMailer\PHPMailer\PHPMailer $mail, Smtp\Message $m, callable $utf8): void
    {
        $type = strtolower(trim(explode(';', $mail->ContentType)[0]));
        $body = $mail->Body;
        if ($mail->AltBody !== '') {
            // PHPMailer sends Body as text/html beside AltBody, whatever ContentType says (WooCommerce's multipart mail).
            $m->html = $utf8($body);
            $m->text = $utf8($mail->AltBody);
        } elseif (strncmp($type, 'multipart/', 10) === 0 && preg_match('/boundary="?([^";]+)/i', $mail->ContentType, $b)) {
            // A body the caller built as MIME parts itself: its text and HTML alternatives.
            $parts = Native_SMTP_Charset::split_multipart($body, $b[1]);
            $m->text = $parts['text'];
            $m->html = $parts['html'];
            if ($m->text === '' && $m->html === '') {
                $m->text = $utf8($body);
            }
        } elseif ($type === 'text/html' || ($type === 'multipart/alternative' && preg_match('/<\w+[^>]*>/', $body))) {
            $m->html = $utf8($body);
        } else {
            $m->text = $utf8($body);
        }
    }

    /** @param list<array{0: string, 1: string}> $list [address, name] pairs */
    private static function mailboxes(array $list, callable $utf8): array
    {
        $out = [];
        foreach ($list as [$address, $name]) {
            $name = trim($utf8((string) $name));
            $out[] = $name === '' ? $address : '"' . addcslashes($name, '"\\') . '" <' . $address . '>';
        }
        return $out;
    }
}
