#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for local runs, tests and CI.
#   deploy/postgres.sh start   install (apt) if absent, init once, start; prints the connection string
#   deploy/postgres.sh stop | status | url
# The server refuses to run as root, and the checkout may sit where the `postgres` user cannot
# enter (root's home is 0700), so the cluster lives in a system-wide folder named by a hash of
# the checkout path; .data/postgres links to it. Data survives stop/start.
# Development default only: trust auth, bound to 127.0.0.1, never exposed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Run from / : the commands below run as `postgres`, who may not enter the caller's folder (root's
# home is 0700), and psql and pg_ctl would each say "could not change directory" about it.
cd /
DB="${PT_PG_DATABASE:-projecttracker}"
HASH="$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
BASE="${PT_PG_HOME:-/var/tmp/projecttracker-pg}/$HASH"
DATA="$BASE/data"
LOG="$BASE/postgres.log"

busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The cluster keeps the port it was created with. A new one takes 25432, or the next free port
# when another checkout's cluster (or anything else) already listens there. The range sits below
# Linux's ephemeral ports (32768-60999): there a client connection's own local port can hold the
# address and the server then fails to bind (seen with 55432 during a test run).
if [ -n "${PT_PG_PORT:-}" ]; then PORT="$PT_PG_PORT"
elif [ -f "$DATA/PG_VERSION" ] && port_line="$(grep -E '^port = ' "$DATA/postgresql.conf" 2>/dev/null | tail -1)"; then PORT="${port_line#port = }"
else PORT=25432; while busy "$PORT" && [ "$PORT" -lt 25532 ]; do PORT=$((PORT + 1)); done
fi

if [ "$(id -u)" = 0 ]; then RUNAS=(runuser -u postgres --); OWNER=postgres; else RUNAS=(); OWNER="$(id -un)"; fi
SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo)

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  return 1
}

install_postgres() {
  if ! BIN="$(pg_bin)"; then
    echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
    "${SUDO[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq postgresql >&2
    BIN="$(pg_bin)"
  fi
  # The package may have started its own cluster on 5432; ours is separate and does not care.
}

url() { echo "Host=127.0.0.1;Port=$PORT;Database=$DB;Username=postgres"; }

running() { [ -f "$DATA/postmaster.pid" ] && "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
  install_postgres
  "${SUDO[@]}" mkdir -p "$BASE"
  "${SUDO[@]}" chown "$OWNER" "$BASE"
  "${SUDO[@]}" chmod 700 "$BASE"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    "${RUNAS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # Production durability stays on (fsync, synchronous_commit): benchmarks run against this too.
    cat <<CONF | "${RUNAS[@]}" tee -a "$DATA/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$BASE'
max_connections = 300
shared_buffers = 256MB
CONF
  fi
  mkdir -p "$ROOT/.data" && ln -sfn "$BASE" "$ROOT/.data/postgres"
  if ! running && [ -z "${PT_PG_PORT:-}" ] && busy "$PORT"; then
    # Another checkout's cluster took our port while we were stopped: move to a free one.
    while busy "$PORT" && [ "$PORT" -lt 25532 ]; do PORT=$((PORT + 1)); done
    echo "port = $PORT" | "${RUNAS[@]}" tee -a "$DATA/postgresql.conf" >/dev/null
  fi
  if ! running; then
    "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null
  fi
  if ! "${RUNAS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -Atqc "select 1 from pg_database where datname='$DB'" postgres | grep -q 1; then
    "${RUNAS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "create database \"$DB\"" postgres
  fi
  echo "postgres.sh: PostgreSQL on 127.0.0.1:$PORT, data in $DATA" >&2
  url
}

stop() { BIN="$(pg_bin)" || exit 0; running && "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null; echo "postgres.sh: stopped" >&2; }

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) BIN="$(pg_bin)" && running && echo running || { echo stopped; exit 1; } ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
