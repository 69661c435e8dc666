--TEST--
Attachment and CA file paths obey PHP's rules: a NUL byte is refused, open_basedir applies
--EXTENSIONS--
smtp
--INI--
open_basedir={PWD}
--FILE--
<?php
// Port 1 on loopback: nobody listens, so a message that passed the checks fails to connect.
$config = new Smtp\Config('127.0.0.1', 1, Smtp\Encryption::None, fromAddress: 'sender@example.com', timeout: 5.0);
$attempts = [
    'NUL byte' => ['attachments' => ["/etc/hostname\0.pdf"]],
    'NUL byte, array form' => ['attachments' => [['path' => __FILE__ . "\0.pdf"]]],
    'outside open_basedir' => ['attachments' => ['/etc/hostname']],
    'outside, through ..' => ['attachments' => [__DIR__ . '/../../../../../../../../etc/hostname']],
    'inline outside' => ['html' => '<img src="cid:x">', 'inline' => [['cid' => 'x', 'path' => '/etc/hostname']]],
    'inside open_basedir' => ['attachments' => [__FILE__]],
];
foreach ($attempts as $what => $fields) {
    try {
        smtp_send($config, $fields + ['to' => 'rcpt@example.com']);
    } catch (Smtp\Exception $e) {
        echo "$what: ", get_class($e), ': ', str_replace(__DIR__, 'DIR', $e->getMessage()), "\n";
    }
}
foreach (["/etc/ssl/certs/ca-certificates.crt\0x", '/etc/ssl/certs/ca-certificates.crt'] as $ca) {
    try {
        new Smtp\Config('localhost', caFile: $ca);
    } catch (Smtp\Exception $e) {
        echo 'CA file: ', get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECTF--
NUL byte: Smtp\InvalidArgumentException: the attachment path contains a NUL byte; give the file's real path
NUL byte, array form: Smtp\InvalidArgumentException: the attachment path contains a NUL byte; give the file's real path
outside open_basedir: Smtp\InvalidArgumentException: the attachment "/etc/hostname" is outside open_basedir (%s); move the file there or widen open_basedir
outside, through ..: Smtp\InvalidArgumentException: the attachment "DIR/../../../../../../../../etc/hostname" is outside open_basedir (%s); move the file there or widen open_basedir
inline outside: Smtp\InvalidArgumentException: the inline file "/etc/hostname" is outside open_basedir (%s); move the file there or widen open_basedir
inside open_basedir: Smtp\ConnectionException: %s
CA file: Smtp\InvalidArgumentException: the CA file path contains a NUL byte; give the file's real path
CA file: Smtp\InvalidArgumentException: the CA file "/etc/ssl/certs/ca-certificates.crt" is outside open_basedir (%s); move the file there or widen open_basedir
