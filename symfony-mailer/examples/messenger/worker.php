<?php
/**
 * One Messenger worker: consumes the Redis stream until it has been idle for
 * IDLE_SECONDS (default 2), then prints what it handled, how many attempts failed (to be retried or not) and when it started and last handled one, as JSON.
 */
require __DIR__ . '/app.php';

use Symfony\Component\Messenger\Event\WorkerMessageFailedEvent;
use Symfony\Component\Messenger\Event\WorkerMessageHandledEvent;
use Symfony\Component\Messenger\Event\WorkerRunningEvent;
use Symfony\Component\Messenger\Worker;

[$bus, $queue, $events] = messenger_app();
$handled = $failed = 0;
$idleSince = null;
$t0 = $last = microtime(true);
$idleLimit = (float) (getenv('IDLE_SECONDS') ?: 2);
$events->addListener(WorkerMessageHandledEvent::class, function () use (&$handled, &$idleSince, &$last) {
    $handled++;
    $last = microtime(true);
    $idleSince = null;
});
$events->addListener(WorkerMessageFailedEvent::class, function () use (&$failed) {
    $failed++;
});
$events->addListener(WorkerRunningEvent::class, function (WorkerRunningEvent $e) use (&$idleSince, $idleLimit) {
    if (!$e->isWorkerIdle()) {
        $idleSince = null;
        return;
    }
    $idleSince ??= microtime(true);
    if (microtime(true) - $idleSince >= $idleLimit) {
        $e->getWorker()->stop();
    }
});
(new Worker(['emails' => $queue], $bus, $events))->run(['sleep' => 50000]);
echo json_encode(['worker' => getenv('WORKER_NAME'), 'handled' => $handled, 'failed' => $failed, 'started' => $t0, 'last' => $last]), "\n";
