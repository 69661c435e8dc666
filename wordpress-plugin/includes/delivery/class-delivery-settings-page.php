<?php
/**
 * Settings > Email delivery: the log, background sending, the backup
 * connection and alerts. Settings API, manage_options, escaped output.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Delivery_Settings_Page
{
    public const SLUG = 'native-smtp-delivery';
    private const GROUP = 'native_smtp_delivery';

    public static function register(): void
    {
        add_action('admin_menu', [self::class, 'menu']);
        add_action('admin_init', [self::class, 'settings']);
        // A short section on the main Settings > Email / SMTP page, pointing here.
        add_action('native_smtp_settings_sections', [self::class, 'render_summary']);
    }

    public static function render_summary(): void
    {
        $q = Native_SMTP_Queue::status();
        echo '<h2>' . esc_html__('Email delivery', 'native-smtp') . '</h2><div class="native-smtp-delivery-summary"><p>'
            . esc_html__('Every message is logged. Mail the server cannot take now waits in the queue and is tried again; a backup connection and alerts can be set up.', 'native-smtp')
            . '</p>';
        if ($q['waiting'] > 0) {
            /* translators: 1: number of messages, 2: date and time */
            echo '<p>' . esc_html(sprintf(_n('%1$d message is waiting to be sent; next try: %2$s.', '%1$d messages are waiting to be sent; next try: %2$s.', $q['waiting'], 'native-smtp'),
                $q['waiting'], Native_SMTP_Log_Screen::date((int) $q['next']))) . '</p>';
        }
        printf('<p><a href="%s">%s</a> | <a href="%s">%s</a></p></div>', esc_url(Native_SMTP_Log_Screen::url()), esc_html__('Email log', 'native-smtp'),
            esc_url(self::url()), esc_html__('Backup connection and alerts', 'native-smtp'));
    }

    public static function menu(): void
    {
        add_options_page(__('Email delivery', 'native-smtp'), __('Email delivery', 'native-smtp'), 'manage_options', self::SLUG, [self::class, 'render']);
    }

    public static function settings(): void
    {
        register_setting(self::GROUP, Native_SMTP_Delivery_Options::OPTION, [
            'type'              => 'array',
            'sanitize_callback' => [Native_SMTP_Delivery_Options::class, 'sanitize'],
            'default'           => Native_SMTP_Delivery_Options::defaults(),
        ]);
    }

    public static function url(): string
    {
        return admin_url('options-general.php?page=' . self::SLUG);
    }

    public static function render(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        $s = Native_SMTP_Delivery_Options::get();
        $name = static fn (string $key): string => Native_SMTP_Delivery_Options::OPTION . '[' . $key . ']';
        $password_saved = $s['backup_password'] !== '';
        $presets = [
            'json' => __('JSON (any service)', 'native-smtp'), 'slack' => 'Slack', 'discord' => 'Discord',
            'dingtalk' => __('DingTalk robot', 'native-smtp'), 'feishu' => __('Feishu / Lark robot', 'native-smtp'), 'wecom' => __('WeCom robot', 'native-smtp'),
        ];
        ?>
        <div class="wrap native-smtp-delivery">
            <h1><?php esc_html_e('Email delivery', 'native-smtp'); ?></h1>
            <?php settings_errors(Native_SMTP_Delivery_Options::OPTION); ?>
            <p><?php
                /* translators: %s: link to the email log */
                printf(esc_html__('What happened to each message is in the %s.', 'native-smtp'), '<a href="' . esc_url(Native_SMTP_Log_Screen::url()) . '">' . esc_html__('Email log', 'native-smtp') . '</a>');
            ?></p>
            <form method="post" action="<?php echo esc_url(admin_url('options.php')); ?>" id="native-smtp-delivery-settings">
                <?php settings_fields(self::GROUP); ?>
                <h2><?php esc_html_e('Email log', 'native-smtp'); ?></h2>
                <table class="form-table" role="presentation">
                    <tr>
                        <th scope="row"><?php esc_html_e('Sent mail', 'native-smtp'); ?></th>
                        <td><label><input type="checkbox" id="native-smtp-log-sent" name="<?php echo esc_attr($name('log_sent')); ?>" value="1" <?php checked($s['log_sent']); ?>>
                            <?php esc_html_e('Log every message (off: only messages that fail or wait in the queue, for sites that send a lot)', 'native-smtp'); ?></label></td>
                    </tr>
                    <tr>
                        <th scope="row"><?php esc_html_e('Message text', 'native-smtp'); ?></th>
                        <td><label><input type="checkbox" id="native-smtp-log-bodies" name="<?php echo esc_attr($name('log_bodies')); ?>" value="1" <?php checked($s['log_bodies']); ?>>
                            <?php esc_html_e('Keep the text of each message in the log (never for verification codes), so sent mail can be resent', 'native-smtp'); ?></label></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-retention"><?php esc_html_e('Keep entries for (days)', 'native-smtp'); ?></label></th>
                        <td><input type="number" min="1" max="3650" class="small-text" id="native-smtp-retention" name="<?php echo esc_attr($name('retention_days')); ?>" value="<?php echo esc_attr((string) $s['retention_days']); ?>"></td>
                    </tr>
                </table>
                <h2><?php esc_html_e('Queue', 'native-smtp'); ?></h2>
                <p class="description"><?php esc_html_e('When the mail server answers "try again later" or cannot be reached, the message waits in the queue and is tried again after 1, 5, 15 and 60 minutes, then once more after 6 hours. Refused messages (wrong address, wrong password) are not retried.', 'native-smtp'); ?></p>
                <table class="form-table" role="presentation">
                    <tr>
                        <th scope="row"><?php esc_html_e('Background sending', 'native-smtp'); ?></th>
                        <td><label><input type="checkbox" id="native-smtp-background" name="<?php echo esc_attr($name('background')); ?>" value="1" <?php checked($s['background']); ?>>
                            <?php esc_html_e('Only queue mail while a page loads and send it right after, for a mail server that is slow to answer', 'native-smtp'); ?></label></td>
                    </tr>
                </table>
                <h2><?php esc_html_e('Backup connection', 'native-smtp'); ?></h2>
                <p class="description"><?php esc_html_e('Used when the main mail server cannot take a message for now or refuses the login. Another provider or account.', 'native-smtp'); ?></p>
                <table class="form-table" role="presentation">
                    <tr>
                        <th scope="row"><?php esc_html_e('Backup', 'native-smtp'); ?></th>
                        <td><label><input type="checkbox" id="native-smtp-backup-enabled" name="<?php echo esc_attr($name('backup_enabled')); ?>" value="1" <?php checked($s['backup_enabled']); ?>>
                            <?php esc_html_e('Use a backup connection', 'native-smtp'); ?></label></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-backup-host"><?php esc_html_e('SMTP host', 'native-smtp'); ?></label></th>
                        <td><input type="text" class="regular-text" id="native-smtp-backup-host" name="<?php echo esc_attr($name('backup_host')); ?>" value="<?php echo esc_attr($s['backup_host']); ?>" placeholder="smtp.example.com"></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-backup-port"><?php esc_html_e('Port', 'native-smtp'); ?></label></th>
                        <td><input type="number" min="1" max="65535" class="small-text" id="native-smtp-backup-port" name="<?php echo esc_attr($name('backup_port')); ?>" value="<?php echo $s['backup_port'] ? esc_attr((string) $s['backup_port']) : ''; ?>"></td>
                    </tr>
                    <tr>
                        <th scope="row"><?php esc_html_e('Encryption', 'native-smtp'); ?></th>
                        <td><fieldset id="native-smtp-backup-encryption">
                            <?php foreach (['none', 'ssl', 'starttls'] as $value) : ?>
                                <label><input type="radio" name="<?php echo esc_attr($name('backup_encryption')); ?>" value="<?php echo esc_attr($value); ?>" <?php checked($s['backup_encryption'], $value); ?>> <?php echo esc_html(Native_SMTP_Settings_Page::encryption_label($value)); ?></label>&nbsp;
                            <?php endforeach; ?>
                        </fieldset></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-backup-username"><?php esc_html_e('Account', 'native-smtp'); ?></label></th>
                        <td><input type="text" class="regular-text" id="native-smtp-backup-username" autocomplete="off" name="<?php echo esc_attr($name('backup_username')); ?>" value="<?php echo esc_attr($s['backup_username']); ?>"></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-backup-password"><?php esc_html_e('Password / authorization code', 'native-smtp'); ?></label></th>
                        <td><input type="password" class="regular-text" id="native-smtp-backup-password" autocomplete="new-password" name="<?php echo esc_attr($name('backup_password')); ?>" value=""
                            placeholder="<?php echo esc_attr($password_saved ? __('saved', 'native-smtp') : ''); ?>">
                            <p class="description"><?php esc_html_e('Leave empty to keep the saved password.', 'native-smtp'); ?></p></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-backup-from"><?php esc_html_e('Backup sender email', 'native-smtp'); ?></label></th>
                        <td><input type="email" class="regular-text" id="native-smtp-backup-from" name="<?php echo esc_attr($name('backup_from_email')); ?>" value="<?php echo esc_attr($s['backup_from_email']); ?>">
                            <p class="description"><?php esc_html_e('Most providers only accept the account\'s own address here. Empty: the main sender.', 'native-smtp'); ?></p></td>
                    </tr>
                </table>
                <h2><?php esc_html_e('Alerts', 'native-smtp'); ?></h2>
                <p class="description"><?php esc_html_e('Sent when a message fails for good or the queue holds mail too long; at most one of each kind per hour.', 'native-smtp'); ?></p>
                <table class="form-table" role="presentation">
                    <tr>
                        <th scope="row"><label for="native-smtp-alert-emails"><?php esc_html_e('Alert emails', 'native-smtp'); ?></label></th>
                        <td><input type="text" class="regular-text" id="native-smtp-alert-emails" name="<?php echo esc_attr($name('alert_emails')); ?>" value="<?php echo esc_attr($s['alert_emails']); ?>" placeholder="owner@example.com, ops@example.com">
                            <p class="description"><?php esc_html_e('Sent through the backup connection when the main one is the problem.', 'native-smtp'); ?></p></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-webhook-url"><?php esc_html_e('Webhook URL', 'native-smtp'); ?></label></th>
                        <td><input type="url" class="regular-text code" id="native-smtp-webhook-url" name="<?php echo esc_attr($name('webhook_url')); ?>" value="<?php echo esc_attr($s['webhook_url']); ?>" placeholder="https://">
                            <select id="native-smtp-webhook-preset" name="<?php echo esc_attr($name('webhook_preset')); ?>" aria-label="<?php esc_attr_e('Webhook format', 'native-smtp'); ?>">
                                <?php foreach ($presets as $value => $label) : ?>
                                    <option value="<?php echo esc_attr($value); ?>" <?php selected($s['webhook_preset'], $value); ?>><?php echo esc_html($label); ?></option>
                                <?php endforeach; ?>
                            </select></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-queue-alert"><?php esc_html_e('Queue alert after (minutes)', 'native-smtp'); ?></label></th>
                        <td><input type="number" min="5" max="10080" class="small-text" id="native-smtp-queue-alert" name="<?php echo esc_attr($name('queue_alert_minutes')); ?>" value="<?php echo esc_attr((string) $s['queue_alert_minutes']); ?>"></td>
                    </tr>
                </table>
                <?php submit_button(); ?>
            </form>
        </div>
        <?php
    }
}
