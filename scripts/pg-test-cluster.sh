#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on a free local port and prints its URL on stdout.
# Runs the server as the non-root `postgres` user when started as root (PostgreSQL refuses to run as
# root). Durability is off (fsync, synchronous_commit): the data is thrown away after the tests.
#   URL=$(scripts/pg-test-cluster.sh [dir])      start (dir defaults to a new /tmp/pg-test-XXXXXX)
#   scripts/pg-test-cluster.sh stop <dir>         stop it and delete the dir
set -euo pipefail
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$BIN/initdb" ] || { echo "pg-test-cluster: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }

as_owner() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }

if [ "${1:-}" = stop ]; then
  DIR=${2:?usage: pg-test-cluster.sh stop <dir>}
  as_owner "'$BIN/pg_ctl' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$DIR"
  exit 0
fi

DIR=${1:-$(mktemp -d /tmp/pg-test-XXXXXX)}
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_owner "'$BIN/initdb' -D '$DIR/data' -A trust -U postgres --no-sync" >/dev/null
as_owner "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w start -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\"" >/dev/null
echo "pg-test-cluster: running in $DIR (stop: scripts/pg-test-cluster.sh stop $DIR)" >&2
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
