<?php
/**
 * Tools > Export / Erase Personal Data: the log's rows that name an address
 * as a recipient are exported, or erased (queued messages too: an erased
 * person's mail is not sent afterwards).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Log_Privacy
{
    private const PAGE = 100;

    public static function register(): void
    {
        add_filter('wp_privacy_personal_data_exporters', [self::class, 'exporters']);
        add_filter('wp_privacy_personal_data_erasers', [self::class, 'erasers']);
        add_action('admin_init', [self::class, 'policy_text']);
    }

    public static function exporters(array $exporters): array
    {
        $exporters['native-smtp-log'] = ['exporter_friendly_name' => __('Email log', 'native-smtp'), 'callback' => [self::class, 'export']];
        return $exporters;
    }

    public static function erasers(array $erasers): array
    {
        $erasers['native-smtp-log'] = ['eraser_friendly_name' => __('Email log', 'native-smtp'), 'callback' => [self::class, 'erase']];
        return $erasers;
    }

    public static function export(string $email, int $page = 1): array
    {
        $ids = Native_SMTP_Log::ids_for_email($email, self::PAGE, ($page - 1) * self::PAGE);
        $items = [];
        foreach ($ids as $id) {
            $row = Native_SMTP_Log::get($id);
            if (!$row) {
                continue;
            }
            $items[] = [
                'group_id'    => 'native-smtp-log',
                'group_label' => __('Email log', 'native-smtp'),
                'item_id'     => 'native-smtp-log-' . $id,
                'data'        => [
                    ['name' => __('Date', 'native-smtp'), 'value' => wp_date('Y-m-d H:i:s', $row['created'])],
                    ['name' => __('Recipients', 'native-smtp'), 'value' => $row['recipients']],
                    ['name' => __('Subject', 'native-smtp'), 'value' => $row['subject']],
                    ['name' => __('Status', 'native-smtp'), 'value' => Native_SMTP_Log_Screen::status_label($row['status'])],
                    ['name' => __('Message-ID', 'native-smtp'), 'value' => $row['message_id']],
                    ['name' => __('Headers', 'native-smtp'), 'value' => $row['headers']],
                    ['name' => __('Body', 'native-smtp'), 'value' => (string) $row['body']],
                ],
            ];
        }
        return ['data' => $items, 'done' => count($ids) < self::PAGE];
    }

    /** Deletes a page of rows at a time; each call starts from what is left. */
    public static function erase(string $email, int $page = 1): array
    {
        $ids = Native_SMTP_Log::ids_for_email($email, self::PAGE);
        $removed = Native_SMTP_Log::delete($ids);
        return ['items_removed' => $removed > 0, 'items_retained' => false, 'messages' => [], 'done' => count($ids) < self::PAGE];
    }

    public static function policy_text(): void
    {
        if (function_exists('wp_add_privacy_policy_content')) {
            wp_add_privacy_policy_content(__('Native SMTP', 'native-smtp'), wp_kses_post(wpautop(
                __('This site keeps a log of the email it sends: date, recipients, subject, delivery status and the mail server\'s answer (and the text, when the site owner turns that on; never for verification codes). Entries are deleted after a set number of days, and on request.', 'native-smtp')
            )));
        }
    }
}
