<?php

namespace NativeSmtp\Symfony\Mailer;

use Psr\EventDispatcher\EventDispatcherInterface;
use Psr\Log\LoggerInterface;
use Smtp\Config;
use Smtp\Mailer;
use Smtp\Message;
use Smtp\Result;
use Symfony\Component\Mailer\Envelope;
use Symfony\Component\Mailer\Exception\TransportExceptionInterface;
use Symfony\Component\Mailer\SentMessage;
use Symfony\Component\Mailer\Transport\AbstractTransport;
use Symfony\Component\Mime\Address;
use Symfony\Component\Mime\RawMessage;

/**
 * A Symfony Mailer transport that hands the message Symfony rendered, byte
 * for byte, to the smtp extension: PIPELINING, one write per command group,
 * and one connection kept open between sends (reopened by the extension when
 * the server dropped it while idle).
 */
final class NativeSmtpTransport extends AbstractTransport
{
    private Config $config;
    private ?Mailer $mailer = null;
    /** @var list<array{int|string, SentMessage, Message}>|null what doSend() collects while sendMany() runs */
    private ?array $batch = null;
    private int|string $batchKey = 0;

    public function __construct(Config $config, ?EventDispatcherInterface $dispatcher = null, ?LoggerInterface $logger = null)
    {
        parent::__construct($dispatcher, $logger);
        $this->config = $config;
    }

    /**
     * Sends the messages over the kept connection with pipelining, each through
     * the same events and envelope rules as send().
     *
     * @param iterable<array-key, RawMessage|array{0: RawMessage, 1?: ?Envelope}> $messages
     *
     * @return array<array-key, SentMessage|TransportExceptionInterface|null> in the
     *         order and with the keys given: the sent message, its failure, or
     *         null when a listener rejected it
     */
    public function sendMany(iterable $messages): array
    {
        $outcomes = [];
        $this->batch = [];
        try {
            foreach ($messages as $key => $item) {
                [$message, $envelope] = \is_array($item) ? [$item[0], $item[1] ?? null] : [$item, null];
                $this->batchKey = $key;
                try {
                    $outcomes[$key] = $this->send($message, $envelope);
                } catch (TransportExceptionInterface $e) {
                    $outcomes[$key] = $e;
                }
            }
            $batch = $this->batch;
        } finally {
            $this->batch = null;
        }
        if (!$batch) {
            return $outcomes;
        }

        $natives = array_column($batch, 2);
        try {
            $results = $this->mailer()->sendMany($natives);
        } catch (\Smtp\Exception $e) {  // nothing of the batch was tried
            $results = array_fill(0, \count($natives), $e);
        }
        foreach ($batch as $i => [$key, $sent]) {
            $outcomes[$key] = $results[$i] instanceof Result
                ? $this->record($sent, $results[$i])
                : NativeSmtpTransportException::fromSmtp($results[$i], $this->mailer->transcript());
        }

        return $outcomes;
    }

    /** Closes the kept connection (QUIT); the next send opens a new one. */
    public function stop(): void
    {
        $this->mailer?->close();
    }

    public function __toString(): string
    {
        $scheme = \Smtp\Encryption::Ssl === $this->config->encryption ? 'native-smtps' : 'native-smtp';

        return sprintf('%s://%s:%d', $scheme, $this->config->host, $this->config->effectivePort());
    }

    protected function doSend(SentMessage $message): void
    {
        $native = self::toNative($message);
        if (null !== $this->batch) {
            $this->batch[] = [$this->batchKey, $message, $native];

            return;
        }
        try {
            $result = $this->mailer()->send($native);
        } catch (\Smtp\Exception $e) {
            throw NativeSmtpTransportException::fromSmtp($e, $this->mailer->transcript());
        }
        $this->record($message, $result);
    }

    private function mailer(): Mailer
    {
        return $this->mailer ??= new Mailer($this->config);
    }

    /** The rendered message with its envelope, sent as it is. */
    private static function toNative(SentMessage $message): Message
    {
        $envelope = $message->getEnvelope();

        return Message::fromArray([
            'raw' => $message->toString(),
            'sender' => $envelope->getSender()->getAddress(),
            'recipients' => array_map(static fn (Address $a): string => $a->getAddress(), $envelope->getRecipients()),
        ]);
    }

    private function record(SentMessage $message, Result $result): SentMessage
    {
        // Like Symfony's own SMTP transport: the id the server queued it under when
        // the reply names one, else the Message-ID header SentMessage already holds.
        if (preg_match('/^Ok:? (?:queued as )?([0-9A-Za-z-]{6,})$/i', $result->serverReply, $m)) {
            $message->setMessageId($m[1]);
        }
        $message->appendDebug(sprintf("%d %s\n", $result->smtpCode, $result->serverReply));
        foreach ($result->rejected as $address => $reply) {
            $this->getLogger()->warning('The server refused the recipient {address}: {reply}', ['address' => $address, 'reply' => $reply]);
        }

        return $message;
    }
}
