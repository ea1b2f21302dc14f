# Everything runs inside a local virtual environment; nothing but Python 3.11+ and make is needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Debian packages: the tray's GTK/AppIndicator backend and D-Bus notifications
# (headers to build PyGObject and dbus-python), and the real desktop the tests
# run on (X server, tray host, notification daemon, input injection, Chromium
# for pages, poppler for PDFs).
SYSTEM_PACKAGES := python3-venv python3-dev gcc pkg-config libgirepository1.0-dev libcairo2-dev \
	libdbus-1-dev gir1.2-gtk-3.0 gir1.2-ayatanaappindicator3-0.1 dbus xvfb xdotool trayer dunst \
	libnotify-bin x11-utils chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
	dpkg-dev systemd adduser python3.11 nginx-light \
	python3-tk

.PHONY: help system-deps venv test test-fast lint typecheck pytest bench demo deb clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

system-deps:  ## install the Debian packages Répit and its tests need (as root; asks for nothing when present)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null \
		| grep -q "install ok installed" || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing: $$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "Missing Debian packages; run: sudo apt-get install $$missing"; exit 1; \
	fi

$(STAMP): pyproject.toml | system-deps
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

typecheck: $(STAMP)  ## mypy, strict on agent/, aggregator/, contract/ and simulation/
	$(BIN)/mypy

pytest: $(STAMP)  ## the test suite
	$(BIN)/pytest

test: lint typecheck pytest  ## everything CI runs

test-fast: $(STAMP)  ## the pure tests only: no desktop, no process, nothing slow, no install
	$(BIN)/pytest -q -m "not desktop and not process and not slow and not system"

bench: $(STAMP)  ## performance benchmarks (print figures)
	$(BIN)/python bench/replay_year.py
	$(BIN)/python bench/incremental.py
	$(BIN)/python bench/prio3.py
	$(BIN)/python bench/footprint.py
	$(BIN)/python bench/footprint.py --mode share

demo: $(STAMP)  ## an aggregator on 127.0.0.1:8470 with six months of simulated teams, and the tray agent
	$(BIN)/python -m simulation.demo

deb: $(STAMP)  ## the Debian packages dist/repit-agent_*.deb and dist/repit-aggregator_*.deb
	$(BIN)/python installer/linux/build_debs.py

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
