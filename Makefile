# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export FEDERKIEL_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test install install-dev system-deps messages lint typecheck migrations-check \
	test-sqlite test-postgres messages-check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements/base.lock pyproject.toml
	$(BIN)/pip install -q -r requirements/base.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.lock
	$(BIN)/pip install -q -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# msgfmt (gettext) compiles translations; Chromium drives the browser tests;
# jing validates our Atom feeds against RFC 4287's schema.
system-deps:
	@command -v msgfmt >/dev/null || scripts/apt-install gettext
	@command -v chromium >/dev/null || scripts/apt-install chromium
	@command -v jing >/dev/null || scripts/apt-install jing

messages: install
	cd federkiel && ../$(BIN)/federkiel compilemessages -v 0

run: install system-deps messages
	$(BIN)/federkiel migrate --noinput -v 0
	$(BIN)/federkiel demo
	$(BIN)/federkiel serve --bind 127.0.0.1:8000

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages-check: install-dev
	$(BIN)/python scripts/messages.py --check

typecheck: install-dev
	$(BIN)/mypy federkiel

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=federkiel.settings_test $(BIN)/federkiel makemigrations --check --dry-run

test-sqlite: install-dev system-deps messages
	env -u DATABASE_URL $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install-dev system-deps messages
	@if scripts/postgres-ready "$(TEST_DATABASE_URL)"; then \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL at $(TEST_DATABASE_URL) is not reachable; CI needs it." >&2; exit 1; \
	else \
		echo "SKIPPED the PostgreSQL run: $(TEST_DATABASE_URL) is not reachable."; \
	fi

test: lint typecheck migrations-check messages-check test-sqlite test-postgres

# The benchmarks the docs quote (search and import need PostgreSQL on 127.0.0.1 too).
bench: install-dev
	$(BIN)/python bench/template_engines.py
	nice $(BIN)/python bench/search.py
	nice $(BIN)/python bench/import_wxr.py --database both --smaller 10

clean:
	rm -rf $(VENV) var
