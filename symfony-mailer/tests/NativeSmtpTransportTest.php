<?php

namespace NativeSmtp\Symfony\Mailer\Tests;

use NativeSmtp\Symfony\Mailer\NativeSmtpTransport;
use NativeSmtp\Symfony\Mailer\NativeSmtpTransportException;
use NativeSmtp\Symfony\Mailer\NativeSmtpTransportFactory;
use Symfony\Component\Mailer\Envelope;
use Symfony\Component\Mailer\Exception\TransportExceptionInterface;
use Symfony\Component\Mailer\Mailer;
use Symfony\Component\Mailer\SentMessage;
use Symfony\Component\Mailer\Transport;
use Symfony\Component\Mime\Address;
use Symfony\Component\Mime\Email;
use Symfony\Component\Mime\RawMessage;

/** The transport against the real local servers (scripts/servers.sh). */
final class NativeSmtpTransportTest extends ServersTestCase
{
    private static function transport(string $dsn): NativeSmtpTransport
    {
        $transport = (new Transport([new NativeSmtpTransportFactory()]))->fromString($dsn);
        self::assertInstanceOf(NativeSmtpTransport::class, $transport);

        return $transport;
    }

    public function testEmailWithEverythingItCarriesArrivesAsSymfonyRenderedIt(): void
    {
        $transport = self::transport(self::dsn('SMTP_TEST_STARTTLS_PORT'));
        $png = base64_decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==');
        $pdf = random_bytes(150000);
        $email = (new Email())
            ->from(new Address('shop@example.com', '北欧ショップ'))
            ->to(new Address('pekka@example.fi', 'Pekka Häkkinen'))
            ->cc('wang@example.com')
            ->bcc('audit@example.com')
            ->replyTo('support@example.com')
            ->subject('Tilausvahvistus — 注文確認 #1001')
            ->text("Kiitos tilauksestasi.\nご注文ありがとうございます。\n")
            ->html('<p>Kiitos! <img src="cid:logo"></p>')
            ->attach($pdf, 'lasku.pdf', 'application/pdf')
            ->embed($png, 'logo', 'image/png');
        $email->getHeaders()->addTextHeader('X-Order', '1001');
        $email->getHeaders()->addTextHeader('References', '<a1@example.com> <b2@example.com>');

        [[$raw, $envelope]] = $this->received('starttls', fn () => (new Mailer($transport))->send($email));

        self::assertSame('shop@example.com', $envelope['mail_from']);
        self::assertSame(['pekka@example.fi', 'wang@example.com', 'audit@example.com'], $envelope['rcpt_tos']);
        self::assertTrue($envelope['tls']);
        self::assertSame('tester', $envelope['auth_user']);
        $got = self::inspect($raw);
        self::assertArrayNotHasKey('bcc', $got['headers'], 'Bcc must not reach the recipients');
        self::assertSame('Tilausvahvistus — 注文確認 #1001', $got['headers']['subject']);
        self::assertSame('1001', $got['headers']['x-order']);
        self::assertSame('<a1@example.com> <b2@example.com>', $got['headers']['references']);
        self::assertStringContainsString('北欧ショップ', $got['headers']['from']);
        $byType = array_column($got['parts'], null, 'content_type');
        self::assertSame("Kiitos tilauksestasi.\nご注文ありがとうございます。\n", str_replace("\r\n", "\n", $byType['text/plain']['text']));
        self::assertSame(hash('sha256', $pdf), $byType['application/pdf']['sha256']);
        self::assertSame('lasku.pdf', $byType['application/pdf']['filename']);
        self::assertSame(hash('sha256', $png), $byType['image/png']['sha256']);
        self::assertFalse($got['bare_lf']);
        self::assertSame([], $got['defects']);
    }

    public function testRawMessageGoesOutByteForByteWithItsEnvelope(): void
    {
        $transport = self::transport(self::dsn('SMTP_TEST_STARTTLS_PORT'));
        $bytes = "From: a@example.com\r\nTo: list@example.com\r\nSubject: signed\r\nMessage-ID: <raw-1@example.com>\r\n"
            . "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; b=abc\r\n\r\n.starts with a dot\r\n..two dots\r\nend\r\n";
        $envelope = new Envelope(new Address('bounces+42@example.com'), [new Address('x@example.net'), new Address('y@example.org')]);

        $sent = null;
        [[$raw, $server]] = $this->received('starttls', function () use ($transport, $bytes, $envelope, &$sent) {
            $sent = $transport->send(new RawMessage($bytes), $envelope);
        });

        self::assertSame($bytes, $raw, 'the server must receive exactly the bytes given (dot-stuffing undone)');
        self::assertSame('bounces+42@example.com', $server['mail_from']);
        self::assertSame(['x@example.net', 'y@example.org'], $server['rcpt_tos']);
        self::assertInstanceOf(SentMessage::class, $sent);
        self::assertStringContainsString('250', $sent->getDebug());
    }

