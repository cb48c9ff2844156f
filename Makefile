# Parley: `make run` starts it with demo data; `make test` runs every test. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FRONTEND := frontend
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint types unit integration e2e frontend-test bench clean openapi browser services

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' || { echo "Node 20+ is needed"; exit 1; }
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(FRONTEND)/dist/index.html: $(FRONTEND)/node_modules/.installed $(shell find $(FRONTEND)/src $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts -type f 2>/dev/null)
	cd $(FRONTEND) && npm run build --silent
	@touch $@

install: $(VENV)/.installed $(FRONTEND)/dist/index.html ## Set up: .venv, front-end packages and build

run: install ## Migrate the embedded database, load demo data and serve on http://127.0.0.1:8000
	$(BIN)/parley db upgrade
	$(BIN)/parley demo load
	@echo "Open http://$(HOST):$(PORT) and sign in with a demo login above."
	PARLEY_DEMO_CONTACTS=true PARLEY_DEV_MAILBOX=true $(BIN)/parley serve --host $(HOST) --port $(PORT)

browser: ## Make sure Debian's Chromium is there for the end-to-end tests
	@bash scripts/ensure-chromium.sh

services: ## Make sure PostgreSQL (and Redis) run; in CI a missing PostgreSQL is an error
	@bash scripts/ensure-services.sh

lint: install ## ruff lint and format check, and the architecture contract (import-linter)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

types: install ## mypy strict on src/
	$(BIN)/mypy

# Unit and integration tests run on pytest-xdist workers (PYTEST_WORKERS=0 runs them in one process); the
# fuzz run's tests stay on one worker (tests/conftest.py). The browser tests run after them in one process:
# two Chromiums and two servers on two cores would make their waits flaky.
PYTEST_WORKERS ?= 2
PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup

unit: install ## Unit tests (pure cores)
	$(BIN)/pytest -q $(PARALLEL) tests/unit

integration: install services ## Integration tests through the API on SQLite and PostgreSQL
	$(BIN)/pytest -q $(PARALLEL) tests/integration

e2e: install browser ## End-to-end tests in headless Chromium
	$(BIN)/pytest -q tests/e2e

frontend-test: install ## Front-end type check and Vitest
	cd $(FRONTEND) && npm run --silent typecheck && npm run --silent test

test: install browser services ## Everything: lint, types, unit, integration (SQLite + PostgreSQL), Vitest, e2e
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy
	cd $(FRONTEND) && npm run --silent typecheck && npm run --silent test
	$(BIN)/python scripts/check_openapi.py
	status=0; \
	$(BIN)/pytest $(PARALLEL) tests --ignore=tests/e2e || status=$$?; \
	$(BIN)/pytest tests/e2e || status=$$?; \
	exit $$status

bench: install ## Benchmarks; figures go to docs/performance.md
	$(BIN)/python -m bench

openapi: install ## Regenerate the OpenAPI document and the front end's typed client
	$(BIN)/parley openapi -o $(FRONTEND)/openapi.json
	cd $(FRONTEND) && npm run --silent gen:api

clean: ## Remove the virtualenv, node_modules, build output and local data
	rm -rf $(VENV) $(FRONTEND)/node_modules $(FRONTEND)/dist var .mypy_cache .ruff_cache .pytest_cache
