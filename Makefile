# doingoai: the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

CHROMIUM := /usr/bin/chromium
DEMO_DIR ?= data/demo
DEMO := DOINGOAI_DATA_DIR=$(DEMO_DIR) $(BIN)/doingoai

.PHONY: demo test lint typecheck unit test-postgres messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pyIATI ships the IATI 2.03 schemas and codelists; its 2018 dependency pins are not wanted.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --no-deps "pyIATI==0.4.1"
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright).
$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "The browser tests need Debian's chromium: run 'sudo apt-get install -y chromium'." >&2; exit 1; \
	fi

# Print the brief of the sample articles, then serve the site with them on a fresh SQLite database.
demo: $(STAMP)
	$(BIN)/doingoai analyze src/doingoai/samples/articles --format markdown
	rm -f $(DEMO_DIR)/doingoai.sqlite3 $(DEMO_DIR)/doingoai.sqlite3-wal $(DEMO_DIR)/doingoai.sqlite3-shm
	$(DEMO) migrate --noinput -v 0
	$(DEMO) ingest src/doingoai/samples/articles
	$(DEMO) demo_load
	@echo "Trang web (site): http://127.0.0.1:8000 — Ctrl-C để dừng (to stop)."
	@# --insecure: without DEBUG, runserver serves the CSS and the API docs only so (a local demo).
	$(DEMO) runserver --noreload --insecure 127.0.0.1:8000

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

unit: $(DEV_STAMP) $(CHROMIUM)
	$(BIN)/pytest

test: lint typecheck unit

# The whole suite on PostgreSQL (pytest-django creates and drops the database test_test).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: $(DEV_STAMP) $(CHROMIUM)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

# Compile the English catalogue of the interface (no GNU gettext needed); commit the .mo.
messages: $(DEV_STAMP)
	$(BIN)/python -m doingoai.web.i18n

# Analysis throughput on one core, then event grouping at 10k, 30k and 100k generated articles.
bench: $(STAMP)
	$(BIN)/python -m doingoai.bench --segmenters
	$(BIN)/python -m doingoai.events.bench --articles 10000
	$(BIN)/python -m doingoai.events.bench --articles 30000
	$(BIN)/python -m doingoai.events.bench --articles 100000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
