<?php

final class UninstallTest extends Native_SMTP_TestCase
{
    public function test_uninstall_removes_the_options(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        set_transient('native_smtp_test_1', ['ok' => true], 60);
        set_transient('native_smtp_code_' . md5('x'), ['token' => 't'], 60);
        update_user_meta(1, 'native_smtp_login_pending', ['hash' => 'h', 'expires' => time() + 60]);
        Native_SMTP_Codes::send('registration', 'leaves-rows@example.com', null, false);  // a token, a cooldown, counters
        update_option('native_smtp_unrelated_keep', 'no', false);  // only our own names go
        update_option('native_smtp_delivery', ['log_bodies' => true]);
        update_option(Native_SMTP_OAuth_App::OPTION, ['client_id' => 'id'], false);
        update_option(Native_SMTP_OAuth_Tokens::OPTION, ['family' => 'google', 'refresh' => 'v1:x'], false);
        Native_SMTP_Log::create(['recipients' => ['u@example.com'], 'subject' => 'Logged']);
        $this->assertNotFalse(get_option(Native_SMTP_Options::OPTION));
        if (!defined('WP_UNINSTALL_PLUGIN')) {
            define('WP_UNINSTALL_PLUGIN', 'native-smtp/native-smtp.php');
        }
        include dirname(__DIR__) . '/uninstall.php';
        wp_cache_flush();
        $this->assertFalse(get_option(Native_SMTP_Options::OPTION));
        $this->assertFalse(get_transient('native_smtp_test_1'));
        $this->assertFalse(get_transient('native_smtp_code_' . md5('x')));
        $this->assertSame('', get_user_meta(1, 'native_smtp_login_pending', true));
        global $wpdb;
        $this->assertSame([], $wpdb->get_col("SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%native\\_smtp%' AND option_name <> 'native_smtp_unrelated_keep'"));
        delete_option('native_smtp_unrelated_keep');
        $this->assertNull($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $wpdb->prefix . 'native_smtp_log')), 'the log table is dropped');
        $this->assertFalse(wp_next_scheduled('native_smtp_log_cleanup'));
        Native_SMTP_Log_Schema::install();   // the plugin stays active for the other tests
    }

    public function test_without_the_extension_the_site_still_works(): void
    {
        // A PHP without the extension loads the same WordPress, set up for SMTP: no notice on
        // every screen, the settings page, the test email and wp_mail() work through PHPMailer.
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $script = 'do_action("admin_notices");'
            . 'ob_start(); Native_SMTP_Settings_Page::render(); $page = ob_get_clean();'
            . 'echo "|page=", substr_count($page, "PHPMailer, built into WordPress"), "|form=", substr_count($page, "id=\"native-smtp-settings\"");'
            . '$r = Native_SMTP_Test_Email::run("a@example.com"); echo "|test=", $r["message"];'
            . 'echo "|configured=", var_export(Native_SMTP_Options::is_configured(), true);'
            . 'echo "|pre=", var_export(apply_filters("pre_wp_mail", null, ["to" => "a@example.com", "subject" => "No extension", "message" => "Sent by PHPMailer", "headers" => "", "attachments" => []]), true);';
        [$status, $out] = $this->run_wordpress($script, [], false);
        $this->assertSame(0, $status, $out);
        $this->assertStringNotContainsString('phpize', $out);
        $this->assertStringContainsString('|page=1|form=1|test=Congratulations! Your mail service is configured successfully.|configured=true|pre=true', $out);
    }
}
