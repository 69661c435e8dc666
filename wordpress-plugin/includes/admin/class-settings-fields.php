<?php
/**
 * The settings form's fields: each with its label, its description tied
 * to it (aria-describedby), its message after a failed save next to it
 * (aria-invalid), groups of radios and checkboxes in a fieldset with a
 * legend, and fields locked by wp-config constants shown disabled.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Settings_Fields
{
    /** The id of a field's input (the error summary links to it). */
    public static function id(string $key): string
    {
        return 'native-smtp-' . str_replace('_', '-', $key);
    }

    /** The field labels, also used by the error summary and the page's help. */
    public static function label(string $key): string
    {
        $labels = [
            'provider'      => __('Provider', 'native-smtp'),
            'host'          => __('SMTP server address', 'native-smtp'),
            'port'          => __('Port', 'native-smtp'),
            'encryption'    => __('Encryption', 'native-smtp'),
            'username'      => __('Username', 'native-smtp'),
            'password'      => __('Password / authorization code', 'native-smtp'),
            'from_email'    => __('Sender email', 'native-smtp'),
            'from_name'     => __('Sender name', 'native-smtp'),
            'force_from'    => __('Force sender', 'native-smtp'),
            'register_code' => __('Registration', 'native-smtp'),
            'email_only'    => __('Registration', 'native-smtp'),
            'login_code'    => __('Login', 'native-smtp'),
            'admin_exempt'  => __('Login', 'native-smtp'),
            'code_length'   => __('Code length', 'native-smtp'),
            'code_ttl'      => __('Valid for (minutes)', 'native-smtp'),
            'code_attempts' => __('Attempts', 'native-smtp'),
            'code_hourly_cap' => __('Code emails per hour, whole site', 'native-smtp'),
        ];
        return $labels[$key] ?? $key;
    }

    /**
     * @param array  $values    the settings to show (typed values after a failed save)
     * @param array  $errors    field => message
     * @param bool   $saved_password a password is saved
     * @param bool   $failed    this follows a failed save (the typed password was not kept)
     */
    public static function render(array $values, array $errors, bool $saved_password, bool $failed): void
    {
        $presets = Native_SMTP_Providers::all();
        $preset = $presets[$values['provider']] ?? null;
        $other_help = __('Enter your mail server\'s settings below.', 'native-smtp');
        ?>
        <h2><?php esc_html_e('Mail server', 'native-smtp'); ?></h2>
        <table class="form-table" role="presentation">
            <tr>
                <th scope="row"><label for="native-smtp-provider"><?php echo esc_html(self::label('provider')); ?></label></th>
                <td>
                    <select id="native-smtp-provider" name="<?php echo esc_attr(self::name('provider')); ?>" aria-describedby="native-smtp-provider-help">
                        <?php foreach ($presets as $id => $p) : ?>
                            <option value="<?php echo esc_attr((string) $id); ?>" <?php selected($values['provider'], (string) $id); ?>
                                data-host="<?php echo esc_attr($p['host']); ?>" data-port="<?php echo esc_attr((string) $p['port']); ?>"
                                data-encryption="<?php echo esc_attr($p['encryption']); ?>"
                                data-ports="<?php echo esc_attr((string) wp_json_encode($p['ports'])); ?>"
                                data-help="<?php echo esc_attr($p['help']); ?>"
                                data-sender-must-match="<?php echo esc_attr($p['senderMustMatchAccount'] ? '1' : ''); ?>"
                                data-user-hint="<?php echo esc_attr($p['usernameHint']); ?>"><?php echo esc_html($p['name']); ?></option>
                        <?php endforeach; ?>
                        <option value="other" <?php selected($values['provider'], 'other'); ?> data-help="<?php echo esc_attr($other_help); ?>"
                            data-user-hint="<?php echo esc_attr(Native_SMTP_Providers::username_hint('other')); ?>"><?php esc_html_e('Other', 'native-smtp'); ?></option>
                    </select>
                    <p class="description" id="native-smtp-provider-help"><?php echo esc_html($preset['help'] ?? $other_help); ?></p>
                </td>
            </tr>
            <?php
            self::input_row('host', $values, $errors, ['class' => 'regular-text', 'placeholder' => 'smtp.example.com', 'spellcheck' => 'false'], []);
            self::input_row('port', $values, $errors, ['type' => 'number', 'min' => '1', 'max' => '65535', 'class' => 'small-text'],
                [__('465 for SSL, 587 for STARTTLS, 25 for none; checked against the encryption as you choose.', 'native-smtp')]);
            ?>
            <tr>
                <th scope="row"><?php echo esc_html(self::label('encryption')); ?></th>
                <td><fieldset id="native-smtp-encryption" aria-describedby="native-smtp-encryption-desc<?php echo isset($errors['encryption']) ? ' native-smtp-encryption-error' : ''; ?>">
                    <legend class="screen-reader-text"><?php echo esc_html(self::label('encryption')); ?></legend>
                    <?php foreach (['none', 'ssl', 'starttls'] as $value) : ?>
                        <label class="native-smtp-radio"><input type="radio" name="<?php echo esc_attr(self::name('encryption')); ?>" value="<?php echo esc_attr($value); ?>" <?php checked($values['encryption'], $value); ?><?php self::lock('encryption'); ?>> <?php echo esc_html(Native_SMTP_Settings_Page::encryption_label($value)); ?></label>
                    <?php endforeach; ?>
                    <p class="description" id="native-smtp-encryption-desc"><?php esc_html_e('SSL: TLS from the start of the connection (usually port 465). STARTTLS: the connection starts plain and switches to TLS (usually port 587). None sends your password unencrypted.', 'native-smtp'); ?></p>
                    <?php self::error('encryption', $errors); ?>
                    <?php self::locked_note('encryption'); ?>
                </fieldset>
                <?php Native_SMTP_Connection_Check::render(); ?></td>
            </tr>
            <?php
            self::input_row('username', $values, $errors, ['class' => 'regular-text', 'autocomplete' => 'off', 'spellcheck' => 'false'],
                [$preset['usernameHint'] ?? Native_SMTP_Providers::username_hint('other'),
                __('Leave empty for a server that needs no login; the saved password is then removed.', 'native-smtp')]);
            $password_notes = [__('Leave empty to keep the saved password. QQ Mail, 163 and Gmail need an authorization code or app password, not your login password.', 'native-smtp')];
            if ($failed) {
                $password_notes[] = __('A password typed before a failed save is not kept: type it again.', 'native-smtp');
            }
            self::input_row('password', ['password' => ''] + $values, $errors, ['type' => 'password', 'class' => 'regular-text', 'autocomplete' => 'new-password',
                'placeholder' => $saved_password ? __('saved', 'native-smtp') : ''], $password_notes);
            // With the note on the sender rule, which settings.js keeps current as the fields change.
            self::input_row('from_email', $values, $errors, ['type' => 'email', 'class' => 'regular-text'],
                [__('Most providers only accept the username\'s own address here.', 'native-smtp')], self::sender_note($values));
            self::input_row('from_name', $values, $errors, ['class' => 'regular-text'], []);
            ?>
            <tr>
                <th scope="row"><?php echo esc_html(self::label('force_from')); ?></th>
                <td><fieldset><legend class="screen-reader-text"><?php echo esc_html(self::label('force_from')); ?></legend>
                    <?php self::checkbox('force_from', $values, __('Use this sender for all mail, whatever other plugins ask for', 'native-smtp')); ?>
                </fieldset></td>
            </tr>
        </table>
        <h2><?php esc_html_e('Verification codes', 'native-smtp'); ?></h2>
        <table class="form-table" role="presentation">
            <tr>
                <th scope="row"><?php esc_html_e('Registration', 'native-smtp'); ?></th>
                <td><fieldset><legend class="screen-reader-text"><?php esc_html_e('Registration', 'native-smtp'); ?></legend>
                    <?php self::checkbox('register_code', $values, __('Email registration verification: new members confirm their address with a mailed code', 'native-smtp')); ?><br>
                    <?php self::checkbox('email_only', $values, __('Email-only registration: the user name is made from the email address', 'native-smtp')); ?>
                </fieldset></td>
            </tr>
            <tr>
                <th scope="row"><?php esc_html_e('Login', 'native-smtp'); ?></th>
                <td><fieldset><legend class="screen-reader-text"><?php esc_html_e('Login', 'native-smtp'); ?></legend>
                    <?php self::checkbox('login_code', $values, __('Login verification code: after the password, ask for a code mailed to the account', 'native-smtp')); ?><br>
                    <?php self::checkbox('admin_exempt', $values, __('Administrators skip the login code', 'native-smtp')); ?>
                </fieldset></td>
            </tr>
            <tr>
                <th scope="row"><?php esc_html_e('Codes', 'native-smtp'); ?></th>
                <td><fieldset class="native-smtp-codes"><legend class="screen-reader-text"><?php esc_html_e('Codes', 'native-smtp'); ?></legend>
                    <?php foreach (['code_length' => [4, 12], 'code_ttl' => [1, 60], 'code_attempts' => [1, 20], 'code_hourly_cap' => [1, 10000]] as $key => [$min, $max]) : ?>
                        <label for="<?php echo esc_attr(self::id($key)); ?>"><?php echo esc_html(self::label($key)); ?></label>
                        <input type="number" min="<?php echo (int) $min; ?>" max="<?php echo (int) $max; ?>" class="small-text" <?php self::attributes($key, $errors, []); ?> value="<?php echo esc_attr((string) $values[$key]); ?>">
                    <?php endforeach; ?>
                    <?php foreach (['code_length', 'code_ttl', 'code_attempts', 'code_hourly_cap'] as $key) { self::error($key, $errors); } ?>
                </fieldset></td>
            </tr>
        </table>
        <?php
    }

    /** The sentence that says what becomes of another sender with a preset that sends only from the account. */
    public static function sender_note_template(): string
    {
        /* translators: 1: provider name, 2: the SMTP account's address, 3: the sender address entered */
        return __('%1$s sends only from the account itself: mail goes out from %2$s, and %3$s becomes the Reply-To address.', 'native-smtp');
    }

    /**
     * The sender note for these values, or '' when the sender is the account
     * or the preset takes any sender (the rule of Native_SMTP_Connection::account_sender()).
     */
    public static function sender_note(array $values): string
    {
        $preset = Native_SMTP_Providers::all()[(string) ($values['provider'] ?? '')] ?? null;
        $from = trim((string) ($values['from_email'] ?? ''));
        $account = trim((string) ($values['username'] ?? ''));
        if (!$preset || !$preset['senderMustMatchAccount'] || $from === '' || !is_email($account) || strcasecmp($from, $account) === 0) {
            return '';
        }
        return sprintf(self::sender_note_template(), $preset['name'], $account, $from);
    }

    private static function name(string $key): string
    {
        return Native_SMTP_Options::OPTION . '[' . $key . ']';
    }

    /**
     * A text-like input row: label, input, descriptions, error, locked note.
     * A $note (even '') is a polite live region under the descriptions that
     * the page's script can fill in; tied to the field while it says something.
     */
    private static function input_row(string $key, array $values, array $errors, array $attrs, array $descriptions, ?string $note = null): void
    {
        $descriptions = array_values(array_filter($descriptions, 'strlen'));
        $id = self::id($key);
        $attrs += ['type' => 'text'];
        $described = [];
        foreach ($descriptions as $i => $unused) {
            $described[] = "$id-desc" . ($i ?: '');
        }
        if ($note !== null && $note !== '') {
            $described[] = "$id-note";
        }
        ?>
        <tr>
            <th scope="row"><label for="<?php echo esc_attr($id); ?>"><?php echo esc_html(self::label($key)); ?></label></th>
            <td><input <?php self::attributes($key, $errors, $attrs, $described); ?> value="<?php echo esc_attr($key === 'port' && empty($values[$key]) ? '' : (string) $values[$key]); ?>"<?php self::lock($key); ?>>
                <?php foreach ($descriptions as $i => $text) : ?>
                    <p class="description" id="<?php echo esc_attr("$id-desc" . ($i ?: '')); ?>"><?php echo esc_html($text); ?></p>
                <?php endforeach; ?>
                <?php if ($note !== null) : ?>
                    <p class="description native-smtp-live-note" id="<?php echo esc_attr("$id-note"); ?>" aria-live="polite"><?php echo esc_html($note); ?></p>
                <?php endif; ?>
                <?php self::error($key, $errors); ?>
                <?php self::locked_note($key); ?></td>
        </tr>
        <?php
    }

    /** id, name, aria-describedby (descriptions, then the error) and aria-invalid, plus $attrs. */
    private static function attributes(string $key, array $errors, array $attrs, array $described = []): void
    {
        $id = self::id($key);
        if (isset($errors[$key])) {
            $described[] = "$id-error";
            $attrs['aria-invalid'] = 'true';
        }
        if (Native_SMTP_Options::locked($key)) {
            $described[] = "$id-locked";
        }
        $attrs = ['id' => $id, 'name' => self::name($key)] + $attrs;
        if ($described) {
            $attrs['aria-describedby'] = implode(' ', $described);
        }
        foreach ($attrs as $name => $value) {
            echo ' ' . esc_attr($name) . '="' . esc_attr((string) $value) . '"';
        }
    }

    private static function checkbox(string $key, array $values, string $text): void
    {
        ?>
        <label for="<?php echo esc_attr(self::id($key)); ?>"><input type="checkbox" id="<?php echo esc_attr(self::id($key)); ?>" name="<?php echo esc_attr(self::name($key)); ?>" value="1" <?php checked(!empty($values[$key])); ?>> <?php echo esc_html($text); ?></label>
        <?php
    }

    private static function error(string $key, array $errors): void
    {
        if (isset($errors[$key])) {
            echo '<p class="native-smtp-field-error" id="' . esc_attr(self::id($key) . '-error') . '">' . esc_html($errors[$key]) . '</p>';
        }
    }

    private static function lock(string $key): void
    {
        if (Native_SMTP_Options::locked($key)) {
            echo ' disabled="disabled"';
        }
    }

    private static function locked_note(string $key): void
    {
        if (Native_SMTP_Options::locked($key)) {
            /* translators: %s: constant name, e.g. NATIVE_SMTP_HOST */
            echo '<p class="description native-smtp-locked" id="' . esc_attr(self::id($key) . '-locked') . '">'
                . esc_html(sprintf(__('Set in wp-config.php (%s).', 'native-smtp'), Native_SMTP_Options::CONSTANTS[$key])) . '</p>';
        }
    }
}
