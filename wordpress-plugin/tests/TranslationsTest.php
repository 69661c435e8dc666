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

    public function locales(): array
    {
        return [
            'ja' => ['ja', 'おめでとうございます！メールサービスの設定が完了しました。'],
            'zh_CN' => ['zh_CN', '恭喜！您的邮件服务已配置成功。'],
            'fi' => ['fi', 'Onnittelut! Sähköpostipalvelusi on määritetty onnistuneesti.'],
        ];
    }
}
