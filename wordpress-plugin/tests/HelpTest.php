<?php
/**
 * The settings page's Help tab, readme.txt and the README describe the same
 * fields in the same words, and the Help tab is on the page.
 */
final class HelpTest extends Native_SMTP_TestCase
{
    /** Text with line wrapping and list markers taken out. */
    private static function flat(string $text): string
    {
        return (string) preg_replace('/\s+/', ' ', preg_replace('/^\s*[-*] /m', '', $text));
    }

    public function test_readme_txt_and_readme_md_say_what_the_help_tab_says(): void
    {
        $readme = self::flat((string) file_get_contents(dirname(__DIR__) . '/readme.txt'));
        $root = self::flat((string) file_get_contents(dirname(__DIR__, 2) . '/README.md'));
        $fields = Native_SMTP_Screen_Help::fields();
        $this->assertGreaterThanOrEqual(12, count($fields));
        foreach ($fields as $label => $text) {
            $line = "$label: $text";
            $this->assertStringContainsString($line, $readme, 'readme.txt');
            $this->assertStringContainsString($line, $root, 'README.md');
        }
        // Each field of the form is in the help, under the label the form shows.
        foreach (['provider', 'host', 'port', 'encryption', 'username', 'password', 'from_email', 'from_name', 'force_from'] as $key) {
            $this->assertArrayHasKey(Native_SMTP_Settings_Fields::label($key), $fields, $key);
        }
    }

    public function test_the_help_tab_is_added_to_the_settings_screen(): void
    {
        set_current_screen('settings_page_native-smtp');
        Native_SMTP_Screen_Help::add();
        $tab = get_current_screen()->get_help_tab('native-smtp-fields');
        $this->assertNotNull($tab);
        $this->assertStringContainsString('<dt><strong>SMTP server address</strong></dt>', $tab['content']);
        set_current_screen('front');
    }
}
