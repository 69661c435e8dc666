<?php
/**
 * Settings > Email / SMTP: the page, its scripts and its help, and saving
 * through the Settings API (manage_options, nonces, a sanitize callback).
 * The fields are drawn by Native_SMTP_Settings_Fields; the connection check
 * and the test email answer the page's scripts over admin-ajax.php.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Settings_Page
{
    public const SLUG = 'native-smtp';
    public const GROUP = 'native_smtp';
    private const SUMMARY = 'native_smtp_invalid';

    public static function register(): void
    {
        add_action('admin_menu', [self::class, 'menu']);
        add_action('admin_init', [self::class, 'settings']);
        add_action('admin_enqueue_scripts', [self::class, 'assets']);
    }

    public static function menu(): void
    {
        $hook = add_options_page(__('Email / SMTP', 'native-smtp'), __('Email / SMTP', 'native-smtp'), 'manage_options', self::SLUG, [self::class, 'render']);
        if ($hook) {
            add_action('load-' . $hook, [Native_SMTP_Screen_Help::class, 'add']);
        }
    }

    public static function settings(): void
    {
        register_setting(self::GROUP, Native_SMTP_Options::OPTION, [
            'type'              => 'array',
            'sanitize_callback' => [self::class, 'sanitize'],
            'default'           => Native_SMTP_Options::defaults(),
        ]);
    }

    public static function assets(string $hook): void
    {
        if ($hook !== 'settings_page_' . self::SLUG) {
            return;
        }
        $url = static function (string $file): string {
            return plugins_url('assets/admin/' . $file, NATIVE_SMTP_FILE);
        };
        wp_enqueue_style('native-smtp-admin', $url('settings.css'), [], NATIVE_SMTP_VERSION);
        wp_enqueue_script('native-smtp-settings', $url('settings.js'), [], NATIVE_SMTP_VERSION, true);
        wp_enqueue_script('native-smtp-connection-check', $url('connection-check.js'), ['native-smtp-settings'], NATIVE_SMTP_VERSION, true);
        wp_enqueue_script('native-smtp-test-email', $url('test-email.js'), ['native-smtp-settings'], NATIVE_SMTP_VERSION, true);
        $labels = [];
        foreach (['none', 'ssl', 'starttls'] as $value) {
            $labels[$value] = self::encryption_label($value);
        }
        wp_localize_script('native-smtp-settings', 'nativeSmtp', [
            'ajaxUrl'         => admin_url('admin-ajax.php'),
            'testNonce'       => wp_create_nonce(Native_SMTP_Test_Email::ACTION),
            'checkNonce'      => wp_create_nonce(Native_SMTP_Connection_Check::ACTION),
            'encryption'      => $labels,
            'portRules'       => Native_SMTP_Port_Rules::messages(),
            'wellKnown'       => Native_SMTP_Port_Rules::WELL_KNOWN,
            'usernameNeeded'  => Native_SMTP_Settings_Validator::username_needed(),
            'senderNote'      => Native_SMTP_Settings_Fields::sender_note_template(),
            'sending'         => __('Sending the test email…', 'native-smtp'),
            'checking'        => __('Checking the connection on ports 465, 587 and 25 and the port entered…', 'native-smtp'),
            'failed'          => __('The request failed; try the button again or reload the page.', 'native-smtp'),
            'fixLabel'        => __('How to fix it:', 'native-smtp'),
            'detailsLabel'    => __('Details (from the mail server, in English)', 'native-smtp'),
            'transcriptLabel' => __('SMTP conversation (password hidden)', 'native-smtp'),
            /* translators: 1: port, 2: encryption */
            'useCombination'  => __('Use port %1$d with %2$s', 'native-smtp'),
            'applied'         => __('Port and encryption filled in. Save the settings to keep them.', 'native-smtp'),
        ]);
    }

    /**
     * The Settings API's sanitize callback. Any error keeps every stored
     * value as it was (nothing is saved half); the messages go next to their
     * fields with the typed values (Native_SMTP_Form_State), and one summary
     * goes to the settings errors WordPress prints at the top of the page.
     */
    public static function sanitize($input): array
    {
        $old = Native_SMTP_Options::stored();
        if (!is_array($input)) {
            return $old;
        }
        $checked = Native_SMTP_Settings_Validator::check(wp_unslash($input), $old);
        $new = $checked['values'];
        $errors = $checked['errors'];
        $password = $checked['password'];

        // The password: empty keeps the saved one (or, with no username, removes it, since
        // nothing logs in); a new one is stored encrypted or not at all.
        if (Native_SMTP_Options::locked('password')) {
            $new['password'] = $old['password'];
        } elseif ($password === '' && $new['username'] === '') {
            $new['password'] = '';
        } elseif ($password !== '' && Native_SMTP_Options::decrypt($password) !== null) {
            // Our own ciphertext: WordPress runs this callback twice when the option is first added.
            $new['password'] = $password;
        } elseif ($password !== '' && !$errors) {
            try {
                $new['password'] = Native_SMTP_Options::encrypt($password);
            } catch (Throwable $e) {
                $errors['password'] = __('The password could not be encrypted, so nothing was saved. Define NATIVE_SMTP_KEY in wp-config.php or put the password in NATIVE_SMTP_PASSWORD.', 'native-smtp');
            }
        }

        if (!$errors) {
            return $new;
        }
        Native_SMTP_Form_State::keep($new, $errors);
        // Once, even when WordPress runs this callback twice for a new option.
        if (!in_array(self::SUMMARY, wp_list_pluck(get_settings_errors(Native_SMTP_Options::OPTION), 'code'), true)) {
            add_settings_error(Native_SMTP_Options::OPTION, self::SUMMARY, self::summary($errors), 'error');
        }
        return $old;
    }

    /** "Nothing was saved" with a link to each field that needs a fix (HTML; WordPress prints it as is). */
    private static function summary(array $errors): string
    {
        $links = [];
        foreach (Native_SMTP_Settings_Validator::FIELDS as $key) {
            if (isset($errors[$key])) {
                $links[] = '<a href="#' . esc_attr(Native_SMTP_Settings_Fields::id($key)) . '">' . esc_html(Native_SMTP_Settings_Fields::label($key)) . '</a>';
            }
        }
        return esc_html__('Nothing was saved. Fix the fields marked below:', 'native-smtp') . ' ' . wp_sprintf('%l', $links);
    }

    public static function encryption_label(string $encryption): string
    {
        $labels = ['none' => __('None', 'native-smtp'), 'ssl' => __('SSL', 'native-smtp'), 'starttls' => __('STARTTLS', 'native-smtp')];
        return $labels[$encryption] ?? $encryption;
    }

    public static function render(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        // After a failed save: the values as typed and each field's message.
        $state = Native_SMTP_Form_State::take();
        $values = array_merge(Native_SMTP_Options::get(), $state['values'] ?? []);
        foreach (Native_SMTP_Options::CONSTANTS as $key => $constant) {
            if ($key !== 'password' && Native_SMTP_Options::locked($key)) {
                $values[$key] = Native_SMTP_Options::get()[$key];
            }
        }
        $password = Native_SMTP_Options::password();
        ?>
        <div class="wrap native-smtp">
            <h1><?php esc_html_e('Email / SMTP', 'native-smtp'); ?></h1>
            <?php /* No settings_errors() here: WordPress prints them on pages under Settings. */ ?>
            <?php self::render_status($password); ?>
            <form method="post" action="<?php echo esc_url(admin_url('options.php')); ?>" id="native-smtp-settings" novalidate>
                <?php settings_fields(self::GROUP); ?>
                <?php Native_SMTP_Settings_Fields::render($values, $state['errors'] ?? [], is_string($password) && $password !== '', $state !== null); ?>
                <?php submit_button(); ?>
            </form>
            <?php do_action('native_smtp_settings_sections'); // e.g. "Sign in with Microsoft" (includes/oauth) ?>
            <?php Native_SMTP_Test_Email::render_form(); ?>
        </div>
        <?php
    }

    /**
     * Where mail goes now and with which engine, or WordPress's default
     * way, or nowhere until the password is entered again.
     *
     * @param string|WP_Error $password
     */
    private static function render_status($password): void
    {
        if (is_wp_error($password)) {
            echo '<div class="notice notice-error inline native-smtp-reenter"><p>' . esc_html($password->get_error_message()) . '</p></div>';
        } elseif (Native_SMTP_Options::is_configured()) {
            $s = Native_SMTP_Options::get();
            /* translators: 1: SMTP server address, 2: encryption (SSL, STARTTLS or None) */
            echo '<p class="native-smtp-status">' . esc_html(sprintf(__('All site mail is sent through %1$s (%2$s).', 'native-smtp'), $s['host'], self::encryption_label($s['encryption'])))
                . ' ' . esc_html(Native_SMTP_Engine_Status::summary()) . '</p>';
        } else {
            echo '<p class="native-smtp-status">' . esc_html__('No SMTP server is set yet: WordPress sends mail its default way.', 'native-smtp') . '</p>';
        }
    }
}
