<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80200
 */

namespace Smtp {

    enum Encryption: string
    {
        case None = 'none';
        case Ssl = 'ssl';
        case StartTls = 'starttls';
    }

    /**
     * Connection settings. Immutable; the password never appears in
     * var_dump(), print_r(), var_export(), serialize() or stack traces.
     * @strict-properties
     * @not-serializable
     */
    final class Config
    {
        public readonly string $host;
        /** 0 means the encryption's default port (25, 465, 587). */
        public readonly int $port;
        public readonly Encryption $encryption;
        public readonly string $username;
        public readonly string $fromAddress;
        public readonly string $fromName;
        /** Seconds, for connecting and for each command. */
        public readonly float $timeout;
        /** Seconds to wait for the reply to the end of the message (RFC 5321: 10 minutes). */
        public readonly float $dataTimeout;
        /** Seconds for a whole send(), sendMany() or connection; null: no overall limit. */
        public readonly ?float $totalTimeout;
        public readonly bool $verifyPeer;
        public readonly string $caFile;
        public readonly string $heloName;
        /** "auto", "PLAIN", "LOGIN", "CRAM-MD5" or "XOAUTH2". */
        public readonly string $authMechanism;

        public function __construct(
            string $host,
            int $port = 0,
            Encryption $encryption = Encryption::StartTls,
            string $username = "",
            #[\SensitiveParameter] string $password = "",
            string $fromAddress = "",
            string $fromName = "",
            float $timeout = 30.0,
            bool $verifyPeer = true,
            string $caFile = "",
            string $heloName = "",
            string $authMechanism = "auto",
            float $dataTimeout = 600.0,
            ?float $totalTimeout = null
        ) {}

