<?php
/**
 * Symfony Messenger wired by hand (what the framework bundle does from
 * messenger.yaml): emails go to a Redis stream, workers send them.
 *
 *   MAILER_DSN      native-smtp://... (our transport, batched) or smtp://... (Symfony's own)
 *   MESSENGER_DSN   redis://127.0.0.1:6379/emails
 *   WORKER_NAME     the Redis consumer name; each worker needs its own
 *   BATCH_SIZE      emails a worker sends in one pipelined batch (default 50)
 */
require dirname(__DIR__, 2) . '/tests/bootstrap.php';

use NativeSmtp\Symfony\Mailer\Messenger\BatchEmailHandler;
use NativeSmtp\Symfony\Mailer\Messenger\InFlightReceiver;
use NativeSmtp\Symfony\Mailer\NativeSmtpTransport;
use NativeSmtp\Symfony\Mailer\NativeSmtpTransportFactory;
use Psr\Container\ContainerInterface;
use Symfony\Component\EventDispatcher\EventDispatcher;
use Symfony\Component\Mailer\Messenger\MessageHandler;
use Symfony\Component\Mailer\Messenger\SendEmailMessage;
use Symfony\Component\Mailer\Transport;
use Symfony\Component\Messenger\Bridge\Redis\Transport\RedisTransportFactory;
use Symfony\Component\Messenger\EventListener\SendFailedMessageForRetryListener;
use Symfony\Component\Messenger\Handler\HandlerDescriptor;
use Symfony\Component\Messenger\Handler\HandlersLocator;
use Symfony\Component\Messenger\MessageBus;
use Symfony\Component\Messenger\Middleware\HandleMessageMiddleware;
use Symfony\Component\Messenger\Middleware\SendMessageMiddleware;
use Symfony\Component\Messenger\Retry\MultiplierRetryStrategy;
use Symfony\Component\Messenger\Transport\Sender\SendersLocator;
use Symfony\Component\Messenger\Transport\Serialization\PhpSerializer;

/** A tiny PSR-11 container: the bits of the framework's service locators we need. */
final class Services implements ContainerInterface
{
    public function __construct(private array $services) {}
    public function get(string $id): mixed { return $this->services[$id]; }
    public function has(string $id): bool { return isset($this->services[$id]); }
}

function messenger_app(): array
{
    $queue = (new RedisTransportFactory())->createTransport(getenv('MESSENGER_DSN'), [
        'consumer' => getenv('WORKER_NAME') ?: 'producer',
        'delete_after_ack' => true,
        // A worker that dies leaves its unacknowledged emails pending; another
        // worker claims them after this long (Messenger's redelivery).
        'redeliver_timeout' => (int) (getenv('REDELIVER_SECONDS') ?: 3600),
        'claim_interval' => 500,
    ], new PhpSerializer());

    $mailer = (new Transport([new NativeSmtpTransportFactory(), ...Transport::getDefaultFactories()]))->fromString(getenv('MAILER_DSN'));
    $handler = $mailer instanceof NativeSmtpTransport
        ? new BatchEmailHandler($mailer, (int) (getenv('BATCH_SIZE') ?: 50))
        : new MessageHandler($mailer);

    $senders = new Services(['emails' => $queue]);
    $events = new EventDispatcher();
    // Transient failures (421, a dropped connection) come back after a delay.
    $events->addSubscriber(new SendFailedMessageForRetryListener($senders, new Services(['emails' => new MultiplierRetryStrategy(5, 500, 2)])));
    $bus = new MessageBus([
        new SendMessageMiddleware(new SendersLocator([SendEmailMessage::class => ['emails']], $senders), $events),
        new HandleMessageMiddleware(new HandlersLocator([SendEmailMessage::class => [new HandlerDescriptor($handler)]])),
    ]);

    // The receiver workers read from: see InFlightReceiver for why it is wrapped.
    return [$bus, new InFlightReceiver($queue), $events, $mailer];
}
