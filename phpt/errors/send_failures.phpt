--TEST--
Send failures raise the Smtp\Exception subclass of their category, with hint and server reply
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_STARTTLS_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$env = smtp_test_env();
$msg = ['to' => 'bob@example.com', 'subject' => 's', 'text' => 't'];
$cases = [
    'wrong password' => smtp_test_config('SMTP_TEST_STARTTLS_PORT', Smtp\Encryption::StartTls, ['password' => 'wrong']),
    'wrong host certificate' => smtp_test_config('SMTP_TEST_WRONGHOST_PORT', Smtp\Encryption::StartTls),
    'self-signed certificate' => smtp_test_config('SMTP_TEST_SELFSIGNED_PORT', Smtp\Encryption::StartTls),
    'no STARTTLS offered' => smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::StartTls, ['host' => '127.0.0.1']),
    'nothing listening' => smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None, ['port' => 1]),
    'unknown host' => smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None, ['host' => 'no-such-host.invalid']),
    'refused recipient' => smtp_test_config('SMTP_TEST_REJECT_PORT', Smtp\Encryption::None),
];
foreach ($cases as $name => $config) {
    try {
        smtp_send($config, $name === 'refused recipient' ? ['to' => 'reject-me@example.com'] + $msg : $msg);
        echo "$name: sent?!\n";
    } catch (Smtp\Exception $e) {
        printf("%s: %s %s code=%d enhanced=%s hint=%s\n", $name, get_class($e), $e->getCategory(), $e->getSmtpCode(),
            $e->getEnhancedCode() ?: '-', $e->getHint() !== '' ? 'yes' : 'no');
    }
}
?>
--EXPECT--
wrong password: Smtp\AuthenticationException auth_failed code=535 enhanced=5.7.8 hint=yes
wrong host certificate: Smtp\TlsException tls_certificate code=0 enhanced=- hint=yes
self-signed certificate: Smtp\TlsException tls_certificate code=0 enhanced=- hint=yes
no STARTTLS offered: Smtp\TlsException starttls_unavailable code=0 enhanced=- hint=yes
nothing listening: Smtp\ConnectionException connect code=0 enhanced=- hint=yes
unknown host: Smtp\ConnectionException dns code=0 enhanced=- hint=yes
refused recipient: Smtp\RecipientException recipient_rejected code=550 enhanced=5.1.1 hint=yes
