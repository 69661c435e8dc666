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

    public function test_with_action_scheduler_its_functions_schedule_and_its_runner_sends_the_queue(): void
    {
        $this->configure('SMTP_TEST_FAULTY_PORT', 'none');
        $this->delivery(['background' => true]);
        $marker = 'AS-' . bin2hex(random_bytes(6));
        $this->faults('faulty', [['at' => 'greeting', 'reply' => '421 4.3.2 Busy', 'times' => 1]]);
        $standin = var_export(__DIR__ . '/fixtures/action-scheduler-standin.php', true);
        [$status, $out] = $this->run_wordpress('
            global $wpdb;
            $wpdb->query("DELETE FROM " . as_standin_table());
            echo "uses: ", var_export(Native_SMTP_Scheduler::uses_action_scheduler(), true), "\n";
            $now = time();
            $pending = fn () => implode(",", array_map(fn ($t) => $t - $now <= 1 ? "now" : "+" . ($t - $now), as_standin_pending(Native_SMTP_Scheduler::HOOK)));
            wp_mail("a@example.com", "' . $marker . ' one", "Body");
            wp_mail("b@example.com", "' . $marker . ' two", "Body");
            echo "pending: ", $pending(), "\n";
            echo "cron: ", var_export((bool) array_filter(_get_cron_array(), fn ($h) => isset($h[Native_SMTP_Scheduler::HOOK])), true), "\n";
            echo "ran: ", as_standin_run_due($now + 1), "\n";
            echo "after the 421: ", $pending(), "\n";
            add_filter("native_smtp_now", fn () => $now + 61);
            echo "ran: ", as_standin_run_due($now + 61), "\n";
            echo "at the end: [", $pending(), "]\n";
        ', [], true, 'require ' . $standin . ';');
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString('uses: true', $out);
        $this->assertStringContainsString("pending: now\n", $out, 'one run for both messages, due at once');
        $this->assertStringContainsString('cron: false', $out);
        $this->assertStringContainsString("ran: 1\nafter the 421: +6", $out, 'the run that met the 421 scheduled the retry a minute later');
        $this->assertStringContainsString("ran: 1\nat the end: []", $out);
        $this->assertSame(['sent' => 2], array_filter(Native_SMTP_Log::counts()));
        $this->assertCount(2, $this->arrived('faulty', $marker));
    }
}
