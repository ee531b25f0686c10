# ChatApps Admin: `make run` brings up the whole product, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The sandbox posts webhooks back to this server and the client finds the sandbox here.
export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test lint bench bench-campaign bench-contacts bench-history bench-inbox bench-import bench-receipts bench-webhook install install-dev setup browser-check clean help

help:
	@echo "make run    - install, migrate, create the first admin, load demo data, start web + worker"
	@echo "make test   - run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   - ruff, mypy, import contracts and a migrations check"
	@echo "make bench  - benchmarks"
	@echo "make bench-import - the 100,000-contact CSV import (set DATABASE_URL for PostgreSQL)"
	@echo "make bench-history - history pages and dashboard over ROWS=1000000 messages (PostgreSQL)"
	@echo "make bench-webhook - receipts one a request at RATE=500/s: latency, applied lag, ceiling"
	@echo "make bench-inbox - the inbox list and a 500-message thread over CONVERSATIONS=10000"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

setup: install
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python manage.py ensure_admin --password-file "$(FIRST_ADMIN_FILE)"
	@$(BIN)/python manage.py load_demo

# The first admin's password waits here (owner-only) until `announce` shows it, then is deleted.
FIRST_ADMIN_FILE ?= $(or $(VAR_DIR),var)/first-admin.txt
export FIRST_ADMIN_FILE

run: setup
	@echo "Starting ChatApps Admin at http://$(HOST):$(PORT)/ ..."
	@# Ctrl-C is how it is stopped: honcho's 130 then means a clean stop, not an error.
	@HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho start -f Procfile; status=$$?; \
		[ $$status -eq 0 ] || [ $$status -eq 130 ] || exit $$status

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install-dev
	$(BIN)/pytest benchmarks -p no:cacheprovider --benchmark-only --benchmark-columns=min,mean,median,max,ops -q $(PYTEST_ARGS)

# One send job through real workers to the sandbox over HTTP; see benchmarks/campaign.py.
bench-campaign: install-dev
	RECIPIENTS=$${RECIPIENTS:-100000} LATENCY_MS=$${LATENCY_MS:-0} RATE=$${RATE:-0} $(BIN)/python benchmarks/campaign.py

# A campaign's delivery receipts posted to the webhook and applied; see benchmarks/receipts.py.
bench-receipts: install-dev
	MESSAGES=$${MESSAGES:-100000} PER_POST=$${PER_POST:-100} $(BIN)/python benchmarks/receipts.py

# 8x8's receipts one a request at RATE/s (open loop) against the bare endpoint, the lag until
# they are applied, and the endpoint's ceiling under wrk; see benchmarks/webhook.py.
bench-webhook: install-dev
	RATE=$${RATE:-500} DURATION=$${DURATION:-20} $(BIN)/python benchmarks/webhook.py

# The contacts page over a million contacts (DATABASE_URL: PostgreSQL). --reuse-db keeps the
# million rows in the test database, so only the first run spends time building them.
bench-contacts: install-dev
	$(BIN)/pytest benchmarks/test_bench_contacts.py -p no:cacheprovider --benchmark-only --benchmark-columns=min,median,max -q -s --reuse-db $(PYTEST_ARGS)

# The history page and the dashboard over ROWS messages (default 1,000,000) in PostgreSQL's test
# database, kept by --reuse-db so only the first run builds them. Ends with the history line.
bench-history: install-dev
	@[[ "$${DATABASE_URL:-}" == postgres* ]] || { echo "bench-history needs DATABASE_URL=postgres://..."; exit 2; }
	BENCH_HISTORY_ROWS=$${ROWS:-1000000} $(BIN)/pytest benchmarks/test_bench_history.py -p no:cacheprovider -p no:randomly --benchmark-only --benchmark-columns=min,median,max -q -s --reuse-db $(PYTEST_ARGS)
	@tail -n 1 "$(or $(VAR_DIR),var)/bench-history.txt"

# The inbox as a support agent sees it over CONVERSATIONS conversations (default 10,000), one of
# them 500 messages long; --reuse-db keeps the rows for the next run. Ends with the inbox line.
bench-inbox: install-dev
	BENCH_INBOX_CONVERSATIONS=$${CONVERSATIONS:-10000} $(BIN)/pytest benchmarks/test_bench_inbox.py -p no:cacheprovider -p no:randomly --benchmark-only --benchmark-columns=min,median,max -q -s --reuse-db $(PYTEST_ARGS)
	@tail -n 1 "$(or $(VAR_DIR),var)/bench-inbox.txt"

# One line at the end: rows, seconds, rows/s, the importing process's peak memory, the counts.
bench-import: install-dev
	$(BIN)/pytest benchmarks/test_bench_import.py -p no:cacheprovider -p no:randomly --benchmark-only -q $(PYTEST_ARGS)

clean:
	rm -rf var/broker var/results var/test-db.sqlite3*
