# Sourced by .ci/run: a throwaway PostgreSQL cluster (Debian's package) on a free
# loopback port, so the storage tests also run against a real server. Exports
# ASSISTANT_TEST_DATABASE_URL and appends its own stop to the caller's `on_exit`.
pg_bin=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && pg_bin=$dir; done
if [ -z "$pg_bin" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
    || echo "warning: apt-get could not install postgresql"
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && pg_bin=$dir; done
fi
if [ -z "$pg_bin" ]; then
  echo "error: PostgreSQL's initdb was not found; the storage tests need a real server" >&2
  exit 1
fi
PG_DIR=$(mktemp -d)
PG_PORT=$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root: use the postgres account (or nobody)
  pg_user=postgres
  getent passwd postgres >/dev/null || pg_user=nobody
  chown "$pg_user" "$PG_DIR"
  as_pg=(runuser -u "$pg_user" --)
fi
"${as_pg[@]}" "$pg_bin/initdb" -D "$PG_DIR/data" -A trust -U assistant -E UTF8 --no-sync >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
on_exit+=("${as_pg[*]} $pg_bin/pg_ctl -D $PG_DIR/data -m immediate stop >/dev/null 2>&1; rm -rf $PG_DIR")
export ASSISTANT_TEST_DATABASE_URL="postgresql://assistant@127.0.0.1:$PG_PORT/postgres"
