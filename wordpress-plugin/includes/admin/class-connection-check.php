<?php
/**
 * "Check connection": probes the server on screen (saved or not) from this
 * site and says, in the site's language, which ports answer and what each
 * speaks, which stage failed (DNS, TCP, TLS, greeting) with the fix for the
 * chosen provider, and which port and encryption work, for one click.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Connection_Check
{
    public const ACTION = 'native_smtp_check';

    public static function register(): void
    {
        add_action('wp_ajax_' . self::ACTION, [self::class, 'ajax']);
    }

    /** The button and the place for the answer (the page's script makes them work). */
    public static function render(): void
    {
        ?>
        <div class="native-smtp-check" hidden>
            <button type="button" class="button" id="native-smtp-check" aria-describedby="native-smtp-check-desc"><?php esc_html_e('Check connection', 'native-smtp'); ?></button>
            <span class="spinner"></span>
            <p class="description" id="native-smtp-check-desc"><?php esc_html_e('Tries the SMTP server address on screen (saved or not) on ports 465, 587 and 25 and the port entered, from this site.', 'native-smtp'); ?></p>
            <div id="native-smtp-check-result" aria-live="polite"></div>
        </div>
        <?php
    }

    public static function ajax(): void
    {
        check_ajax_referer(self::ACTION);
        if (!current_user_can('manage_options')) {
            wp_send_json_error(['summary' => __('You are not allowed to do this.', 'native-smtp')], 403);
        }
        $form = wp_unslash($_POST[Native_SMTP_Options::OPTION] ?? []);
        $checked = Native_SMTP_Settings_Validator::check(is_array($form) ? $form : [], Native_SMTP_Options::stored());
        if (isset($checked['errors']['host']) || $checked['values']['host'] === '') {
            wp_send_json_error(['summary' => $checked['errors']['host'] ?? __('Enter the SMTP server address first.', 'native-smtp')]);
        }
        $s = $checked['values'];
        $result = self::explain(Native_SMTP_Connection_Probe::run($s['host'], array_merge(Native_SMTP_Connection_Probe::PORTS, [(int) $s['port']])), $s);
        $result['ok'] ? wp_send_json_success($result) : wp_send_json_error($result);
    }

    /**
     * The probe's findings in words.
     *
     * @param array $probe    from Native_SMTP_Connection_Probe::run()
     * @param array $settings the settings on screen (provider, host, port, encryption)
     * @return array{ok: bool, summary: string, stage: string, fix: string, ports: list<array{port: int, ok: bool, text: string}>,
     *               suggestion: ?array{port: int, encryption: string, label: string}, details: string}
     */
    public static function explain(array $probe, array $settings): array
    {
        $preset = Native_SMTP_Providers::all()[$settings['provider']] ?? null;
        $out = ['ok' => false, 'summary' => '', 'stage' => '', 'fix' => '', 'ports' => [], 'suggestion' => null, 'details' => ''];
        if (!$probe['dns']) {
            $out['stage'] = 'dns';
            /* translators: %s: SMTP server address */
            $out['summary'] = sprintf(__('DNS: the name %s was not found.', 'native-smtp'), $probe['host']);
            $out['fix'] = $preset && strcasecmp($preset['host'], $probe['host']) !== 0
                /* translators: 1: provider name, 2: its SMTP server address */
                ? sprintf(__('Check the spelling: the SMTP server address of %1$s is %2$s.', 'native-smtp'), $preset['name'], $preset['host'])
                : __('Check the spelling of the SMTP server address, and that this site\'s server can resolve names (ask your hosting provider).', 'native-smtp');
            $out['details'] = $probe['dns_detail'];
            return $out;
        }
        $details = [];
        foreach ($probe['ports'] as $port => $p) {
            $out['ports'][] = ['port' => $port, 'ok' => $p['stage'] === '', 'text' => self::port_text($p, $probe['host'])];
            $details[] = "port $port: " . ($p['detail'] !== '' ? $p['detail'] : ($p['greeting'] !== '' ? $p['greeting'] : 'ok'));
            if ($p['transcript'] !== '') {
                $details[] = $p['transcript'];
            }
        }
        $out['details'] = implode("\n", $details);
        $port = (int) $settings['port'];
        $chosen = $probe['ports'][$port] ?? null;
        $works = $chosen && $chosen['stage'] === '' && self::encryption_for($chosen['speaks'], $settings['encryption']) === $settings['encryption'];
        $out['suggestion'] = self::suggestion($probe['ports'], $port);
        if ($works) {
            $out['ok'] = true;
            $out['suggestion'] = null;
            /* translators: 1: port, 2: encryption */
            $out['summary'] = sprintf(__('Port %1$d with %2$s works: the server answered. Send a test email to check the username and password.', 'native-smtp'), $port,
                Native_SMTP_Settings_Page::encryption_label($settings['encryption']));
            return $out;
        }
        [$out['stage'], $out['summary']] = self::what_failed($chosen, $port, $settings['encryption'], $probe['host']);
        $out['fix'] = self::fix($out['stage'], $preset, $probe['host'], $out['suggestion']);
        return $out;
    }

    /** The encryption to use with what a port speaks ('plain' only suits a chosen "None"). */
    private static function encryption_for(string $speaks, string $chosen): string
    {
        $map = ['tls' => 'ssl', 'starttls' => 'starttls', 'plain' => 'none'];
        if ($speaks === 'starttls' && $chosen === 'none') {
            return 'none';  // allowed, if not advised: the server also takes plain text
        }
        return $map[$speaks] ?? '';
    }

    /** The combination that works: the entered port first, then 465 SSL, 587 and 25 STARTTLS; plain only as a last resort. */
    private static function suggestion(array $ports, int $entered): ?array
    {
        $order = array_unique(array_merge([$entered], Native_SMTP_Connection_Probe::PORTS));
        foreach ([true, false] as $encrypted) {
            foreach ($order as $port) {
                $p = $ports[$port] ?? null;
                if (!$p || $p['stage'] !== '' || ($p['speaks'] === 'plain') === $encrypted) {
                    continue;
                }
                $encryption = ['tls' => 'ssl', 'starttls' => 'starttls', 'plain' => 'none'][$p['speaks']];
                /* translators: 1: port, 2: encryption */
                $label = sprintf(__('Use port %1$d with %2$s', 'native-smtp'), $port, Native_SMTP_Settings_Page::encryption_label($encryption));
                return ['port' => $port, 'encryption' => $encryption, 'label' => $label];
            }
        }
        return null;
    }

    /** One port in words. */
    private static function port_text(array $p, string $host): string
    {
        $port = $p['port'];
        switch ($p['stage']) {
            case 'tcp':
                /* translators: %d: port */
                return sprintf(__('Port %d: not reachable (TCP): refused or blocked on the way.', 'native-smtp'), $port);
            case 'greeting':
                /* translators: %d: port */
                return sprintf(__('Port %d: the connection opened but no SMTP greeting came (greeting).', 'native-smtp'), $port);
            case 'tls':
                return $p['certificate'] === 'untrusted'
                    /* translators: 1: port, 2: SMTP server address */
                    ? sprintf(__('Port %1$d: the TLS certificate is not valid for %2$s (TLS).', 'native-smtp'), $port, $host)
                    /* translators: %d: port */
                    : sprintf(__('Port %d: the TLS handshake failed (TLS).', 'native-smtp'), $port);
        }
        if ($p['speaks'] === 'tls') {
            /* translators: %d: port */
            return sprintf(__('Port %d: reachable, TLS from the start of the connection (choose SSL).', 'native-smtp'), $port);
        }
        if ($p['speaks'] === 'starttls') {
            /* translators: %d: port */
            return sprintf(__('Port %d: reachable, the greeting offers STARTTLS (choose STARTTLS).', 'native-smtp'), $port);
        }
        /* translators: %d: port */
        return sprintf(__('Port %d: reachable, but without encryption (no STARTTLS offered).', 'native-smtp'), $port);
    }

    /** @return array{0: string, 1: string} stage, summary for the chosen port and encryption */
    private static function what_failed(?array $p, int $port, string $encryption, string $host): array
    {
        $label = Native_SMTP_Settings_Page::encryption_label($encryption);
        if (!$p || $p['stage'] === 'tcp') {
            /* translators: %d: port */
            return ['tcp', sprintf(__('TCP: port %d could not be reached from this site.', 'native-smtp'), $port)];
        }
        if ($p['stage'] === 'tls' && $p['certificate'] === 'untrusted') {
            /* translators: 1: SMTP server address, 2: port */
            return ['tls', sprintf(__('TLS: the certificate on port %2$d is not valid for %1$s.', 'native-smtp'), $host, $port)];
        }
        if ($p['stage'] === 'tls') {
            /* translators: %d: port */
            return ['tls', sprintf(__('TLS: the encrypted connection on port %d could not be set up.', 'native-smtp'), $port)];
        }
        if ($p['stage'] === 'greeting') {
            /* translators: %d: port */
            return ['greeting', sprintf(__('Greeting: port %d opened the connection but did not answer like a mail server.', 'native-smtp'), $port)];
        }
        if ($p['speaks'] === 'tls') {
            /* translators: 1: port, 2: chosen encryption */
            return ['tls', sprintf(__('Port %1$d expects TLS from the start of the connection (SSL), but %2$s is chosen: sending would wait until the time limit.', 'native-smtp'), $port, $label)];
        }
        if ($encryption === 'ssl') {
            /* translators: %d: port */
            return ['tls', sprintf(__('Port %d starts without encryption (STARTTLS or none), but SSL is chosen: the TLS handshake fails.', 'native-smtp'), $port)];
        }
        /* translators: %d: port */
        return ['tls', sprintf(__('Port %d does not offer STARTTLS, so the password would not be protected.', 'native-smtp'), $port)];
    }

    /** The fix for the failed stage, for the chosen provider when there is one. */
    private static function fix(string $stage, ?array $preset, string $host, ?array $suggestion): string
    {
        if ($suggestion !== null && $suggestion['encryption'] === 'none') {
            /* translators: %s: e.g. "Use port 25 with None" */
            return sprintf(__('%s: it is the only combination that answered, and it sends the password unencrypted. Prefer a port with SSL or STARTTLS if your provider has one.', 'native-smtp'), $suggestion['label']);
        }
        if ($suggestion !== null) {
            /* translators: %s: e.g. "Use port 465 with SSL" */
            return sprintf(__('%s: it answered correctly from this site.', 'native-smtp'), $suggestion['label']);
        }
        $ports = '';
        if ($preset) {
            $list = [];
            foreach ((array) $preset['ports'] as $encryption => $port) {
                if ($port) {
                    /* translators: 1: port, 2: encryption */
                    $list[] = sprintf(__('%1$d (%2$s)', 'native-smtp'), $port, Native_SMTP_Settings_Page::encryption_label((string) $encryption));
                }
            }
            /* translators: 1: provider name, 2: list of ports with their encryption */
            $ports = ' ' . sprintf(__('%1$s accepts ports %2$s.', 'native-smtp'), $preset['name'], wp_sprintf('%l', $list));
        }
        switch ($stage) {
            case 'tcp':
                return __('Your hosting provider or a firewall probably blocks outgoing mail ports: ask them to open port 465 or 587 for this site.', 'native-smtp') . $ports;
            case 'tls':
                return $preset && strcasecmp($preset['host'], $host) !== 0
                    /* translators: %s: the provider's SMTP server address */
                    ? sprintf(__('Use the provider\'s exact SMTP server address, %s: the certificate names that one.', 'native-smtp'), $preset['host'])
                    : __('Use the exact server name written in the certificate, or define NATIVE_SMTP_CA_FILE in wp-config.php for a private certificate authority.', 'native-smtp') . $ports;
            case 'greeting':
                return __('Check the port: it is probably not a mail port.', 'native-smtp') . $ports;
        }
        return '';
    }
}
