# doingoai: the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit test-postgres messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(STAMP)
	$(BIN)/doingoai analyze src/doingoai/samples/articles --format markdown

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

unit: $(DEV_STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# The whole suite on PostgreSQL (pytest-django creates and drops the database test_test).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: $(DEV_STAMP)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

# Compile the English catalogue of the interface (no GNU gettext needed); commit the .mo.
messages: $(DEV_STAMP)
	$(BIN)/python -m doingoai.web.i18n

bench: $(STAMP)
	$(BIN)/python -m doingoai.bench --segmenters

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
