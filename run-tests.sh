#!/usr/bin/env bash
# Quick-start command 2: installs what is missing, builds, starts a throwaway PostgreSQL 15
# on loopback, and runs every test through ctest. Extra arguments go to ctest (e.g. -R search).
# Run as root on Debian 12 (PostgreSQL runs as the postgres user).
set -euo pipefail
cd "$(dirname "$0")"

./install-deps.sh

preset=${IDC_PRESET:-ci}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -- -j"$(nproc)"

# --- throwaway PostgreSQL 15 on a free loopback port --------------------------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDATA=$(mktemp -d /tmp/idc-pgdata.XXXXXX)
SOCKDIR=$(mktemp -d /tmp/idc-pgsock.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PGPASS=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_postgres() {
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA" "$SOCKDIR"
}
trap stop_postgres EXIT
[ "$(id -u)" -ne 0 ] || chown postgres: "$PGDATA" "$SOCKDIR"
as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --no-sync --encoding=UTF8 --locale=C.UTF-8 >/dev/null
if ! as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
    -o "-p $PGPORT -k $SOCKDIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
    echo "run-tests: PostgreSQL did not start:" >&2
    cat "$PGDATA/server.log" >&2
    exit 1
fi
as_postgres psql -X -q -h "$SOCKDIR" -p "$PGPORT" -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE idc_test LOGIN CREATEDB PASSWORD '$PGPASS'"
echo "run-tests: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"

export IDC_TEST_PG_HOST=127.0.0.1 IDC_TEST_PG_PORT=$PGPORT IDC_TEST_PG_USER=idc_test IDC_TEST_PG_PASSWORD=$PGPASS
ctest --preset "$preset" -j"$(nproc)" "$@"
