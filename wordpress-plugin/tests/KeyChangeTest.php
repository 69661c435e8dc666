<?php
/**
 * The key that encrypts the saved password changed (salts regenerated,
 * NATIVE_SMTP_KEY set or changed): no mail goes out, every admin screen of
 * a user who can manage options says exactly why and what to do, Site
 * Health reports it as critical. A damaged value is told apart from a
 * changed key.
 */
final class KeyChangeTest extends Native_SMTP_TestCase
{
    private const SCRIPT = 'ob_start(); do_action("admin_notices"); $notices = ob_get_clean();'
        . '$r = Native_SMTP_Key_Status::password_test();'
        . 'echo json_encode(["notices" => $notices, "health" => $r["status"], "sent" => wp_mail("bob@example.com", "After the key change", "x")]);';

    public function test_a_changed_key_is_named_with_what_to_do(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $this->assertNotSame('', get_option(Native_SMTP_Options::KEY_FINGERPRINT));
        [$status, $out] = $this->run_wordpress(self::SCRIPT, ['NATIVE_SMTP_KEY' => 'a-new-key-0123456789-abcdef']);
        $this->assertSame(0, $status, $out);
        $r = json_decode(substr($out, strpos($out, '{')), true);
        $this->assertFalse($r['sent']);
        $this->assertSame('critical', $r['health']);
        $this->assertStringContainsString('NATIVE_SMTP_KEY in wp-config.php changed since the SMTP password was saved', $r['notices']);
        $this->assertStringContainsString('enter the SMTP password again on Settings &gt; Email / SMTP', $r['notices']);

        // The same site with its own key again: all is well.
        [, $out] = $this->run_wordpress(self::SCRIPT);
        $r = json_decode(substr($out, strpos($out, '{')), true);
        $this->assertTrue($r['sent']);
        $this->assertSame('good', $r['health']);
        $this->assertStringNotContainsString('native-smtp-key-notice', $r['notices']);
    }

    public function test_a_damaged_value_is_not_called_a_key_change_and_users_without_the_right_see_nothing(): void
    {
        $this->configure('SMTP_TEST_PLAIN_PORT', 'none');
        $saved = get_option(Native_SMTP_Options::OPTION);
        update_option(Native_SMTP_Options::OPTION, ['password' => 'v1:' . base64_encode(str_repeat('x', 60))] + $saved);
        $message = Native_SMTP_Options::password()->get_error_message();
        $this->assertStringStartsWith('The saved SMTP password can no longer be decrypted', $message);
        $this->assertStringNotContainsString('changed since', $message);
        ob_start();
        Native_SMTP_Key_Status::notice();
        $this->assertStringContainsString('native-smtp-key-notice', ob_get_clean());
        wp_set_current_user(0);
        ob_start();
        Native_SMTP_Key_Status::notice();
        $this->assertSame('', ob_get_clean());
    }
}
