# Legeportalen – the documented entry points. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export PYTHONUNBUFFERED := 1

# uv runs as a module of the project's Python (3.13 via .python-version), installed on demand.
UV := python3 -m uv
PY := .venv/bin/python
PYTEST_ARGS ?= -n 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/legeportalen
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
CHROMIUM ?= /usr/bin/chromium
DEMO_HOST ?= 127.0.0.1
DEMO_PORT ?= 8000

.PHONY: help install demo serve test test-fast lint format check totp messages clean bench

help:
	@echo "make demo   – install, migrate, load demo data, serve web + worker + scheduler"
	@echo "make test   – the whole suite on PostgreSQL and Redis, browser tests included"
	@echo "make lint   – ruff, import contracts, mypy, migrations and deploy checks"
	@echo "make totp   – current two-factor code for the demo staff accounts"
	@echo "make bench  – load test on the national data set (bench/README.md)"

# uv itself, then the locked environment. The stamp makes a second run instant.
.venv/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --frozen
	@mkdir -p var/staticfiles var/mail var/private
	@touch $@

install: .venv/.installed

# With DATABASE_URL/REDIS_URL unset: SQLite and tasks in-process. Mail goes to var/mail.
# Links in demo mail open the demo that sent them: SITE_URL follows the port it serves
# (the Site row, which allauth's mail names, is set from it at migrate). Mail goes to files
# under var/mail, one per message; nothing is printed to the console.
DEMO_ENV = DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(DEMO_HOST):$(DEMO_PORT)} \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}

demo: install
	@mkdir -p var/mail
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@$(MAKE) --no-print-directory serve

serve:
	@set -m; trap 'kill 0' EXIT INT TERM; \
	export $(DEMO_ENV); \
	if [ -n "$$REDIS_URL" ]; then \
	  $(PY) -m celery -A portal worker --loglevel=INFO --concurrency=2 & \
	  $(PY) -m celery -A portal beat --loglevel=INFO --schedule=var/celerybeat-schedule & \
	else \
	  $(PY) manage.py run_scheduler & \
	fi; \
	echo "Legeportalen: http://$(DEMO_HOST):$(DEMO_PORT)/  (mail is written to var/mail/)"; \
	$(PY) manage.py runserver $(DEMO_HOST):$(DEMO_PORT) --noreload

$(CHROMIUM):
	@if ! command -v chromium >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# The lint runs first, so CI (which runs `make test`) checks it too.
test: install $(CHROMIUM) lint
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/mypy
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check --deploy --fail-level WARNING --settings=tests.deploy_settings

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# The portal measured on the national data set in its own database (legeportalen_bench,
# seeded once and reused); results in bench/results/. See bench/README.md.
bench: install
	$(PY) -m bench.run

totp: install
	@DEBUG=true $(PY) manage.py demo_totp

messages: install
	DEBUG=true $(PY) manage.py makemessages -l nb -l en --ignore=.venv --ignore=var --ignore=tests
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/db.sqlite3* var/staticfiles var/celerybeat-schedule*
