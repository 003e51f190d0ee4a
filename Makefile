# Gongkai — the two commands are `make demo` and `make test`; the rest are for developers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-cli test bench lint clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（找不到 $(PYTHON)）；Debian: apt-get install python3.11 python3.11-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The whole product on SQLite with a fictional county, served at http://127.0.0.1:8000/
demo: $(STAMP)
	@sh scripts/ensure-fonts.sh
	$(BIN)/gongkai demo

# Only the annual-report engine, on the command line, over the example reports.
demo-cli: $(STAMP)
	$(BIN)/gongkai report check examples/reports || true

test: $(STAMP)
	@sh scripts/ensure-fonts.sh
	@sh scripts/ensure-browser.sh
	$(BIN)/ruff check gongkai tests bench
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/applications.py
	$(BIN)/python bench/screening.py
	$(BIN)/python bench/publishing.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/yearreports.py

lint: $(STAMP)
	$(BIN)/ruff check gongkai tests bench
	$(BIN)/ruff format --check gongkai tests bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
