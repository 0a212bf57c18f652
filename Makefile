# The two commands: `make run` (development site with demo data) and `make test`
# (installs and starts PostgreSQL, Redis and Chromium, then runs the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
DEV_ENV := DEBUG=true
PYTEST_WORKERS ?= 2

.PHONY: run test bench venv venv-dev migrate messages lint format check-deploy clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

venv: $(VENV)/.run-installed
venv-dev: $(VENV)/.dev-installed

## Compile translations when gettext is here; the compiled .mo files are committed too.
messages: venv
	@if command -v msgfmt >/dev/null; then $(DEV_ENV) $(MANAGE) compilemessages -l zh_Hans -l en -v 0; \
	else echo "gettext not installed: using the committed .mo files"; fi

## Development site on http://127.0.0.1:8000 with demo data (SQLite, embedded broker).
run: venv messages
	$(DEV_ENV) $(MANAGE) migrate --no-input -v 0
	$(DEV_ENV) $(MANAGE) seed_demo --if-empty
	$(DEV_ENV) PY=$(PY) scripts/run_dev.sh

## The whole suite against PostgreSQL, Redis and Chromium (installed when missing).
test: venv-dev
	scripts/test_services.sh
	source var/test-env.sh && PY=$(PY) scripts/check_prod_install.sh
	source var/test-env.sh && $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## Key pages under load at the scale of a province, against a bare Django page (by hand,
## not in CI): seeds BENCH_SCALE courts into its own database, gunicorn + wrk, table + JSON
## in var/bench/. See scripts/bench.py for the options (BENCH_ARGS="--duration 5 --only home").
BENCH_SCALE ?= 100
bench: venv-dev
	scripts/test_services.sh
	$(PY) scripts/bench.py --scale $(BENCH_SCALE) $(BENCH_ARGS)

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Update the translation catalogues from the source (then translate the new entries).
makemessages: venv
	$(DEV_ENV) $(MANAGE) makemessages -l zh_Hans -l en --no-obsolete --add-location file -i ".venv/*" -i "static/vendor/*"

check-deploy: venv
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var staticfiles artifacts
