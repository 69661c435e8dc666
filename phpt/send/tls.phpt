--TEST--
Smtp\Mailer over STARTTLS and implicit TLS with certificate verification; one connection for several sends
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_STARTTLS_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
foreach (['starttls' => ['SMTP_TEST_STARTTLS_PORT', Smtp\Encryption::StartTls], 'implicit' => ['SMTP_TEST_IMPLICIT_PORT', Smtp\Encryption::Ssl]] as $box => [$port, $enc]) {
    $mailer = new Smtp\Mailer(smtp_test_config($port, $enc));
    for ($i = 1; $i <= 2; $i++) {
        $eml = smtp_test_received($box, fn() => $mailer->send(new Smtp\Message(to: 'bob@example.com', subject: "TLS $i", text: 'secret')));
        $meta = smtp_test_meta($eml);
        printf("%s #%d tls=%s user=%s connected=%s\n", $box, $i, var_export($meta['tls'], true), $meta['auth_user'], var_export($mailer->isConnected(), true));
    }
    $t = $mailer->transcript();
    echo substr_count($t, 'EHLO'), " EHLO, ", substr_count($t, 'AUTH PLAIN <redacted>'), " AUTH, password shown: ",
        var_export(str_contains($t, smtp_test_env()['SMTP_TEST_PASS']), true), "\n";
    $mailer->close();
    var_dump($mailer->isConnected());
}
?>
--EXPECT--
starttls #1 tls=true user=tester connected=true
starttls #2 tls=true user=tester connected=true
2 EHLO, 1 AUTH, password shown: false
bool(false)
implicit #1 tls=true user=tester connected=true
implicit #2 tls=true user=tester connected=true
1 EHLO, 1 AUTH, password shown: false
bool(false)