        /** Keys are the constructor's parameter names; unknown keys are an error. */
        public static function fromArray(#[\SensitiveParameter] array $config): Config {}

        /** A provider preset ("qq", "gmail", ...) with the caller's credentials. */
        public static function preset(string $provider, string $username, #[\SensitiveParameter] string $password, #[\SensitiveParameter] array $overrides = []): Config {}

        /**
         * The provider table: id => [name, host, port, encryption, ports,
         * appPassword, senderMustMatchAccount, help].
         */
        public static function presets(): array {}

        /** The port that will be used: $port, or the encryption's default. */
        public function effectivePort(): int {}

        public function hasPassword(): bool {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class Message
    {
        public string $from = "";
        public string $fromName = "";
        /** The envelope sender (MAIL FROM, where bounces go); $from when empty. */
        public string $sender = "";
        /** "a@x", "Name <a@x>", "a@x, b@y" or a list of those. */
        public string|array $to = [];
        public string|array $cc = [];
        public string|array $bcc = [];
        public string|array $replyTo = [];
        public string $subject = "";
        public string $text = "";
        public string $html = "";
        /**
         * Each: a path string, or ['path' => ..., 'name' => ..., 'type' => ...],
         * or ['data' => bytes, 'name' => ..., 'type' => ...].
         */
        public array $attachments = [];
        /** Each: ['cid' => ..., 'path' => ...|'data' => ..., 'name' => ..., 'type' => ...]. */
        public array $inline = [];
        /** name => value, or a list of "Name: value" strings. */
        public array $headers = [];
        /** The Message-ID without angle brackets; generated when empty. */
        public string $messageId = "";
        /** The Date header's value (RFC 5322); the current time when empty. */
        public string $date = "";
        /**
         * A complete RFC 5322 message rendered elsewhere (Symfony Mime, a DKIM
         * signer), sent byte for byte apart from CRLF line ends and
         * dot-stuffing. With it, leave every field but $from and $sender
         * empty and give the recipients in $recipients.
         */
        public string $raw = "";
        /** The envelope recipients (RCPT TO) when they differ from to + cc + bcc: bare addresses. */
        public string|array $recipients = [];

        public function __construct(string $from = "", string|array $to = [], string $subject = "", string $text = "", string $html = "") {}

        /** Keys are the property names; unknown keys are an error. */
        public static function fromArray(array $message): Message {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class Result
    {
        public readonly string $messageId;
        /** @var list<string> */
        public readonly array $accepted;
        /** @var array<string, string> address => server reply */
        public readonly array $rejected;
        public readonly int $smtpCode;
        public readonly string $serverReply;
        public readonly float $elapsed;

        private function __construct() {}
    }

    /**
     * One SMTP connection, opened on the first send and kept open until
     * close() or destruction.
     * @strict-properties
     * @not-serializable
     */
    final class Mailer
    {
        /**
         * With $persistent, the connection outlives the request: a later
         * Mailer with the same whole Config in this worker process (php-fpm,
         * Apache prefork) reuses it, skipping connect, TLS and AUTH. One idle
         * longer than $maxIdleSeconds is closed and replaced; close() ends it.
         */
        public function __construct(Config $config, bool $persistent = false, float $maxIdleSeconds = 60.0) {}

        public function send(Message|array $message): Result {}

        /**
         * Sends every message over this connection with pipelining. Returns,
         * in order and with the same keys, a Result or the Smtp\Exception of
         * each message.
         * @return array<int|string, Result|Exception>
         */
        public function sendMany(iterable $messages): array {}

        public function close(): void {}

        public function isConnected(): bool {}

        /** The SMTP conversation so far, with AUTH payloads redacted. */
        public function transcript(): string {}
    }

    enum VerificationResult: string
    {
        case Valid = 'valid';
        case Invalid = 'invalid';
        case Expired = 'expired';
        case TooManyAttempts = 'too_many_attempts';
        case Malformed = 'malformed';
    }

    final class VerificationCode
    {
        private function __construct() {}

        /**
         * @return array{code: string, token: string, expires: int}
         */
        public static function issue(#[\SensitiveParameter] string $secret, string $purpose, string $email, int $ttl = 600, int $length = 6, bool $alphanumeric = false, int $maxAttempts = 5, ?int $now = null): array {}

        /**
         * On every answer but Malformed, $token is replaced by its updated form
         * (attempt counted, or consumed). $now (Unix time) defaults to the clock.
         */
        public static function verify(#[\SensitiveParameter] string $secret, string $purpose, string $email, #[\SensitiveParameter] string $code, string &$token, ?int $now = null): VerificationResult {}

        /** Seconds the caller must still wait before sending a new code (0: may send now). */
        public static function cooldownRemaining(int $lastSentAt, int $cooldown = 60, ?int $now = null): int {}
    }

    class Exception extends \RuntimeException
    {
        protected string $category = "";
        protected int $smtpCode = 0;
        protected string $enhancedCode = "";
        protected string $serverReply = "";
        protected string $hint = "";
        protected bool $transient = false;

        public function getCategory(): string {}
        public function getSmtpCode(): int {}
        public function getEnhancedCode(): string {}
        public function getServerReply(): string {}
        public function getHint(): string {}
        /** True when trying again later may succeed (4xx replies, network trouble). */
        public function isTransient(): bool {}
    }

    class InvalidArgumentException extends Exception {}
    class ConnectionException extends Exception {}
    class TlsException extends ConnectionException {}
    class AuthenticationException extends Exception {}
    class SenderException extends Exception {}
    class RecipientException extends Exception {}
    class MessageException extends Exception {}
    class ProtocolException extends Exception {}
    /**
     * An attachment file changed, vanished or became unreadable after the
     * message was checked, while it was being sent: the message was abandoned
     * before its end (the server discards it), nothing was delivered.
     */
    class AttachmentChangedException extends Exception {}
}

namespace {
    function smtp_send(#[\SensitiveParameter] \Smtp\Config|array $config, \Smtp\Message|array $message): \Smtp\Result {}
}
