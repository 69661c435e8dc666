<?php

final class TranslationsTest extends Native_SMTP_TestCase
{
    /** @dataProvider locales */
    #[PHPUnit\Framework\Attributes\DataProvider('locales')]
    public function test_plugin_strings_are_translated(string $locale, string $success): void
    {
        $this->in_locale($locale, function () use ($success) {
            $this->assertSame($success, Native_SMTP_Test_Email::success_text());
            $this->assertNotSame('Email / SMTP', __('Email / SMTP', 'native-smtp'));
            $this->assertStringContainsString('10', sprintf(_n('The code is valid for %d minute and can be used once.', 'The code is valid for %d minutes and can be used once.', 10, 'native-smtp'), 10));
        });
    }

    /**
     * Runs $test in another site language, the way WordPress switches (its
     * translation loading differs between 6.1 and 6.5+; both follow this).
     */
    private function in_locale(string $locale, callable $test): void
    {
        $this->assertTrue(switch_to_locale($locale), "WordPress has no $locale translation installed");
        load_plugin_textdomain('native-smtp', false, 'native-smtp/languages');
        try {
            $test();
        } finally {
            restore_previous_locale();
        }
    }

    /** @dataProvider locales */
    #[PHPUnit\Framework\Attributes\DataProvider('locales')]
    public function test_provider_help_and_the_extension_s_hints_are_translated(string $locale): void
    {
        $this->in_locale($locale, function () {
            // Every text of the shared data file (the core's English) has a translation.
            foreach (Native_SMTP_Data::providers() as $preset) {
                $id = $preset['id'];
                $help = Native_SMTP_Providers::help($id);
                $this->assertNotSame('', $help, $id);
                $this->assertNotSame($preset['help'], $help, "$id: help in English");
                $this->assertStringNotContainsString(' the ', $help, "$id: help in English");
                $this->assertStringNotContainsString(' the ', Native_SMTP_Providers::username_hint($id), "$id: account hint in English");
                $this->assertStringNotContainsString(' the ', Native_SMTP_Providers::password_steps($id), "$id: steps in English");
            }
            $this->assertGreaterThanOrEqual(15, count(Native_SMTP_Data::categories()));
            foreach (Native_SMTP_Data::categories() as $category => $texts) {
                $this->assertNotSame($texts['hint'], Native_SMTP_Error_Help::hint($texts['hint']), "untranslated hint: $category");
                $this->assertNotSame($texts['explanation'], Native_SMTP_Error_Help::explain($category), "untranslated explanation: $category");
            }
            // The remedies narrower than a category (the enhanced-code table's), as both engines give them.
            $this->assertGreaterThanOrEqual(5, count(Native_SMTP_Data::hints()));
            foreach (Native_SMTP_Data::hints() as $id => $hint) {
                $this->assertNotSame($hint, Native_SMTP_Error_Help::hint($hint), "untranslated hint: $id");
            }
        });
    }

    public static function locales(): array
    {
        return [
            'ja' => ['ja', 'おめでとうございます！メールサービスの設定が完了しました。'],
            'zh_CN' => ['zh_CN', '恭喜！您的邮件服务已配置成功。'],
            'fi' => ['fi', 'Onnittelut! Sähköpostipalvelusi on määritetty onnistuneesti.'],
        ];
    }
}
