#!/usr/bin/env bash
# Installs (Debian, as root) and starts what the test suite needs on loopback:
# PostgreSQL, Redis, Chromium with a CJK font, and gettext. Writes the connection
# settings to var/test-env.sh for the Makefile. Safe to run again: it reuses what runs.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8

REDIS_PORT=${TEST_REDIS_PORT:-6379}
DB_USER=portal DB_PASSWORD=portal DB_NAME=portal

have_font() { command -v fc-list >/dev/null && fc-list | grep -qi 'wenquanyi\|wqy'; }
have_pg() { ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null; }

missing=()
have_pg || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || missing+=(chromium)
have_font || missing+=(fonts-wqy-microhei)
command -v msgfmt >/dev/null || missing+=(gettext)
command -v wrk >/dev/null || missing+=(wrk)  # make bench's load generator
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
    echo "make test needs these packages, which are not installed: ${missing[*]}" >&2
    echo "Install them (Debian: apt-get install ${missing[*]}) as root, or run make test as root on Debian." >&2
    exit 1
  fi
  echo "==> Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
fi

# --- PostgreSQL: the distribution's cluster, started if it is not running. -----
if [ "$(id -u)" = 0 ]; then
  read -r PG_VERSION PG_CLUSTER PG_PORT PG_STATUS _ < <(pg_lsclusters -h | head -n 1) || true
  if [ -z "${PG_VERSION:-}" ]; then
    PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    pg_createcluster "$PG_VERSION" main >/dev/null
    read -r PG_VERSION PG_CLUSTER PG_PORT PG_STATUS _ < <(pg_lsclusters -h | head -n 1)
  fi
  if [ "$PG_STATUS" != online ]; then
    echo "==> Starting PostgreSQL $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  fi
  psql_as_postgres() { su postgres -c "psql -p $PG_PORT -v ON_ERROR_STOP=1 -qtA $*"; }
  if [ "$(psql_as_postgres "-c \"SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'\"")" != 1 ]; then
    psql_as_postgres "-c \"CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'\""
  fi
  if [ "$(psql_as_postgres "-c \"SELECT 1 FROM pg_database WHERE datname='$DB_NAME'\"")" != 1 ]; then
    psql_as_postgres "-c \"CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0\""
  fi
else
  PG_PORT=${TEST_PG_PORT:-5432}
  echo "Not root: expecting PostgreSQL on 127.0.0.1:$PG_PORT with role $DB_USER/$DB_PASSWORD (CREATEDB)." >&2
fi

# --- Redis on loopback, no persistence. --------------------------------------------
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "==> Starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --logfile /tmp/portal-test-redis.log >/dev/null
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

mkdir -p var
cat > var/test-env.sh <<ENV
export DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0
export CHROMIUM_PATH=$(command -v chromium)
ENV
echo "==> Services ready (PostgreSQL :$PG_PORT, Redis :$REDIS_PORT)"
