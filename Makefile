# doingoai: the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench

# uv installs everything from uv.lock (exact versions, with hashes). uv itself lives in its own
# small virtualenv, installed by pip from requirements/uv.txt (one pinned version, with hashes).
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
# --locked: fail, rather than re-resolve, when pyproject.toml and uv.lock disagree.
# --inexact: keep the extras another target installed (demo after test, bench after test).
# uv is given the interpreter itself, not a shim such as pyenv's (a shim makes uv rebuild .venv on
# every sync, stamps included).
PYTHON_EXE := $(shell $(PYTHON) -c 'import sys; print(sys.executable)')
SYNC := $(UV) sync --locked --inexact --python $(PYTHON_EXE)

CHROMIUM := /usr/bin/chromium
DEMO_DIR ?= data/demo
DEMO_BIND ?= 127.0.0.1:8000
DEMO := DOINGOAI_DATA_DIR=$(DEMO_DIR) $(BIN)/doingoai

.PHONY: demo test lint lock-check typecheck unit test-postgres messages bench bench-load bench-search bench-search-scale clean lock upgrade lock-tools fmt

$(UV): requirements/uv.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/uv.txt
	touch $@

$(STAMP): $(UV) pyproject.toml uv.lock
	$(SYNC)
	touch $@

$(DEV_STAMP): $(STAMP)
	$(SYNC) --extra dev
	touch $@

$(BENCH_STAMP): $(STAMP)
	$(SYNC) --extra bench
	touch $@

# Re-resolve uv.lock after editing the ranges in pyproject.toml (versions already locked are kept
# where they still fit); `make upgrade` moves every package to the newest release its range allows.
lock: $(UV)
	$(UV) lock --python $(PYTHON_EXE)

upgrade: $(UV)
	$(UV) lock --upgrade --python $(PYTHON_EXE)

# Fails when pyproject.toml changed and uv.lock was not re-resolved (run `make lock`).
lock-check: $(UV)
	$(UV) lock --check --python $(PYTHON_EXE)

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright).
$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "The browser tests need Debian's chromium: run 'sudo apt-get install -y chromium'." >&2; exit 1; \
	fi

# Print the brief of the sample articles, then serve the site with them on a fresh SQLite database
# (`doingoai serve`: gunicorn and a task worker that processes the uploads).
demo: $(STAMP)
	$(BIN)/doingoai analyze src/doingoai/samples/articles --format markdown
	rm -f $(DEMO_DIR)/doingoai.sqlite3 $(DEMO_DIR)/doingoai.sqlite3-wal $(DEMO_DIR)/doingoai.sqlite3-shm
	$(DEMO) migrate --noinput -v 0
	$(DEMO) ingest src/doingoai/samples/articles
	@# The two seed news reports, when checked out beside the repository (../shared/seeds).
	@if [ -d ../shared/seeds ]; then $(DEMO) ingest ../shared/seeds; fi
	$(DEMO) demo_load
	@echo "Trang web (site): http://$(DEMO_BIND) — Ctrl-C để dừng (to stop)."
	@# The production path: gunicorn with whitenoise for the CSS, and a worker for the uploads.
	$(DEMO) serve --bind $(DEMO_BIND)

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# Apply ruff's fixes and formatting.
fmt: $(DEV_STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

unit: $(DEV_STAMP) $(CHROMIUM)
	$(BIN)/pytest

test: lock-check lint typecheck unit

# The whole suite on PostgreSQL (pytest-django creates and drops the database test_test).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: $(DEV_STAMP) $(CHROMIUM)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

# Compile the English catalogue of the interface (no GNU gettext needed); commit the .mo.
messages: $(DEV_STAMP)
	$(BIN)/python -m doingoai.web.i18n

# Analysis throughput on one core; event grouping at 10k, 30k and 100k generated articles (and 30k
# closing events as analyze does); `doingoai analyze`'s peak memory at 1k, 10k and 100k generated
# files (the 100k run takes about 15 minutes; the files are written once into bench-out/); the
# cost of one more import at 1k and 10k stored; the annual report; then the load benchmark: locust
# against `doingoai serve` (BENCH_DOCUMENTS documents and as many transactions written in bulk by
# doingoai.bench_library, BENCH_USERS users for BENCH_SECONDS; the library is built once per size
# in bench-out/), on SQLite, and on PostgreSQL when BENCH_POSTGRES_URL names a database of the
# benchmark's own (it is dropped and created).
BENCH_DOCUMENTS ?= 100000
BENCH_USERS ?= 200
BENCH_SECONDS ?= 120
BENCH_PORT ?= 8000
BENCH_POSTGRES_URL ?=
bench-load: $(BENCH_STAMP)
	$(BIN)/python -m doingoai.bench_load --documents $(BENCH_DOCUMENTS) --users $(BENCH_USERS) \
		--duration $(BENCH_SECONDS) --port $(BENCH_PORT)
	$(if $(BENCH_POSTGRES_URL),$(BIN)/python -m doingoai.bench_load --documents $(BENCH_DOCUMENTS) \
		--users $(BENCH_USERS) --duration $(BENCH_SECONDS) --port $(BENCH_PORT) --database-url $(BENCH_POSTGRES_URL))

bench: $(BENCH_STAMP)
	$(BIN)/python -m doingoai.bench --segmenters
	$(BIN)/python -m doingoai.events.bench --articles 10000
	$(BIN)/python -m doingoai.events.bench --articles 30000
	$(BIN)/python -m doingoai.events.bench --articles 100000
	$(BIN)/python -m doingoai.events.bench --articles 30000 --forget
	$(BIN)/python -m doingoai.bench_analyze --files 1000 10000 100000 --keep bench-out/analyze
	env -u DATABASE_URL $(BIN)/python -m doingoai.library.bench --stored 1000 10000 100000 --measure 30
	$(BIN)/python -m doingoai.bench_events_api --real $(VLSP_DIR) --documents 2000
	$(BIN)/python -m doingoai.reports.bench
	$(MAKE) bench-search
	$(MAKE) bench-load

# Search: quality on the VLSP 2022 AbMuSu clusters in VLSP_DIR (read from their public repository,
# never committed: see docs/benchmarks.md), latency at 10,000 generated articles; PostgreSQL too
# when BENCH_POSTGRES_URL names a database of its own.
VLSP_DIR ?= /tmp/vlsp-abmusu
bench-search: $(BENCH_STAMP)
	$(BIN)/python -m doingoai.bench_search $(VLSP_DIR)
	$(if $(BENCH_POSTGRES_URL),$(BIN)/python -m doingoai.bench_search $(VLSP_DIR) --database-url $(BENCH_POSTGRES_URL))

# Search latency as the index grows (short generated documents, indexed in bulk): SEARCH_SIZES=10000,1000000.
SEARCH_SIZES ?= 10000,100000
bench-search-scale: $(BENCH_STAMP)
	$(BIN)/python -m doingoai.bench_search_scale --sizes $(SEARCH_SIZES)
	$(if $(BENCH_POSTGRES_URL),$(BIN)/python -m doingoai.bench_search_scale --sizes $(SEARCH_SIZES) --database-url $(BENCH_POSTGRES_URL))

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache test-artifacts

# Re-pin uv itself (the version in requirements/uv.in) with the hashes of every wheel.
lock-tools: $(UV)
	$(UV) pip compile --generate-hashes --python-version 3.11 --no-header requirements/uv.in -o requirements/uv.txt
