<?php

namespace NativeSmtp\Symfony\Mailer\Messenger;

use Symfony\Component\Messenger\Bridge\Redis\Transport\RedisReceivedStamp;
use Symfony\Component\Messenger\Envelope;
use Symfony\Component\Messenger\Stamp\TransportMessageIdStamp;
use Symfony\Component\Messenger\Transport\Receiver\ReceiverInterface;

/**
 * Wraps a receiver so that it never hands the worker a message the worker
 * still holds unacknowledged.
 *
 * A batch handler keeps messages until its batch is sent. Symfony 5.4's Redis
 * transport reads a consumer's pending messages from the start of its
 * pending list after claiming a dead worker's messages, so it returns the
 * first unacknowledged one again and again: without this wrapper the batch
 * would fill with copies of one email (fixed in Symfony 6.x, where the
 * wrapper changes nothing). Returning nothing instead makes the worker flush
 * its batch, after which the pending list moves on.
 */
final class InFlightReceiver implements ReceiverInterface
{
    private ReceiverInterface $inner;
    /** @var array<string, true> ids handed out and not yet acknowledged or rejected */
    private array $inFlight = [];

    public function __construct(ReceiverInterface $inner)
    {
        $this->inner = $inner;
    }

    public function get(): iterable
    {
        $fresh = [];
        foreach ($this->inner->get() as $envelope) {
            $id = self::id($envelope);
            if (null !== $id && isset($this->inFlight[$id])) {
                continue;
            }
            if (null !== $id) {
                $this->inFlight[$id] = true;
            }
            $fresh[] = $envelope;
        }

        return $fresh;
    }

    public function ack(Envelope $envelope): void
    {
        unset($this->inFlight[self::id($envelope) ?? '']);
        $this->inner->ack($envelope);
    }

    public function reject(Envelope $envelope): void
    {
        unset($this->inFlight[self::id($envelope) ?? '']);
        $this->inner->reject($envelope);
    }

    private static function id(Envelope $envelope): ?string
    {
        $stamp = $envelope->last(TransportMessageIdStamp::class) ?? $envelope->last(RedisReceivedStamp::class);

        return null === $stamp ? null : (string) $stamp->getId();
    }
}
