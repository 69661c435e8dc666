<?php
/**
 * The email log's tables, created and upgraded with dbDelta whenever the
 * stored schema version differs from this file's. One row per message (also
 * the retry queue: queued rows keep the prepared message until they end) and
 * one row per recipient address, so a person's mail is found by an index
 * (search, privacy export and erasure).
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Log_Schema
{
    public const VERSION = 1;
    private const VERSION_OPTION = 'native_smtp_log_db_version';

    public static function register(): void
    {
        // Cheap when current (one autoloaded option); upgrades after a plugin update without reactivation.
        add_action('plugins_loaded', [self::class, 'maybe_upgrade']);
    }

    public static function messages(): string
    {
        global $wpdb;
        return $wpdb->prefix . 'native_smtp_log';
    }

    public static function recipients(): string
    {
        global $wpdb;
        return $wpdb->prefix . 'native_smtp_log_recipients';
    }

    public static function maybe_upgrade(): void
    {
        if ((int) get_option(self::VERSION_OPTION, 0) !== self::VERSION) {
            self::install();
        }
    }

    public static function install(): void
    {
        global $wpdb;
        require_once ABSPATH . 'wp-admin/includes/upgrade.php';
        $charset = $wpdb->get_charset_collate();
        $messages = self::messages();
        $recipients = self::recipients();
        // Times are Unix seconds (UTC). dbDelta wants two spaces before PRIMARY KEY and one key per line.
        dbDelta("CREATE TABLE $messages (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  created bigint(20) NOT NULL,
  updated bigint(20) NOT NULL,
  status varchar(16) NOT NULL,
  recipients text NOT NULL,
  subject text NOT NULL,
  engine varchar(16) NOT NULL DEFAULT '',
  connection varchar(16) NOT NULL DEFAULT '',
  attempts smallint(5) unsigned NOT NULL DEFAULT 0,
  next_attempt bigint(20) NOT NULL DEFAULT 0,
  claim varchar(32) NOT NULL DEFAULT '',
  claimed_at bigint(20) NOT NULL DEFAULT 0,
  smtp_code smallint(5) unsigned NOT NULL DEFAULT 0,
  server_reply text NOT NULL,
  error_category varchar(64) NOT NULL DEFAULT '',
  error_hint text NOT NULL,
  message_id varchar(255) NOT NULL DEFAULT '',
  headers longtext NOT NULL,
  body longtext NULL,
  payload longtext NULL,
  transcript longtext NOT NULL,
  history longtext NOT NULL,
  PRIMARY KEY  (id),
  KEY created (created),
  KEY status_next (status,next_attempt),
  KEY claim (claim)
) $charset;
CREATE TABLE $recipients (
  log_id bigint(20) unsigned NOT NULL,
  email varchar(191) NOT NULL,
  PRIMARY KEY  (log_id,email),
  KEY email (email)
) $charset;");
        update_option(self::VERSION_OPTION, self::VERSION, true);
    }

    /** For uninstall. */
    public static function drop(): void
    {
        global $wpdb;
        $wpdb->query('DROP TABLE IF EXISTS ' . self::messages() . ', ' . self::recipients());
        delete_option(self::VERSION_OPTION);
    }
}
