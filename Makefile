# RAR Directory: `make run` serves the seeded app; `make test` runs the whole suite.
SHELL := /bin/bash
# Python 3.12 or newer where the machine has it. On 3.11 (Debian's 3.11.2 and 3.11.7 alike)
# a worker rendering a large region page crashed in the garbage collector (SIGSEGV);
# tests/web/test_interpreter_crash.py reproduces it. Override with `make PYTHON=...`.
PYTHON ?= $(shell for p in python3.12 python3.13 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[23].*/bin/python3 2>/dev/null) python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then \
	echo $$p; exit; fi; done; echo python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000
PG_TEST_URL ?= postgresql+psycopg://127.0.0.1:5432/test
APP_LOCK := requirements/app.lock
TEST_LOCK := requirements/test.lock
UV := uv==0.13.9
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes \
	--python-version 3.12 --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock"
# The whole app, type-checked without strict mode (mypy-app.ini); the pure proposal core is
# checked strictly by pyproject.toml's [tool.mypy].
APP_SOURCES := $(wildcard accounts catalogue core maintenance proposal reporting web verification app.py)

.PHONY: run test test-sqlite test-postgres bench bench-search lint lock system-deps install install-test setup clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock files (exact versions, every file's sha256), so a fresh clone
# installs what was tested; the project itself goes in afterwards without its dependencies.
# `pip check` fails if pyproject.toml asks for something the lock does not hold.
$(VENV)/.installed: $(APP_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(APP_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
	touch $@

$(VENV)/.installed-test: $(TEST_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps -e '.[test]'
	$(BIN)/pip check
	touch $@ $(VENV)/.installed

# Refresh the lock files after changing the dependencies in pyproject.toml: versions already
# locked are kept where they still fit (`make lock LOCK_ARGS=--upgrade` takes the newest).
# Resolved for CPython 3.12 on x86_64 Linux, what the app runs on. The app lock is
# constrained by the test lock, so both pin the same versions.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet $(UV)
	$(UV_COMPILE) --extra test -o $(TEST_LOCK) $(LOCK_ARGS)
	$(UV_COMPILE) -c $(TEST_LOCK) -o $(APP_LOCK)

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

system-deps:
	@bash .ci/system-deps $(SYSTEM_DEPS)

setup: system-deps install
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty --sample-proposals
	$(FLASK) search sync
	$(FLASK) users demo

run: setup
	@echo "Serving RAR Directory on http://127.0.0.1:$(PORT)/"
	$(BIN)/gunicorn --config gunicorn_config.py --bind 127.0.0.1:$(PORT) 'app:create_app()'

test: SYSTEM_DEPS = --test
test: system-deps install-test test-sqlite test-postgres

test-sqlite: install-test
	$(BIN)/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# PostgreSQL is the production database: the same suite runs against it. Where no server
# answers, this is skipped locally but fails when REQUIRE_POSTGRES=1 (as .ci/run sets).
test-postgres: install-test
	@if $(BIN)/python -c "import psycopg; psycopg.connect('host=127.0.0.1 port=5432 dbname=test user=$${PGUSER:-postgres}', connect_timeout=3).close()" 2>/dev/null; then \
		TEST_DATABASE_URL="$(PG_TEST_URL)?user=$${PGUSER:-postgres}" $(BIN)/pytest -q -p no:cacheprovider -m "not browser" $(PYTEST_ARGS); \
	elif [ "$${REQUIRE_POSTGRES:-0}" = "1" ]; then \
		echo "PostgreSQL at 127.0.0.1:5432 (database test) did not answer, and REQUIRE_POSTGRES=1." >&2; exit 1; \
	else \
		echo "PostgreSQL at 127.0.0.1:5432 not reachable: PostgreSQL tests skipped (set REQUIRE_POSTGRES=1 to fail instead)."; \
	fi

bench: install-test
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.expansion

# Only the search-in-everyday-words part (relevance set, p95 with expansion): a few minutes.
bench-search: install-test
	$(BIN)/python -m benchmarks.expansion $(BENCH_SEARCH_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy --config-file mypy-app.ini $(APP_SOURCES)

clean:
	rm -rf $(VENV) instance
