<?php
/**
 * What the code tests share: a clean slate of code state, the code out of a
 * captured mail, a form field's value.
 */
trait Native_SMTP_Code_Test_Helpers
{
    /** Forgets every code token, resend cooldown and rate counter, so a test starts with full buckets. */
    protected function forget_codes(): void
    {
        global $wpdb;
        foreach (['native_smtp_code_', 'native_smtp_last_', 'native_smtp_rl_'] as $prefix) {
            $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like($prefix) . '%'));
        }
        wp_cache_flush();
    }

    /** The code in a captured code mail (raw, quoted-printable). */
    protected function code_in(string $raw): string
    {
        $this->assertTrue((bool) preg_match('/16px 0">(\d{6})</', quoted_printable_decode($raw), $m), 'no code in the mail');
        return $m[1];
    }

    /** The value of the input named $name in $html. */
    protected function field(string $html, string $name): string
    {
        $this->assertTrue((bool) preg_match('/name="' . preg_quote($name, '/') . '"[^>]*value="([^"]*)"/', $html, $m), "no $name in the page");
        return html_entity_decode($m[1]);
    }
}
