# Entry points. `make run` and `make test` each set themselves up on a fresh machine (Python 3.11+).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# The lowest mutation score a domain module may have in `make mutation`, in %.
FLOOR ?= 90

.PHONY: help install lock run test unit lint typecheck k8s-validate bench bench-scale mutation reliability messages clean

help:
	@echo "make run           the whole system on this machine (NATS, services, gateway)"
	@echo "make test          lint, types, manifests and the whole test suite"
	@echo "make bench         benchmarks (bench/), prints the table"
	@echo "make bench-scale   two data sizes on PostgreSQL, the growth table (SIZES=small,large)"
	@echo "make reliability   fault-injection suite, prints the report"
	@echo "make mutation      mutation scores of each service's domain/ by its unit tests (FLOOR=90)"
	@echo "make messages      extract msg(...) templates, update the Malay catalogue, report what is untranslated"

# Every dependency, runtime and dev, pinned in requirements.lock (`make lock` after changing
# pyproject.toml's). uv installs it in seconds; pip, if uv cannot be had. The output goes to
# var/install.log, shown only when the install fails.
INSTALL_LOG := var/install.log
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	@mkdir -p var
	@echo "Installing the pinned dependencies into $(VENV) (log: $(INSTALL_LOG))"
	@{ $(PYTHON) -m venv $(VENV) && \
	  if $(PY) -m pip install --quiet uv; then \
	    $(VENV)/bin/uv pip install --python $(PY) -r requirements.lock -e '.[dev]'; \
	  else \
	    echo "uv could not be installed; installing with pip"; \
	    $(PY) -m pip install --upgrade pip && $(PY) -m pip install -r requirements.lock -e '.[dev]'; \
	  fi; } > $(INSTALL_LOG) 2>&1 || { tail -n 40 $(INSTALL_LOG); echo "install failed: $(INSTALL_LOG) has the whole output"; exit 1; }
	@touch $(STAMP)

# Re-pin every dependency from pyproject.toml (for Python 3.11 and later, any platform).
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  -o requirements.lock --custom-compile-command "make lock" --quiet

install: $(STAMP)

run: $(STAMP)
	@$(PY) deploy/run.py

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

# Every msg("...") in the code into var/messages.pot, then into the Malay catalogue (new entries
# come in with an empty msgstr to fill in; removed ones go). The services read the .po itself; the
# compile step only checks it and counts what is still untranslated.
messages: $(STAMP)
	@mkdir -p var
	$(VENV)/bin/pybabel -q extract -F babel.cfg --no-default-keywords -k msg --add-location=file \
		--sort-output --omit-header -o var/messages.pot .
	$(VENV)/bin/pybabel -q update -i var/messages.pot -d shared/locale -D messages -l ms \
		--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date -w 100
	$(VENV)/bin/pybabel compile --statistics -D messages -l ms \
		-i shared/locale/ms/LC_MESSAGES/messages.po -o var/messages-ms.mo

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
