# Everything runs inside a local virtual environment; nothing but Python 3.11+ and make is needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help venv test lint typecheck pytest bench demo clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Répit needs Python 3.11 or newer as $(PYTHON)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) \
		|| { echo "Cannot create a virtual environment: on Debian, apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)  ## create .venv and install Répit with its development tools

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)  ## mypy, strict on agent/ and aggregator/
	$(BIN)/mypy

pytest: $(STAMP)  ## the test suite
	$(BIN)/pytest

test: lint typecheck pytest  ## everything CI runs

bench: $(STAMP)  ## performance benchmarks (print figures)
	$(BIN)/python bench/replay_year.py
	$(BIN)/python bench/incremental.py

demo: $(STAMP)  ## the demo (for now: a sample week replayed through the measuring core)
	@mkdir -p $(VENV)/demo
	$(BIN)/python tests/sample_week.py $(VENV)/demo/sample-week.csv
	$(BIN)/repit-agent replay --policy policies/default.toml $(VENV)/demo/sample-week.csv

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
