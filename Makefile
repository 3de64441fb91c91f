# Samverkan: `make run` serves the demo, `make test` runs every check. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= samverkan

.PHONY: install run test lint bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is required") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# A local run: DEBUG on, SQLite and the in-memory channel layer unless the environment says otherwise.
run: export DEBUG ?= 1
# The demo users try the app without a second factor; production requires one (see the README).
run: export TWO_FACTOR_REQUIRED ?= 0
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty --password "$(DEMO_PASSWORD)"
	@echo
	@echo "Samverkan is served on http://$(HOST):$(PORT)/ (English: http://$(HOST):$(PORT)/en/)"
	@echo "Sign in as samordnare, sakerhetschef, soc, skola, polis or forening; password: $(DEMO_PASSWORD)"
	@echo "API: http://$(HOST):$(PORT)/api/v1/docs/ (the user rapport reads reports)"
	@echo
	$(BIN)/daphne -b $(HOST) -p $(PORT) config.asgi:application

# Tests run with DEBUG off, as in production, on the local key in var/.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The load test's tools (locust), on top of the development ones.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/api_list.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/notifications.py
	$(BIN)/python bench/load.py

# Rebuild the translation catalogues; the compiled .mo files are committed so that gettext is not needed to run.
messages: export DEBUG ?= 1
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l sv -l en --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "bench/*"
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache
