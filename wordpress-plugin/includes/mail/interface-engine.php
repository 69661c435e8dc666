<?php
/**
 * An engine sends the final state of a prepared PHPMailer over one
 * connection settings array (see Native_SMTP_Connection) and says what
 * happened. It keeps at most one open connection, for the settings it was
 * last given, until close().
 */

if (!defined('ABSPATH')) {
    exit;
}

interface Native_SMTP_Engine
{
    /** "extension" or "phpmailer". */
    public function id(): string;

    /** @return Native_SMTP_Sent|Native_SMTP_Failure */
    public function send(PHPMailer\PHPMailer\PHPMailer $mail, array $connection);

    public function close(): void;
}
