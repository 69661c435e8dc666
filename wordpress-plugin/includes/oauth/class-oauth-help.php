<?php
/**
 * The words around OAuth sign-in: the fix for each OAuth failure and the
 * step-by-step app registration for Microsoft and Google.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_OAuth_Help
{
    /** The fix for an OAuth failure category ('' for others). */
    public static function hint(string $category): string
    {
        switch ($category) {
            case 'oauth_signin_required':
                return __('Open Settings > Email / SMTP and use the sign-in button again with the mailbox\'s account; mail that failed meanwhile can be sent again afterwards.', 'native-smtp');
            case 'oauth_client':
                return __('Check the client ID and client secret of your app registration on Settings > Email / SMTP (client secrets expire: create a new one if needed), then sign in again.', 'native-smtp');
            case 'oauth_unreachable':
                return __('The sign-in service could not be reached: check that the site can make outgoing HTTPS connections; the site tries again with the next mail.', 'native-smtp');
            case 'oauth_token_refused':
                return __('The mail server refused the access token; the site gets a new one and tries once more. If this repeats, sign in again on Settings > Email / SMTP.', 'native-smtp');
        }
        return '';
    }

    /** What went wrong, in plain words ('' for categories that are not OAuth's). */
    public static function explain(string $category): string
    {
        switch ($category) {
            case 'oauth_signin_required':
                return __('The site\'s sign-in to the mailbox has expired or was revoked.', 'native-smtp');
            case 'oauth_client':
                return __('The provider refused the site\'s app registration.', 'native-smtp');
            case 'oauth_unreachable':
                return __('The provider\'s sign-in service could not be reached.', 'native-smtp');
        }
        return '';
    }

    /** The fix when the mailbox refuses passwords (5.7.30): sign in instead. */
    public static function switch_to_oauth(string $preset): string
    {
        /* translators: %s: "Sign in with Microsoft" or "Sign in with Google" */
        return sprintf(__('Use "%s" further down the Email / SMTP settings page: register the app as its steps say, save the client ID and secret, then sign in with this mailbox. The password is then no longer used.', 'native-smtp'),
            Native_SMTP_OAuth_Providers::sign_in_label((string) Native_SMTP_OAuth_Providers::family($preset)));
    }

    /** The steps to register the app, in order. */
    public static function steps(string $family): array
    {
        if ($family === 'google') {
            return [
                __('Open the Google Cloud console (console.cloud.google.com), create a project or choose one, and enable the Gmail API under APIs & Services > Library.', 'native-smtp'),
                __('Under APIs & Services > OAuth consent screen, set up the consent screen: "Internal" for a Google Workspace domain, "External" for a Gmail account. An external app left in "Testing" loses its sign-in after 7 days: publish it.', 'native-smtp'),
                __('Under Credentials choose Create credentials > OAuth client ID, type "Web application", and add the redirect URI below under "Authorized redirect URIs".', 'native-smtp'),
                __('Copy the client ID and the client secret into the fields below and save.', 'native-smtp'),
                __('Choose "Sign in with Google" and sign in with the mailbox the site sends from (the Username field above).', 'native-smtp'),
            ];
        }
        return [
            __('Sign in to the Microsoft Entra admin center (entra.microsoft.com) and open Applications > App registrations > New registration.', 'native-smtp'),
            __('Give it a name; for a Microsoft 365 mailbox choose "Accounts in this organizational directory only" (for Outlook.com: "...and personal Microsoft accounts"); under Redirect URI choose "Web" and paste the redirect URI below.', 'native-smtp'),
            __('On the app\'s Overview page copy the Application (client) ID and the Directory (tenant) ID into the fields below (for Outlook.com accounts use "consumers" as the tenant).', 'native-smtp'),
            __('Under Certificates & secrets create a new client secret and copy its Value (not its ID) into Client secret. Note its expiry date: the site must get a new one before then.', 'native-smtp'),
            __('Under API permissions add Microsoft Graph > Delegated permissions > SMTP.Send and offline_access, and grant admin consent when asked.', 'native-smtp'),
            __('In the Microsoft 365 admin center, make sure Authenticated SMTP is on for the mailbox (Users > the user > Mail > Manage email apps).', 'native-smtp'),
            __('Save below, then choose "Sign in with Microsoft" and sign in with the mailbox the site sends from (the Username field above).', 'native-smtp'),
        ];
    }
}
