<?php
/**
 * Plugin Name: Native SMTP test stand-in: CAPTCHA
 * Description: For the plugin's tests only. Adds a question to registration forms through register_form and refuses wrong answers in registration_errors, as CAPTCHA and anti-spam plugins do.
 */

add_action('register_form', function () {
    echo '<p class="test-captcha"><label for="test_captcha">3 + 4 =</label> <input type="text" name="test_captcha" id="test_captcha" class="input"></p>';
});

add_filter('registration_errors', function (WP_Error $errors) {
    if (trim(wp_unslash($_POST['test_captcha'] ?? '')) !== '7') {
        $errors->add('test_captcha', '<strong>Error:</strong> the answer to the question is wrong.');
    }
    return $errors;
});
