<?php
/**
 * The access token for PHPMailer's AuthType = 'XOAUTH2', used when the smtp
 * extension is not loaded. PHPMailer only asks for the base64 string.
 */

if (!defined('ABSPATH')) {
    exit;
}

require_once __DIR__ . '/phpmailer-oauth-token-provider.php';

final class Native_SMTP_OAuth_PHPMailer_Token implements PHPMailer\PHPMailer\OAuthTokenProvider
{
    private string $user;
    private string $token;

    public function __construct(string $user, #[\SensitiveParameter] string $token)
    {
        $this->user = $user;
        $this->token = $token;
    }

    public function getOauth64(): string
    {
        return base64_encode('user=' . $this->user . "\001auth=Bearer " . $this->token . "\001\001");
    }

    /** No token in var_dump(), print_r() or a debug trace's arguments. */
    public function __debugInfo(): array
    {
        return ['user' => $this->user, 'token' => '<redacted>'];
    }

    /** Configures a PHPMailer for this token (SMTPAuth on, AuthType XOAUTH2). */
    public static function apply(PHPMailer\PHPMailer\PHPMailer $mailer, string $user, string $token): void
    {
        $mailer->SMTPAuth = true;
        $mailer->AuthType = 'XOAUTH2';
        $mailer->Username = $user;
        $mailer->Password = '';
        $mailer->setOAuth(new self($user, $token));
    }
}
