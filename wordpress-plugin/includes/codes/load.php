<?php
/**
 * The verification codes: tokens (extension or PHP), storage, limits, the
 * login code step and registration with a code.
 */

if (!defined('ABSPATH')) {
    exit;
}

require_once __DIR__ . '/class-code-assets.php';
require_once __DIR__ . '/class-code-token-php.php';
require_once __DIR__ . '/class-code-tokens.php';
require_once __DIR__ . '/class-code-store.php';
require_once __DIR__ . '/class-code-limits.php';
require_once __DIR__ . '/class-codes.php';
require_once __DIR__ . '/class-login-screen.php';
require_once __DIR__ . '/class-registration.php';
require_once __DIR__ . '/class-login-code.php';
