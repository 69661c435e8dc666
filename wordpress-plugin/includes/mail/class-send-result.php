<?php
/**
 * What an engine returns: Native_SMTP_Sent when the server took the message
 * (for some recipients at least), Native_SMTP_Failure when it did not. Both
 * engines fill them the same way, so callers never ask which engine sent.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Sent
{
    /** @param array<string, string> $refused address => the server's reply */
    public function __construct(
        public string $engine,
        public string $message_id,
        public string $server_reply,
        public array $accepted,
        public array $refused,
        public string $transcript
    ) {
    }

    public function to_array(): array
    {
        return ['ok' => true] + get_object_vars($this);
    }
}

final class Native_SMTP_Failure
{
    /**
     * @param string $category      the core's category (auth_failed, sender_rejected, ...)
     * @param string $stage         connect, greeting, EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA, end of data, or '' before any
     * @param string $hint          the remedy, in the site's language
     * @param bool   $transient     trying again later may succeed (4xx, network trouble, throttling)
     * @param string $transcript    the SMTP conversation, passwords and message content left out
     * @param array<string, string> $refused address => reply, for recipients refused on the way
     */
    public function __construct(
        public string $engine,
        public string $category,
        public string $message,
        public int $smtp_code = 0,
        public string $enhanced_code = '',
        public string $server_reply = '',
        public string $stage = '',
        public string $hint = '',
        public bool $transient = false,
        public string $transcript = '',
        public array $refused = []
    ) {
    }

    public function to_array(): array
    {
        return ['ok' => false] + get_object_vars($this);
    }

    /** The plain-language sentence for the category. */
    public function explanation(): string
    {
        return Native_SMTP_Error_Help::explain($this->category);
    }
}
