#!/usr/bin/env bash
# Quick-start command 1: installs what is missing, builds, and opens the console. With no
# profile configured it creates and opens the Demo database. Without a display (a server, a
# container) it runs under Xvfb. Extra arguments go to identity-console.
set -euo pipefail
cd "$(dirname "$0")"

./install-deps.sh

cmake --preset release >/dev/null
cmake --build --preset release --target identity-console -- -j"$(nproc)"

console=build/release/app/identity-console
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "$console" "$@"
fi
echo "run-console: no display; running under Xvfb (screen 1600x1000)" >&2
exec xvfb-run -a -s "-screen 0 1600x1000x24" "$console" "$@"
