<?php
/**
 * WordPress's PHPMailer SMTP client, recording the conversation in the same
 * form as the extension's transcript ("C: ", "S: ", "*: "): commands and
 * replies, never the message content or credentials. Loaded only when the
 * PHPMailer engine sends (it needs PHPMailer's classes).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Recording_SMTP extends PHPMailer\PHPMailer\SMTP
{
    public string $transcript = '';
    /** The last transport-level trouble: a PHP warning text or "timed out". */
    public string $trouble = '';
    private int $body_bytes = 0;

    public function note(string $text): void
    {
        $this->transcript .= "*: $text\n";
    }

    /** PHP's warnings while connecting or starting TLS (PHPMailer keeps only the last error). */
    private string $warnings = '';

    protected function errorHandler($errno, $errmsg, $errfile = '', $errline = 0)
    {
        $this->warnings .= $errmsg . ' ';
        parent::errorHandler($errno, $errmsg, $errfile, $errline);
    }

    public function connect($host, $port = null, $timeout = 30, $options = [])
    {
        $this->trouble = $this->warnings = '';
        $this->note("connecting to $host:$port");
        $ok = parent::connect($host, $port, $timeout, $options);
        if (!$ok) {
            $error = $this->getError();
            $this->trouble = trim($this->warnings . ($error['detail'] ?? '') . ' ' . ($error['error'] ?? ''));
        }
        return $ok;
    }

    public function startTLS()
    {
        $this->warnings = '';
        $ok = parent::startTLS();
        if (!$ok && $this->getLastReply() !== '' && (int) substr($this->getLastReply(), 0, 3) === 220) {
            // The server agreed; the handshake failed (certificate, protocol).
            $this->trouble = trim($this->warnings . ($this->getError()['detail'] ?? '')) ?: 'TLS handshake failed';
        }
        if ($ok) {
            $this->note('TLS: ' . (stream_get_meta_data($this->smtp_conn)['crypto']['protocol'] ?? 'on'));
        }
        return $ok;
    }

    /**
     * With no mechanism asked for, the core's order: PLAIN, LOGIN, CRAM-MD5
     * over TLS, CRAM-MD5 first in clear (PHPMailer would try CRAM-MD5 first).
     */
    public function authenticate($username, $password, $authtype = null, $OAuth = null)
    {
        $offered = (array) ($this->server_caps['AUTH'] ?? []);
        if (!$authtype && $offered) {
            $tls = !empty(stream_get_meta_data($this->smtp_conn)['crypto']);
            foreach ($tls ? ['PLAIN', 'LOGIN', 'CRAM-MD5'] : ['CRAM-MD5', 'PLAIN', 'LOGIN'] as $mechanism) {
                if (in_array($mechanism, $offered, true)) {
                    $authtype = $mechanism;
                    break;
                }
            }
        }
        $ok = parent::authenticate($username, $password, $authtype, $OAuth);
        if (!$ok && strncmp((string) $this->getLastReply(), '334', 3) === 0) {
            // A refused XOAUTH2 token comes as an error challenge (RFC 7628): an empty
            // answer gets the final reply, as the extension does, instead of QUIT.
            $this->client_send(static::LE, 'AUTH');
            $this->last_reply = $this->get_lines();
        }
        return $ok;
    }

    public function client_send($data, $command = '')
    {
        if ($command === 'DATA' && $data !== 'DATA' . static::LE) {
            $this->body_bytes += strlen($data);  // message content: counted, not recorded
        } else {
            if ($command === 'DATA END') {
                $this->transcript .= 'C: <message: ' . $this->body_bytes . " bytes>\n";
                $this->body_bytes = 0;
            }
            $line = rtrim((string) $data, "\r\n");
            if (in_array($command, ['User & Password', 'Username', 'Password'], true)) {
                $line = preg_match('/^AUTH \S+/i', $line, $m) ? $m[0] . ' <redacted>' : '<redacted>';
            } elseif (preg_match('/^AUTH (XOAUTH2|OAUTHBEARER)\s/i', $line, $m)) {
                $line = 'AUTH ' . $m[1] . ' <redacted>';
            }
            $this->transcript .= "C: $line\n";
        }
        return parent::client_send($data, $command);
    }

    protected function get_lines()
    {
        $reply = parent::get_lines();
        foreach (preg_split('/\r?\n/', rtrim($reply, "\r\n")) as $line) {
            if ($line !== '') {
                $this->transcript .= "S: $line\n";
            }
        }
        if (is_resource($this->smtp_conn) && !empty(stream_get_meta_data($this->smtp_conn)['timed_out'])) {
            $this->trouble = 'timed out';
        }
        return $reply;
    }

    /** Called before each message: its own transcript. */
    public function start_message(): void
    {
        $this->transcript = '';
        $this->trouble = '';
        $this->body_bytes = 0;
    }
}
