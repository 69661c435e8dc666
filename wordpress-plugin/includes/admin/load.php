<?php
/**
 * The settings page: fields and their checks, the connection check, the
 * test email and the page's help.
 */

if (!defined('ABSPATH')) {
    exit;
}

require_once __DIR__ . '/class-port-rules.php';
require_once __DIR__ . '/class-settings-validator.php';
require_once __DIR__ . '/class-form-state.php';
require_once __DIR__ . '/class-settings-fields.php';
require_once __DIR__ . '/class-settings-page.php';
require_once __DIR__ . '/class-screen-help.php';
require_once __DIR__ . '/class-connection-probe.php';
require_once __DIR__ . '/class-connection-check.php';
require_once __DIR__ . '/class-test-email.php';
