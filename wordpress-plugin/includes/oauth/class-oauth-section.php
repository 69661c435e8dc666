<?php
/**
 * The "Sign in with Microsoft / Google" section of the settings page, for
 * the Microsoft 365 / Outlook and Gmail presets: state of the sign-in, the
 * redirect URI to copy, the app registration fields, the sign-in and
 * sign-out buttons and the registration steps. Its forms post to
 * admin-post.php (Native_SMTP_OAuth_Flow), apart from the settings form.
 * Each provider's texts are on the page; assets/admin/oauth-section.js shows
 * the section and the texts of the preset picked, before it is saved.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_OAuth_Section
{
    public static function register(): void
    {
        add_action('native_smtp_settings_sections', [self::class, 'render']);
        add_action('admin_enqueue_scripts', [self::class, 'assets']);
    }

    public static function assets(string $hook): void
    {
        if ($hook === 'settings_page_' . Native_SMTP_Settings_Page::SLUG) {
            wp_enqueue_script('native-smtp-oauth-section', plugins_url('assets/admin/oauth-section.js', NATIVE_SMTP_FILE), [], NATIVE_SMTP_VERSION, true);
        }
    }

    public static function render(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        $saved = Native_SMTP_OAuth_Flow::family();  // null: the saved preset has no sign-in, the section starts hidden
        $shown = $saved ?? 'microsoft';
        $notice = Native_SMTP_OAuth_Flow::take_notice();
        $status = Native_SMTP_OAuth_Tokens::status();
        $secret = Native_SMTP_OAuth_App::client_secret();
        $locked = static function (string $field): string {
            return Native_SMTP_OAuth_App::locked($field) ? ' disabled="disabled"' : '';
        };
        $locked_note = static function (string $field): void {
            if (Native_SMTP_OAuth_App::locked($field)) {
                /* translators: %s: constant name */
                echo '<p class="description">' . esc_html(sprintf(__('Set in wp-config.php (%s).', 'native-smtp'), Native_SMTP_OAuth_App::CONSTANTS[$field])) . '</p>';
            }
        };
        // One element per provider, the shown one's visible.
        $each = static function (string $tag, callable $content, string $attributes = '') use ($shown): void {
            foreach (Native_SMTP_OAuth_Providers::ALL as $family) {
                echo '<' . $tag . ' data-oauth-family="' . esc_attr($family) . '"' . $attributes . ($family === $shown ? '' : ' hidden') . '>';
                $content($family);
                echo '</' . $tag . '>';
            }
        };
        /* translators: %s: "Sign in with Microsoft" or "Sign in with Google" */
        $announce = __('The section "%s" is now shown below the settings.', 'native-smtp');
        ?>
        <p id="native-smtp-oauth-announce" class="screen-reader-text" aria-live="polite"></p>
        <section id="native-smtp-oauth" class="native-smtp-oauth" aria-labelledby="native-smtp-oauth-title"<?php echo $saved === null ? ' hidden' : ''; ?>
            data-presets="<?php echo esc_attr((string) wp_json_encode(Native_SMTP_OAuth_Providers::presets())); ?>" data-saved="<?php echo esc_attr((string) $saved); ?>"
            data-announce="<?php echo esc_attr($announce); ?>">
            <h2 id="native-smtp-oauth-title"><?php $each('span', static function (string $family): void {
                echo esc_html(Native_SMTP_OAuth_Providers::sign_in_label($family));
            }); ?></h2>
            <?php if ($notice) : ?>
                <div class="notice <?php echo $notice['ok'] ? 'notice-success' : 'notice-error'; ?> inline native-smtp-oauth-notice" role="status"><p><?php echo esc_html($notice['message']); ?></p></div>
            <?php endif; ?>
            <div class="notice notice-warning inline native-smtp-oauth-unsaved" hidden><p><?php
                esc_html_e('Save the settings above with this provider first; then save the app registration and sign in here.', 'native-smtp');
            ?></p></div>
            <?php $each('p', static function (string $family): void {
                /* translators: %s: Microsoft or Google */
                echo esc_html(sprintf(__('Instead of a password, the site can send with a sign-in to %s (OAuth 2.0): Microsoft is turning off passwords for sending from Microsoft 365 mailboxes, and Google asks Workspace accounts to stop using app passwords. You need an app registration of your own; the steps are below.', 'native-smtp'), Native_SMTP_OAuth_Providers::name($family)));
            }); ?>
            <?php $each('p', static function (string $family) use ($status): void {
                if ($status === null || $status['family'] !== $family) {
                    esc_html_e('Not signed in: site mail is sent with the password above.', 'native-smtp');
                } elseif ($status['dead']) {
                    echo '<strong>' . esc_html($status['error']) . '</strong>';
                } else {
                    /* translators: 1: Microsoft or Google, 2: date and time */
                    echo esc_html(sprintf(__('Signed in with %1$s since %2$s: site mail is sent with this sign-in, not with the password.', 'native-smtp'), Native_SMTP_OAuth_Providers::name($family),
                        wp_date(get_option('date_format') . ' ' . get_option('time_format'), $status['created'])));
                    if ($status['error'] !== '') {
                        echo '<br>' . esc_html($status['error']);
                    }
                }
            }, ' class="native-smtp-oauth-status"'); ?>
            <form method="post" action="<?php echo esc_url(admin_url('admin-post.php')); ?>" id="native-smtp-oauth-app">
                <input type="hidden" name="action" value="<?php echo esc_attr(Native_SMTP_OAuth_Flow::SAVE_APP); ?>">
                <?php wp_nonce_field(Native_SMTP_OAuth_Flow::SAVE_APP); ?>
                <table class="form-table" role="presentation">
                    <tr>
                        <th scope="row"><label for="native-smtp-oauth-redirect"><?php esc_html_e('Redirect URI', 'native-smtp'); ?></label></th>
                        <td><input type="text" readonly class="large-text code" id="native-smtp-oauth-redirect" value="<?php echo esc_attr(Native_SMTP_OAuth_Flow::redirect_uri()); ?>" onfocus="this.select()">
                            <p class="description"><?php esc_html_e('Copy this address exactly into the app registration.', 'native-smtp'); ?></p></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-oauth-client-id"><?php esc_html_e('Client ID', 'native-smtp'); ?></label></th>
                        <td><input type="text" class="regular-text code" id="native-smtp-oauth-client-id" name="client_id" autocomplete="off" value="<?php echo esc_attr(Native_SMTP_OAuth_App::client_id()); ?>"<?php echo $locked('client_id'); ?>>
                            <?php $locked_note('client_id'); ?></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="native-smtp-oauth-client-secret"><?php esc_html_e('Client secret', 'native-smtp'); ?></label></th>
                        <td><input type="password" class="regular-text" id="native-smtp-oauth-client-secret" name="client_secret" autocomplete="new-password" value=""
                            placeholder="<?php echo esc_attr(Native_SMTP_OAuth_App::has_secret() ? __('saved', 'native-smtp') : ''); ?>"<?php echo $locked('client_secret'); ?>>
                            <p class="description"><?php esc_html_e('Leave empty to keep the saved secret.', 'native-smtp'); ?></p>
                            <?php if (is_wp_error($secret)) : ?><p class="description"><strong><?php echo esc_html($secret->get_error_message()); ?></strong></p><?php endif; ?>
                            <?php $locked_note('client_secret'); ?></td>
                    </tr>
                    <tr data-oauth-family="microsoft"<?php echo $shown === 'microsoft' ? '' : ' hidden'; ?>>
                        <th scope="row"><label for="native-smtp-oauth-tenant"><?php esc_html_e('Tenant', 'native-smtp'); ?></label></th>
                        <td><input type="text" class="regular-text code" id="native-smtp-oauth-tenant" name="tenant" value="<?php echo esc_attr(Native_SMTP_OAuth_App::tenant()); ?>"<?php echo $locked('tenant'); ?>>
                            <p class="description"><?php esc_html_e('The Directory (tenant) ID or your domain; "common" works for most accounts, "consumers" for Outlook.com.', 'native-smtp'); ?></p>
                            <?php $locked_note('tenant'); ?></td>
                    </tr>
                </table>
                <?php submit_button(__('Save app registration', 'native-smtp'), 'secondary', 'submit', false, ['id' => 'native-smtp-oauth-app-save']); ?>
            </form>
            <div class="native-smtp-oauth-actions">
                <form method="post" action="<?php echo esc_url(admin_url('admin-post.php')); ?>" id="native-smtp-oauth-start" style="display:inline">
                    <input type="hidden" name="action" value="<?php echo esc_attr(Native_SMTP_OAuth_Flow::START); ?>">
                    <?php wp_nonce_field(Native_SMTP_OAuth_Flow::START); ?>
                    <?php /* data-app: no sign-in before the app registration is saved, whatever the preset. */ ?>
                    <button type="submit" class="button button-primary" data-app="<?php echo Native_SMTP_OAuth_App::is_complete() ? '1' : '0'; ?>"<?php echo Native_SMTP_OAuth_App::is_complete() ? '' : ' disabled'; ?>><?php
                        $each('span', static function (string $family): void {
                            echo esc_html(Native_SMTP_OAuth_Providers::sign_in_label($family));
                        }); ?></button>
                </form>
                <?php if ($status !== null) : ?>
                <form method="post" action="<?php echo esc_url(admin_url('admin-post.php')); ?>" id="native-smtp-oauth-disconnect" style="display:inline">
                    <input type="hidden" name="action" value="<?php echo esc_attr(Native_SMTP_OAuth_Flow::DISCONNECT); ?>">
                    <?php wp_nonce_field(Native_SMTP_OAuth_Flow::DISCONNECT); ?>
                    <?php submit_button(__('Sign out', 'native-smtp'), 'secondary', 'submit', false, ['id' => 'native-smtp-oauth-sign-out']); ?>
                </form>
                <?php endif; ?>
            </div>
            <details class="native-smtp-oauth-steps">
                <summary><?php $each('span', static function (string $family): void {
                    /* translators: %s: Microsoft or Google */
                    echo esc_html(sprintf(__('How to register the app at %s', 'native-smtp'), Native_SMTP_OAuth_Providers::name($family)));
                }); ?></summary>
                <?php $each('ol', static function (string $family): void {
                    foreach (Native_SMTP_OAuth_Help::steps($family) as $step) {
                        echo '<li>' . esc_html($step) . '</li>';
                    }
                }); ?>
            </details>
        </section>
        <?php
    }
}
