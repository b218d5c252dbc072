# The commands the README names. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
# The newest of Python 3.14 / 3.13 / 3.12 that actually runs (pyenv shims may exist but fail).
PYTHON ?= $(shell for v in 3.14 3.13 3.12; do for c in python$$v $$HOME/.pyenv/versions/$$v*/bin/python$$v /usr/local/bin/python$$v /usr/bin/python$$v; do if $$c -c 'import sys' >/dev/null 2>&1; then echo $$c; exit 0; fi; done; done)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/goodwill

.PHONY: run test test-sqlite test-postgres lint format typecheck bench screenshots clean

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Goodwill needs Python 3.12 or newer (python3.14, 3.13 or 3.12)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

run: $(BIN)/.installed
	$(BIN)/goodwill setup
	$(BIN)/goodwill serve

# SQLite first; then PostgreSQL when DATABASE_URL points at one (CI sets it).
test: $(BIN)/.installed
	@bash scripts/test-deps.sh
	DATABASE_URL= $(BIN)/pytest -n 2 --dist loadfile
	@if [[ "$$DATABASE_URL" == postgres* ]]; then \
		echo "--- again on PostgreSQL ($$DATABASE_URL)"; \
		$(BIN)/pytest -n 2 --dist loadfile; \
	fi

test-postgres: $(BIN)/.installed
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --dist loadfile

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

screenshots: $(BIN)/.installed
	GOODWILL_SCREENSHOTS=docs/screenshots DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser -p no:xdist

bench: $(BIN)/.installed
	$(BIN)/python bench/bench_desk.py --tickets 200000 --customers 40000

clean:
	rm -rf $(VENV) var/bench
