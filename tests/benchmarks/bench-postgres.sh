# Sourced by the benchmark scripts: a throwaway PostgreSQL with durable settings (fsync on, this
# is a measurement, not a test) on a free loopback port, holding an empty database idc_bench owned
# by idc_bench (password in IDC_BENCH_PASSWORD). Sets PGBIN, PGDATA, SOCKDIR, PGPORT and a work
# folder `work`; call stop_bench_postgres from the caller's EXIT trap.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDATA=$(mktemp -d /tmp/idc-bench-pg.XXXXXX)
SOCKDIR=$(mktemp -d /tmp/idc-bench-sock.XXXXXX)
work=$(mktemp -d /tmp/idc-bench.XXXXXX)
PGPORT=$(free_port)
IDC_BENCH_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
export IDC_BENCH_PASSWORD

stop_bench_postgres() {
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA" "$SOCKDIR" "$work"
}

start_bench_postgres() {
    chown postgres: "$PGDATA" "$SOCKDIR"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
        -o "-p $PGPORT -k $SOCKDIR -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB" \
        start >/dev/null
    runuser -u postgres -- psql -X -q -h "$SOCKDIR" -p "$PGPORT" -d postgres \
        -c "CREATE ROLE idc_bench LOGIN PASSWORD '$IDC_BENCH_PASSWORD'" -c "CREATE DATABASE idc_bench OWNER idc_bench"
}
