#!/usr/bin/env bash
# Search latency on a 1,000,000-customer PostgreSQL and on the 20,000-customer demo SQLite,
# the console beside raw psql in the same run. Prints figures; run as root on Debian 12.
#   tests/benchmarks/run-search-benchmark.sh [CUSTOMERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
customers=${1:-1000000}

./install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target search-benchmark identity-console -- -j"$(nproc)"
bench=build/release/tests/search-benchmark

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDATA=$(mktemp -d /tmp/idc-bench-pg.XXXXXX)
SOCKDIR=$(mktemp -d /tmp/idc-bench-sock.XXXXXX)
work=$(mktemp -d /tmp/idc-bench.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export IDC_BENCH_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
cleanup() {
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA" "$SOCKDIR" "$work"
}
trap cleanup EXIT
chown postgres: "$PGDATA" "$SOCKDIR"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# Durable settings (fsync on): this is a measurement, not a test.
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
    -o "-p $PGPORT -k $SOCKDIR -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null
runuser -u postgres -- psql -X -q -h "$SOCKDIR" -p "$PGPORT" -d postgres \
    -c "CREATE ROLE idc_bench LOGIN PASSWORD '$IDC_BENCH_PASSWORD'" -c "CREATE DATABASE idc_bench OWNER idc_bench"

echo "== PostgreSQL, $customers customers"
"$bench" --pg "127.0.0.1:$PGPORT/idc_bench" --user idc_bench --customers "$customers" --queries 300

echo "== SQLite demo database (20,000 customers)"
build/release/app/identity-console generate-demo --out "$work/demo.sqlite" --customers 20000 >/dev/null 2>&1
"$bench" --sqlite "$work/demo.sqlite" --queries 300
