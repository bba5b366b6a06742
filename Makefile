# Two commands matter: `make run` (demo site on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-tools install lint lock check-deploy clean bench bench-feedback bench-assisted

$(STAMP): requirements.lock pyproject.toml
	@if ! $(BIN)/python -c "" 2>/dev/null; then rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); fi
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

# axe-core and the Nu HTML Checker. Without npm this runs again next time, once npm is there.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; else echo "npm not found: accessibility and HTML checks will be skipped"; fi

install: $(STAMP) node_modules/.package-lock.json

# Chromium, Java and npm: installed through apt when run as root, otherwise named (.ci/test-tools).
test-tools:
	@.ci/test-tools

# Every link in the emails the demo sends starts with this address (see docs/decisions).
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py create_demo_admin
	@# The task worker (emails, search indexing) and the scheduler run beside the web server
	@# and stop with it.
	trap 'kill 0' EXIT; \
	$(BIN)/python manage.py run_worker --interval 2 & \
	$(BIN)/python manage.py run_scheduler & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: test-tools install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	ALLOWED_HOSTS=vru.example.org DATABASE_URL=sqlite:///tmp/check.sqlite3 \
	WAGTAILADMIN_BASE_URL=https://vru.example.org EMAIL_HOST=localhost EMAIL_PORT=25 \
	DEFAULT_FROM_EMAIL=no-reply@vru.example.org REDIS_URL=redis://127.0.0.1:6379/15 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Regenerate the lock file from pyproject.toml's ranges (needs network access to PyPI).
lock:
	rm -rf /tmp/vru-lock && $(PYTHON) -m venv /tmp/vru-lock
	/tmp/vru-lock/bin/pip install --quiet --upgrade pip
	/tmp/vru-lock/bin/pip install --quiet ".[test]"
	/tmp/vru-lock/bin/pip freeze --exclude vru-codesign > requirements.lock

bench: install
	$(BIN)/python bench/run_load.py

bench-feedback: install
	$(BIN)/python bench/feedback_scale.py

# Assisted coding: area-suggestion F1, themes timing, campaigns (ends with one "assisted:" line).
bench-assisted: install
	$(BIN)/python bench/assisted_bench.py

clean:
	rm -rf $(VENV) node_modules static db.sqlite3
