# Two commands do all the set-up on a fresh machine: `make test` and `make serve`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test serve build load bench clean bench-all bench-open bench-gc bench-http bench-profile bench-report bench-clean \
        bench-datasette-venv bench-wrk

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

# The long load run (docs/reliability.md): real server, 64 clients, 60 s, every answer checked.
load: $(STAMP)
	$(BIN)/python tests/load.py --seconds 60 --workers 2 --clients 64

# ---- benchmarks (benchmarks/README.md) ------------------------------------------------------
# `make bench-all` runs everything: in-process suite, open() cost, GC pauses, HTTP load with the Datasette
# comparison, a profile, and writes benchmarks/results.md. Scales above 1 are synthesised and
# built into benchmarks/.cache on first use.
# Override: make bench-all SCALES="1 100" HTTP_SECONDS=5 BENCH_MAX_TIME=0.5
SCALES        ?= 1 100 1000
HTTP_SECONDS  ?= 8
BENCH_MAX_TIME ?= 1.0
BENCH_RESULTS := benchmarks/.results
DS_VENV       := benchmarks/.venv-datasette
DS_STAMP      := $(DS_VENV)/.installed

# Datasette and datasette-graphql, pinned, in their own venv: their pins conflict with ours.
$(DS_STAMP): benchmarks/requirements-datasette.txt
	test -x $(DS_VENV)/bin/python || $(PYTHON) -m venv $(DS_VENV)
	$(DS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DS_VENV)/bin/python -m pip install --quiet -r benchmarks/requirements-datasette.txt
	touch $@

bench-datasette-venv: $(DS_STAMP)

bench-wrk:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y wrk; } || \
		{ echo "wrk is needed: sudo apt-get install -y wrk" >&2; exit 1; }

# In-process suite (library and GraphQL). `make bench` alone: scale 1, the seeds, about a minute.
bench: $(STAMP)
	mkdir -p $(BENCH_RESULTS)
	$(BIN)/python -m pytest benchmarks --benchmark-only --scales "$(or $(BENCH_SCALES),1)" \
		--benchmark-max-time=$(BENCH_MAX_TIME) --benchmark-sort=name --benchmark-columns=median,mean,min,max,rounds \
		--benchmark-json=$(BENCH_RESULTS)/inprocess.json

bench-open: $(STAMP)
	$(BIN)/python benchmarks/open_cost.py --scales "$(SCALES)"

bench-http: $(STAMP) $(DS_STAMP) bench-wrk
	$(BIN)/python benchmarks/http_load.py --scales "$(SCALES)" --duration $(HTTP_SECONDS)

bench-gc: $(STAMP)
	$(BIN)/python benchmarks/gc_pauses.py --scales "$(SCALES)"

bench-profile: $(STAMP)
	$(BIN)/python benchmarks/profile_graphql.py --scale $(lastword $(SCALES)) --query page

bench-report: $(STAMP)
	$(BIN)/python benchmarks/report.py

bench-all: $(STAMP) $(DS_STAMP) bench-wrk
	$(MAKE) bench BENCH_SCALES="$(SCALES)"
	$(MAKE) bench-open bench-gc bench-http bench-profile
	$(MAKE) bench-report

bench-clean:
	rm -rf benchmarks/.cache $(BENCH_RESULTS) $(DS_VENV)

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks build dist
