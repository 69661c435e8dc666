--TEST--
smtp_send(): AUTH over a plain connection, every mechanism, message byte-checked at the server
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_PLAIN_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
foreach (['auto', 'PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'] as $mech) {
    $config = smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None, ['authMechanism' => $mech]);
    $eml = smtp_test_received('plain', function () use ($config, &$result) {
        $result = smtp_send($config, ['to' => 'Bob <bob@example.com>', 'bcc' => 'hidden@example.com', 'subject' => "Mechanism test", 'text' => "Hello\n.\nBob"]);
    });
    $meta = smtp_test_meta($eml);
    $raw = file_get_contents($eml);
    printf("%s: %d %s user=%s rcpt=%s bcc-in-headers=%s dot=%s\n", $mech, $result->smtpCode, $result->accepted[0],
        $meta['auth_user'], implode(',', $meta['rcpt_tos']), var_export(str_contains($raw, 'hidden@'), true),
        var_export(str_contains($raw, "\r\n.\r\nBob"), true));
}
?>
--EXPECT--
auto: 250 bob@example.com user=tester rcpt=bob@example.com,hidden@example.com bcc-in-headers=false dot=true
PLAIN: 250 bob@example.com user=tester rcpt=bob@example.com,hidden@example.com bcc-in-headers=false dot=true
LOGIN: 250 bob@example.com user=tester rcpt=bob@example.com,hidden@example.com bcc-in-headers=false dot=true
CRAM-MD5: 250 bob@example.com user=tester rcpt=bob@example.com,hidden@example.com bcc-in-headers=false dot=true
XOAUTH2: 250 bob@example.com user=tester rcpt=bob@example.com,hidden@example.com bcc-in-headers=false dot=true
