<?php
/**
 * A prepared message (the PHPMailer that wp_mail()'s filters and
 * phpmailer_init left behind) as plain data that can wait in the queue, and
 * back. Other plugins' filters ran when the message was written; a runner in
 * another request must send what they made, not run them again.
 *
 * Attachment files are listed apart (`files`), so the queue can copy them
 * before wp_mail() returns; in-memory attachments travel inside the data.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Prepared_Message
{
    private const FIELDS = ['Priority', 'CharSet', 'ContentType', 'Encoding', 'From', 'FromName', 'Sender', 'Subject', 'Body', 'AltBody',
        'Ical', 'WordWrap', 'ConfirmReadingTo', 'Hostname', 'MessageID', 'MessageDate', 'XMailer', 'AllowEmpty'];

    /**
     * @return array{message: array, files: array<int, string>} files: attachment number => path
     */
    public static function snapshot(PHPMailer\PHPMailer\PHPMailer $mail): array
    {
        $m = [];
        foreach (self::FIELDS as $field) {
            $m[$field] = $mail->$field;
        }
        // One Message-ID for every try, so a receiver can tell a repeat apart.
        if ($m['MessageID'] === '') {
            $host = (string) wp_parse_url(home_url(), PHP_URL_HOST);
            $m['MessageID'] = sprintf('<%s@%s>', bin2hex(random_bytes(16)), $host !== '' ? $host : 'localhost.localdomain');
        }
        $m['to'] = array_values($mail->getToAddresses());
        $m['cc'] = array_values($mail->getCcAddresses());
        $m['bcc'] = array_values($mail->getBccAddresses());
        $m['reply_to'] = array_values($mail->getReplyToAddresses());
        $m['headers'] = array_values($mail->getCustomHeaders());
        $m['attachments'] = [];
        $files = [];
        foreach ($mail->getAttachments() as $i => $a) {
            $entry = ['filename' => $a[1], 'name' => $a[2], 'encoding' => $a[3], 'type' => $a[4], 'disposition' => $a[6], 'cid' => $a[7]];
            if ($a[5]) {
                $entry['data'] = base64_encode($a[0]);
            } else {
                $entry['file'] = $i;
                $files[$i] = $a[0];
            }
            $m['attachments'][] = $entry;
        }
        return ['message' => $m, 'files' => $files];
    }

    /**
     * A fresh PHPMailer holding the message again.
     *
     * @param array<int, string> $files attachment number => path (the queue's copies)
     * @throws PHPMailer\PHPMailer\Exception when an attachment is gone
     */
    public static function restore(array $m, array $files): PHPMailer\PHPMailer\PHPMailer
    {
        $mail = Native_SMTP_Message_Builder::phpmailer();
        foreach (self::FIELDS as $field) {
            if (array_key_exists($field, $m)) {
                $mail->$field = $m[$field];
            }
        }
        foreach (['to' => 'addAddress', 'cc' => 'addCC', 'bcc' => 'addBCC', 'reply_to' => 'addReplyTo'] as $key => $method) {
            foreach ($m[$key] ?? [] as [$address, $name]) {
                $mail->$method($address, $name);
            }
        }
        foreach ($m['headers'] ?? [] as [$name, $value]) {
            $mail->addCustomHeader($name, $value);
        }
        foreach ($m['attachments'] ?? [] as $a) {
            $inline = $a['disposition'] === 'inline';
            if (isset($a['data'])) {
                $data = (string) base64_decode($a['data']);
                $inline ? $mail->addStringEmbeddedImage($data, $a['cid'], $a['name'], $a['encoding'], $a['type'], $a['disposition'])
                    : $mail->addStringAttachment($data, $a['filename'], $a['encoding'], $a['type'], $a['disposition']);
                continue;
            }
            $path = (string) ($files[$a['file']] ?? '');
            $inline ? $mail->addEmbeddedImage($path, $a['cid'], $a['name'], $a['encoding'], $a['type'], $a['disposition'])
                : $mail->addAttachment($path, $a['name'], $a['encoding'], $a['type'], $a['disposition']);
        }
        return $mail;
    }

    /** Every recipient as "Name <address>" (To, Cc, Bcc). */
    public static function recipients(array $m): array
    {
        $out = [];
        foreach (['to', 'cc', 'bcc'] as $key) {
            foreach ($m[$key] ?? [] as [$address, $name]) {
                $out[] = $name !== '' ? "$name <$address>" : $address;
            }
        }
        return $out;
    }

    /** The header lines shown in the log (what the message says, not the wire form). */
    public static function header_text(array $m): string
    {
        $list = static function (array $pairs): string {
            return implode(', ', array_map(static fn ($p) => $p[1] !== '' ? "{$p[1]} <{$p[0]}>" : $p[0], $pairs));
        };
        $lines = ['From: ' . ($m['FromName'] !== '' ? "{$m['FromName']} <{$m['From']}>" : $m['From'])];
        foreach (['to' => 'To', 'cc' => 'Cc', 'bcc' => 'Bcc', 'reply_to' => 'Reply-To'] as $key => $label) {
            if (!empty($m[$key])) {
                $lines[] = $label . ': ' . $list($m[$key]);
            }
        }
        $lines[] = 'Subject: ' . $m['Subject'];
        $lines[] = 'Message-ID: ' . $m['MessageID'];
        $lines[] = 'Content-Type: ' . $m['ContentType'] . '; charset=' . $m['CharSet'];
        foreach ($m['headers'] ?? [] as [$name, $value]) {
            $lines[] = "$name: $value";
        }
        foreach ($m['attachments'] ?? [] as $a) {
            $lines[] = sprintf('(%s: %s, %s)', $a['disposition'], $a['name'], $a['type']);
        }
        return implode("\n", $lines);
    }

    /** The text kept when the owner logs bodies. */
    public static function body_text(array $m): string
    {
        return $m['AltBody'] !== '' ? $m['Body'] . "\n\n----- text/plain -----\n" . $m['AltBody'] : $m['Body'];
    }
}
