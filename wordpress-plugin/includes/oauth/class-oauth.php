<?php
/**
 * OAuth 2.0 sign-in as the way a connection logs in: when the connection's
 * preset is Microsoft 365 / Outlook or Gmail and the site is signed in with
 * that provider, the engines log in with an access token (the extension's
 * XOAUTH2/OAUTHBEARER, PHPMailer's XOAUTH2) instead of the password. A token
 * the server refuses is replaced once, and the send tried once more.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_OAuth
{
    public static function register(): void
    {
        Native_SMTP_OAuth_Flow::register();
        if (is_admin()) {
            Native_SMTP_OAuth_Section::register();
        }
    }

    /** The connection logs in with OAuth: its preset has a provider the site is signed in with. */
    public static function applies(array $settings): bool
    {
        $family = Native_SMTP_OAuth_Providers::family((string) ($settings['provider'] ?? ''));
        return $family !== null && Native_SMTP_OAuth_Tokens::signed_in($family);
    }

    /**
     * A refused token in PHPMailer's exchanges: PHPMailer takes the error
     * challenge (334 + base64 JSON) after AUTH XOAUTH2 as a failure and does
     * not answer it, so no 5xx follows. Null when no token was refused.
     *
     * @param list<array{stage: string, command: string, reply: string, code: int}> $exchanges
     * @return array{message: string, reply: string, hint: string}|null
     */
    public static function refused_token(array $exchanges): ?array
    {
        foreach ($exchanges as $x) {
            if ($x['code'] === 334 && preg_match('/^AUTH (XOAUTH2|OAUTHBEARER)\b/i', $x['command'])) {
                $said = base64_decode(trim(substr($x['reply'], 4)), true);
                $said = is_string($said) ? substr((string) preg_replace('/[^\x20-\x7e]/', '?', $said), 0, 300) : '';
                return [
                    'message' => 'server refused AUTH: the OAuth access token was not accepted' . ($said !== '' ? ' (the server explained: ' . $said . ')' : ''),
                    'reply'   => $x['reply'],
                    'hint'    => Native_SMTP_OAuth_Help::hint('oauth_token_refused'),
                ];
            }
        }
        return null;
    }

    /**
     * Runs $send with a fresh access token; when it fails because the server
     * refused the token, gets a new one and runs it once more. $send returns
     * anything; $refused tells whether that result is a refused login.
     *
     * @param callable(string): mixed $send
     * @param callable(mixed): bool   $refused
     * @return mixed|WP_Error what $send returned, or the WP_Error why no token could be had
     */
    public static function with_token(callable $send, callable $refused)
    {
        $token = Native_SMTP_OAuth_Tokens::access_token();
        if (is_wp_error($token)) {
            return $token;
        }
        $result = $send($token);
        if (!$refused($result)) {
            return $result;
        }
        $token = Native_SMTP_OAuth_Tokens::replace($token);
        return is_wp_error($token) ? $token : $send($token);
    }
}
