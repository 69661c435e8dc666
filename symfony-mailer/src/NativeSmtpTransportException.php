<?php

namespace NativeSmtp\Symfony\Mailer;

use Symfony\Component\Mailer\Exception\TransportException;

/**
 * A failure of the smtp extension as a Symfony transport exception, keeping
 * what the extension knew: category ("auth_failed", "rate_limited", ...), the
 * SMTP and enhanced codes, the server's reply and a one-line fix. The code is
 * the SMTP reply code (0 when the server never answered); getPrevious() is
 * the original Smtp\Exception; getDebug() the SMTP conversation, AUTH
 * payloads redacted.
 */
final class NativeSmtpTransportException extends TransportException
{
    private string $category = '';
    private string $enhancedCode = '';
    private string $serverReply = '';
    private string $hint = '';
    private bool $transient = false;

    public static function fromSmtp(\Smtp\Exception $e, string $transcript = ''): self
    {
        $message = '' === $e->getHint() ? $e->getMessage() : $e->getMessage().' Fix: '.$e->getHint();
        $self = new self($message, $e->getSmtpCode(), $e);
        $self->category = $e->getCategory();
        $self->enhancedCode = $e->getEnhancedCode();
        $self->serverReply = $e->getServerReply();
        $self->hint = $e->getHint();
        $self->transient = $e->isTransient();
        if ('' !== $transcript) {
            $self->appendDebug($transcript);
        }

        return $self;
    }

    public function getCategory(): string
    {
        return $this->category;
    }

    public function getSmtpCode(): int
    {
        return $this->getCode();
    }

    public function getEnhancedCode(): string
    {
        return $this->enhancedCode;
    }

    public function getServerReply(): string
    {
        return $this->serverReply;
    }

    public function getHint(): string
    {
        return $this->hint;
    }

    /** True when trying again later may succeed (4xx replies, network trouble). */
    public function isTransient(): bool
    {
        return $this->transient;
    }
}
