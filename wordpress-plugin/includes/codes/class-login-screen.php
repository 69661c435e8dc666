<?php
/**
 * The frame around the code step: wp-login.php's own header and footer when
 * the request is on wp-login.php, else a small page of the plugin's with the
 * same styles, so a login from a front-end form (wp_signon() on any page,
 * where login_header() does not exist) shows the same step.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Login_Screen
{
    public static function render(string $title, WP_Error $errors, callable $body): void
    {
        nocache_headers();
        Native_SMTP_Code_Assets::enqueue();
        if (function_exists('login_header')) {
            // Its language switcher is a GET form: it would drop the pending login, which lives only in POST bodies.
            add_filter('login_display_language_dropdown', '__return_false');
            login_header($title, '', $errors);
            $body();
            login_footer();
            return;
        }
        self::header($title, $errors);
        $body();
        self::footer();
    }

    /** What $body prints, as a string (for an AJAX answer). */
    public static function capture(callable $body, ...$args): string
    {
        ob_start();
        $body(...$args);
        return (string) ob_get_clean();
    }

    private static function header(string $title, WP_Error $errors): void
    {
        header('Content-Type: text/html; charset=' . get_bloginfo('charset'));
        wp_enqueue_style('login');
        ?>
<!DOCTYPE html>
<html <?php language_attributes(); ?>>
<head>
<meta charset="<?php bloginfo('charset'); ?>">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title><?php echo esc_html($title . ' &lsaquo; ' . get_bloginfo('name', 'display')); ?></title>
<?php print_admin_styles();  // as wp-login.php does: wp_print_styles() would run print_emoji_styles(), deprecated since 6.4 ?>
</head>
<body class="login wp-core-ui native-smtp-login-screen">
<div id="login">
<h1><a href="<?php echo esc_url(home_url('/')); ?>"><?php bloginfo('name', 'display'); ?></a></h1>
        <?php
        // Messages are escaped where they are added, as wp-login.php expects.
        $by_kind = ['error' => [], 'message' => []];
        foreach ($errors->get_error_codes() as $code) {
            $kind = $errors->get_error_data($code) === 'message' ? 'message' : 'error';
            $by_kind[$kind] = array_merge($by_kind[$kind], $errors->get_error_messages($code));
        }
        if ($by_kind['error']) {
            echo '<div id="login_error">' . wp_kses_post(implode('<br>', $by_kind['error'])) . '</div>';
        }
        foreach ($by_kind['message'] as $message) {
            echo '<p class="message">' . wp_kses_post($message) . '</p>';
        }
    }

    private static function footer(): void
    {
        echo '</div>';
        wp_print_footer_scripts();
        echo "</body>\n</html>\n";
    }
}
