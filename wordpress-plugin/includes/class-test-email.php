<?php
/**
 * "Send test email": sends one message with the saved settings and explains
 * the outcome. Reachable by AJAX and by a plain form post.
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
     * @return array{ok: bool, message: string, category?: string, explanation?: string, fix?: string, server_reply?: string, transcript: string}
     */
    public static function run(string $to): array
    {
        if (!Native_SMTP_Plugin::extension_loaded()) {
            return ['ok' => false, 'message' => __('The smtp PHP extension is not loaded.', 'native-smtp'), 'transcript' => ''];
        }
        if (!is_email($to)) {
            return ['ok' => false, 'message' => __('Enter a valid recipient address for the test email.', 'native-smtp'), 'transcript' => ''];
        }
        $settings = Native_SMTP_Options::get();
        if ($settings['host'] === '') {
            return ['ok' => false, 'message' => __('Save the SMTP server settings first, then send the test email.', 'native-smtp'), 'transcript' => ''];
        }
        $config = Native_SMTP_Options::smtp_config($settings);
        if (is_wp_error($config)) {
            return ['ok' => false, 'message' => $config->get_error_message(), 'transcript' => ''];
        }
        $mailer = new Smtp\Mailer($config);
        $text = self::success_text();
        try {
            // Built like every wp_mail(): the same sender rules and filters.
            $message = Native_SMTP_WP_Mail_Message::build([
                'to'      => $to,
                /* translators: %s: site name */
                'subject' => sprintf(__('Test email from %s', 'native-smtp'), wp_specialchars_decode(get_bloginfo('name'), ENT_QUOTES)),
                /* translators: 1: SMTP host, 2: port */
                'message' => $text . "\n\n" . sprintf(__('Sent through %1$s, port %2$d.', 'native-smtp'), $config->host, $config->effectivePort()),
                'headers' => ['Content-Type: text/plain; charset=UTF-8'],
            ], $settings);
            $mailer->send($message);
            $result = ['ok' => true, 'message' => $text];
        } catch (Smtp\Exception $e) {
            $result = [
                'ok'           => false,
                'message'      => $e->getMessage(),
                'category'     => $e->getCategory(),
                'explanation'  => Native_SMTP_Error_Help::explain($e->getCategory()),
                'fix'          => Native_SMTP_Error_Help::fix($e->getCategory(), $e->getHint(), $settings['provider']),
                'server_reply' => $e->getServerReply(),
            ];
        } finally {
            $mailer->close();
        }
        // The extension already hides AUTH payloads; never show the password even if a server echoed it.
        $password = Native_SMTP_Options::password();
        $transcript = $mailer->transcript();
        if (is_string($password) && $password !== '') {
            $forms = [$password, base64_encode($password), base64_encode("\0" . $settings['username'] . "\0" . $password)];
            $transcript = str_replace($forms, '********', $transcript);
        }
        $result['transcript'] = $transcript;
        return $result;
    }

    public static function ajax(): void
    {
        check_ajax_referer(self::ACTION);
        if (!current_user_can('manage_options')) {
            wp_send_json_error(['message' => __('You are not allowed to do this.', 'native-smtp')], 403);
        }
        $result = self::run(sanitize_email(wp_unslash($_POST['to'] ?? '')));
        $result['ok'] ? wp_send_json_success($result) : wp_send_json_error($result);
    }

    public static function post(): void
    {
        check_admin_referer(self::ACTION);
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('You are not allowed to do this.', 'native-smtp'), 403);
        }
        $result = self::run(sanitize_email(wp_unslash($_POST['to'] ?? '')));
        set_transient('native_smtp_test_' . get_current_user_id(), $result, 300);
        wp_safe_redirect(add_query_arg(['page' => Native_SMTP_Settings_Page::SLUG, 'tested' => 1], admin_url('options-general.php')));
        exit;
    }
}
