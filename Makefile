# Two commands do all the set-up on a fresh machine: `make test` and `make serve`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test serve build bench clean

# (Re)install whenever the pinned dependencies change.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest benchmarks --benchmark-disable  # smoke: each benchmark runs once, untimed

# Builds the database from seeds/ when it is missing or stale, then serves it.
serve: $(STAMP)
	$(BIN)/policyapi serve --host 127.0.0.1 --port 8000

schema.graphql: $(STAMP) $(wildcard policyapi/graphql/*.py)
	$(BIN)/policyapi schema > $@

build: $(STAMP)
	$(BIN)/policyapi build

bench: $(STAMP)
	$(BIN)/python -m pytest benchmarks --benchmark-only

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks build dist
