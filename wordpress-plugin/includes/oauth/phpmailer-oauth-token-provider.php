<?php
/**
 * PHPMailer's OAuthTokenProvider interface (PHPMailer 6.6+). WordPress
 * bundles PHPMailer.php, SMTP.php and Exception.php but not this file, while
 * PHPMailer::setOAuth() type-hints the interface: declare it, the same as
 * PHPMailer's own file, only when no autoloader knows it.
 */

namespace PHPMailer\PHPMailer;

if (!defined('ABSPATH')) {
    exit;
}

if (!interface_exists(OAuthTokenProvider::class)) {
    interface OAuthTokenProvider
    {
        /**
         * The base64 of "user=<user>\001auth=Bearer <token>\001\001" (XOAUTH2).
         *
         * @return string
         */
        public function getOauth64();
    }
}
