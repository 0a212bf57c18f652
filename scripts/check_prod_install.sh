#!/usr/bin/env bash
# A production install from requirements.txt ALONE must run web and worker on Redis:
# builds a fresh virtualenv from requirements.txt (no dev requirements), starts
# `celery -A config worker` on Redis with production settings and checks that it answers
# a ping, and that gunicorn loads the WSGI application. Run by `make test` before pytest.
#
# Wheels are built once per requirements.txt into var/prod-check/wheels (pip's own cache
# and the configured indexes serve them), so later runs install offline in seconds.
# PY: the Python to build with (default python3); REDIS_URL: the Redis to use.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
REDIS=${REDIS_URL:-redis://127.0.0.1:6379/0}
DIR=var/prod-check
WHEELS=$DIR/wheels
VENV=$DIR/venv
mkdir -p "$DIR"

stamp=$(sha256sum requirements.txt | cut -c1-16)
if [ ! -f "$WHEELS/.built-$stamp" ]; then
  echo "==> Building wheels for requirements.txt (once per change of the file)"
  rm -rf "$WHEELS"
  "$PY" -m pip wheel -q --disable-pip-version-check -r requirements.txt -w "$WHEELS" \
    2> >(grep -v "is ignored: it is neither" >&2)
  touch "$WHEELS/.built-$stamp"
fi

echo "==> Fresh virtualenv from requirements.txt alone"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check --no-index --find-links "$WHEELS" \
  -r requirements.txt

export DEBUG=false ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
SECRET_KEY=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY REDIS_URL=$REDIS CELERY_BROKER_URL=$REDIS
export DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/$DIR/db.sqlite3} STATIC_ROOT=$PWD/$DIR/static
mkdir -p "$STATIC_ROOT"
unset DJANGO_SETTINGS_MODULE

"$VENV/bin/gunicorn" --check-config config.wsgi

queue="prod-check-$$"
name="$queue@127.0.0.1"
"$VENV/bin/celery" -A config worker --pool=solo --loglevel=WARNING -Q "$queue" -n "$name" \
  --without-gossip --without-mingle >"$DIR/worker.log" 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT

for _ in $(seq 40); do
  if ! kill -0 "$worker" 2>/dev/null; then
    echo "The worker stopped at start (requirements.txt alone is not enough?):" >&2
    tail -n 20 "$DIR/worker.log" >&2
    exit 1
  fi
  if "$VENV/bin/celery" -A config inspect ping -d "$name" --timeout 1 >/dev/null 2>&1; then
    echo "==> Production install OK: the worker answers on Redis ($REDIS)"
    exit 0
  fi
  sleep 0.5
done
echo "The worker did not answer a ping within 20 s; its log:" >&2
tail -n 20 "$DIR/worker.log" >&2
exit 1
