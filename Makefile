# The two commands a new user needs: `make demo` and `make test`.
# Everything is installed into the work tree (.venv, .cache), so a fresh clone works.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_CACHE_DIR := $(CURDIR)/.cache/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint install system-deps neo4j-start neo4j-stop bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Ingest the bundled examples into a temporary store and serve the explorer.
demo: install
	$(BIN)/citegraph demo

## Lint, type-check, then run the whole suite against the embedded store and a real Neo4j.
test: install system-deps lint
	scripts/run-tests

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

system-deps:
	scripts/install-system-deps

neo4j-start:
	scripts/neo4j-local start

neo4j-stop:
	scripts/neo4j-local stop

bench: install
	scripts/run-tests --bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
