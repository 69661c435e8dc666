<?php

final class TranslationsTest extends Native_SMTP_TestCase
{
    /** @dataProvider locales */
    public function test_plugin_strings_are_translated(string $locale, string $success): void
    {
        $filter = fn() => $locale;
        add_filter('locale', $filter);
        unload_textdomain('native-smtp');
        load_plugin_textdomain('native-smtp', false, 'native-smtp/languages');
        $this->assertSame($success, Native_SMTP_Test_Email::success_text());
        $this->assertNotSame('Email / SMTP', __('Email / SMTP', 'native-smtp'));
        $this->assertStringContainsString('10', sprintf(_n('The code is valid for %d minute and can be used once.', 'The code is valid for %d minutes and can be used once.', 10, 'native-smtp'), 10));
        remove_filter('locale', $filter);
        unload_textdomain('native-smtp');
        load_plugin_textdomain('native-smtp', false, 'native-smtp/languages');
    }

    /** @dataProvider locales */
    public function test_provider_help_and_the_extension_s_hints_are_translated(string $locale): void
    {
        $filter = fn() => $locale;
        add_filter('locale', $filter);
        unload_textdomain('native-smtp');
        load_plugin_textdomain('native-smtp', false, 'native-smtp/languages');
        try {
            foreach (Smtp\Config::presets() as $id => $preset) {
                $help = Native_SMTP_Providers::help((string) $id, $preset);
                $this->assertNotSame('', $help, $id);
                $this->assertNotSame($preset['help'], $help, "$id: help in English");
                $this->assertStringNotContainsString(' the ', $help, "$id: help in English");
                $this->assertStringNotContainsString(' the ', Native_SMTP_Providers::username_hint((string) $id, $preset), "$id: account hint in English");
            }
            // Every hint the extension can give (src/error.cpp) has a translation.
            $source = file_get_contents(dirname(__DIR__, 2) . '/src/error.cpp');
            $body = substr($source, strpos($source, 'default_hint('));
            $body = substr($body, 0, strpos($body, "\n}\n"));
            preg_match_all('/return "((?:[^"\\\\]|\\\\.)+)";/', $body, $m);
            $this->assertGreaterThanOrEqual(15, count($m[1]));
            foreach ($m[1] as $hint) {
                $hint = stripcslashes($hint);
                $this->assertNotSame($hint, Native_SMTP_Error_Help::hint($hint), "untranslated hint: $hint");
            }
        } finally {
            remove_filter('locale', $filter);
            unload_textdomain('native-smtp');
            load_plugin_textdomain('native-smtp', false, 'native-smtp/languages');
        }
    }

    public function locales(): array
    {
        return [
            'ja' => ['ja', 'おめでとうございます！メールサービスの設定が完了しました。'],
            'zh_CN' => ['zh_CN', '恭喜！您的邮件服务已配置成功。'],
            'fi' => ['fi', 'Onnittelut! Sähköpostipalvelusi on määritetty onnistuneesti.'],
        ];
    }
}
