# tansiq: two commands. `make demo` sets up and runs the demo; `make test` sets up and runs all tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
ENGINE_TESTS := tests/names tests/linkage tests/estimation tests/synth
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install lint browser pg-url clean

demo: install
	$(BIN)/tansiq demo

test: install browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "== pytest on SQLite (all tests) =="
	env -u DATABASE_URL $(BIN)/pytest -n 2 -q tests
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$$url" 2>/dev/null; then \
	  echo "== pytest on PostgreSQL ($$url): web and database tests =="; \
	  DATABASE_URL="$$url" $(BIN)/pytest -n 2 -q tests $(foreach t,$(ENGINE_TESTS),--ignore=$(t)); \
	else \
	  echo "== PostgreSQL not reachable at $$url: database tests ran on SQLite only =="; \
	fi

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q -r requirements.lock --python $(BIN)/python
	$(BIN)/uv pip install -q --no-deps -e . --python $(BIN)/python
	@touch $@

# Browser tests drive Debian's chromium through Playwright; install it when we may.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing at $(CHROMIUM): install Debian's chromium (apt-get install chromium)" >&2; exit 1; \
	  fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
