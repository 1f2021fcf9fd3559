# Entry points. `make run` and `make test` each set themselves up on a fresh machine (Python 3.11+).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# The lowest mutation score a domain module may have in `make mutation`, in %.
FLOOR ?= 90

.PHONY: help install run test unit lint typecheck k8s-validate bench bench-scale mutation reliability clean

help:
	@echo "make run           the whole system on this machine (NATS, services, gateway)"
	@echo "make test          lint, types, manifests and the whole test suite"
	@echo "make bench         benchmarks (bench/), prints the table"
	@echo "make bench-scale   two data sizes on PostgreSQL, the growth table (SIZES=small,large)"
	@echo "make reliability   fault-injection suite, prints the report"
	@echo "make mutation      mutation scores of each service's domain/ by its unit tests (FLOOR=90)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) deploy/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy shared services gateway cli

k8s-validate: $(STAMP)
	$(PY) deploy/k8s/validate.py

test: $(STAMP) lint typecheck k8s-validate
	$(PY) -m pytest $(PYTEST_ARGS)

unit: $(STAMP)
	$(PY) -m pytest tests -m "not e2e" -k unit $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/run.py

# Not part of `make test`: PostgreSQL (TEST_POSTGRES_URL) and minutes. SIZES: employers:persons:months.
SIZES ?= 50:1000:12,500:10000:12
bench-scale: $(STAMP)
	BENCH_SCALE_SIZES=$(SIZES) $(PY) bench/scale.py

# Not part of `make test`: it takes minutes.
mutation: $(STAMP)
	$(PY) mutation/run.py --floor $(FLOOR)

reliability: $(STAMP)
	$(PY) -m pytest tests/reliability -m "slow or not slow" -p no:randomly -s $(PYTEST_ARGS)

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
