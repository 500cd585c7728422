#!/usr/bin/env bash
# Installs every Debian 12 package Identity Console needs to build, run and test.
# Idempotent: packages already present are left alone. Run as root.
set -euo pipefail

packages=(
    # build
    cmake g++ ninja-build pkg-config clang-format
    # Qt 6.4 (Charts needs libqt6opengl6-dev, HttpServer needs qt6-websockets-dev)
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
    qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
    libqt6sql6-psql libqt6sql6-sqlite libsqlite3-dev
    # libraries
    qtkeychain-qt6-dev libqrcodegencpp-dev liboath-dev libssl-dev
    # runtime and tests
    postgresql xvfb xauth zbar-tools oathtool openssl poppler-utils
    dbus dbus-x11 libsecret-1-0 gnome-keyring
    fonts-dejavu-core python3 python3-yaml
    # screenshots from outside the console
    imagemagick x11-apps
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-deps: missing packages (${missing[*]}); run as root" >&2
        exit 1
    fi
    echo "install-deps: installing ${#missing[@]} packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
