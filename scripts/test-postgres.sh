#!/usr/bin/env bash
# Starts (start) or stops (stop) a throwaway PostgreSQL cluster for the tests: Debian's PostgreSQL, run as user
# postgres (initdb refuses root), trust authentication, listening on 127.0.0.1 only with its own port and socket
# folder. `start` prints the Npgsql connection string, which test.sh exports as TRIBUTARY_TEST_POSTGRES.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${TRIBUTARY_TEST_POSTGRES_PORT:-55439}
dir=${TRIBUTARY_TEST_POSTGRES_DIR:-/tmp/tributary-test-pg-$port}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      rm -rf "$dir"; mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_postgres "$bin/initdb" -D "$dir" -A trust -U tributary -E UTF8 >/dev/null
    fi
    if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=tributary;Database=postgres"
    ;;
  stop)
    if [ -f "$dir/PG_VERSION" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
    fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
