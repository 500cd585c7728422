#!/usr/bin/env bash
# Runs COMMAND with no keychain reachable: fresh HOME and XDG_RUNTIME_DIR (removed afterwards), a
# D-Bus session address that points nowhere and no display, so GLib can neither connect to a bus
# nor autolaunch one. Sets IDC_TEST_KEYCHAIN=unavailable for the test.
#   usage: without-keychain.sh COMMAND [ARG...]
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

home=$(mktemp -d "${TMPDIR:-/tmp}/idc-nokeychain-home.XXXXXX")
runtime=$(mktemp -d "${TMPDIR:-/tmp}/idc-nokeychain-run.XXXXXX")
chmod 700 "$home" "$runtime"
trap 'rm -rf "$home" "$runtime"' EXIT

export HOME=$home XDG_RUNTIME_DIR=$runtime IDC_TEST_KEYCHAIN=unavailable
export DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/idc-no-session-bus
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME DISPLAY WAYLAND_DISPLAY
unset GNOME_KEYRING_CONTROL KDE_FULL_SESSION KDE_SESSION_VERSION XDG_CURRENT_DESKTOP DESKTOP_SESSION

"$@"
