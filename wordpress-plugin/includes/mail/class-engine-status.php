<?php
/**
 * Tells the owner which engine sends the site's mail and, without the
 * extension, what it would add: a Site Health test, a dismissible notice on
 * the plugin's own page, and sentences the settings page and WP-CLI show.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Engine_Status
{
    private const DISMISSED = 'native_smtp_engine_notice_dismissed';
    private const DISMISS_ACTION = 'native_smtp_dismiss_engine';

    public static function register(): void
    {
        add_filter('site_status_tests', [self::class, 'site_status_tests']);
        add_action('admin_notices', [self::class, 'notice']);
        add_action('admin_post_' . self::DISMISS_ACTION, [self::class, 'dismiss']);
    }

    /** The engine's name for people. */
    public static function label(): string
    {
        return Native_SMTP_Engines::id() === 'extension'
            /* translators: %s: version of the smtp extension */
            ? sprintf(__('the native smtp PHP extension %s', 'native-smtp'), (string) phpversion('smtp'))
            : __('PHPMailer, built into WordPress', 'native-smtp');
    }

    /** One sentence: which engine sends mail. */
    public static function summary(): string
    {
        /* translators: %s: the engine, e.g. "PHPMailer, built into WordPress" */
        return sprintf(__('Mail is sent with %s.', 'native-smtp'), self::label());
    }

    /** What loading the extension would add (for sites without it). */
    public static function extension_benefits(): string
    {
        return __('The smtp PHP extension would send faster (fewer round trips to the server, many messages over one connection), stream attachments from disk instead of holding them in memory, and check verification codes natively. Everything else works the same without it.', 'native-smtp');
    }

    /** How to install the extension. */
    public static function install_steps(): string
    {
        return __('To install it, your host or administrator builds it from the plugin\'s source (phpize, ./configure --enable-smtp, make, or PIE), adds extension=smtp.so to php.ini and restarts PHP.', 'native-smtp');
    }

    /** Site Health: which engine, and a note when a constant asked for one that is not there. */
    public static function site_status_tests(array $tests): array
    {
        $tests['direct']['native_smtp_engine'] = ['label' => __('Mail sending engine', 'native-smtp'), 'test' => [self::class, 'engine_test']];
        return $tests;
    }

    public static function engine_test(): array
    {
        $native = Native_SMTP_Engines::id() === 'extension';
        $forced_missing = defined('NATIVE_SMTP_ENGINE') && strtolower((string) NATIVE_SMTP_ENGINE) === 'extension' && !$native;
        $description = '<p>' . esc_html(self::summary()) . '</p>';
        if (!$native) {
            $description .= '<p>' . esc_html(self::extension_benefits()) . '</p><p>' . esc_html(self::install_steps()) . '</p>';
        }
        if ($forced_missing) {
            $description .= '<p>' . esc_html__('NATIVE_SMTP_ENGINE asks for the extension, but it is not loaded: PHPMailer sends instead.', 'native-smtp') . '</p>';
        }
        return [
            'label'       => $native ? __('Site mail is sent with the native smtp extension', 'native-smtp') : __('Site mail is sent with WordPress\'s PHPMailer', 'native-smtp'),
            'status'      => $native ? 'good' : 'recommended',
            'badge'       => ['label' => __('Email', 'native-smtp'), 'color' => $native ? 'blue' : 'orange'],
            'description' => $description,
            'actions'     => '',
            'test'        => 'native_smtp_engine',
        ];
    }

    /** Without the extension: a notice on the plugin's settings page only, until dismissed by this user. */
    public static function notice(): void
    {
        $screen = function_exists('get_current_screen') ? get_current_screen() : null;
        if (Native_SMTP_Engines::id() === 'extension' || !$screen || $screen->id !== 'settings_page_' . Native_SMTP_Settings_Page::SLUG
            || !current_user_can('manage_options') || get_user_meta(get_current_user_id(), self::DISMISSED, true)) {
            return;
        }
        $dismiss = wp_nonce_url(admin_url('admin-post.php?action=' . self::DISMISS_ACTION), self::DISMISS_ACTION);
        echo '<div class="notice notice-info native-smtp-engine-notice"><p>' . esc_html(self::summary()) . ' '
            . esc_html(self::extension_benefits()) . ' ' . esc_html(self::install_steps())
            . '</p><p><a href="' . esc_url($dismiss) . '">' . esc_html__('Dismiss this notice', 'native-smtp') . '</a></p></div>';
    }

    public static function dismiss(): void
    {
        check_admin_referer(self::DISMISS_ACTION);
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('You are not allowed to do this.', 'native-smtp'), 403);
        }
        update_user_meta(get_current_user_id(), self::DISMISSED, 1);
        wp_safe_redirect(add_query_arg('page', Native_SMTP_Settings_Page::SLUG, admin_url('options-general.php')));
        exit;
    }
}
