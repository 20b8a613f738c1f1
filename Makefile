# Lantern: `make run` serves the demo; `make test` runs every check and test.
# Both set everything up first (virtual environment, Python and npm packages,
# compiled stylesheet, database). See README.md.

# The interpreter the virtual environment is made from: the distribution's own python3.11 first
# (Debian's is built with profile-guided and link-time optimisation; on a plain source build, such
# as pyenv's default, Lantern's pages took 1.3 to 1.6 times as long: ADR 30),
# then python3.11 or python3 on the PATH; each only if it can make a virtual environment.
ifndef PYTHON
PYTHON := $(shell for p in /usr/bin/python3.11 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import ensurepip, venv' >/dev/null 2>&1 && { command -v $$p; break; }; done)
endif
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CSS := static/build/lantern.css
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs in parallel, one worker per core (pytest-xdist); each worker
# has its own test database. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto

# Dummy secrets so `check --deploy` can load the production settings.
DEPLOY_ENV := DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=deploy-check-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH \
	DJANGO_ALLOWED_HOSTS=lantern.example DATABASE_URL=postgres://lantern@localhost/lantern \
	LANTERN_FIELD_KEYS=ZGVwbG95LWNoZWNrLW9ubHktbm90LWEtcmVhbC1rZXkhISE= \
	LANTERN_BLIND_INDEX_KEY=deploy-check-only LANTERN_AUDIT_KEY=deploy-check-only LANTERN_ALLOW_UNSCANNED_UPLOADS=true

.DEFAULT_GOAL := help
.PHONY: help setup run test lint checks pytest test-postgres chromium pdf-libs bench-reports bench-spend bench-insights bench-training migrate seed totp worker assets lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): static/src/lantern.scss $(NODE_STAMP)
	npm run --silent build 2>/dev/null

assets: $(CSS) ## Compile the stylesheet

setup: $(PY_STAMP) $(NODE_STAMP) $(CSS) ## Install Python and npm packages, build assets
	@mkdir -p var/staticfiles
	@test "$$($(PY) -c 'import sys; print(sys.base_prefix)')" = "$$($(PYTHON) -c 'import sys; print(sys.base_prefix)')" \
		|| echo "Note: .venv was made with another Python than $(PYTHON); 'rm -rf .venv; make setup' remakes it with this one (ADR 30)."

migrate: setup ## Apply database migrations (SQLite in var/ by default)
	$(PY) manage.py migrate --noinput -v0

seed: migrate ## Add the demo partnership, users and data
	$(PY) manage.py seed_demo

run: seed ## Set up and serve the demo at http://127.0.0.1:8000
	@echo ""
	@echo "Lantern is starting at http://$(HOST):$(PORT)/ (Ctrl+C to stop)."
	$(PY) manage.py runserver $(HOST):$(PORT)

totp: ## Show a demo user's current two-factor code: make totp EMAIL=admin@sandwell.example
	@$(PY) manage.py demo_totp $(EMAIL)

worker: setup ## Run a Celery worker (needs Redis; the embedded default runs tasks inline)
	CELERY_TASK_ALWAYS_EAGER=false $(VENV)/bin/celery -A config worker -l info

lint: setup ## Ruff, mypy and the import contracts (layers)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy lantern config
	$(VENV)/bin/lint-imports

checks: setup ## Migrations, deploy settings, security scanners
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	@tmp=$$(mktemp -d) && $(DEPLOY_ENV) STATIC_ROOT=$$tmp $(PY) manage.py collectstatic --noinput -v0 \
		&& echo "collectstatic (production storage): ok"; status=$$?; rm -rf $$tmp; exit $$status
	$(VENV)/bin/bandit -q -c pyproject.toml -r lantern config --severity-level medium
	$(PY) scripts/pip_audit_or_skip.py
	$(PY) scripts/npm_audit.py

pytest: setup ## Only the test suite (SQLite; set DATABASE_URL for PostgreSQL)
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

test: lint checks pytest ## Everything: lint, checks and the whole suite

test-postgres: setup ## The suite on PostgreSQL (DATABASE_URL defaults to the local server)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

chromium: ## Install Debian's Chromium for the browser tests (needs root and apt)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; }
	@chromium --version 2>/dev/null | head -1

pdf-libs: ## Install the Debian libraries WeasyPrint renders PDFs with (board reports; needs root and apt)
	@ldconfig -p | grep -q libpangoft2-1.0 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation >/dev/null; }
	@ldconfig -p | grep -o 'libpangoft2-1.0.so.0' | head -1

bench-reports: setup ## Load-test the public report form: wrk against gunicorn (PostgreSQL, Redis; BENCH_ARGS=...)
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/reports_load.py $(BENCH_ARGS)

bench-spend: setup ## Import 1,000,000 generated spend rows on PostgreSQL, against DuckDB's load (DATABASE_URL, BENCH_ARGS=...)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lantern_bench_spend} $(PY) bench/spend_bench.py $(BENCH_ARGS)

bench-insights: setup ## Time the insight dashboard and the board report PDF at 100,000 cases (PostgreSQL; BENCH_ARGS=...)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lantern_insights_bench} $(PY) bench/insights_bench.py $(BENCH_ARGS)

bench-training: setup ## Import 100,000 attendance rows and time compliance for 20,000 people (PostgreSQL; BENCH_ARGS=...)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lantern_training_bench} $(PY) bench/training_bench.py $(BENCH_ARGS)

lock: $(PY) ## Re-pin every Python package after changing pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	( echo "# Every package, direct and indirect, at the version CI tests. Regenerate with 'make lock'."; \
	  $(PY) -m pip freeze --exclude-editable ) > requirements.lock

clean: ## Remove the virtual environment, packages, built assets and local database
	rm -rf $(VENV) node_modules static/build var
