<?php
require_once __DIR__ . '/DeliveryTestCase.php';

/**
 * Who wakes the queue: WP-Cron on a plain site, Action Scheduler's public
 * functions when a plugin brought them (a stand-in with the library's
 * semantics, tests/fixtures/action-scheduler-standin.php, loaded in its own process).
 */
final class SchedulerTest extends Native_SMTP_Delivery_TestCase
{
    private function cron_runs(): array
    {
        $times = [];
        foreach ((array) _get_cron_array() as $time => $hooks) {
            if (isset($hooks[Native_SMTP_Scheduler::HOOK])) {
                $times[] = (int) $time;
            }
        }
        return $times;
    }

    public function test_without_action_scheduler_wp_cron_wakes_the_runner_by_the_due_time(): void
    {
        $this->assertFalse(Native_SMTP_Scheduler::uses_action_scheduler());
        $t = time() + 600;
        Native_SMTP_Scheduler::wake($t);
        Native_SMTP_Scheduler::wake($t + 300);   // a later one adds nothing: the earlier run reschedules
        $this->assertSame([$t], $this->cron_runs());
        Native_SMTP_Scheduler::wake($t - 120);   // an earlier one is added although it is within ten minutes
        $this->assertSame([$t - 120, $t], $this->cron_runs());
        Native_SMTP_Scheduler::schedule_watch();
        $this->assertNotFalse(wp_next_scheduled(Native_SMTP_Scheduler::WATCH));
    }

    public function test_with_action_scheduler_its_functions_schedule_and_its_runner_runs_the_queue(): void
    {
        $standin = var_export(__DIR__ . '/fixtures/action-scheduler-standin.php', true);
        [$status, $out] = $this->run_wordpress('
            global $wpdb;
            $wpdb->query("DELETE FROM " . as_standin_table());
            echo "uses: ", var_export(Native_SMTP_Scheduler::uses_action_scheduler(), true), "\n";
            $due = time() + 300;
            Native_SMTP_Queue::add(["recipients" => ["as@example.com"], "subject" => "AS"], ["Subject" => "AS"], [], false, $due);
            Native_SMTP_Queue::add(["recipients" => ["as@example.com"], "subject" => "AS later"], ["Subject" => "AS later"], [], false, $due + 900);
            echo "pending: ", implode(",", array_map(fn ($t) => $t - $due, as_standin_pending(Native_SMTP_Scheduler::HOOK))), "\n";
            echo "cron: ", var_export(wp_next_scheduled(Native_SMTP_Scheduler::HOOK, [$due]), true), "\n";
            $ran = 0;
            add_action(Native_SMTP_Scheduler::HOOK, function () use (&$ran) { $ran++; }, 5);
            echo "ran early: ", as_standin_run_due($due - 1), "\n";
            echo "ran due: ", as_standin_run_due($due), " hook calls: $ran\n";
        ', [], true, 'require ' . $standin . ';');
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString('uses: true', $out);
        $this->assertStringContainsString("pending: 0\n", $out, 'one run at the first due time; the later message rides on it');
        $this->assertStringContainsString('cron: false', $out);
        $this->assertStringContainsString('ran early: 0', $out);
        $this->assertStringContainsString('ran due: 1 hook calls: 1', $out);
    }
}
