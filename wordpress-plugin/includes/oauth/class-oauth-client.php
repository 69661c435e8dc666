<?php
/**
 * Talks to the provider's token and revocation endpoints (RFC 6749, RFC
 * 7009) through WordPress's HTTP API. Every failure is a WP_Error with the
 * category the log and alerts show: oauth_signin_required when the grant is
 * gone (revoked, expired, password changed), oauth_client when the app
 * registration is wrong, oauth_unreachable when trying later may help.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_OAuth_Client
{
    /**
     * The token endpoint's answer (access_token, expires_in, maybe
     * refresh_token) or a WP_Error.
     *
     * @param array $endpoints from Native_SMTP_OAuth_Providers::endpoints()
     * @param array $grant     grant_type and its fields (code + code_verifier + redirect_uri, or refresh_token)
     * @return array|WP_Error
     */
    public static function token(array $endpoints, string $family, array $grant)
    {
        $secret = Native_SMTP_OAuth_App::client_secret();
        if (is_wp_error($secret)) {
            return $secret;
        }
        $body = $grant + ['client_id' => Native_SMTP_OAuth_App::client_id(), 'client_secret' => $secret];
        if ($family === 'microsoft' && $grant['grant_type'] === 'refresh_token') {
            $body['scope'] = $endpoints['scope'];
        }
        $response = wp_remote_post($endpoints['token'], [
            'timeout' => 15,
            'headers' => ['Accept' => 'application/json'],
            'body'    => $body,
        ]);
        if (is_wp_error($response)) {
            return self::error('oauth_unreachable', sprintf(
                /* translators: 1: Microsoft or Google, 2: error from the HTTP request */
                __('The %1$s sign-in service could not be reached: %2$s', 'native-smtp'), Native_SMTP_OAuth_Providers::name($family), $response->get_error_message()), true);
        }
        $status = (int) wp_remote_retrieve_response_code($response);
        $json = json_decode((string) wp_remote_retrieve_body($response), true);
        $json = is_array($json) ? $json : [];
        if ($status === 200 && isset($json['access_token']) && is_string($json['access_token']) && $json['access_token'] !== '') {
            return $json;
        }
        return self::refusal($family, $status, $json);
    }

    /** Tells the provider to forget a token (Google); true when it has no revocation endpoint. */
    public static function revoke(array $endpoints, string $token): bool
    {
        if ($endpoints['revoke'] === '') {
            return true;
        }
        $response = wp_remote_post($endpoints['revoke'], ['timeout' => 15, 'body' => ['token' => $token]]);
        return !is_wp_error($response) && (int) wp_remote_retrieve_response_code($response) === 200;
    }

    /** The provider's RFC 6749 error as our failure. */
    private static function refusal(string $family, int $status, array $json): WP_Error
    {
        $code = is_string($json['error'] ?? null) ? $json['error'] : '';
        $said = trim($code . (is_string($json['error_description'] ?? null) ? ': ' . strtok($json['error_description'], "\r\n") : ''));
        /* translators: 1: Microsoft or Google, 2: the HTTP status, 3: the provider's error text */
        $detail = sprintf(__('%1$s answered %2$d (%3$s).', 'native-smtp'), Native_SMTP_OAuth_Providers::name($family), $status, $said !== '' ? $said : '-');
        if ($code === 'invalid_grant') {
            /* translators: 1: the provider's answer, 2: "Sign in with Microsoft" or "Sign in with Google" */
            return self::error('oauth_signin_required', sprintf(__('The sign-in for sending mail has expired or was revoked: %1$s Choose "%2$s" again on the Email / SMTP settings page.', 'native-smtp'),
                $detail, Native_SMTP_OAuth_Providers::sign_in_label($family)), false);
        }
        if (in_array($code, ['invalid_client', 'unauthorized_client', 'invalid_request', 'invalid_scope'], true) || $status === 401) {
            /* translators: %s: the provider's answer */
            return self::error('oauth_client', sprintf(__('The app registration was refused: %s Check the client ID, the client secret (secrets expire) and, for Microsoft, the tenant.', 'native-smtp'), $detail), false);
        }
        /* translators: %s: the provider's answer */
        return self::error('oauth_unreachable', sprintf(__('The sign-in service did not give a token: %s', 'native-smtp'), $detail), $status >= 500 || $status === 429 || $status === 0);
    }

    private static function error(string $category, string $message, bool $transient): WP_Error
    {
        return new WP_Error('native_smtp_oauth', $message, [
            'category'  => $category,
            'stage'     => 'oauth',
            'transient' => $transient,
            'hint'      => Native_SMTP_OAuth_Help::hint($category),
        ]);
    }
}
