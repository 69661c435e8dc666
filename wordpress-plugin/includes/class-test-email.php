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
     * Sends the test message over a connection (the saved one by default),
     * through the same engine and preparation as every wp_mail().
     *
     * @param array|null $connection see Native_SMTP_Connection; null: the saved settings
     * @return array{ok: bool, message: string, engine?: string, category?: string, explanation?: string, fix?: string, server_reply?: string, stage?: string, transcript: string}
     */
    public static function run(string $to, ?array $connection = null): array
    {
        if (!is_email($to)) {
            return ['ok' => false, 'message' => __('Enter a valid recipient address for the test email.', 'native-smtp'), 'transcript' => ''];
        }
        if ($connection === null) {
            if (Native_SMTP_Options::get()['host'] === '') {
                return ['ok' => false, 'message' => __('Save the SMTP server settings first, then send the test email.', 'native-smtp'), 'transcript' => ''];
            }
            $connection = Native_SMTP_Connection::saved();
            if (is_wp_error($connection)) {
                return ['ok' => false, 'message' => $connection->get_error_message(), 'transcript' => ''];
            }
        }
        $connection = array_merge(Native_SMTP_Connection::defaults(), $connection);
        $text = self::success_text();
        $port = (int) $connection['port'] ?: (['ssl' => 465, 'starttls' => 587][$connection['encryption']] ?? 25);
        $outcome = Native_SMTP_Mailer::send([
            'to'      => $to,
            /* translators: %s: site name */
            'subject' => sprintf(__('Test email from %s', 'native-smtp'), wp_specialchars_decode(get_bloginfo('name'), ENT_QUOTES)),
            /* translators: 1: SMTP host, 2: port */
            'message' => $text . "\n\n" . sprintf(__('Sent through %1$s, port %2$d.', 'native-smtp'), $connection['host'], $port),
            'headers' => ['Content-Type: text/plain; charset=UTF-8'],
        ], $connection);
        if ($outcome instanceof Native_SMTP_Sent) {
            return ['ok' => true, 'message' => $text, 'engine' => $outcome->engine, 'transcript' => $outcome->transcript];
        }
        return [
            'ok'           => false,
            'message'      => $outcome->message,
            'engine'       => $outcome->engine,
            'category'     => $outcome->category,
            'explanation'  => $outcome->explanation(),
            'fix'          => Native_SMTP_Error_Help::fix($outcome->category, $outcome->hint, $connection['provider']),
            'server_reply' => $outcome->server_reply,
            'stage'        => $outcome->stage,
            'transcript'   => $outcome->transcript,
        ];
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
