<?php
/**
 * Loads the OAuth 2.0 sign-in (Microsoft 365 / Outlook, Gmail). The PHPMailer
 * token provider is loaded only where PHPMailer logs in with a token.
 */

if (!defined('ABSPATH')) {
    exit;
}

require_once __DIR__ . '/class-oauth-providers.php';
require_once __DIR__ . '/class-oauth-help.php';
require_once __DIR__ . '/class-oauth-app.php';
require_once __DIR__ . '/class-oauth-client.php';
require_once __DIR__ . '/class-oauth-tokens.php';
require_once __DIR__ . '/class-oauth-flow.php';
require_once __DIR__ . '/class-oauth-section.php';
require_once __DIR__ . '/class-oauth.php';
