# batch-oms: `make demo` runs the nightly job on demo data; `make test` runs the test suite.
# Both build the environment first (uv; bootstrapped with pip when missing).

SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
export OMS_LANDING ?= $(CURDIR)/data/landing
export OMS_WAREHOUSE ?= $(CURDIR)/data/warehouse.duckdb
export OMS_OUTPUT ?= $(CURDIR)/data/out
export OMS_ALERTS ?= $(CURDIR)/data/out/alerts
export DAGSTER_HOME ?= $(CURDIR)/.dagster

.PHONY: env demo test ui sql bench lint format clean

$(CURDIR)/.tools/bin/uv:
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

env: $(UV)
	$(UV) sync --frozen
	@$(MAKE) --no-print-directory .venv/.kernels-compiled

# the night's numba kernels, compiled into their cache once per change (pipelines/warm_up.py)
.venv/.kernels-compiled: uv.lock $(wildcard assets/allocation/*.py assets/fulfillment/*.py contracts/*.py)
	$(UV) run python -m pipelines.warm_up
	@touch $@

demo: env
	$(UV) run oms demo

test: env
	$(UV) run ruff format --check .
	$(UV) run ruff check .
	$(UV) run pytest -n 2 --durations=20

ui: env
	mkdir -p $(DAGSTER_HOME) && test -f $(DAGSTER_HOME)/dagster.yaml || cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	$(UV) run dagster dev -h 127.0.0.1 -p 3000 -w workspace.yaml

sql: env
	$(UV) run duckdb -readonly $(OMS_WAREHOUSE)

bench: env
	$(UV) run python -m bench.run --orders 1000000 --name black-friday-1m
	$(UV) run python -m bench.run --orders 20000 --skus 2000 --nights 30 --name history-30-nights
	$(UV) run python bench/bench_allocation.py --lines 3000000
	$(UV) run python bench/bench_ingest.py

lint:
	$(UV) run ruff format --check . && $(UV) run ruff check .

format:
	$(UV) run ruff format . && $(UV) run ruff check --fix .

clean:
	rm -rf data .dagster
