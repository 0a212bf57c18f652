#!/usr/bin/env bash
# Starts the development site: web server, Celery worker and Celery beat, on the
# embedded filesystem broker unless CELERY_BROKER_URL/REDIS_URL say otherwise.
# Ctrl-C stops all three.
set -euo pipefail
PY=${PY:-.venv/bin/python}
mkdir -p var/broker var/broker-processed var/log

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping web, worker and beat..."
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap cleanup INT TERM EXIT

"$PY" -m celery -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
"$PY" -m celery -A config beat --loglevel=INFO --pidfile= >var/log/beat.log 2>&1 &
pids+=($!)

"$PY" manage.py demo_logins
echo
echo "  Portal:  http://127.0.0.1:8000/"
echo "  Admin:   http://127.0.0.1:8000/admin/"
echo "  Worker and beat logs: var/log/worker.log, var/log/beat.log"
echo "  Press Ctrl-C to stop web, worker and beat."
echo
"$PY" manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)
wait -n "${pids[@]}"
