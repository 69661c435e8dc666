<?php
/**
 * An alert as a JSON POST: plain JSON, or the message shape of a Slack,
 * Discord, DingTalk, Feishu/Lark or WeCom (WeChat Work) incoming-webhook robot.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Webhook
{
    /** The body each preset's robot takes for a text message. */
    public static function payload(string $preset, string $kind, string $text, array $details): array
    {
        switch ($preset) {
            case 'slack':
                return ['text' => $text];
            case 'discord':
                return ['content' => mb_substr($text, 0, 2000)];   // Discord's limit
            case 'dingtalk':
            case 'wecom':
                return ['msgtype' => 'text', 'text' => ['content' => $text]];
            case 'feishu':
                return ['msg_type' => 'text', 'content' => ['text' => $text]];
            default:
                return ['event' => 'native_smtp.' . $kind, 'site' => home_url('/'), 'text' => $text, 'details' => $details];
        }
    }

    /** @return true|WP_Error */
    public static function post(string $url, array $payload)
    {
        $response = wp_remote_post($url, [
            'headers' => ['Content-Type' => 'application/json; charset=utf-8'],
            'body'    => wp_json_encode($payload),
            'timeout' => 10,
        ]);
        if (is_wp_error($response)) {
            return $response;
        }
        $code = (int) wp_remote_retrieve_response_code($response);
        /* translators: %d: HTTP status code */
        return $code >= 200 && $code < 300 ? true : new WP_Error('native_smtp_webhook', sprintf(__('The webhook answered HTTP %d.', 'native-smtp'), $code));
    }
}
