<?php

namespace NativeSmtp\Symfony\Mailer\Messenger;

use NativeSmtp\Symfony\Mailer\NativeSmtpTransport;
use NativeSmtp\Symfony\Mailer\NativeSmtpTransportException;
use Symfony\Component\Mailer\Messenger\SendEmailMessage;
use Symfony\Component\Messenger\Exception\UnrecoverableMessageHandlingException;
use Symfony\Component\Messenger\Handler\Acknowledger;
use Symfony\Component\Messenger\Handler\BatchHandlerInterface;
use Symfony\Component\Messenger\Handler\BatchHandlerTrait;

/**
 * Handles SendEmailMessage in batches: a worker collects the emails it has in
 * hand (up to $batchSize, or fewer when its queue runs dry) and sends them
 * over its kept connection with one pipelined sendMany().
 *
 * Each message is acknowledged only after the server answered its end of
 * data, so a worker that dies mid-batch leaves the unacknowledged ones for
 * redelivery: at most one batch can be delivered twice, none is lost.
 * Permanent failures (5xx, wrong password...) are not retried.
 */
final class BatchEmailHandler implements BatchHandlerInterface
{
    use BatchHandlerTrait;

    private NativeSmtpTransport $transport;
    private int $batchSize;

    public function __construct(NativeSmtpTransport $transport, int $batchSize = 50)
    {
        if ($batchSize < 1) {
            throw new \InvalidArgumentException('The batch size must be at least 1.');
        }
        $this->transport = $transport;
        $this->batchSize = $batchSize;
    }

    /** @return mixed the SentMessage without an acknowledger, else the number of emails waiting */
    public function __invoke(SendEmailMessage $message, ?Acknowledger $ack = null)
    {
        return $this->handle($message, $ack);
    }

    private function shouldFlush(): bool
    {
        return $this->batchSize <= \count($this->jobs);
    }

    /** @param list<array{SendEmailMessage, Acknowledger}> $jobs */
    private function process(array $jobs): void
    {
        $emails = [];
        foreach ($jobs as $i => [$message]) {
            $emails[$i] = [$message->getMessage(), $message->getEnvelope()];
        }
        foreach ($this->transport->sendMany($emails) as $i => $outcome) {
            $ack = $jobs[$i][1];
            if (!$outcome instanceof \Throwable) {
                $ack->ack($outcome);
            } elseif ($outcome instanceof NativeSmtpTransportException && !$outcome->isTransient()) {
                $ack->nack(new UnrecoverableMessageHandlingException($outcome->getMessage(), $outcome->getCode(), $outcome));
            } else {
                $ack->nack($outcome);
            }
        }
    }
}
