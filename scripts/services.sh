#!/usr/bin/env bash
# Makes PostgreSQL and Redis available and exports DATABASE_URL and REDIS_URL.
# Sourced by start.sh, test.sh and bench.sh.
#
# 1. DATABASE_URL / REDIS_URL already set: use those services as they are.
# 2. Otherwise start local servers from the system's binaries, with their data in
#    .data/ inside the project (PostgreSQL on port 54329, Redis on 63799), installing
#    Debian's postgresql and redis-server first when they are missing and we are root.
# 3. Otherwise stop with a message that says what to do.
#
# Usage: source scripts/services.sh <database-name>

set -euo pipefail
SERVICES_DB_NAME="${1:-campaigns}"
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${DATA_DIR:-$PROJECT_DIR/.data}"
PG_PORT="${LOCAL_PG_PORT:-54329}"
REDIS_PORT="${LOCAL_REDIS_PORT:-63799}"

say() { echo "[services] $*" >&2; }
fail() { echo "[services] ERROR: $*" >&2; exit 1; }

find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    fail "$* is not installed. Install it with: sudo apt-get install -y $* (or set DATABASE_URL and REDIS_URL to running services)."
  fi
  command -v apt-get >/dev/null 2>&1 || fail "$* is not installed and apt-get is not available. Install $* or set DATABASE_URL and REDIS_URL."
  say "installing $* from Debian's packages"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || fail "could not install $*; install it by hand or set DATABASE_URL and REDIS_URL."
  fi
}

# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_local_postgres() {
  local bin pgdata="$DATA_DIR/pg"
  bin="$(find_pg_bin)" || { apt_install postgresql; bin="$(find_pg_bin)" || fail "initdb not found after installing postgresql"; }
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  mkdir -p "$DATA_DIR"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    say "creating a PostgreSQL cluster in $pgdata"
    mkdir -p "$pgdata"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$pgdata"
    as_pg_owner "$bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$pgdata"
  if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    say "starting PostgreSQL on port $PG_PORT"
    STARTED_PG="$bin/pg_ctl -D $pgdata"
    as_pg_owner "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB -c max_connections=200 -c max_wal_size=4GB" \
      start >/dev/null || fail "PostgreSQL did not start; see $pgdata/server.log"
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$SERVICES_DB_NAME"
}

start_local_redis() {
  local rdir="$DATA_DIR/redis"
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  mkdir -p "$rdir"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    say "starting Redis on port $REDIS_PORT"
    STARTED_REDIS=1
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$rdir" --daemonize yes \
      --logfile "$rdir/redis.log" --pidfile "$rdir/redis.pid" --save "" --appendonly no >/dev/null
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || fail "Redis did not start; see $rdir/redis.log"
  fi
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

ensure_database() {
  # Create the database named in DATABASE_URL when the server lacks it.
  node "$PROJECT_DIR/scripts/ensure-database.js" || fail "cannot reach PostgreSQL at DATABASE_URL"
}

STARTED_PG=""
STARTED_REDIS=""

# Stops the local servers that this script started (not ones that were already running).
stop_started_services() {
  if [ -n "$STARTED_REDIS" ]; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
  if [ -n "$STARTED_PG" ]; then as_pg_owner $STARTED_PG -m fast stop >/dev/null 2>&1 || true; fi
}

if [ -z "${DATABASE_URL:-}" ]; then start_local_postgres; else say "using DATABASE_URL from the environment"; fi
if [ -z "${REDIS_URL:-}" ]; then start_local_redis; else say "using REDIS_URL from the environment"; fi
ensure_database
set +u
