# tansiq: two commands. `make demo` sets up and runs the demo; `make test` sets up and runs all tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Start-up (docs/benchmarks.md): bytecode for every installed module, so that no command compiles
# Python source at import (PYTHONDONTWRITEBYTECODE would make it do so on every run), and
# Numba's cache of the LCMCR kernels, so that no estimate compiles them (it lives in
# tansiq/estimation/__pycache__, or NUMBA_CACHE_DIR when set; docs/estimation.md).
WARM := $(VENV)/.numba-warm
KERNELS := $(wildcard tansiq/estimation/lcmcr*.py)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
ENGINE_TESTS := tests/names tests/linkage tests/estimation tests/synth
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install lint system-packages messages clean

demo: install
	$(BIN)/tansiq demo

test: install system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check tansiq tests bench
	$(BIN)/mypy tansiq
	@echo "== pytest on SQLite (all tests) =="
	env -u DATABASE_URL $(BIN)/pytest -n 2 -q tests
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$$url" 2>/dev/null; then \
	  echo "== pytest on PostgreSQL ($$url): web and database tests =="; \
	  DATABASE_URL="$$url" $(BIN)/pytest -n 2 -q tests $(foreach t,$(ENGINE_TESTS),--ignore=$(t)); \
	else \
	  echo "== PostgreSQL not reachable at $$url: database tests ran on SQLite only =="; \
	fi

install: $(STAMP) $(WARM)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --compile-bytecode -r requirements.lock --python $(BIN)/python
	$(BIN)/uv pip install -q --compile-bytecode --no-deps -e . --python $(BIN)/python
	@touch $@

$(WARM): $(STAMP) $(KERNELS)
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib tansiq >/dev/null
	$(BIN)/tansiq warmup
	@touch $@

# Browser tests drive Debian's chromium through Playwright; the translation tests use GNU
# gettext. Install them when missing and we may (root with apt-get).
system-packages:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing (apt-get install$$missing)" >&2; exit 1; \
	  fi; \
	fi

# Refresh the translation catalogues from the code and templates, then compile them.
messages: install
	cd tansiq && ../$(BIN)/python -m django makemessages -l ar -l en \
	  -i "synth/*" -i "linkage/*" -i "names/*" -i "estimation/*" --settings=tansiq.web.settings
	cd tansiq && ../$(BIN)/python -m django compilemessages --settings=tansiq.web.settings

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check tansiq tests bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
