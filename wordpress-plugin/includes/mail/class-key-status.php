<?php
/**
 * When the saved SMTP password no longer decrypts (the key in wp-config.php
 * changed), no site mail goes out: every admin screen of a user who can
 * manage options says so and what to do, and Site Health reports it as
 * critical.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Key_Status
{
    public static function register(): void
    {
        add_action('admin_notices', [self::class, 'notice']);
        add_filter('site_status_tests', [self::class, 'site_status_tests']);
    }

    /** The problem's text, or null when the password decrypts (or none is saved). */
    public static function problem(): ?string
    {
        if (Native_SMTP_Options::get()['host'] === '') {
            return null;
        }
        $password = Native_SMTP_Options::password();
        return is_wp_error($password) ? $password->get_error_message() : null;
    }

    public static function notice(): void
    {
        if (!current_user_can('manage_options') || ($problem = self::problem()) === null) {
            return;
        }
        $url = add_query_arg('page', Native_SMTP_Settings_Page::SLUG, admin_url('options-general.php'));
        echo '<div class="notice notice-error native-smtp-key-notice"><p><strong>' . esc_html__('Native SMTP:', 'native-smtp') . '</strong> '
            . esc_html($problem) . ' <a href="' . esc_url($url) . '">' . esc_html__('Open Settings > Email / SMTP', 'native-smtp') . '</a></p></div>';
    }

    public static function site_status_tests(array $tests): array
    {
        $tests['direct']['native_smtp_password'] = ['label' => __('SMTP password', 'native-smtp'), 'test' => [self::class, 'password_test']];
        return $tests;
    }

    public static function password_test(): array
    {
        $problem = self::problem();
        return [
            'label'       => $problem === null ? __('The saved SMTP password can be read', 'native-smtp') : __('The saved SMTP password can no longer be decrypted', 'native-smtp'),
            'status'      => $problem === null ? 'good' : 'critical',
            'badge'       => ['label' => __('Email', 'native-smtp'), 'color' => $problem === null ? 'blue' : 'red'],
            'description' => '<p>' . esc_html($problem ?? __('Site mail can log in to the SMTP server with the saved settings.', 'native-smtp')) . '</p>',
            'actions'     => '',
            'test'        => 'native_smtp_password',
        ];
    }
}
