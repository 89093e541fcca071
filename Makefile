# Two entry points: `make run` (the main job) and `make test` (every gate).
# Both build .venv from nothing but python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck unit bench mutate clean chromium samples

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# the extras too, so that `make run` works whatever HAMCOACH_DATABASE_URL says, and
# `hamcoach serve` and `hamcoach users` work from the checkout
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[plots,postgres,web,pdf]'
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-mutate: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev,mutate]'
	touch $@ $(VENV)/.installed-dev $(VENV)/.installed

# The main job: the journey on the documented demo profile (examples/demo-profile.yaml),
# in the default SQLite database under the user data directory (or HAMCOACH_HOME), for the
# demo person ('--patient demo'): the user's own plan, calendar file and default person
# are never touched.
DEMO := $(BIN)/hamcoach --patient demo
run: $(VENV)/.installed
	$(DEMO) plan create --profile examples/demo-profile.yaml --start-date today
	$(DEMO) plan show --week 1
	$(DEMO) calendar export
	$(DEMO) today
	$(DEMO) where

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest

# The browser tests drive Debian's Chromium (never a browser that Playwright downloads);
# as root, install it when missing. Without it they skip, and fail under CI=1.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-dejavu-core >/dev/null) || echo "could not install chromium"; }

test: lint typecheck chromium unit

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/pictures.py
	$(BIN)/python bench/plan.py
	$(BIN)/python bench/progression.py
	$(BIN)/python bench/fold.py
	$(BIN)/python bench/web_load.py  # 100 clients for 30 s on PostgreSQL, then on SQLite

# Mutation testing of the safety rules (docs/mutation.md): mutmut mutates
# domain/rules.py, progression.py and screening.py ([tool.mutmut] in pyproject.toml),
# runs tests/unit against each mutant, and the last line is the score.
# From scratch each time (mutants/ is mutmut's copy of the tree); not part of `make test`.
mutate: $(VENV)/.installed-mutate
	rm -rf mutants
	mkdir mutants
	$(BIN)/mutmut run --max-children 2 > mutants/run.log 2>&1 || { tail -20 mutants/run.log; exit 1; }
	$(BIN)/mutmut results --all true | $(BIN)/python scripts/mutation_score.py

clean:
	rm -rf mutants $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis

# What the pictures and handouts look like, made afresh under build/samples/ from the demo
# profile (its own HAMCOACH_HOME): a handout on A4 and on US Letter with every page as PNG,
# and one exercise's pictures (key positions as SVG and PNG, the movement as animated SVG).
SAMPLES := build/samples
samples: $(VENV)/.installed-dev
	rm -rf $(SAMPLES) && mkdir -p $(SAMPLES)
	HAMCOACH_HOME=$(SAMPLES)/home $(DEMO) plan create --profile examples/demo-profile.yaml --start-date today >/dev/null
	HAMCOACH_HOME=$(SAMPLES)/home $(DEMO) handout -o $(SAMPLES)/handout-a4.pdf
	HAMCOACH_HOME=$(SAMPLES)/home $(DEMO) handout --paper us-letter -o $(SAMPLES)/handout-letter.pdf
	$(BIN)/hamcoach exercises show single-leg-deadlift --picture $(SAMPLES)/single-leg-deadlift.svg \
	  --animation $(SAMPLES)/single-leg-deadlift-moving.svg >/dev/null
	$(BIN)/hamcoach exercises show single-leg-deadlift --picture $(SAMPLES)/single-leg-deadlift.png >/dev/null
	$(BIN)/python -c "import pypdfium2 as p, sys; [p.PdfDocument(f'$(SAMPLES)/handout-{n}.pdf')[i].render(scale=1.5).to_pil().save(f'$(SAMPLES)/handout-{n}-page{i + 1}.png') for n in ('a4', 'letter') for i in range(len(p.PdfDocument(f'$(SAMPLES)/handout-{n}.pdf')))]"
	@ls $(SAMPLES)
