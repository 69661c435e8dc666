<?php
/**
 * Sends with the PHPMailer WordPress bundles, for sites that cannot load
 * the extension: the same prepared message, the SMTP settings of the
 * connection array applied last (a plugin that changed SMTP settings in
 * phpmailer_init does not redirect the site's mail), certificates verified,
 * one connection kept for the request.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_PHPMailer_Engine implements Native_SMTP_Engine
{
    private ?Native_SMTP_Recording_SMTP $smtp = null;
    private string $key = '';

    public function id(): string
    {
        return 'phpmailer';
    }

    public function send(PHPMailer\PHPMailer\PHPMailer $mail, array $connection)
    {
        $smtp = $this->smtp($connection);
        $smtp->start_message();
        self::configure($mail, $connection);
        $mail->setSMTPInstance($smtp);
        $error = null;
        try {
            if (!$mail->send()) {
                $error = $mail->ErrorInfo;  // a PHPMailer made without exceptions
            }
        } catch (PHPMailer\PHPMailer\Exception $e) {
            $error = $e->getMessage();
        }
        // The connection stays with the engine: PHPMailer's destructor would close it.
        $mail->setSMTPInstance(new PHPMailer\PHPMailer\SMTP());
        $transcript = Native_SMTP_Transcript::redact($smtp->transcript, $connection);
        // With the connection kept open, RSET follows the end of data: look for the end of data itself.
        $delivered = null;
        foreach (Native_SMTP_Exchanges::parse($transcript) as $x) {
            if ($x['stage'] === 'end of data' && $x['code'] < 400) {
                $delivered = $x;
            }
        }
        if ($error === null || $delivered) {
            // Delivered, perhaps not to everyone: PHPMailer reports refused recipients after sending.
            $refused = Native_SMTP_Exchanges::refused_recipients($transcript);
            $accepted = array_values(array_diff(array_map(static fn(array $a): string => $a[0],
                array_merge($mail->getToAddresses(), $mail->getCcAddresses(), $mail->getBccAddresses())), array_keys($refused)));
            return new Native_SMTP_Sent('phpmailer', trim($mail->getLastMessageID(), '<>'), $delivered ? $delivered['reply'] : '',
                $accepted, $refused, $transcript);
        }
        $this->close();
        if ($transcript === '') {
            // PHPMailer refused the message before connecting (no valid recipient, an unreadable file...).
            return new Native_SMTP_Failure('phpmailer', 'invalid_argument', (string) $error, 0, '', '', '',
                Native_SMTP_Error_Help::default_hint('invalid_argument'));
        }
        return self::failure((string) $error, $transcript, $smtp->trouble, $connection);
    }

    public function close(): void
    {
        if ($this->smtp) {
            if ($this->smtp->connected()) {
                $this->smtp->quit();
            }
            $this->smtp->close();
            $this->smtp = null;
        }
    }

    /** The connection's settings on the PHPMailer, over whatever phpmailer_init left there. */
    public static function configure(PHPMailer\PHPMailer\PHPMailer $mail, array $connection): void
    {
        $mail->isSMTP();
        $mail->Host = $connection['host'];
        $mail->Port = (int) $connection['port'] ?: ['ssl' => 465, 'starttls' => 587][$connection['encryption']] ?? 25;
        $mail->SMTPSecure = ['ssl' => 'ssl', 'starttls' => 'tls'][$connection['encryption']] ?? '';
        $mail->SMTPAutoTLS = false;  // "none" means none, as with the extension
        $mail->SMTPAuth = $connection['username'] !== '';
        $mail->Username = $connection['username'];
        $mail->Password = $connection['password'];
        $mail->AuthType = $connection['auth'] === 'auto' ? '' : $connection['auth'];
        $mail->Timeout = (int) ceil((float) $connection['timeout']);
        $mail->SMTPKeepAlive = true;
        $mail->SMTPDebug = 0;
        $mail->Helo = '';
        $ssl = ['verify_peer' => true, 'verify_peer_name' => true, 'allow_self_signed' => false];
        if ($connection['ca_file'] !== '') {
            $ssl['cafile'] = $connection['ca_file'];
        }
        $mail->SMTPOptions = ['ssl' => $ssl];
        if ($connection['oauth_token'] !== '') {
            require_once dirname(__DIR__) . '/oauth/class-oauth-phpmailer-token.php';
            Native_SMTP_OAuth_PHPMailer_Token::apply($mail, $connection['username'], $connection['oauth_token']);
        }
    }

    private function smtp(array $connection): Native_SMTP_Recording_SMTP
    {
        $key = hash('sha256', serialize($connection));
        if ($this->smtp && $key !== $this->key) {
            $this->close();
        }
        if (!$this->smtp) {
            require_once __DIR__ . '/class-recording-smtp.php';
            $this->smtp = new Native_SMTP_Recording_SMTP();
            $this->smtp->Timelimit = (int) ceil((float) $connection['timeout']);
            $this->key = $key;
        }
        return $this->smtp;
    }

    private static function failure(string $error, string $transcript, string $trouble, array $connection): Native_SMTP_Failure
    {
        $exchanges = Native_SMTP_Exchanges::parse($transcript);
        $token_refused = Native_SMTP_OAuth::refused_token($exchanges);
        if ($token_refused) {
            return new Native_SMTP_Failure('phpmailer', 'auth_failed', $token_refused['message'], 0, '', $token_refused['reply'], 'AUTH',
                $token_refused['hint'], false, $transcript);
        }
        $refusal = Native_SMTP_Exchanges::last_refusal($transcript);
        $code = 0;
        $reply = '';
        $hint = '';
        $last = end($exchanges) ?: null;
        if (!$refusal || ($trouble !== '' && $refusal !== $last)) {
            $stage = $last ? $last['stage'] : 'connect';
            $category = $trouble !== '' || !$exchanges
                ? Native_SMTP_Diagnosis::classify_trouble($stage, $trouble ?: $error, $connection['encryption'] !== 'none')
                : (strpos($transcript, 'AUTH') === false && $connection['username'] !== '' && stripos($error, 'authenticate') !== false
                    ? 'auth_mechanism_unsupported' : 'protocol');
            $message = trim($error . ($trouble !== '' && strpos($error, $trouble) === false ? ' ' . $trouble : ''));
        } else {
            $stage = $refusal['stage'];
            $code = $refusal['code'];
            $reply = $refusal['reply'];
            $classified = Native_SMTP_Diagnosis::classify($stage, $code, $reply);
            $category = $classified['category'];
            $hint = Native_SMTP_Diagnosis::hint($classified);
            $message = 'server refused ' . $stage . ': ' . $reply;
        }
        return new Native_SMTP_Failure('phpmailer', $category, $message, $code, Native_SMTP_Diagnosis::enhanced_code($reply),
            $reply, $stage, $hint !== '' ? $hint : Native_SMTP_Error_Help::default_hint($category), Native_SMTP_Diagnosis::transient($category, $code),
            $transcript, $category === 'recipient_rejected' ? Native_SMTP_Exchanges::refused_recipients($transcript) : []);
    }
}
