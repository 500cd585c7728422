#!/usr/bin/env bash
# Quick-start command 2: installs what is missing, builds, starts a throwaway PostgreSQL 15
# and the reference API server on loopback, and runs every test through ctest. Extra arguments
# go to ctest (e.g. -R search). Run as root on Debian 12 (PostgreSQL runs as the postgres user).
# Contract tests over REST also start servers of their own, one per test, on free ports.
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
APIDIR=$(mktemp -d /tmp/idc-api.XXXXXX)
APIPID=
stop_servers() {
    [ -z "$APIPID" ] || kill "$APIPID" 2>/dev/null || true
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA" "$SOCKDIR" "$APIDIR"
}
trap stop_servers EXIT
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

# --- the reference API server on a free loopback port, over a database of its own -----------
as_postgres psql -X -q -h "$SOCKDIR" -p "$PGPORT" -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE idc_api OWNER idc_test"
server=build/$preset/app/server/identity-api-server
APIPASS=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
dbargs=(--pg-host 127.0.0.1 --pg-port "$PGPORT" --pg-database idc_api --pg-user idc_test --pg-sslmode disable)
export IDC_DB_PASSWORD=$PGPASS
echo "$APIPASS" | "$server" operator add ci-admin --role admin "${dbargs[@]}" >/dev/null
# The key that seals MFA secrets: 32 random bytes as 64 hex characters, readable by us alone.
(umask 077 && openssl rand -hex 32 >"$APIDIR/mfa.key")
"$server" serve --port 0 --access-log "$APIDIR/access.log" --mfa-key-file "$APIDIR/mfa.key" "${dbargs[@]}" \
    >"$APIDIR/stdout" 2>"$APIDIR/stderr" &
APIPID=$!
unset IDC_DB_PASSWORD
for _ in $(seq 100); do
    grep -q "listening on" "$APIDIR/stdout" 2>/dev/null && break
    kill -0 "$APIPID" 2>/dev/null || break
    sleep 0.1
done
if ! grep -q "listening on" "$APIDIR/stdout"; then
    echo "run-tests: the reference API server did not start:" >&2
    cat "$APIDIR/stderr" >&2
    exit 1
fi
APIURL=$(grep -o 'http://[^ ]*' "$APIDIR/stdout" | head -n 1)
echo "run-tests: reference API server on $APIURL"
export IDC_TEST_API_URL=$APIURL IDC_TEST_API_USER=ci-admin IDC_TEST_API_PASSWORD=$APIPASS \
    IDC_TEST_API_DATABASE=idc_api IDC_TEST_API_ACCESS_LOG=$APIDIR/access.log
ctest --preset "$preset" -j"$(nproc)" "$@"
