<?php
/**
 * "Send test email": one message sent with the settings on screen (saved or
 * not; the answer says which), as plain text or HTML, through the same
 * preparation as every wp_mail(). The answer's first line is plain language
 * in the site's language; the server's own words go in the details.
 * Reachable by AJAX (the page's script posts the whole settings form) and,
 * without JavaScript, by a plain form post that uses the saved settings.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Test_Email
{
    public const ACTION = 'native_smtp_test';

    public static function register(): void
    {
        add_action('wp_ajax_' . self::ACTION, [self::class, 'ajax']);
        add_action('admin_post_' . self::ACTION, [self::class, 'post']);
    }

    public static function success_text(): string
    {
        return __('Congratulations! Your mail service is configured successfully.', 'native-smtp');
    }

    /**
     * Sends the test message.
     *
     * @param array|null $form the settings form as posted (unslashed), null for the saved settings
     * @return array{ok: bool, message: string, note?: string, category?: string, fix?: string, details?: string, transcript: string}
     */
    public static function run(string $to, ?array $form = null, bool $html = false): array
    {
        if (!is_email($to)) {
            return ['ok' => false, 'message' => __('Enter a valid recipient address for the test email.', 'native-smtp'), 'transcript' => ''];
        }
        $stored = Native_SMTP_Options::get();
        $saved = true;
        $password = Native_SMTP_Options::password();
        $settings = $stored;
        if ($form !== null) {
            // Checked against the settings in effect, so fields locked by wp-config constants keep the constants' values.
            $checked = Native_SMTP_Settings_Validator::check($form, $stored);
            if ($checked['errors']) {
                return ['ok' => false, 'message' => __('Fix the settings on screen first:', 'native-smtp') . ' ' . implode(' ', $checked['errors']),
                    'errors' => $checked['errors'], 'transcript' => ''];
            }
            $settings = $checked['values'];
            if ($checked['password'] !== '') {
                $password = $checked['password'];
            } elseif ($settings['username'] === '') {
                $password = '';
            }
            $saved = $checked['password'] === '' && !self::differs($settings, $stored);
        }
        if ($settings['host'] === '') {
            return ['ok' => false, 'message' => __('Enter the SMTP server address first.', 'native-smtp'), 'transcript' => ''];
        }
        if (is_wp_error($password)) {
            return ['ok' => false, 'message' => $password->get_error_message(), 'transcript' => ''];
        }
        $where = $saved
            /* translators: %s: recipient address */
            ? __('Sent to %s with the saved settings.', 'native-smtp')
            /* translators: %s: recipient address */
            : __('Sent to %s with the settings on screen, which are not saved yet: save them to use them for all site mail.', 'native-smtp');

        $mismatch = self::mismatch_before_sending($settings);
        if ($mismatch !== null) {
            return $mismatch;
        }
        // Through the seam every wp_mail() takes: the same preparation, the site's engine (extension or PHPMailer).
        $outcome = Native_SMTP_Mailer::send(self::message($to, $settings, $html), Native_SMTP_Connection::from_settings($settings, $password));
        if ($outcome instanceof Native_SMTP_Sent) {
            return ['ok' => true, 'message' => self::success_text(), 'saved' => $saved, 'engine' => $outcome->engine,
                'note' => sprintf($where, $to) . ' ' . __('If it is not in the inbox, look in the spam (junk) folder.', 'native-smtp'),
                'transcript' => $outcome->transcript];
        }
        // The first line in plain words in the site's language; the server's and the core's own words in the details.
        $details = $outcome->message;
        if ($outcome->server_reply !== '' && strpos($details, $outcome->server_reply) === false) {
            $details .= "\n" . $outcome->server_reply;
        }
        $result = [
            'ok'           => false,
            'message'      => $outcome->explanation(),
            'saved'        => $saved,
            'engine'       => $outcome->engine,
            'category'     => $outcome->category,
            'stage'        => $outcome->stage,
            'fix'          => Native_SMTP_Error_Help::fix($outcome->category, $outcome->hint, $settings['provider']),
            'details'      => $details,
            'server_reply' => $outcome->server_reply,
            'transcript'   => $outcome->transcript,
        ];
        return self::named_by_probe($result, $settings);
    }

    /**
     * After a failure that a wrong port or encryption causes (TLS handshake,
     * time-out, a peer that does not speak SMTP), a look at the port says
     * which: its words become the first line, with the working combination.
     */
    private static function named_by_probe(array $result, array $settings): array
    {
        if (!in_array($result['category'], ['tls_handshake', 'timeout', 'protocol'], true)) {
            return $result;
        }
        $port = (int) $settings['port'] ?: (['ssl' => 465, 'starttls' => 587][$settings['encryption']] ?? 25);
        $check = Native_SMTP_Connection_Check::explain(Native_SMTP_Connection_Probe::run($settings['host'], [$port], 4.0), ['port' => $port] + $settings);
        if ($check['ok'] || $check['suggestion'] === null) {
            return $result;
        }
        return ['message' => $check['summary'], 'fix' => $check['fix'], 'suggestion' => $check['suggestion']] + $result;
    }

    /** A setting that would be used differs from the saved one. */
    private static function differs(array $settings, array $stored): bool
    {
        foreach (['provider', 'host', 'port', 'encryption', 'username', 'from_email', 'from_name', 'force_from'] as $key) {
            if ((string) $settings[$key] !== (string) $stored[$key]) {
                return true;
            }
        }
        return false;
    }

    /** The wp_mail() arguments of the test message. */
    private static function message(string $to, array $settings, bool $html): array
    {
        $text = self::success_text();
        $port = (int) $settings['port'] ?: (['ssl' => 465, 'starttls' => 587][$settings['encryption']] ?? 25);
        /* translators: 1: SMTP server address, 2: port */
        $via = sprintf(__('Sent through %1$s, port %2$d.', 'native-smtp'), $settings['host'], $port);
        /* translators: %s: site name */
        $subject = sprintf(__('Test email from %s', 'native-smtp'), wp_specialchars_decode(get_bloginfo('name'), ENT_QUOTES));
        if ($html) {
            $body = '<!DOCTYPE html><html><body style="font-family:sans-serif"><h1 style="font-size:20px">' . esc_html($text) . '</h1><p>' . esc_html($via)
                . '</p><p style="color:#555">' . esc_html__('This is the HTML version of the test email.', 'native-smtp') . '</p></body></html>';
            return ['to' => $to, 'subject' => $subject, 'message' => $body, 'headers' => ['Content-Type: text/html; charset=UTF-8']];
        }
        return ['to' => $to, 'subject' => $subject, 'message' => $text . "\n\n" . $via, 'headers' => ['Content-Type: text/plain; charset=UTF-8']];
    }

    /**
     * STARTTLS or none chosen on a port that is not a well-known one but
     * speaks TLS at connect: found in well under a second, instead of
     * waiting until the send times out.
     */
    private static function mismatch_before_sending(array $settings): ?array
    {
        $port = (int) $settings['port'];
        if ($settings['encryption'] === 'ssl' || isset(Native_SMTP_Port_Rules::WELL_KNOWN[$port])) {
            return null;
        }
        $probe = Native_SMTP_Connection_Probe::run($settings['host'], [$port], 4.0);
        $p = $probe['ports'][$port] ?? null;
        if (!$p || $p['speaks'] !== 'tls') {
            return null;
        }
        $check = Native_SMTP_Connection_Check::explain($probe, $settings);
        return ['ok' => false, 'message' => $check['summary'], 'category' => 'encryption_mismatch', 'stage' => 'tls', 'fix' => $check['fix'],
            'suggestion' => $check['suggestion'], 'details' => $check['details'], 'transcript' => ''];
    }

    /** The form under the settings. */
    public static function render_form(): void
    {
        $result = get_transient('native_smtp_test_' . get_current_user_id());
        if ($result !== false && isset($_GET['tested'])) {
            delete_transient('native_smtp_test_' . get_current_user_id());
        } else {
            $result = null;
        }
        ?>
        <h2 id="native-smtp-test-title"><?php esc_html_e('Send test email', 'native-smtp'); ?></h2>
        <form method="post" action="<?php echo esc_url(admin_url('admin-post.php')); ?>" id="native-smtp-test" aria-labelledby="native-smtp-test-title">
            <input type="hidden" name="action" value="<?php echo esc_attr(self::ACTION); ?>">
            <?php wp_nonce_field(self::ACTION); ?>
            <p class="description" id="native-smtp-test-desc"><?php esc_html_e('Sends with the settings on screen, saved or not.', 'native-smtp'); ?></p>
            <p>
                <label for="native-smtp-test-to"><?php esc_html_e('Recipient', 'native-smtp'); ?></label>
                <input type="email" id="native-smtp-test-to" name="to" class="regular-text" required aria-describedby="native-smtp-test-desc" value="<?php echo esc_attr(wp_get_current_user()->user_email); ?>">
                <label for="native-smtp-test-html"><input type="checkbox" id="native-smtp-test-html" name="html" value="1"> <?php esc_html_e('Send as HTML', 'native-smtp'); ?></label>
            </p>
            <p><?php submit_button(__('Send test email', 'native-smtp'), 'secondary', 'submit', false); ?> <span class="spinner"></span></p>
        </form>
        <div id="native-smtp-test-result" aria-live="polite"><?php if ($result) { self::render_result($result); } ?></div>
        <?php
    }

    /** The outcome of a test email; assets/admin/test-email.js builds the same from the AJAX answer. */
    public static function render_result(array $r): void
    {
        if ($r['ok']) {
            echo '<div class="notice notice-success inline native-smtp-ok"><p><strong>' . esc_html($r['message']) . '</strong></p>';
            if (!empty($r['note'])) {
                echo '<p class="native-smtp-note">' . esc_html($r['note']) . '</p>';
            }
            echo '</div>';
            return;
        }
        echo '<div class="notice notice-error inline native-smtp-error"><p><strong>' . esc_html($r['message']) . '</strong></p>';
        if (!empty($r['fix'])) {
            echo '<p class="native-smtp-fix"><strong>' . esc_html__('How to fix it:', 'native-smtp') . '</strong> ' . esc_html($r['fix']) . '</p>';
        }
        if (!empty($r['details'])) {
            echo '<details class="native-smtp-details"><summary>' . esc_html__('Details (from the mail server, in English)', 'native-smtp') . '</summary><pre>'
                . esc_html($r['details']) . '</pre></details>';
        }
        if (!empty($r['transcript'])) {
            echo '<details><summary>' . esc_html__('SMTP conversation (password hidden)', 'native-smtp') . '</summary><pre class="native-smtp-transcript">'
                . esc_html($r['transcript']) . '</pre></details>';
        }
        echo '</div>';
    }

    public static function ajax(): void
    {
        check_ajax_referer(self::ACTION);
        if (!current_user_can('manage_options')) {
            wp_send_json_error(['message' => __('You are not allowed to do this.', 'native-smtp')], 403);
        }
        $form = isset($_POST[Native_SMTP_Options::OPTION]) && is_array($_POST[Native_SMTP_Options::OPTION]) ? wp_unslash($_POST[Native_SMTP_Options::OPTION]) : null;
        $result = self::run(sanitize_email(wp_unslash($_POST['to'] ?? '')), $form, !empty($_POST['html']));
        $result['ok'] ? wp_send_json_success($result) : wp_send_json_error($result);
    }

    public static function post(): void
    {
        check_admin_referer(self::ACTION);
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('You are not allowed to do this.', 'native-smtp'), 403);
        }
        $result = self::run(sanitize_email(wp_unslash($_POST['to'] ?? '')), null, !empty($_POST['html']));
        set_transient('native_smtp_test_' . get_current_user_id(), $result, 300);
        wp_safe_redirect(add_query_arg(['page' => Native_SMTP_Settings_Page::SLUG, 'tested' => 1], admin_url('options-general.php')));
        exit;
    }
}
