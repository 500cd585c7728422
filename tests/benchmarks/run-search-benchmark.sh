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

. tests/benchmarks/bench-postgres.sh
trap stop_bench_postgres EXIT
start_bench_postgres

echo "== PostgreSQL, $customers customers"
"$bench" --pg "127.0.0.1:$PGPORT/idc_bench" --user idc_bench --customers "$customers" --queries 300

echo "== SQLite demo database (20,000 customers)"
build/release/app/identity-console generate-demo --out "$work/demo.sqlite" --customers 20000 >/dev/null 2>&1
"$bench" --sqlite "$work/demo.sqlite" --queries 300
