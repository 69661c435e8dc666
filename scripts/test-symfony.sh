#!/usr/bin/env bash
# The Symfony Mailer transport (symfony-mailer/) against the local SMTP
# servers: PHPUnit with Debian 12's Symfony 5.4 here, and with Debian 13's
# Symfony 6.4 on PHP 8.4 in a trixie root (scripts/debian-root.sh, cached);
# then Messenger workers on Redis. Starts the servers when they are not
# running and stops again only what it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EXT="$ROOT/modules/smtp.so"
[ -f "$EXT" ] || scripts/build-ext.sh

started=0
if ! scripts/servers.sh status >/dev/null 2>&1; then
  scripts/servers.sh start >/dev/null
  started=1
fi
trap '[ $started = 1 ] && scripts/servers.sh stop >/dev/null 2>&1 || true' EXIT

COMPOSER_ALLOW_SUPERUSER=1 composer validate --no-check-publish -d symfony-mailer
echo "Symfony Mailer $(dpkg-query -W -f='${Version}' php-symfony-mailer) on PHP $(php -r 'echo PHP_VERSION;')"
php -d extension="$EXT" /usr/bin/phpunit --do-not-cache-result -c symfony-mailer/phpunit.xml "$@"

# The root shares this machine's network, so its PHP reaches the same servers.
scripts/debian-root.sh trixie php8.4-cli php8.4-dev php8.4-xml php8.4-mbstring g++ make pkg-config libssl-dev libidn2-dev \
  python3 phpunit php-symfony-mailer >/dev/null
scripts/debian-root.sh run trixie env PHP_CONFIG=php-config8.4 scripts/build-ext.sh build >/dev/null
scripts/debian-root.sh run trixie bash -c '
  echo "Symfony Mailer $(dpkg-query -W -f="\${Version}" php-symfony-mailer) on PHP $(php8.4 -r "echo PHP_VERSION;")"
  php8.4 -d extension="$PWD/build/ext-$(php-config8.4 --version)/modules/smtp.so" /usr/bin/phpunit \
    --do-not-cache-result -c symfony-mailer/phpunit.xml "$@"' symfony-6.4 "$@"

echo "Messenger workers on Redis through the transport: a worker killed mid-batch, a server refusing then recovering"
symfony-mailer/tests/messenger/run-failures.sh
