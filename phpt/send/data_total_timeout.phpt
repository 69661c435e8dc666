--TEST--
smtp_send(): dataTimeout bounds the wait after the body (not timeout), totalTimeout the whole call
--EXTENSIONS--
smtp
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_FAULTY_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$env = smtp_test_env();
$faults = $env['SMTP_TEST_FAULTS_DIR'] . '/faulty.json';
function set_faults(string $file, array $rules): void {
    file_put_contents("$file.tmp", json_encode($rules));
    rename("$file.tmp", $file);
    usleep(300000);  // the server reads the file again when it changes
}
function attempt(array $settings): void {
    $config = smtp_test_config('SMTP_TEST_FAULTY_PORT', Smtp\Encryption::None, $settings + ['username' => '', 'password' => '']);
    try {
        $r = smtp_send($config, ['to' => 'bob@example.com', 'subject' => 'timeouts', 'text' => 'Hi']);
        echo "delivered: {$r->smtpCode}\n";
    } catch (Smtp\Exception $e) {
        echo get_class($e), ' ', $e->getCategory(), ': ', $e->getMessage(), "\n";
    }
}
// The server takes 4 s to answer the end of the message.
set_faults($faults, [['at' => 'data_end', 'delay' => 4]]);
attempt(['timeout' => 3.0]);                        // the 10-minute default waits it out
attempt(['timeout' => 30.0, 'dataTimeout' => 1.0]); // gives up after 1 s
// The server takes 4 s to answer MAIL FROM: each reply is within the command
// timeout, but not within the whole call's limit.
set_faults($faults, [['at' => 'mail', 'delay' => 4]]);
attempt(['timeout' => 30.0, 'totalTimeout' => 1.0]);
set_faults($faults, []);
?>
--EXPECTF--
delivered: 250
Smtp\ConnectionException timeout: %safter 1 s (waiting for the reply to %s)
Smtp\ConnectionException timeout: the total time limit of 1 s ran out (waiting for the reply to %s)
