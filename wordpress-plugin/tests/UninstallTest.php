<?php

final class UninstallTest extends Native_SMTP_TestCase
{
    public function test_uninstall_removes_the_options(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        set_transient('native_smtp_test_1', ['ok' => true], 60);
        $this->assertNotFalse(get_option(Native_SMTP_Options::OPTION));
        if (!defined('WP_UNINSTALL_PLUGIN')) {
            define('WP_UNINSTALL_PLUGIN', 'native-smtp/native-smtp.php');
        }
        include dirname(__DIR__) . '/uninstall.php';
        wp_cache_flush();
        $this->assertFalse(get_option(Native_SMTP_Options::OPTION));
        $this->assertFalse(get_transient('native_smtp_test_1'));
    }

    public function test_without_the_extension_the_site_still_works(): void
    {
        // A PHP without the extension loads the same WordPress: no fatal, a notice, core mail path.
        $script = 'define("WP_ADMIN", true); $_SERVER["HTTP_HOST"] = "127.0.0.1:8080"; require getenv("WP_DIR") . "/wp-load.php";'
            . 'wp_set_current_user(1); do_action("admin_notices");'
            . 'echo "|configured=", var_export(Native_SMTP_Options::is_configured(), true);'
            . 'echo "|pre=", var_export(apply_filters("pre_wp_mail", null, ["to" => "a@b.c", "subject" => "", "message" => "", "headers" => "", "attachments" => []]), true);';
        $cmd = 'WP_DIR=' . escapeshellarg(ABSPATH) . ' php -r ' . escapeshellarg($script) . ' 2>&1';
        exec($cmd, $out, $status);
        $out = implode("\n", $out);
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString('the &quot;smtp&quot; PHP extension is not loaded', $out);
        $this->assertStringContainsString('|configured=false|pre=NULL', $out);
    }
}
