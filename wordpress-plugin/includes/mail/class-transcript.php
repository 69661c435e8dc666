<?php
/**
 * Keeps secrets out of SMTP transcripts: the password, in clear and in the
 * base64 forms AUTH sends, wherever a server or a library might echo it.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Transcript
{
    public static function redact(string $transcript, array $connection): string
    {
        $forms = [];
        foreach ([(string) $connection['password'], (string) ($connection['oauth_token'] ?? '')] as $secret) {
            if ($secret !== '') {
                array_push($forms, base64_encode("\0" . $connection['username'] . "\0" . $secret), base64_encode($secret), $secret);
            }
        }
        return $forms ? str_replace($forms, '********', $transcript) : $transcript;
    }
}

/**
 * Reads a transcript in the engines' common form ("C: command", "S: reply
 * line", "*: note") back into command/reply pairs, in the order they were
 * exchanged, pipelined or not.
 */
final class Native_SMTP_Exchanges
{
    /** @return list<array{stage: string, command: string, reply: string, code: int}> */
    public static function parse(string $transcript): array
    {
        $pending = ['greeting'];
        $out = [];
        $reply = '';
        foreach (explode("\n", $transcript) as $line) {
            if (strncmp($line, 'C: ', 3) === 0) {
                $command = substr($line, 3);
                if (strncmp($command, '<message', 8) !== 0) {
                    $pending[] = $command;
                }
            } elseif (strncmp($line, 'S: ', 3) === 0) {
                $text = substr($line, 3);
                $reply .= ($reply === '' ? '' : "\n") . $text;
                if (preg_match('/^\d{3}(?!-)/', $text)) {  // the last line of a reply
                    $command = $pending ? array_shift($pending) : '';
                    $out[] = ['stage' => self::stage($command), 'command' => $command, 'reply' => $reply, 'code' => (int) substr($text, 0, 3)];
                    $reply = '';
                }
            }
        }
        return $out;
    }

    /** The stage name of a command, as the core names them. */
    public static function stage(string $command): string
    {
        $word = strtoupper(strtok($command . ' ', ' :'));
        $names = ['GREETING' => 'greeting', 'EHLO' => 'EHLO', 'HELO' => 'EHLO', 'STARTTLS' => 'STARTTLS', 'AUTH' => 'AUTH',
            'MAIL' => 'MAIL FROM', 'RCPT' => 'RCPT TO', 'DATA' => 'DATA', '.' => 'end of data', 'RSET' => 'RSET', 'QUIT' => 'QUIT'];
        // AUTH continuation lines (user name, password) are answers within AUTH.
        return $names[$word] ?? 'AUTH';
    }

    /** The last refused exchange (a 4xx or 5xx reply; one to RSET or QUIT only when there is no other), or null. */
    public static function last_refusal(string $transcript): ?array
    {
        $found = null;
        foreach (self::parse($transcript) as $x) {
            if ($x['code'] >= 400 && (!$found || !in_array($x['stage'], ['RSET', 'QUIT'], true))) {
                $found = $x;
            }
        }
        return $found;
    }

    /** @return array<string, string> address => reply, for every refused RCPT TO */
    public static function refused_recipients(string $transcript): array
    {
        $refused = [];
        foreach (self::parse($transcript) as $x) {
            if ($x['stage'] === 'RCPT TO' && $x['code'] >= 400 && preg_match('/<([^>]*)>/', $x['command'], $m)) {
                $refused[$m[1]] = $x['reply'];
            }
        }
        return $refused;
    }
}
