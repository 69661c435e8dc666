<?php

namespace NativeSmtp\Symfony\Mailer\Tests;

use NativeSmtp\Symfony\Mailer\NativeSmtpTransportFactory;
use PHPUnit\Framework\TestCase;
use Smtp\Encryption;
use Symfony\Component\Mailer\Exception\InvalidArgumentException;
use Symfony\Component\Mailer\Transport\Dsn;

final class DsnTest extends TestCase
{
    public function testStartTlsIsTheDefaultOfNativeSmtp(): void
    {
        $config = NativeSmtpTransportFactory::config(Dsn::fromString('native-smtp://me%40example.com:p%40ss@smtp.example.com:587'));

        self::assertSame('smtp.example.com', $config->host);
        self::assertSame(587, $config->port);
        self::assertSame(Encryption::StartTls, $config->encryption);
        self::assertSame('me@example.com', $config->username);
        self::assertTrue($config->hasPassword());
        self::assertTrue($config->verifyPeer);
        self::assertStringNotContainsString('p@ss', print_r($config, true));
    }

    public function testNativeSmtpsIsTlsAtConnectOnPort465(): void
    {
        $config = NativeSmtpTransportFactory::config(Dsn::fromString('native-smtps://u:p@smtp.qq.com'));

        self::assertSame(Encryption::Ssl, $config->encryption);
        self::assertSame(465, $config->effectivePort());
    }

    public function testOptions(): void
    {
        $config = NativeSmtpTransportFactory::config(Dsn::fromString(
            'native-smtp://relay.internal:25?encryption=none&timeout=5&data_timeout=120&total_timeout=300&local_domain=web1.example.com&auth_mechanism=LOGIN&verify_peer=0&ca_file=/etc/ssl/ca.pem'));

        self::assertSame(Encryption::None, $config->encryption);
        self::assertSame(5.0, $config->timeout);
        self::assertSame(120.0, $config->dataTimeout);
        self::assertSame(300.0, $config->totalTimeout);
        self::assertSame('web1.example.com', $config->heloName);
        self::assertSame('LOGIN', $config->authMechanism);
        self::assertFalse($config->verifyPeer);
        self::assertSame('/etc/ssl/ca.pem', $config->caFile);
    }

    public function testBadValuesAreRefusedWithTheFix(): void
    {
        foreach ([
            'native-smtp://h?encryption=tls' => 'must be none, ssl or starttls',
            'native-smtps://h?encryption=starttls' => '"native-smtps" means TLS at connect',
            'native-smtp://h?verify_peer=maybe' => '"verify_peer" option',
            "native-smtp://h?local_domain=a%0D%0AMAIL" => 'Invalid native SMTP DSN',
        ] as $dsn => $expected) {
            try {
                NativeSmtpTransportFactory::config(Dsn::fromString($dsn));
                self::fail("$dsn must be refused");
            } catch (InvalidArgumentException $e) {
                self::assertStringContainsString($expected, $e->getMessage(), $dsn);
            }
        }
    }

    public function testSupportsOnlyItsSchemes(): void
    {
        $factory = new NativeSmtpTransportFactory();

        self::assertTrue($factory->supports(Dsn::fromString('native-smtp://h')));
        self::assertTrue($factory->supports(Dsn::fromString('native-smtps://h')));
        self::assertFalse($factory->supports(Dsn::fromString('smtp://h')));
    }
}
