#!/usr/bin/env bash
# Runs COMMAND against a private, unlocked GNOME Keyring (the Secret Service QtKeychain uses on
# Linux) on a private D-Bus session bus, so keychain tests never touch a real keychain and need
# no display. HOME and XDG_RUNTIME_DIR are fresh folders, removed afterwards.
# Exits 1 without running COMMAND when the keyring cannot be started: a keychain test run this
# way must fail, not skip. Sets IDC_TEST_KEYCHAIN=available for the test.
#   usage: with-keychain.sh COMMAND [ARG...]
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
        echo "with-keychain: $tool not found (install-deps.sh installs dbus and gnome-keyring)" >&2
        exit 1
    fi
done

home=$(mktemp -d "${TMPDIR:-/tmp}/idc-keychain-home.XXXXXX")
runtime=$(mktemp -d "${TMPDIR:-/tmp}/idc-keychain-run.XXXXXX")
chmod 700 "$home" "$runtime"
trap 'rm -rf "$home" "$runtime"' EXIT

export HOME=$home XDG_RUNTIME_DIR=$runtime IDC_TEST_KEYCHAIN=available
# Everything per-user lives below the private HOME. Without a display no unlock or confirmation
# prompt can appear (a prompt would hold the test until it times out).
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME DISPLAY WAYLAND_DISPLAY
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# The keyring is thrown away with HOME; its random password, read by gnome-keyring-daemon from
# standard input, only has to create and unlock it once. dbus-run-session ends the bus when the
# inner shell ends, and gnome-keyring-daemon exits with it.
head -c 18 /dev/urandom | base64 | tr -d '/+=\n' | dbus-run-session -- bash -c '
    set -u
    eval "$(gnome-keyring-daemon --unlock --components=secrets)"
    # The daemon forks before it owns its bus name: wait for it (about 0.1 s), at most 10 s.
    for _ in $(seq 100); do
        if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
            exec "$@"
        fi
        sleep 0.1
    done
    echo "with-keychain: gnome-keyring-daemon did not start serving org.freedesktop.secrets" >&2
    exit 1
' _ "$@"