    public function testEnvelopeDifferentFromTheHeaders(): void
    {
        $transport = self::transport(self::dsn('SMTP_TEST_STARTTLS_PORT'));
        $email = (new Email())->from('shop@example.com')->to('visible@example.com')->subject('env')->text('x');
        $envelope = new Envelope(new Address('return@example.com'), [new Address('hidden@example.com')]);

        [[$raw, $server]] = $this->received('starttls', fn () => $transport->send($email, $envelope));

        self::assertSame('return@example.com', $server['mail_from']);
        self::assertSame(['hidden@example.com'], $server['rcpt_tos']);
        self::assertSame('visible@example.com', self::inspect($raw)['headers']['to']);
    }

    public function testKeepsOneConnectionBetweenSends(): void
    {
        $transport = self::transport(self::dsn('SMTP_TEST_STARTTLS_PORT'));
        $arrived = $this->received('starttls', function () use ($transport) {
            foreach ([1, 2, 3] as $n) {
                $transport->send((new Email())->from('a@example.com')->to('b@example.com')->subject("n$n")->text('x'));
            }
        }, 3);

        self::assertCount(1, array_unique(array_map(static fn (array $m): int => $m[1]['peer_port'], $arrived)));
    }

    public function testSendManyPipelinesAndKeepsKeysAndFailures(): void
    {
        $transport = self::transport(sprintf('native-smtp://127.0.0.1:%d?encryption=none', self::$env['SMTP_TEST_REJECT_PORT']));
        $mk = static fn (string $to, string $s) => (new Email())->from('a@example.com')->to($to)->subject($s)->text('x');

        $outcomes = null;
        $arrived = $this->received('reject', function () use ($transport, $mk, &$outcomes) {
            $outcomes = $transport->sendMany([
                'first' => $mk('one@example.com', 'first'),
                'refused' => $mk('reject-me@example.com', 'refused'),
                'third' => [$mk('three@example.com', 'third'), new Envelope(new Address('b@example.com'), [new Address('env@example.com')])],
            ]);
        }, 2);

        self::assertSame(['first', 'refused', 'third'], array_keys($outcomes));
        self::assertInstanceOf(SentMessage::class, $outcomes['first']);
        self::assertInstanceOf(SentMessage::class, $outcomes['third']);
        self::assertInstanceOf(NativeSmtpTransportException::class, $outcomes['refused']);
        self::assertSame('recipient_rejected', $outcomes['refused']->getCategory());
        self::assertSame(550, $outcomes['refused']->getSmtpCode());
        self::assertSame('5.1.1', $outcomes['refused']->getEnhancedCode());
        self::assertFalse($outcomes['refused']->isTransient());
        self::assertSame([['one@example.com'], ['env@example.com']], array_map(static fn (array $m) => $m[1]['rcpt_tos'], $arrived));
    }

    public function testWrongPasswordKeepsCategoryCodesAndHint(): void
    {
        $transport = self::transport(self::dsn('SMTP_TEST_STARTTLS_PORT', 'encryption=starttls', 'not-the-password'));
        try {
            $transport->send((new Email())->from('a@example.com')->to('b@example.com')->subject('s')->text('x'));
            self::fail('a wrong password must fail');
        } catch (NativeSmtpTransportException $e) {
            self::assertInstanceOf(TransportExceptionInterface::class, $e);
            self::assertInstanceOf(\Smtp\AuthenticationException::class, $e->getPrevious());
            self::assertSame('auth_failed', $e->getCategory());
            self::assertSame(535, $e->getCode());
            self::assertNotSame('', $e->getHint());
            self::assertStringContainsString('Fix: ' . $e->getHint(), $e->getMessage());
            self::assertStringContainsString('AUTH', $e->getDebug());
            self::assertStringNotContainsString('not-the-password', $e->getDebug());
            self::assertStringNotContainsString(base64_encode("\0tester\0not-the-password"), $e->getDebug());
        }
    }

    public function testCertificateIsVerifiedByDefault(): void
    {
        $dsn = sprintf('native-smtp://localhost:%d', self::$env['SMTP_TEST_SELFSIGNED_PORT']);
        try {
            self::transport($dsn)->send((new Email())->from('a@example.com')->to('b@example.com')->subject('s')->text('x'));
            self::fail('a self-signed certificate must be refused');
        } catch (NativeSmtpTransportException $e) {
            self::assertSame('tls_certificate', $e->getCategory());
        }
    }
}
