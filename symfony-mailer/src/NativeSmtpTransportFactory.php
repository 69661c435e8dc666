<?php

namespace NativeSmtp\Symfony\Mailer;

use Smtp\Config;
use Smtp\Encryption;
use Symfony\Component\Mailer\Exception\InvalidArgumentException;
use Symfony\Component\Mailer\Exception\LogicException;
use Symfony\Component\Mailer\Transport\AbstractTransportFactory;
use Symfony\Component\Mailer\Transport\Dsn;
use Symfony\Component\Mailer\Transport\TransportInterface;

/**
 * Builds a NativeSmtpTransport from a DSN:
 *
 *   native-smtp://user:pass@smtp.example.com:587?encryption=starttls
 *   native-smtps://user:pass@smtp.example.com        (TLS at connect, port 465)
 *
 * Options: encryption (none|ssl|starttls), verify_peer, ca_file, timeout,
 * data_timeout, total_timeout (seconds), local_domain (EHLO name), auth_mechanism (auto|PLAIN|LOGIN|
 * CRAM-MD5|XOAUTH2). Register it with the tag "mailer.transport_factory".
 */
final class NativeSmtpTransportFactory extends AbstractTransportFactory
{
    public function create(Dsn $dsn): TransportInterface
    {
        if (!$this->supports($dsn)) {
            throw new InvalidArgumentException(sprintf('The "%s" scheme is not supported by the native SMTP transport; use "native-smtp" or "native-smtps".', $dsn->getScheme()));
        }
        if (!\extension_loaded('smtp')) {
            throw new LogicException('The native SMTP transport needs the "smtp" PHP extension: build it with phpize (see the project README) and add extension=smtp.so to php.ini.');
        }

        return new NativeSmtpTransport(self::config($dsn), $this->dispatcher, $this->logger);
    }

    /** The extension's connection settings a DSN describes. */
    public static function config(Dsn $dsn): Config
    {
        $default = 'native-smtps' === $dsn->getScheme() ? 'ssl' : 'starttls';
        $encryption = Encryption::tryFrom(strtolower((string) $dsn->getOption('encryption', $default)));
        if (null === $encryption) {
            throw new InvalidArgumentException(sprintf('The "encryption" option of the native SMTP DSN must be none, ssl or starttls, not "%s".', $dsn->getOption('encryption')));
        }
        if ('native-smtps' === $dsn->getScheme() && Encryption::Ssl !== $encryption) {
            throw new InvalidArgumentException('"native-smtps" means TLS at connect; use "native-smtp" with the "encryption" option for anything else.');
        }
        $verify = filter_var($dsn->getOption('verify_peer', true), \FILTER_VALIDATE_BOOLEAN, \FILTER_NULL_ON_FAILURE);
        if (null === $verify) {
            throw new InvalidArgumentException('The "verify_peer" option of the native SMTP DSN must be true or false.');
        }
        $settings = [
            'host' => $dsn->getHost(),
            'port' => $dsn->getPort(0),
            'encryption' => $encryption,
            'username' => (string) $dsn->getUser(),
            'password' => (string) $dsn->getPassword(),
            'verifyPeer' => $verify,
            'caFile' => (string) $dsn->getOption('ca_file', ''),
            'heloName' => (string) $dsn->getOption('local_domain', ''),
            'authMechanism' => (string) $dsn->getOption('auth_mechanism', 'auto'),
        ];
        foreach (['timeout' => 'timeout', 'data_timeout' => 'dataTimeout', 'total_timeout' => 'totalTimeout'] as $option => $key) {
            if (null !== $dsn->getOption($option)) {
                $settings[$key] = (float) $dsn->getOption($option);
            }
        }
        try {
            return Config::fromArray($settings);
        } catch (\Smtp\Exception $e) {
            throw new InvalidArgumentException('Invalid native SMTP DSN: '.$e->getMessage(), 0, $e);
        }
    }

    protected function getSupportedSchemes(): array
    {
        return ['native-smtp', 'native-smtps'];
    }
}
