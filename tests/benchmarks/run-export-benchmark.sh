#!/usr/bin/env bash
# Exporting EVENTS login events (default 1,000,000) from PostgreSQL to CSV: `identity-console export`
# directly and through the REST server, against `psql \copy` of the same query in the same run.
# Prints the fill time, the query, then each one's seconds, ratio to psql, peak RSS and rows/s, and
# whether the goal (console / psql <= 1.5, peak RSS < 150 MB) is met. The figures come from
# export-benchmark; everything runs on loopback on this machine. Run as root on Debian 12.
#   tests/benchmarks/run-export-benchmark.sh [EVENTS]
# Environment: IDC_BENCH_BUILD_DIR (default: the release preset's build/release; an already
# configured folder keeps its build type), IDC_BENCH_JOBS (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/../.."
events=${1:-1000000}
jobs=${IDC_BENCH_JOBS:-$(nproc)}
targets=(identity-console identity-api-server export-benchmark)

./install-deps.sh
if [ -n "${IDC_BENCH_BUILD_DIR:-}" ]; then
    build=$IDC_BENCH_BUILD_DIR
    if [ -f "$build/CMakeCache.txt" ]; then
        cmake -S . -B "$build" >/dev/null
    else
        cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    fi
    cmake --build "$build" --target "${targets[@]}" -- -j"$jobs"
else
    build=build/release
    cmake --preset release >/dev/null
    cmake --build --preset release --target "${targets[@]}" -- -j"$jobs"
fi
server_bin=$build/app/server/identity-api-server

# shellcheck source=tests/benchmarks/bench-postgres.sh
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

# The server migrates the empty database; export-benchmark fills it before it measures. No
# --mfa-key-file: the MFA routes are not used here (the server warns and serves the rest).
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
    echo "run-export-benchmark: the API server did not start:" >&2
    cat "$work/server.out" "$work/server.err" >&2
    exit 1
fi

echo "== Export benchmark: $events login events; PostgreSQL on 127.0.0.1:$PGPORT, REST at $api ($(nproc) cores)"
# A private keyring (the console signs each export's manifest with a key from the keychain) and a
# private HOME, where export-benchmark writes the console's profiles.
bash tests/with-keychain.sh "$build/tests/export-benchmark" --pg "127.0.0.1:$PGPORT/idc_bench" --user idc_bench \
    --events "$events" --api "$api" --api-user bench --console "$build/app/identity-console" --work-dir "$work"

if [ -s "$work/server.err" ]; then
    echo "== Server warnings (first 10 of $(wc -l <"$work/server.err"))"
    head -n 10 "$work/server.err"
fi
