# 행봇 developer commands. A fresh machine needs only `make run` (the app) or `make test` (every test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench sample clean

$(STAMP): requirements.txt
	bash scripts/system-deps.sh app
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt
	bash scripts/system-deps.sh test
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/python main.py

test: $(DEV_STAMP)
	$(BIN)/python -m ruff check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/overtime_pay.py

sample: $(STAMP)
	$(BIN)/python main.py sample overtime-pay --dir 예시

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
