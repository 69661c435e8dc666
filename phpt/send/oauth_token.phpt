--TEST--
OAuth 2.0 access tokens: XOAUTH2 and OAUTHBEARER against a token-checking server, the refused token's error decoded, 5.7.30, and the token in no trace or transcript
--EXTENSIONS--
smtp
--INI--
zend.exception_ignore_args=0
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_OAUTH_SMTP_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$env = smtp_test_env();
$oauth = $env['SMTP_TEST_OAUTH_URL'];
$user = 'phpt-' . bin2hex(random_bytes(4)) . '@example.com';

// A token from the tests' authorization server: code flow with PKCE, as the plugin does it.
$verifier = rtrim(strtr(base64_encode(random_bytes(48)), '+/', '-_'), '=');
$query = http_build_query(['response_type' => 'code', 'client_id' => $env['SMTP_TEST_OAUTH_CLIENT_ID'], 'redirect_uri' => 'http://127.0.0.1:9/cb',
    'state' => 'phpt-state', 'auto' => 1, 'login_hint' => $user, 'code_challenge_method' => 'S256',
    'code_challenge' => rtrim(strtr(base64_encode(hash('sha256', $verifier, true)), '+/', '-_'), '=')]);
// The response headers from the stream's metadata: $http_response_header is deprecated from PHP 8.5.
$authorize = fopen("$oauth/authorize?$query", 'r', false, stream_context_create(['http' => ['follow_location' => 0, 'ignore_errors' => true]]));
$location = implode("\n", array_filter(stream_get_meta_data($authorize)['wrapper_data'], fn ($h) => stripos($h, 'Location:') === 0));
fclose($authorize);
parse_str(parse_url(trim(substr($location, 9)), PHP_URL_QUERY), $back);
$post = fn (string $path, array $fields) => json_decode(file_get_contents("$oauth$path", false, stream_context_create(['http' => [
    'method' => 'POST', 'header' => 'Content-Type: application/x-www-form-urlencoded', 'content' => http_build_query($fields), 'ignore_errors' => true]])), true);
$tokens = $post('/token', ['grant_type' => 'authorization_code', 'code' => $back['code'], 'redirect_uri' => 'http://127.0.0.1:9/cb',
    'client_id' => $env['SMTP_TEST_OAUTH_CLIENT_ID'], 'client_secret' => $env['SMTP_TEST_OAUTH_CLIENT_SECRET'], 'code_verifier' => $verifier]);
$token = $tokens['access_token'];

$config = fn (string $mech, string $secret) => [
    'host' => 'localhost', 'port' => (int) $env['SMTP_TEST_OAUTH_SMTP_PORT'], 'encryption' => 'starttls', 'caFile' => $env['SMTP_TEST_CA'],
    'username' => $user, 'password' => $secret, 'authMechanism' => $mech, 'fromAddress' => $user, 'timeout' => 10.0,
];
$mail = ['to' => 'bob@example.com', 'subject' => 'OAuth', 'text' => 'Hi'];

foreach (['XOAUTH2', 'OAUTHBEARER'] as $mech) {
    $eml = smtp_test_received('oauth', function () use ($config, $mech, $token, $mail) { smtp_send($config($mech, $token), $mail); });
    $meta = smtp_test_meta($eml);
    printf("%s: sent, server saw %s for %s\n", $mech, $meta['auth_mechanism'], $meta['auth_user'] === $user ? 'the user' : $meta['auth_user']);
}

// The provider ends the token: refused, with the server's explanation decoded.
$post('/test/expire', ['username' => $user]);
$leaks = [];
$check = function (string $where, string $text) use ($token, &$leaks) {
    if (str_contains($text, $token)) $leaks[] = $where;
};
foreach (['XOAUTH2', 'OAUTHBEARER'] as $mech) {
    try {
        smtp_send($config($mech, $token), $mail);
    } catch (Smtp\AuthenticationException $e) {
        printf("%s refused: %s %d\n  %s\n  hint: %s\n", $mech, $e->getCategory(), $e->getSmtpCode(),
            substr($e->getMessage(), strpos($e->getMessage(), '(the server explained')), $e->getHint());
        $check("$mech exception", (string) $e);
        $check("$mech trace", print_r($e->getTrace(), true));
        $check("$mech trace export", var_export(array_map(fn ($f) => $f['args'] ?? [], $e->getTrace()), true));
    }
}
// Through the objects too: the constructor, fromArray(), the mailer's transcript.
$c = $config('XOAUTH2', $token);
foreach ([fn () => new Smtp\Config($c['host'], $c['port'], Smtp\Encryption::StartTls, $c['username'], $token, $c['fromAddress'], '', 10.0, true, $c['caFile'], '', 'XOAUTH2'),
          fn () => Smtp\Config::fromArray($c)] as $i => $make) {
    $mailer = new Smtp\Mailer($make());
    try {
        $mailer->send($mail);
    } catch (Smtp\AuthenticationException $e) {
        $check("object $i trace", print_r($e->getTrace(), true));
        $check("object $i transcript", $mailer->transcript());
        $check("object $i dump", print_r($mailer, true) . var_export($make(), true));
        echo "object $i: ", str_contains($mailer->transcript(), 'AUTH XOAUTH2 <redacted>') ? 'AUTH redacted in transcript' : 'transcript?', "\n";
    }
}
echo 'token leaked in: ', $leaks ? implode(', ', $leaks) : 'nothing', "\n";

// A password where the mailbox takes only tokens: Microsoft's 5.7.30.
try {
    smtp_send($config('auto', 'a-password'), $mail);
} catch (Smtp\AuthenticationException $e) {
    printf("password: %s %s\n  hint: %s\n", $e->getCategory(), $e->getEnhancedCode(), $e->getHint());
}
?>
--EXPECT--
XOAUTH2: sent, server saw XOAUTH2 for the user
OAUTHBEARER: sent, server saw OAUTHBEARER for the user
XOAUTH2 refused: auth_failed 535
  (the server explained: {"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})
  hint: The OAuth access token was refused: it has expired or was revoked, or it lacks the mail-sending permission (scope), or it belongs to another account than the user name. Get a new access token (refresh it, or sign in again).
OAUTHBEARER refused: auth_failed 535
  (the server explained: {"status":"invalid_token","scope":"https://mail.google.com/","openid-configuration":"https://localhost/.well-known/openid-configuration"})
  hint: The OAuth access token was refused: it has expired or was revoked, or it lacks the mail-sending permission (scope), or it belongs to another account than the user name. Get a new access token (refresh it, or sign in again).
object 0: AUTH redacted in transcript
object 1: AUTH redacted in transcript
token leaked in: nothing
password: oauth_required 5.7.30
  hint: The provider no longer accepts a password for this mailbox (basic authentication is off): sign in with Microsoft (OAuth 2.0) and send with the access token (authMechanism XOAUTH2); an app password does not help.
