--TEST--
An attachment file shrinking while it is sent: Smtp\AttachmentChangedException (not InvalidArgumentException), the message abandoned before its end and not delivered, never resent; the next message of the batch goes on a new connection
--EXTENSIONS--
smtp
pcntl
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
$port = (int) $env['SMTP_TEST_FAULTY_PORT'];
$dir = $env['SMTP_TEST_MAILDIR'] . '/faulty';
$file = tempnam(sys_get_temp_dir(), 'smtp-att');
file_put_contents($file, str_repeat('a', 600 * 1024));

// The first MAIL FROM is answered after 8 s (a margin for valgrind and a busy machine). A child process shrinks the file
// as soon as a connection to the server is up: after the message was checked,
// before its body is read.
set_faults($faults, [['at' => 'mail', 'delay' => 8, 'times' => 1]]);
$parent = getmypid();
$pid = pcntl_fork();
if ($pid === 0) {
    // The parent's own connection, by its socket's inode: another
    // client of the same server does not count.
    $remote = sprintf(':%04X', $port);
    for ($i = 0; $i < 4000; $i++) {
        $ours = [];
        foreach (glob("/proc/$parent/fd/*") ?: [] as $fd) {
            $link = (string) @readlink($fd);  // "socket:[12345]"
            if (str_starts_with($link, 'socket:[')) $ours[substr($link, 8, -1)] = true;
        }
        foreach (['/proc/net/tcp', '/proc/net/tcp6'] as $table) {
            foreach (@file($table) ?: [] as $line) {
                $f = preg_split('/\s+/', trim($line));
                if (($f[3] ?? '') === '01' && str_ends_with($f[2] ?? '', $remote) && isset($ours[$f[9] ?? ''])) {
                    $h = fopen($file, 'r+');
                    ftruncate($h, 400 * 1024);
                    fclose($h);
                    exit(0);
                }
            }
        }
        usleep(5000);
    }
    exit(1);
}

$before = glob("$dir/*.eml");
$config = smtp_test_config('SMTP_TEST_FAULTY_PORT', Smtp\Encryption::None, ['username' => '', 'password' => '']);
$mailer = new Smtp\Mailer($config);
$tag = uniqid();
$out = $mailer->sendMany([
    'report' => ['to' => 'bob@example.com', 'subject' => "report $tag", 'text' => 'Attached.', 'attachments' => [$file]],
    'note' => ['to' => 'bob@example.com', 'subject' => "note $tag", 'text' => 'Hi'],
]);
pcntl_waitpid($pid, $status);
echo 'child shrank the file: ', var_export(pcntl_wexitstatus($status) === 0, true), "\n";
$e = $out['report'];
echo get_class($e), ' ', $e->getCategory(), "\n";
echo 'an InvalidArgumentException: ', var_export($e instanceof Smtp\InvalidArgumentException, true), "\n";
echo $e->getMessage(), "\n";
echo $e->getHint(), "\n";
echo 'note: ', $out['note'] instanceof Smtp\Result ? $out['note']->smtpCode : get_class($out['note']), "\n";
usleep(300000);
// This test's messages only (by the tag in their subject): another test's late mail may arrive meanwhile.
$subjects = array_map(fn ($eml) => smtp_test_headers($eml)['Subject'] ?? '', array_diff(glob("$dir/*.eml"), $before));
$ours = array_values(array_filter($subjects, fn ($s) => str_contains($s, $tag)));
echo 'arrived: ', count($ours), ' (', implode(', ', $ours), ")\n";
$t = $mailer->transcript();
echo 'report sent once, note on a second connection: ',
    var_export(substr_count($t, "C: MAIL FROM") === 2 && substr_count($t, '*: connecting') === 2, true), "\n";
set_faults($faults, []);
unlink($file);
?>
--EXPECTF--
child shrank the file: true
Smtp\AttachmentChangedException attachment_changed
an InvalidArgumentException: false
the attachment "%s" changed while the message was being sent (it shrank)
Nothing was delivered: the message was abandoned before its end, so the server discarded it. %s
note: 250
arrived: 1 (note %s)
report sent once, note on a second connection: true
