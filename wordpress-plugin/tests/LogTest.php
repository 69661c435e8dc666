<?php
require_once __DIR__ . '/DeliveryTestCase.php';

/**
 * The email log's table: schema upgrades, queries for the list screen,
 * retention and the personal-data exporter and eraser.
 */
final class LogTest extends Native_SMTP_Delivery_TestCase
{
    public function test_the_tables_exist_with_their_indexes_and_an_upgrade_reruns_dbdelta(): void
    {
        global $wpdb;
        $keys = array_column($wpdb->get_results('SHOW INDEX FROM ' . Native_SMTP_Log_Schema::messages(), ARRAY_A), 'Column_name', 'Key_name');
        $this->assertArrayHasKey('created', $keys);
        $this->assertArrayHasKey('status_next', $keys);
        $this->assertContains('email', array_column($wpdb->get_results('SHOW INDEX FROM ' . Native_SMTP_Log_Schema::recipients(), ARRAY_A), 'Key_name'));

        // An older schema version (a plugin update): the next load runs dbDelta again and records the version.
        $wpdb->query('ALTER TABLE ' . Native_SMTP_Log_Schema::messages() . ' DROP INDEX created');
        update_option('native_smtp_log_db_version', 0);
        Native_SMTP_Log_Schema::maybe_upgrade();
        $this->assertContains('created', array_column($wpdb->get_results('SHOW INDEX FROM ' . Native_SMTP_Log_Schema::messages(), ARRAY_A), 'Key_name'));
        $this->assertSame(Native_SMTP_Log_Schema::VERSION, (int) get_option('native_smtp_log_db_version'));
    }

    public function test_query_filters_by_status_date_and_searches_recipient_and_subject(): void
    {
        $this->now = strtotime('2026-03-10 12:00:00 UTC');
        $old = $this->logged(['subject' => 'March order', 'recipients' => ['Ann <ann@example.com>']]);
        $this->now = strtotime('2026-03-12 12:00:00 UTC');
        $failed = $this->logged(['status' => 'failed', 'subject' => 'Password reset', 'recipients' => ['bob@example.com', 'Cc Person <cc@example.org>']]);
        $sent = $this->logged(['subject' => 'Welcome', 'recipients' => ['bob@example.com']]);

        $ids = static fn (array $r) => array_map('intval', array_column($r[0], 'id'));
        $this->assertSame([$failed], $ids(Native_SMTP_Log::query(['status' => 'failed'])));
        $this->assertSame([$sent, $failed], $ids(Native_SMTP_Log::query(['search' => 'bob@'])));
        $this->assertSame([$failed], $ids(Native_SMTP_Log::query(['search' => 'cc@example.org'])));
        $this->assertSame([$old], $ids(Native_SMTP_Log::query(['search' => 'March'])));
        $this->assertSame([$old], $ids(Native_SMTP_Log::query(['to' => '2026-03-11'])));
        $this->assertSame([$sent, $failed], $ids(Native_SMTP_Log::query(['from' => '2026-03-11'])));
        [$rows, $total] = Native_SMTP_Log::query(['per_page' => 1, 'page' => 2, 'orderby' => 'id', 'order' => 'asc']);
        $this->assertSame(3, $total);
        $this->assertSame([$failed], $ids([$rows]));
        // A value that is not a column name is not SQL.
        $this->assertSame(3, Native_SMTP_Log::query(['orderby' => 'id; DROP TABLE x', 'status' => 'nonsense'])[1]);
        $this->assertSame(['sent' => 2, 'failed' => 1], array_filter(Native_SMTP_Log::counts()));
    }

    public function test_retention_deletes_old_final_rows_but_never_waiting_ones(): void
    {
        $this->delivery(['retention_days' => 7]);
        $this->now = time() - 8 * DAY_IN_SECONDS;
        $old_sent = $this->logged([]);
        $old_waiting = Native_SMTP_Queue::add(['recipients' => ['q@example.com'], 'subject' => 'Waiting'], ['Subject' => 'Waiting'], [], false, time() + 60);
        $this->now = time() - 6 * DAY_IN_SECONDS;
        $recent = $this->logged([]);
        $this->now = null;

        $this->assertSame(1, Native_SMTP_Log_Retention::clean());
        $this->assertNull(Native_SMTP_Log::get($old_sent));
        $this->assertNotNull(Native_SMTP_Log::get($old_waiting));
        $this->assertNotNull(Native_SMTP_Log::get($recent));
        global $wpdb;
        $this->assertSame('0', $wpdb->get_var($wpdb->prepare('SELECT COUNT(*) FROM ' . Native_SMTP_Log_Schema::recipients() . ' WHERE log_id = %d', $old_sent)));
        $this->assertNotFalse(wp_next_scheduled(Native_SMTP_Log_Retention::HOOK), 'the daily cleanup is scheduled');
    }

    public function test_privacy_export_and_erase_find_every_row_of_an_address(): void
    {
        $a = $this->logged(['recipients' => ['Pekka <Pekka@Example.fi>'], 'subject' => 'Tilaus', 'headers' => 'To: Pekka <Pekka@Example.fi>']);
        $b = $this->logged(['recipients' => ['other@example.com', 'pekka@example.fi'], 'subject' => 'Uutiskirje']);
        $c = $this->logged(['recipients' => ['other@example.com'], 'subject' => 'Not his']);

        $exporters = apply_filters('wp_privacy_personal_data_exporters', []);
        $export = call_user_func($exporters['native-smtp-log']['callback'], 'pekka@example.fi', 1);
        $this->assertTrue($export['done']);
        $this->assertSame(['native-smtp-log-' . $a, 'native-smtp-log-' . $b], array_column($export['data'], 'item_id'));
        $this->assertSame('Tilaus', $export['data'][0]['data'][2]['value']);

        $erasers = apply_filters('wp_privacy_personal_data_erasers', []);
        $erase = call_user_func($erasers['native-smtp-log']['callback'], 'PEKKA@example.fi', 1);
        $this->assertTrue($erase['items_removed']);
        $this->assertTrue($erase['done']);
        $this->assertNull(Native_SMTP_Log::get($a));
        $this->assertNull(Native_SMTP_Log::get($b));
        $this->assertNotNull(Native_SMTP_Log::get($c));
    }

    public function test_the_main_settings_page_gets_a_section_with_the_queue_and_links(): void
    {
        Native_SMTP_Queue::add(['recipients' => ['w@example.com'], 'subject' => 'Waiting'], ['Subject' => 'Waiting'], [], false, time() + 300);
        ob_start();
        Native_SMTP_Delivery_Settings_Page::render_summary();
        $html = ob_get_clean();
        $this->assertStringContainsString('1 message is waiting to be sent', $html);
        $this->assertStringContainsString('tools.php?page=native-smtp-log', $html);
        $this->assertStringContainsString('options-general.php?page=native-smtp-delivery', $html);
        $this->assertNotFalse(has_action('native_smtp_settings_sections', [Native_SMTP_Delivery_Settings_Page::class, 'render_summary']));
    }
}
