#!/usr/bin/env bash
# What the REST API adds over direct PostgreSQL, and how the reference server behaves under 50
# concurrent clients, on a 1,000,000-customer PostgreSQL; the figures come from rest-benchmark.
# Everything runs on loopback on this machine: client, server and PostgreSQL share its cores.
# Prints figures; run as root on Debian 12.
#   tests/benchmarks/run-rest-benchmark.sh [CUSTOMERS]
# Environment: IDC_BENCH_BUILD_DIR (default: the release preset's build/release),
# IDC_BENCH_JOBS (default: nproc), and IDC_REST_BENCH_ARGS, extra rest-benchmark flags
# (e.g. "--clients 20 --duration-seconds 10").
set -euo pipefail
cd "$(dirname "$0")/../.."
customers=${1:-1000000}
jobs=${IDC_BENCH_JOBS:-$(nproc)}

./install-deps.sh
if [ -n "${IDC_BENCH_BUILD_DIR:-}" ]; then
    build=$IDC_BENCH_BUILD_DIR
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build" --target rest-benchmark identity-api-server search-benchmark -- -j"$jobs"
else
    build=build/release
    cmake --preset release >/dev/null
    cmake --build --preset release --target rest-benchmark identity-api-server search-benchmark -- -j"$jobs"
fi
server_bin=$build/app/server/identity-api-server

. tests/benchmarks/bench-postgres.sh
IDC_BENCH_API_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
export IDC_BENCH_API_PASSWORD
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    stop_bench_postgres
}
trap cleanup EXIT
start_bench_postgres

# search-benchmark fills an empty database with the demo generator (and VACUUM ANALYZE), then
# prints its own figures, console vs psql, for the same database.
echo "== Filling with $customers customers (search-benchmark; its figures follow)"
"$build/tests/search-benchmark" --pg "127.0.0.1:$PGPORT/idc_bench" --user idc_bench --customers "$customers" \
    --queries 100

db_args=(--pg-host 127.0.0.1 --pg-port "$PGPORT" --pg-database idc_bench --pg-user idc_bench --pg-sslmode disable)
echo "$IDC_BENCH_API_PASSWORD" | IDC_DB_PASSWORD=$IDC_BENCH_PASSWORD \
    "$server_bin" operator add bench --role admin "${db_args[@]}" >/dev/null
IDC_DB_PASSWORD=$IDC_BENCH_PASSWORD "$server_bin" serve --port 0 --access-log "$work/access.log" "${db_args[@]}" \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
api=
for _ in $(seq 300); do
    api=$(sed -n 's/^identity-api-server: listening on \(http:\/\/[^[:space:]]*\).*/\1/p' "$work/server.out")
    [ -n "$api" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$api" ]; then
    echo "run-rest-benchmark: the API server did not start:" >&2
    cat "$work/server.out" "$work/server.err" >&2
    exit 1
fi

echo
echo "== REST: $api in front of the same database ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) before)"
# shellcheck disable=SC2086 # IDC_REST_BENCH_ARGS is a list of flags
"$build/tests/rest-benchmark" --pg "127.0.0.1:$PGPORT/idc_bench" --user idc_bench --api "$api" --api-user bench \
    --queries 300 --access-log "$work/access.log" --server-pid "$server_pid" --pg-pid "$(head -n 1 "$PGDATA/postmaster.pid")" \
    --login-storm ${IDC_REST_BENCH_ARGS:-}

echo
echo "== Access log: answers by status"
awk '{ n[$4]++ } END { for (s in n) printf "  %s: %d\n", s, n[s] }' "$work/access.log" | sort
if [ -s "$work/server.err" ]; then
    echo "== Server warnings (first 10 of $(wc -l <"$work/server.err"))"
    head -n 10 "$work/server.err"
fi
