<?php
/**
 * Plugin Name: Native SMTP test stand-in: page renderer
 * Description: For the plugin's tests only. The test site has no theme (Debian's WordPress ships none); this renders a page's content the way a theme's page template does: wp_head(), the_content (shortcodes run), wp_footer().
 */

add_action('template_redirect', function () {
    if (!is_singular()) {
        return;
    }
    echo '<!DOCTYPE html><html><head>';
    wp_head();
    echo '</head><body>';
    while (have_posts()) {
        the_post();
        the_content();
    }
    wp_footer();
    echo '</body></html>';
    exit;
}, 100);
