<?php
/**
 * Settings > Email / SMTP: provider presets, server and account fields,
 * verification-code switches, and the test email. Settings API, the
 * manage_options capability, nonces, escaped output.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Settings_Page
{
    public const SLUG = 'native-smtp';
    private const GROUP = 'native_smtp';

    public static function register(): void
    {
        add_action('admin_menu', [self::class, 'menu']);
        add_action('admin_init', [self::class, 'settings']);
        add_action('admin_enqueue_scripts', [self::class, 'assets']);
    }

    public static function menu(): void
    {
        add_options_page(__('Email / SMTP', 'native-smtp'), __('Email / SMTP', 'native-smtp'), 'manage_options', self::SLUG, [self::class, 'render']);
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
        wp_enqueue_script('native-smtp-admin', plugins_url('assets/admin.js', NATIVE_SMTP_FILE), [], NATIVE_SMTP_VERSION, true);
        wp_localize_script('native-smtp-admin', 'nativeSmtp', [
            'ajaxUrl' => admin_url('admin-ajax.php'),
            'nonce'   => wp_create_nonce(Native_SMTP_Test_Email::ACTION),
            'sending' => __('Sending…', 'native-smtp'),
            'failed'  => __('The request failed; try the button again or reload the page.', 'native-smtp'),
            'fixLabel' => __('How to fix it:', 'native-smtp'),
            'transcriptLabel' => __('SMTP conversation (password hidden)', 'native-smtp'),
        ]);
    }

    /** Provider presets from the extension with help in the site's language (empty without it). */
    public static function presets(): array
    {
        return Native_SMTP_Providers::all();
    }

    /**
     * Validates a submitted form. Any error keeps every stored value as it
     * was (nothing is saved half) and is shown next to the form. Fields a
     * wp-config constant locks are not in the form (disabled inputs are not
     * posted): they keep their stored value and are not validated.
     */
    public static function sanitize($input): array
    {
        $old = Native_SMTP_Options::stored();
        if (!is_array($input)) {
            return $old;
        }
        $input = wp_unslash($input);
        $errors = [];
        $new = $old;
        $submitted = static function (string $key) use ($input, $old): string {
            return Native_SMTP_Options::locked($key) ? (string) $old[$key] : trim((string) ($input[$key] ?? ''));
        };

        $presets = self::presets();
        $provider = sanitize_key($input['provider'] ?? 'other');
        $new['provider'] = isset($presets[$provider]) ? $provider : 'other';

        $host = $submitted('host');
        $port = $submitted('port');
        $encryption = Native_SMTP_Options::normalize_encryption($submitted('encryption'));
        // Without JavaScript: a chosen preset fills the server fields left empty.
        if ($new['provider'] !== 'other') {
            $p = $presets[$new['provider']];
            if ($host === '' && !Native_SMTP_Options::locked('host')) {
                $host = (string) $p['host'];
            }
            if ($encryption === '' && !Native_SMTP_Options::locked('encryption')) {
                $encryption = (string) $p['encryption'];
            }
            if (($port === '' || $port === '0') && !Native_SMTP_Options::locked('port')) {
                $port = (string) (($p['ports'][$encryption] ?? 0) ?: $p['port']);
            }
            if ($host === $p['host'] && isset($p['ports'][$encryption]) && (int) $p['ports'][$encryption] === 0) {
                /* translators: 1: provider name, 2: encryption (SSL, STARTTLS or None) */
                $errors[] = sprintf(__('Encryption: %1$s does not offer %2$s; choose another encryption.', 'native-smtp'), $p['name'], self::encryption_label($encryption));
            }
        }
        if ($host !== '' && !preg_match('/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/', $host)) {
            $errors[] = __('SMTP host: use only a server name such as smtp.qq.com, without spaces, "http://" or slashes.', 'native-smtp');
        }
        if ($port !== '' && (!ctype_digit($port) || (int) $port > 65535)) {
            $errors[] = __('Port: enter a number between 1 and 65535 (465 for SSL, 587 for STARTTLS, 25 for none).', 'native-smtp');
        }
        if (!in_array($encryption, ['none', 'ssl', 'starttls'], true)) {
            $errors[] = __('Encryption: choose None, SSL or STARTTLS.', 'native-smtp');
        }
        $new['host'] = $host;
        $new['port'] = (int) $port;
        $new['encryption'] = $encryption;
        $new['username'] = Native_SMTP_Options::locked('username') ? $old['username'] : sanitize_text_field($submitted('username'));
        $email = $submitted('from_email');
        if (!Native_SMTP_Options::locked('from_email') && $email !== '' && !is_email($email)) {
            /* translators: %s: field label */
            $errors[] = sprintf(__('%s: enter a valid email address.', 'native-smtp'), __('Sender email', 'native-smtp'));
        }
        $new['from_email'] = $email;
        $new['from_name'] = Native_SMTP_Options::locked('from_name') ? $old['from_name'] : sanitize_text_field($submitted('from_name'));
        foreach (['force_from', 'login_code', 'register_code', 'email_only', 'admin_exempt'] as $flag) {
            $new[$flag] = !empty($input[$flag]);
        }
        $ranges = ['code_length' => [4, 12], 'code_ttl' => [1, 60], 'code_attempts' => [1, 20], 'code_hourly_cap' => [1, 10000]];
        foreach ($ranges as $key => [$min, $max]) {
            $value = (string) ($input[$key] ?? $old[$key]);
            if (!ctype_digit($value) || (int) $value < $min || (int) $value > $max) {
                /* translators: 1: minimum, 2: maximum */
                $errors[] = sprintf(__('Verification codes: enter numbers between %1$d and %2$d.', 'native-smtp'), $min, $max);
                continue;
            }
            $new[$key] = (int) $value;
        }

        // The password: empty keeps the saved one (or, with no account, removes it, since
        // nothing logs in); a new one is stored encrypted or not at all.
        $password = (string) ($input['password'] ?? '');
        if ($password === '' && $new['username'] === '' && !Native_SMTP_Options::locked('password')) {
            $new['password'] = '';
        } elseif ($password !== '' && !Native_SMTP_Options::locked('password') && Native_SMTP_Options::decrypt($password) !== null) {
            // Our own ciphertext: WordPress runs this callback twice when the option is first added.
            $new['password'] = $password;
        } elseif ($password !== '' && !Native_SMTP_Options::locked('password')) {
            try {
                $new['password'] = Native_SMTP_Options::encrypt($password);
            } catch (Throwable $e) {
                $errors[] = __('The password could not be encrypted, so nothing was saved. Define NATIVE_SMTP_KEY in wp-config.php or put the password in NATIVE_SMTP_PASSWORD.', 'native-smtp');
            }
        }

        if ($errors) {
            foreach ($errors as $i => $message) {
                add_settings_error(Native_SMTP_Options::OPTION, 'native_smtp_' . $i, $message, 'error');
            }
            return $old;
        }
        return $new;
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
        $s = Native_SMTP_Options::get();
        $presets = self::presets();
        $option = Native_SMTP_Options::OPTION;
        $password = Native_SMTP_Options::password();
        $field = static function (string $key) use ($option): string {
            return $option . '[' . $key . ']';
        };
        $lock = static function (string $key): string {
            return Native_SMTP_Options::locked($key) ? ' disabled="disabled"' : '';
        };
        $locked_note = static function (string $key): void {
            if (Native_SMTP_Options::locked($key)) {
                /* translators: %s: constant name, e.g. NATIVE_SMTP_HOST */
                echo '<p class="description native-smtp-locked">' . esc_html(sprintf(__('Set in wp-config.php (%s).', 'native-smtp'), Native_SMTP_Options::CONSTANTS[$key])) . '</p>';
            }
        };
        $preset = $presets[$s['provider']] ?? null;
        ?>
        <div class="wrap native-smtp">
            <h1><?php esc_html_e('Email / SMTP', 'native-smtp'); ?></h1>
            <?php settings_errors($option); ?>
            <?php self::render_status($password); ?>
            <form method="post" action="<?php echo esc_url(admin_url('options.php')); ?>" id="native-smtp-settings">
                <?php settings_fields(self::GROUP); ?>
                <h2><?php esc_html_e('Mail server', 'native-smtp'); ?></h2>
                <table class="form-table" role="presentation">
                    <tr>
                        <th scope="row"><label for="native-smtp-provider"><?php esc_html_e('Provider', 'native-smtp'); ?></label></th>
                        <td>
                            <select id="native-smtp-provider" name="<?php echo esc_attr($field('provider')); ?>">
                                <?php foreach ($presets as $id => $p) : ?>
                                    <option value="<?php echo esc_attr((string) $id); ?>" <?php selected($s['provider'], (string) $id); ?>
                                        data-host="<?php echo esc_attr($p['host']); ?>" data-port="<?php echo esc_attr((string) $p['port']); ?>"
                                        data-encryption="<?php echo esc_attr($p['encryption']); ?>"
                                        data-ports="<?php echo esc_attr(wp_json_encode($p['ports'])); ?>"
                                        data-help="<?php echo esc_attr($p['help']); ?>"
                                        data-user-hint="<?php echo esc_attr($p['usernameHint']); ?>"><?php echo esc_html($p['name']); ?></option>
                                <?php endforeach; ?>
                                <option value="other" <?php selected($s['provider'], 'other'); ?>
                                    data-help="<?php echo esc_attr__('Enter your mail server\'s settings below.', 'native-smtp'); ?>"
                                    data-user-hint="<?php echo esc_attr(Native_SMTP_Providers::username_hint('other')); ?>"><?php esc_html_e('Other', 'native-smtp'); ?></option>
                            </select>
                            <p class="description" id="native-smtp-provider-help"><?php echo esc_html($preset['help'] ?? __('Enter your mail server\'s settings below.', 'native-smtp')); ?></p>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-host"><?php esc_html_e('SMTP host', 'native-smtp'); ?></label></th>
                        <td><input type="text" class="regular-text" id="native-smtp-host" name="<?php echo esc_attr($field('host')); ?>" value="<?php echo esc_attr($s['host']); ?>" placeholder="smtp.example.com"<?php echo $lock('host'); ?>>
                            <?php $locked_note('host'); ?></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-port"><?php esc_html_e('Port', 'native-smtp'); ?></label></th>
                        <td><input type="number" min="1" max="65535" class="small-text" id="native-smtp-port" name="<?php echo esc_attr($field('port')); ?>" value="<?php echo $s['port'] ? esc_attr((string) $s['port']) : ''; ?>"<?php echo $lock('port'); ?>>
                            <?php $locked_note('port'); ?></td>
                    </tr>
                    <tr>
                        <th scope="row"><?php esc_html_e('Encryption', 'native-smtp'); ?></th>
                        <td><fieldset id="native-smtp-encryption">
                            <?php foreach (['none', 'ssl', 'starttls'] as $value) : ?>
                                <label><input type="radio" name="<?php echo esc_attr($field('encryption')); ?>" value="<?php echo esc_attr($value); ?>" <?php checked($s['encryption'], $value); ?><?php echo $lock('encryption'); ?>> <?php echo esc_html(self::encryption_label($value)); ?></label>&nbsp;
                            <?php endforeach; ?>
                            <p class="description"><?php esc_html_e('SSL usually uses port 465 and STARTTLS port 587. "None" sends your password unencrypted.', 'native-smtp'); ?></p>
                            <?php $locked_note('encryption'); ?>
                        </fieldset></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-username"><?php esc_html_e('Account', 'native-smtp'); ?></label></th>
                        <td><input type="text" class="regular-text" id="native-smtp-username" autocomplete="off" name="<?php echo esc_attr($field('username')); ?>" value="<?php echo esc_attr($s['username']); ?>"<?php echo $lock('username'); ?>>
                            <p class="description" id="native-smtp-username-hint"><?php echo esc_html($preset['usernameHint'] ?? Native_SMTP_Providers::username_hint('other')); ?></p>
                            <p class="description"><?php esc_html_e('Leave empty for a server that needs no login; the saved password is then removed.', 'native-smtp'); ?></p>
                            <?php $locked_note('username'); ?></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-password"><?php esc_html_e('Password / authorization code', 'native-smtp'); ?></label></th>
                        <td><input type="password" class="regular-text" id="native-smtp-password" autocomplete="new-password" name="<?php echo esc_attr($field('password')); ?>" value=""
                            placeholder="<?php echo esc_attr(is_string($password) && $password !== '' ? __('saved', 'native-smtp') : ''); ?>"<?php echo $lock('password'); ?>>
                            <p class="description"><?php esc_html_e('Leave empty to keep the saved password. QQ Mail, 163 and Gmail need an authorization code or app password, not your login password.', 'native-smtp'); ?></p>
                            <?php $locked_note('password'); ?></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-from-email"><?php esc_html_e('Sender email', 'native-smtp'); ?></label></th>
                        <td><input type="email" class="regular-text" id="native-smtp-from-email" name="<?php echo esc_attr($field('from_email')); ?>" value="<?php echo esc_attr($s['from_email']); ?>"<?php echo $lock('from_email'); ?>>
                            <p class="description"><?php esc_html_e('Most providers only accept the account\'s own address here.', 'native-smtp'); ?></p>
                            <?php $locked_note('from_email'); ?></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-from-name"><?php esc_html_e('Sender name', 'native-smtp'); ?></label></th>
                        <td><input type="text" class="regular-text" id="native-smtp-from-name" name="<?php echo esc_attr($field('from_name')); ?>" value="<?php echo esc_attr($s['from_name']); ?>"<?php echo $lock('from_name'); ?>>
                            <?php $locked_note('from_name'); ?></td>
                    </tr>
                    <tr>
                        <th scope="row"><?php esc_html_e('Force sender', 'native-smtp'); ?></th>
                        <td><label><input type="checkbox" name="<?php echo esc_attr($field('force_from')); ?>" value="1" <?php checked($s['force_from']); ?>> <?php esc_html_e('Use this sender for all mail, whatever other plugins ask for', 'native-smtp'); ?></label></td>
                    </tr>
                </table>
                <h2><?php esc_html_e('Verification codes', 'native-smtp'); ?></h2>
                <table class="form-table" role="presentation">
                    <tr>
                        <th scope="row"><?php esc_html_e('Registration', 'native-smtp'); ?></th>
                        <td>
                            <label><input type="checkbox" name="<?php echo esc_attr($field('register_code')); ?>" value="1" <?php checked($s['register_code']); ?>> <?php esc_html_e('Email registration verification: new members confirm their address with a mailed code', 'native-smtp'); ?></label><br>
                            <label><input type="checkbox" name="<?php echo esc_attr($field('email_only')); ?>" value="1" <?php checked($s['email_only']); ?>> <?php esc_html_e('Email-only registration: the user name is made from the email address', 'native-smtp'); ?></label>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row"><?php esc_html_e('Login', 'native-smtp'); ?></th>
                        <td>
                            <label><input type="checkbox" name="<?php echo esc_attr($field('login_code')); ?>" value="1" <?php checked($s['login_code']); ?>> <?php esc_html_e('Login verification code: after the password, ask for a code mailed to the account', 'native-smtp'); ?></label><br>
                            <label><input type="checkbox" name="<?php echo esc_attr($field('admin_exempt')); ?>" value="1" <?php checked($s['admin_exempt']); ?>> <?php esc_html_e('Administrators skip the login code', 'native-smtp'); ?></label>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row"><?php esc_html_e('Codes', 'native-smtp'); ?></th>
                        <td>
                            <label><?php esc_html_e('Length', 'native-smtp'); ?> <input type="number" min="4" max="12" class="small-text" name="<?php echo esc_attr($field('code_length')); ?>" value="<?php echo esc_attr((string) $s['code_length']); ?>"></label>
                            <label><?php esc_html_e('Valid for (minutes)', 'native-smtp'); ?> <input type="number" min="1" max="60" class="small-text" name="<?php echo esc_attr($field('code_ttl')); ?>" value="<?php echo esc_attr((string) $s['code_ttl']); ?>"></label>
                            <label><?php esc_html_e('Attempts', 'native-smtp'); ?> <input type="number" min="1" max="20" class="small-text" name="<?php echo esc_attr($field('code_attempts')); ?>" value="<?php echo esc_attr((string) $s['code_attempts']); ?>"></label>
                            <label><?php esc_html_e('Code emails per hour, whole site', 'native-smtp'); ?> <input type="number" min="1" max="10000" class="small-text" name="<?php echo esc_attr($field('code_hourly_cap')); ?>" value="<?php echo esc_attr((string) $s['code_hourly_cap']); ?>"></label>
                        </td>
                    </tr>
                </table>
                <?php submit_button(); ?>
            </form>
            <?php do_action('native_smtp_settings_sections'); // e.g. "Sign in with Microsoft" (includes/oauth) ?>
            <?php self::render_test_form(); ?>
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
            /* translators: 1: SMTP host, 2: encryption (SSL, STARTTLS or None) */
            echo '<p class="native-smtp-status">' . esc_html(sprintf(__('All site mail is sent through %1$s (%2$s).', 'native-smtp'), $s['host'], self::encryption_label($s['encryption'])))
                . ' ' . esc_html(Native_SMTP_Engine_Status::summary()) . '</p>';
        } else {
            echo '<p class="native-smtp-status">' . esc_html__('No SMTP server is set yet: WordPress sends mail its default way.', 'native-smtp') . '</p>';
        }
    }

    private static function render_test_form(): void
    {
        $result = get_transient('native_smtp_test_' . get_current_user_id());
        if ($result !== false && isset($_GET['tested'])) {
            delete_transient('native_smtp_test_' . get_current_user_id());
        } else {
            $result = null;
        }
        ?>
        <h2><?php esc_html_e('Send test email', 'native-smtp'); ?></h2>
        <form method="post" action="<?php echo esc_url(admin_url('admin-post.php')); ?>" id="native-smtp-test">
            <input type="hidden" name="action" value="<?php echo esc_attr(Native_SMTP_Test_Email::ACTION); ?>">
            <?php wp_nonce_field(Native_SMTP_Test_Email::ACTION); ?>
            <label for="native-smtp-test-to"><?php esc_html_e('Recipient', 'native-smtp'); ?></label>
            <input type="email" id="native-smtp-test-to" name="to" class="regular-text" required value="<?php echo esc_attr(wp_get_current_user()->user_email); ?>">
            <?php submit_button(__('Send test email', 'native-smtp'), 'secondary', 'submit', false); ?>
        </form>
        <div id="native-smtp-test-result" aria-live="polite"><?php if ($result) { self::render_result($result); } ?></div>
        <?php
    }

    /** The outcome of a test email; also built by assets/admin.js from the AJAX answer. */
    public static function render_result(array $r): void
    {
        if ($r['ok']) {
            echo '<div class="notice notice-success inline native-smtp-ok"><p>' . esc_html($r['message']) . '</p></div>';
            return;
        }
        echo '<div class="notice notice-error inline native-smtp-error">';
        if (!empty($r['explanation'])) {
            echo '<p><strong>' . esc_html($r['explanation']) . '</strong></p>';
        }
        echo '<p>' . esc_html($r['message']) . '</p>';
        if (!empty($r['fix'])) {
            echo '<p class="native-smtp-fix"><strong>' . esc_html__('How to fix it:', 'native-smtp') . '</strong> ' . esc_html($r['fix']) . '</p>';
        }
        if (!empty($r['transcript'])) {
            echo '<details><summary>' . esc_html__('SMTP conversation (password hidden)', 'native-smtp') . '</summary><pre class="native-smtp-transcript">'
                . esc_html($r['transcript']) . '</pre></details>';
        }
        echo '</div>';
    }
}
