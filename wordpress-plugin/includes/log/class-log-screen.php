<?php
/**
 * Tools > Email log: the list of logged messages, one entry in full
 * (headers, attempts, the last SMTP conversation) and resend / delete.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Log_Screen
{
    public const SLUG = 'native-smtp-log';
    private const NONCE = 'bulk-native-smtp-log';   // WP_List_Table's own bulk nonce for plural "native-smtp-log"

    public static function register(): void
    {
        add_action('admin_menu', [self::class, 'menu']);
        add_filter('set_screen_option_native_smtp_log_per_page', [self::class, 'save_per_page'], 10, 3);
    }

    public static function menu(): void
    {
        $hook = add_management_page(__('Email log', 'native-smtp'), __('Email log', 'native-smtp'), 'manage_options', self::SLUG, [self::class, 'render']);
        if ($hook) {
            add_action('load-' . $hook, [self::class, 'handle_actions']);
            add_action('load-' . $hook, [self::class, 'screen_options']);
        }
    }

    /** Screen Options: entries per page, kept per user by WordPress. */
    public static function screen_options(): void
    {
        add_screen_option('per_page', ['label' => __('Entries per page', 'native-smtp'), 'default' => 20, 'option' => 'native_smtp_log_per_page']);
    }

    /** @param mixed $keep */
    public static function save_per_page($keep, string $option, $value)
    {
        return max(1, min(500, (int) $value));
    }

    public static function url(): string
    {
        return admin_url('tools.php?page=' . self::SLUG);
    }

    public static function resend_url(array $ids): string
    {
        return wp_nonce_url(add_query_arg(['action' => 'resend', 'ids' => $ids], self::url()), self::NONCE);
    }

    public static function status_label(string $status): string
    {
        $labels = [
            'sent'     => __('Sent', 'native-smtp'),
            'queued'   => __('Queued', 'native-smtp'),
            'sending'  => __('Sending', 'native-smtp'),
            'retrying' => __('Retrying', 'native-smtp'),
            'failed'   => __('Failed', 'native-smtp'),
            'unknown'  => __('Unknown', 'native-smtp'),
        ];
        return $labels[$status] ?? $status;
    }

    public static function connection_label(string $connection, string $engine): string
    {
        $names = ['primary' => __('Primary', 'native-smtp'), 'backup' => __('Backup', 'native-smtp')];
        $engines = ['extension' => __('extension', 'native-smtp'), 'phpmailer' => 'PHPMailer'];
        if ($connection === '') {
            return '';
        }
        return ($names[$connection] ?? $connection) . ($engine !== '' ? ' (' . ($engines[$engine] ?? $engine) . ')' : '');
    }

    /** The explanation of a failure in the site's language, with the server's hint as a fallback. */
    public static function error_text(array $row): string
    {
        if ($row['status'] === 'unknown') {
            return __('Unknown: the server did not answer after the message was sent. It may have been delivered, so it is not sent again by itself.', 'native-smtp');
        }
        $explanation = class_exists('Native_SMTP_Error_Help') ? Native_SMTP_Error_Help::explain((string) $row['error_category']) : '';
        return $explanation !== '' ? $explanation : (string) $row['error_hint'];
    }

    public static function date(int $time): string
    {
        return $time > 0 ? wp_date(get_option('date_format') . ' ' . get_option('time_format'), $time) : '';
    }

    /** A message can be sent again when its text was kept and no attachment was dropped. */
    public static function can_resend(array $row): bool
    {
        if (isset($row['payload']) && is_array($row['payload'])) {
            return $row['status'] !== 'sending' && empty($row['payload']['dropped_attachments']);
        }
        return !empty($row['has_payload']) && $row['status'] !== 'sending';
    }

    /** Bulk and row actions, before any output so they can redirect. */
    public static function handle_actions(): void
    {
        $table = new Native_SMTP_Log_List_Table();
        $action = $table->current_action();
        if (!in_array($action, ['resend', 'delete'], true)) {
            return;
        }
        check_admin_referer(self::NONCE);
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('You are not allowed to do this.', 'native-smtp'), 403);
        }
        $ids = array_values(array_filter(array_map('intval', (array) ($_REQUEST['ids'] ?? []))));
        $args = [];
        if ($action === 'delete') {
            $args['deleted'] = Native_SMTP_Log::delete($ids);
        } else {
            $results = Native_SMTP_Delivery::resend($ids);
            $args['resent'] = count(array_filter($results, static fn ($s) => $s === 'sent'));
            $args['not_resent'] = count($results) - $args['resent'];
        }
        wp_safe_redirect(add_query_arg($args, wp_get_referer() ?: self::url()));
        exit;
    }

    public static function render(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        echo '<div class="wrap native-smtp-log">';
        $view = isset($_GET['view']) ? (int) $_GET['view'] : 0;
        if ($view > 0) {
            self::render_entry($view);
        } else {
            self::render_list();
        }
        echo '</div>';
    }

    private static function render_notices(): void
    {
        if (isset($_GET['resent'])) {
            $ok = (int) $_GET['resent'];
            $bad = (int) ($_GET['not_resent'] ?? 0);
            /* translators: %d: number of messages */
            $text = sprintf(_n('%d message sent again.', '%d messages sent again.', $ok, 'native-smtp'), $ok);
            if ($bad > 0) {
                /* translators: %d: number of messages */
                $text .= ' ' . sprintf(_n('%d message could not be sent now; see its status below.', '%d messages could not be sent now; see their status below.', $bad, 'native-smtp'), $bad);
            }
            printf('<div class="notice notice-%s is-dismissible native-smtp-resend-result"><p>%s</p></div>', $bad > 0 ? 'warning' : 'success', esc_html($text));
        }
        if (isset($_GET['deleted'])) {
            $n = (int) $_GET['deleted'];
            /* translators: %d: number of log entries */
            printf('<div class="notice notice-success is-dismissible"><p>%s</p></div>', esc_html(sprintf(_n('%d entry deleted.', '%d entries deleted.', $n, 'native-smtp'), $n)));
        }
    }

    private static function render_list(): void
    {
        $table = new Native_SMTP_Log_List_Table();
        $table->prepare_items();
        ?>
        <h1 class="wp-heading-inline"><?php esc_html_e('Email log', 'native-smtp'); ?></h1>
        <hr class="wp-header-end">
        <?php self::render_notices(); ?>
        <?php self::render_queue_summary(); ?>
        <?php $table->views(); ?>
        <form method="get" id="native-smtp-log-form">
            <input type="hidden" name="page" value="<?php echo esc_attr(self::SLUG); ?>">
            <?php if (Native_SMTP_Log_List_Table::filters()['status'] !== '') : ?>
                <input type="hidden" name="status" value="<?php echo esc_attr(Native_SMTP_Log_List_Table::filters()['status']); ?>">
            <?php endif; ?>
            <?php $table->search_box(__('Search recipient or subject', 'native-smtp'), 'native-smtp-log'); ?>
            <?php $table->display(); ?>
        </form>
        <?php
    }

    private static function render_queue_summary(): void
    {
        $q = Native_SMTP_Queue::status();
        if ($q['waiting'] === 0) {
            return;
        }
        /* translators: 1: number of messages, 2: date and time */
        $text = sprintf(_n('%1$d message is waiting to be sent; next try: %2$s.', '%1$d messages are waiting to be sent; next try: %2$s.', $q['waiting'], 'native-smtp'),
            $q['waiting'], self::date((int) $q['next']));
        echo '<div class="notice notice-info inline native-smtp-queue-summary"><p>' . esc_html($text) . '</p></div>';
    }

    private static function render_entry(int $id): void
    {
        $row = Native_SMTP_Log::get($id);
        echo '<h1>' . esc_html__('Email log entry', 'native-smtp') . '</h1>';
        echo '<p><a href="' . esc_url(self::url()) . '">&larr; ' . esc_html__('Back to the email log', 'native-smtp') . '</a></p>';
        self::render_notices();
        if (!$row) {
            echo '<div class="notice notice-error inline"><p>' . esc_html__('This log entry does not exist (it may have been deleted).', 'native-smtp') . '</p></div>';
            return;
        }
        $fields = [
            __('Date', 'native-smtp')       => self::date($row['created']),
            __('Status', 'native-smtp')     => self::status_label($row['status']),
            __('Recipients', 'native-smtp') => $row['recipients'],
            __('Subject', 'native-smtp')    => $row['subject'],
            __('Connection', 'native-smtp') => self::connection_label($row['connection'], $row['engine']),
            __('Attempts', 'native-smtp')   => (string) $row['attempts'],
            __('Server reply', 'native-smtp') => $row['server_reply'],
            __('Message-ID', 'native-smtp') => $row['message_id'],
        ];
        if ($row['status'] === 'retrying') {
            $fields[__('Next try', 'native-smtp')] = self::date($row['next_attempt']);
        }
        echo '<table class="widefat striped native-smtp-log-entry"><tbody>';
        foreach ($fields as $label => $value) {
            printf('<tr><th scope="row">%s</th><td>%s</td></tr>', esc_html($label), esc_html((string) $value));
        }
        if ($row['error_category'] !== '' && $row['status'] !== 'sent') {
            printf('<tr><th scope="row">%s</th><td class="native-smtp-log-error"><strong>%s</strong><br>%s</td></tr>', esc_html__('Problem', 'native-smtp'),
                esc_html(self::error_text($row)), esc_html((string) $row['error_hint']));
        }
        echo '</tbody></table>';
        if (self::can_resend($row)) {
            printf('<p><a class="button button-primary native-smtp-resend" href="%s">%s</a></p>', esc_url(self::resend_url([$id])), esc_html__('Resend', 'native-smtp'));
        }
        if (!empty($row['history'])) {
            echo '<h2>' . esc_html__('Attempts', 'native-smtp') . '</h2><table class="widefat striped native-smtp-log-history"><thead><tr><th>'
                . esc_html__('Date', 'native-smtp') . '</th><th>' . esc_html__('Connection', 'native-smtp') . '</th><th>' . esc_html__('Result', 'native-smtp')
                . '</th><th>' . esc_html__('Server reply', 'native-smtp') . '</th></tr></thead><tbody>';
            foreach ($row['history'] as $h) {
                printf('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>', esc_html(self::date((int) $h['time'])),
                    esc_html(self::connection_label((string) $h['connection'], (string) ($h['engine'] ?? ''))),
                    esc_html($h['ok'] ? __('Delivered', 'native-smtp') : (string) $h['category']), esc_html((string) ($h['reply'] ?? '')));
            }
            echo '</tbody></table>';
        }
        echo '<h2>' . esc_html__('Headers', 'native-smtp') . '</h2><pre class="native-smtp-log-headers">' . esc_html($row['headers']) . '</pre>';
        if ($row['body'] !== null && $row['body'] !== '') {
            echo '<h2>' . esc_html__('Body', 'native-smtp') . '</h2><pre class="native-smtp-log-body">' . esc_html($row['body']) . '</pre>';
        }
        if ($row['transcript'] !== '') {
            echo '<h2>' . esc_html__('SMTP conversation of the last attempt (password hidden)', 'native-smtp') . '</h2><pre class="native-smtp-transcript">' . esc_html($row['transcript']) . '</pre>';
        }
    }
}
