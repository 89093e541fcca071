# Two entry points: `make run` (the main job) and `make test` (every gate).
# Both build .venv from nothing but python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# the extras too, so that `make run` works whatever HAMCOACH_DATABASE_URL says
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[plots,postgres]'
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

# The main job: the journey on the documented demo profile (examples/demo-profile.yaml),
# in the default SQLite database under the user data directory (or HAMCOACH_HOME).
run: $(VENV)/.installed
	$(BIN)/hamcoach plan create --profile examples/demo-profile.yaml --start-date today
	$(BIN)/hamcoach plan show --week 1
	$(BIN)/hamcoach calendar export
	$(BIN)/hamcoach today
	$(BIN)/hamcoach where

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest

test: lint typecheck unit

bench: $(VENV)/.installed
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/plan.py
	$(BIN)/python bench/progression.py
	$(BIN)/python bench/fold.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
