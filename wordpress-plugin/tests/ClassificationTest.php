<?php
/**
 * The PHPMailer engine classifies refusals exactly as the core does: the
 * same vectors (tests/data/classification-cases.json) run here through
 * Native_SMTP_Diagnosis and in the Catch2 suite through classify_reply().
 */
final class ClassificationTest extends Native_SMTP_TestCase
{
    /** @return array<string, array{0: array}> */
    public static function cases(): array
    {
        $file = dirname(__DIR__, 2) . '/tests/data/classification-cases.json';
        $out = [];
        foreach (json_decode((string) file_get_contents($file), true)['cases'] as $i => $case) {
            $out[sprintf('#%d %s %s', $i, $case['stage'], strtok($case['reply'], "\r\n"))] = [$case];
        }
        return $out;
    }

    /** @dataProvider cases */
    #[PHPUnit\Framework\Attributes\DataProvider('cases')]
    public function test_the_engine_without_the_extension_gives_the_cores_answer(array $case): void
    {
        $classified = Native_SMTP_Diagnosis::classify($case['stage'], (int) substr($case['reply'], 0, 3), $case['reply']);
        $this->assertSame(['category' => $case['category'], 'hint' => $case['hint']], $classified);
        $expected = $case['hint'] !== '' ? Native_SMTP_Data::hints()[$case['hint']] : Native_SMTP_Data::categories()[$case['category']]['hint'];
        $this->assertSame($expected, Native_SMTP_Diagnosis::hint($classified), 'the hint, untranslated on an English site');
    }

    public function test_the_vectors_cover_every_rule_of_the_enhanced_code_table(): void
    {
        $covered = [];
        foreach (self::cases() as [$case]) {
            $covered[substr(Native_SMTP_Diagnosis::enhanced_code($case['reply']), 2)] = true;
        }
        foreach (Native_SMTP_Data::enhanced_codes() as $rule) {
            $this->assertNotEmpty(array_intersect($rule['codes'], array_keys($covered)), 'no vector for ' . implode(', ', $rule['codes']));
        }
    }

    public function test_a_reply_reads_as_the_cores_parser_reads_it(): void
    {
        $this->assertSame(['5.7.9', '534 5.7.9 Application-specific password required. / Learn more'],
            Native_SMTP_Diagnosis::parse_reply("534-5.7.9 Application-specific password required.\r\n534 5.7.9 Learn more\r\n"));
        // An enhanced code whose class digit is not the reply's is text.
        $this->assertSame(['', '550 4.1.1 odd'], Native_SMTP_Diagnosis::parse_reply("550 4.1.1 odd"));
        $this->assertSame(['', '250'], Native_SMTP_Diagnosis::parse_reply("250\r\n"));
    }
}
