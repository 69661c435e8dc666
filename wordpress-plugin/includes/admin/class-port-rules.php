<?php
/**
 * Which encryption a port speaks: the chosen provider's ports when the host
 * is that provider's, otherwise the well-known ones (465 TLS at connect,
 * 587 and 25 STARTTLS or none). assets/admin/settings.js applies the same
 * rule in the browser from the same preset data (data-ports on each option).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Port_Rules
{
    /** The well-known ports: port => encryption it expects. */
    public const WELL_KNOWN = [465 => 'ssl', 587 => 'starttls', 25 => 'starttls'];

    /**
     * A mismatch between port and encryption, with the fix, or '' when they go together.
     *
     * @param string $provider the chosen preset's id, or 'other'
     */
    /**
     * The messages, shared with assets/admin/settings.js (same placeholders).
     *
     * @return array<string, string>
     */
    public static function messages(): array
    {
        return [
            /* translators: 1: provider name, 2: chosen encryption, 3: encryption to choose, 4: its port */
            'not_offered'  => __('%1$s does not offer %2$s: choose %3$s with port %4$d.', 'native-smtp'),
            /* translators: 1: provider name, 2: port, 3: encryption that port expects, 4: chosen encryption, 5: the chosen encryption's port */
            'port_expects' => __('Port %2$d of %1$s expects %3$s, not %4$s: choose %3$s, or use port %5$d for %4$s.', 'native-smtp'),
            /* translators: 1: provider name, 2: encryption, 3: the port the provider uses for it, 4: the port entered */
            'other_port'   => __('%1$s uses port %3$d for %2$s, not %4$d: enter %3$d.', 'native-smtp'),
            /* translators: %s: chosen encryption (STARTTLS or None) */
            'port_465'     => __('Port 465 expects SSL (TLS from the start of the connection), not %s: choose SSL, or use port 587 for STARTTLS.', 'native-smtp'),
            /* translators: %d: port (587 or 25) */
            'port_starttls' => __('Port %d expects STARTTLS, not SSL: choose STARTTLS, or use port 465 for SSL.', 'native-smtp'),
        ];
    }

    /**
     * A mismatch between port and encryption, with the fix, or '' when they go together.
     *
     * @param string $provider the chosen preset's id, or 'other'
     */
    public static function mismatch(string $provider, string $host, int $port, string $encryption): string
    {
        $label = [Native_SMTP_Settings_Page::class, 'encryption_label'];
        $m = self::messages();
        $preset = Native_SMTP_Providers::all()[$provider] ?? null;
        if ($preset !== null && strcasecmp($host, (string) $preset['host']) === 0) {
            $ports = array_map('intval', (array) $preset['ports']);
            $name = (string) $preset['name'];
            if (empty($ports[$encryption])) {
                $best = self::preferred($ports);
                return sprintf($m['not_offered'], $name, $label($encryption), $label($best), $ports[$best]);
            }
            if ($port === $ports[$encryption]) {
                return '';
            }
            $owner = array_search($port, $ports, true);
            if ($owner !== false && $owner !== $encryption) {
                return sprintf($m['port_expects'], $name, $port, $label((string) $owner), $label($encryption), $ports[$encryption]);
            }
            return sprintf($m['other_port'], $name, $label($encryption), $ports[$encryption], $port);
        }
        $expects = self::WELL_KNOWN[$port] ?? null;
        if ($expects === 'ssl' && $encryption !== 'ssl') {
            return sprintf($m['port_465'], $label($encryption));
        }
        if ($expects === 'starttls' && $encryption === 'ssl') {
            return sprintf($m['port_starttls'], $port);
        }
        return '';
    }

    /** The encryption to suggest among a provider's ports: SSL, then STARTTLS, then none. */
    private static function preferred(array $ports): string
    {
        foreach (['ssl', 'starttls', 'none'] as $encryption) {
            if (!empty($ports[$encryption])) {
                return $encryption;
            }
        }
        return 'ssl';
    }
}
