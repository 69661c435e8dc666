#!/usr/bin/env bash
# Installs every Debian package the build, the tests, the demo and the
# benchmarks need. Runs as root on a fresh Debian 12 machine; on a warm machine
# where everything is present it does nothing (no apt-get update).
set -euo pipefail

PACKAGES=(
  # core + extension build
  g++ make pkg-config libssl-dev libidn2-dev openssl ca-certificates catch2
  nlohmann-json3-dev  # the Catch2 suite reads the shared test vectors (tests/data/*.json)
  php8.2-dev php8.2-cli php-parser
  # other PHP versions (Debian roots), the ZTS debug PHP, PIE's composer.json check
  debootstrap dpkg-dev composer
  # real SMTP peers for the tests
  python3 python3-aiosmtpd postfix swaks libnet-ssleay-perl libio-socket-ssl-perl libauthen-sasl-perl
  sasl2-bin  # saslpasswd2: the private Postfix's AUTH users (Cyrus sasldb)
  # Exim's library (Exim itself conflicts with postfix: scripts/exim-private.sh unpacks it)
  libidn12
  # hardening
  clang libclang-rt-14-dev valgrind
  # WordPress, translations, browser tests, benchmarks
  mariadb-server mariadb-client wordpress wordpress-l10n php8.2-mysql php8.2-mbstring php8.2-xml
  php8.2-curl phpunit libphp-phpmailer gettext chromium fonts-wqy-microhei time
  # the php-fpm benchmark (persistent connections), spoken to with cgi-fcgi
  php8.2-fpm libfcgi-bin
  # the Symfony Mailer transport, and Messenger workers on Redis
  php-symfony-mailer php-symfony-messenger php-symfony-redis-messenger php-redis redis-server composer
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm (for playwright-core) come with the machine; Debian's
# nodejs package conflicts with that install, so only add it when absent.
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "deps.sh: missing packages (${missing[*]}); run as root to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix asks where it is; we only need its smtp-sink/smtp-source tools.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
