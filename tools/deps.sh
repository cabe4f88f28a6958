#!/bin/sh
# deps.sh: install, with apt-get, whatever tessera needs that is missing.
# Does nothing (and needs no network) when everything is present.
set -eu
PKGS="gcc make pkg-config libfcgi-dev libsqlite3-dev libqrencode-dev
libcmocka-dev libsodium-dev zlib1g-dev libcurl4-openssl-dev nginx curl sqlite3
tzdata zbar-tools python3-aiosmtpd python3-icalendar openssl procps
libhtml-template-perl libunistring-dev libxlsxwriter-dev python3-openpyxl gettext
libpq-dev postgresql-15 util-linux iproute2"
[ "${TESSERA_DEPS_EXTRA:-}" ] && PKGS="$PKGS $TESSERA_DEPS_EXTRA"
missing=""
# nodejs and npm (the scanner's QR decoder, jsqr, comes from npm): by
# command, since a nodejs from elsewhere may bundle npm and conflict with
# Debian's npm package.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    missing="nodejs npm"
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
