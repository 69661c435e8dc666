<?php
/**
 * The rows of Tools > Email log: WordPress's own list table with status
 * views, a date range, search by recipient or subject, and bulk resend.
 */

if (!defined('ABSPATH')) {
    exit;
}

if (!class_exists('WP_List_Table')) {
    require_once ABSPATH . 'wp-admin/includes/class-wp-list-table.php';
}

final class Native_SMTP_Log_List_Table extends WP_List_Table
{
    public function __construct()
    {
        parent::__construct(['singular' => 'native-smtp-log-entry', 'plural' => 'native-smtp-log', 'ajax' => false]);
    }

    /** The filters of this request, validated. */
    public static function filters(): array
    {
        $get = static function (string $key): string {
            return isset($_REQUEST[$key]) ? sanitize_text_field(wp_unslash((string) $_REQUEST[$key])) : '';
        };
        $date = static function (string $v): string {
            return preg_match('/^\d{4}-\d{2}-\d{2}$/', $v) ? $v : '';
        };
        return [
            'status'  => in_array($get('status'), Native_SMTP_Log::STATUSES, true) ? $get('status') : '',
            'search'  => $get('s'),
            'from'    => $date($get('from')),
            'to'      => $date($get('to')),
            'orderby' => $get('orderby'),
            'order'   => $get('order'),
        ];
    }

    public function prepare_items(): void
    {
        $per_page = $this->get_items_per_page('native_smtp_log_per_page', 20);
        [$rows, $total] = Native_SMTP_Log::query(self::filters() + ['per_page' => $per_page, 'page' => $this->get_pagenum()]);
        $this->items = $rows;
        $this->_column_headers = [$this->get_columns(), [], $this->get_sortable_columns()];
        $this->set_pagination_args(['total_items' => $total, 'per_page' => $per_page]);
    }

    public function get_columns(): array
    {
        return [
            'cb'         => '<input type="checkbox">',
            'subject'    => __('Subject', 'native-smtp'),
            'recipients' => __('Recipients', 'native-smtp'),
            'status'     => __('Status', 'native-smtp'),
            'attempts'   => __('Attempts', 'native-smtp'),
            'connection' => __('Connection', 'native-smtp'),
            'created'    => __('Date', 'native-smtp'),
        ];
    }

    protected function get_sortable_columns(): array
    {
        return ['created' => ['created', true], 'subject' => ['subject', false], 'status' => ['status', false], 'attempts' => ['attempts', false]];
    }

    protected function get_bulk_actions(): array
    {
        return ['resend' => __('Resend', 'native-smtp'), 'delete' => __('Delete', 'native-smtp')];
    }

    protected function get_views(): array
    {
        $current = self::filters()['status'];
        $counts = Native_SMTP_Log::counts();
        $base = Native_SMTP_Log_Screen::url();
        $views = ['all' => sprintf('<a href="%s"%s>%s <span class="count">(%d)</span></a>', esc_url($base), $current === '' ? ' class="current" aria-current="page"' : '',
            esc_html__('All', 'native-smtp'), array_sum($counts))];
        foreach ($counts as $status => $n) {
            if ($n === 0 && $status !== $current) {
                continue;
            }
            $views[$status] = sprintf('<a href="%s"%s>%s <span class="count">(%d)</span></a>', esc_url(add_query_arg('status', $status, $base)),
                $current === $status ? ' class="current" aria-current="page"' : '', esc_html(Native_SMTP_Log_Screen::status_label($status)), $n);
        }
        return $views;
    }

    protected function extra_tablenav($which): void
    {
        if ($which !== 'top') {
            return;
        }
        $f = self::filters();
        ?>
        <div class="alignleft actions">
            <label for="native-smtp-log-from"><?php esc_html_e('From', 'native-smtp'); ?></label>
            <input type="date" id="native-smtp-log-from" name="from" value="<?php echo esc_attr($f['from']); ?>">
            <label for="native-smtp-log-to"><?php esc_html_e('To', 'native-smtp'); ?></label>
            <input type="date" id="native-smtp-log-to" name="to" value="<?php echo esc_attr($f['to']); ?>">
            <?php submit_button(__('Filter', 'native-smtp'), '', 'filter_action', false, ['id' => 'native-smtp-log-filter']); ?>
        </div>
        <?php
    }

    public function no_items(): void
    {
        esc_html_e('No email has been logged yet.', 'native-smtp');
    }

    protected function column_cb($item): string
    {
        /* translators: %d: log entry number */
        return sprintf('<label class="screen-reader-text" for="native-smtp-log-%1$d">%2$s</label><input type="checkbox" id="native-smtp-log-%1$d" name="ids[]" value="%1$d">',
            (int) $item['id'], esc_html(sprintf(__('Select entry %d', 'native-smtp'), (int) $item['id'])));
    }

    protected function column_subject(array $item): string
    {
        $view = add_query_arg('view', (int) $item['id'], Native_SMTP_Log_Screen::url());
        $actions = ['view' => sprintf('<a href="%s">%s</a>', esc_url($view), esc_html__('View', 'native-smtp'))];
        if (Native_SMTP_Log_Screen::can_resend($item)) {
            $actions['resend'] = sprintf('<a href="%s">%s</a>', esc_url(Native_SMTP_Log_Screen::resend_url([(int) $item['id']])), esc_html__('Resend', 'native-smtp'));
        }
        $subject = $item['subject'] !== '' ? $item['subject'] : __('(no subject)', 'native-smtp');
        return sprintf('<strong><a class="row-title" href="%s">%s</a></strong>%s', esc_url($view), esc_html($subject), $this->row_actions($actions));
    }

    protected function column_status(array $item): string
    {
        $out = sprintf('<span class="native-smtp-status native-smtp-status-%s">%s</span>', esc_attr($item['status']), esc_html(Native_SMTP_Log_Screen::status_label($item['status'])));
        if ($item['error_category'] !== '' && $item['status'] !== 'sent') {
            $out .= '<br><small>' . esc_html(Native_SMTP_Log_Screen::error_text($item)) . '</small>';
        }
        if ($item['status'] === 'retrying') {
            /* translators: %s: date and time */
            $out .= '<br><small>' . esc_html(sprintf(__('Next try: %s', 'native-smtp'), Native_SMTP_Log_Screen::date((int) $item['next_attempt']))) . '</small>';
        }
        return $out;
    }

    protected function column_connection(array $item): string
    {
        return esc_html(Native_SMTP_Log_Screen::connection_label($item['connection'], $item['engine']));
    }

    protected function column_created(array $item): string
    {
        return esc_html(Native_SMTP_Log_Screen::date((int) $item['created']));
    }

    protected function column_default($item, $column_name): string
    {
        return esc_html((string) ($item[$column_name] ?? ''));
    }
}
