# 행봇 developer commands. A fresh machine needs only `make run` (the app) or `make test` (every test).
# Each stamp records only what its own recipe installed: `make test` leaves the app's stamp alone, so a later
# `make run` still installs the xcb libraries a real window needs (offscreen tests never load them).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# The frozen build gets its own clean venv (no test tools, never keyrings.alt or PyQt) under build/.
BUILD_VENV := build/venv
BUILD_STAMP := $(BUILD_VENV)/.installed
# Playwright (the web robot) drives the installed Edge/Chrome, or the registry's Chromium in tests: never its own download.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test lint bench sample clean bundle bench-startup bench-ledger

$(STAMP): requirements.txt
	bash scripts/system-deps.sh app
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt
	bash scripts/system-deps.sh test
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

$(BUILD_STAMP): requirements.txt requirements-build.txt
	bash scripts/system-deps.sh app
	test -x $(BUILD_VENV)/bin/python || $(PY) -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements-build.txt
	touch $@

run: $(STAMP)
	$(BIN)/python main.py

test: $(DEV_STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/lint-imports

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/overtime_pay.py

# The effects ledger per message: SQLite, PostgreSQL (started by the benchmark), 4 sender processes, beside a
# no-ledger floor; 10,000 messages to a 50 ms loopback gateway (about 3 minutes).
bench-ledger: $(DEV_STAMP)
	$(BIN)/python benchmarks/ledger.py

sample: $(STAMP)
	$(BIN)/python main.py sample overtime-pay --dir 예시

# Linux one-dir bundle + .tar.gz (with .desktop and icons) in dist/; fails unless the frozen --self-test passes.
bundle: $(BUILD_STAMP)
	bash installer/build-linux.sh $(BUILD_VENV)/bin/python

# Start-up of the frozen app to its first painted window beside a bare PySide6 window frozen the same way.
bench-startup: bundle
	$(BUILD_VENV)/bin/python benchmarks/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
