--TEST--
Japanese, Chinese and Finnish subjects and names, attachments and inline images round-trip
--EXTENSIONS--
smtp
iconv
--SKIPIF--
<?php require __DIR__ . '/../servers.inc'; smtp_test_skip_unless_running('SMTP_TEST_PLAIN_PORT'); ?>
--FILE--
<?php
require __DIR__ . '/../servers.inc';
$config = smtp_test_config('SMTP_TEST_PLAIN_PORT', Smtp\Encryption::None, ['fromName' => '山田 太郎']);
$file = tempnam(sys_get_temp_dir(), 'att');
file_put_contents($file, random_bytes(200000));
foreach (['日本語の件名：登録コードのお知らせ', '中文主题：您的验证码已发送', 'Hyvää päivää – vahvistuskoodisi on tässä'] as $subject) {
    $m = new Smtp\Message(to: ['王小明 <wang@example.com>', 'Pekka Mäkinen <pekka@example.fi>'], subject: $subject);
    $m->text = "本文 ÄÖÅ äöå\n";
    $m->html = '<p>你好 <img src="cid:logo"></p>';
    $m->attachments = [['path' => $file, 'name' => 'ファイル.bin']];
    $m->inline = [['cid' => 'logo', 'data' => "\x89PNG\r\n\x1a\n", 'type' => 'image/png', 'name' => 'logo.png']];
    $eml = smtp_test_received('plain', fn() => smtp_send($config, $m));
    $h = smtp_test_headers($eml);
    $raw = file_get_contents($eml);
    preg_match('/filename\*=UTF-8\'\'(\S+)\r\n\r\n([A-Za-z0-9+\/=\r\n]+?)\r\n--/s', $raw, $att);
    $long = max(array_map('strlen', explode("\r\n", $raw)));
    // aiosmtpd offers 8BITMIME, so the text parts go as 8bit (not tripled by quoted-printable).
    printf("%s | %s | %s | attachment=%s | longest line %s 998 | 8bit=%s\n", $h['Subject'], $h['From'], $h['To'],
        var_export(base64_decode($att[2]) === file_get_contents($file) && rawurldecode($att[1]) === 'ファイル.bin', true),
        $long <= 998 ? '<=' : '>', var_export((bool) preg_match('/[\x80-\xff]/', $raw), true));
}
unlink($file);
?>
--EXPECT--
日本語の件名：登録コードのお知らせ | 山田 太郎 <sender@example.com> | 王小明 <wang@example.com>, Pekka Mäkinen <pekka@example.fi> | attachment=true | longest line <= 998 | 8bit=true
中文主题：您的验证码已发送 | 山田 太郎 <sender@example.com> | 王小明 <wang@example.com>, Pekka Mäkinen <pekka@example.fi> | attachment=true | longest line <= 998 | 8bit=true
Hyvää päivää – vahvistuskoodisi on tässä | 山田 太郎 <sender@example.com> | 王小明 <wang@example.com>, Pekka Mäkinen <pekka@example.fi> | attachment=true | longest line <= 998 | 8bit=true
