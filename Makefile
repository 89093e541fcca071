# Two entry points: `make run` (the main job) and `make test` (every gate).
# Both build .venv from nothing but python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck unit bench mutate clean chromium samples video-env video-clip

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

# The video extra (`hamcoach audit CLIP.mp4`, `hamcoach pose`): mediapipe 0.10.21 needs
# numpy < 2 and protobuf < 5, so it gets a venv of its own, .venv-video, and the main one
# keeps numpy 2; the video tests run its `hamcoach` by subprocess. Built where mediapipe
# 0.10.21 has wheels (Linux x86_64 or aarch64, CPython 3.9-3.12); elsewhere this says why
# and the video tests skip. OpenCV (mediapipe's opencv-contrib-python) needs libGL and
# GLib: as root, install them when missing.
VIDEO_VENV := .venv-video
VIDEO_OK := $(shell $(PYTHON) -c "import sys, platform; print(int(sys.platform == 'linux' and platform.machine() in ('x86_64', 'aarch64') and (3, 9) <= sys.version_info[:2] <= (3, 12)))" 2>/dev/null)
video-env:
ifeq ($(VIDEO_OK),1)
	@ldconfig -p | grep -q 'libGL.so.1 ' && ldconfig -p | grep -q 'libgthread-2.0.so.0 ' || { \
	  echo "installing libgl1 and libglib2.0-0 for OpenCV"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libgl1 libglib2.0-0 >/dev/null) || echo "could not install libgl1 libglib2.0-0"; }
	@$(MAKE) --no-print-directory $(VIDEO_VENV)/.installed
else
	@echo "video-env: skipped: mediapipe 0.10.21 has wheels for Linux x86_64/aarch64 and CPython 3.9-3.12 only, not $$($(PYTHON) -c 'import sys, platform; print(sys.platform, platform.machine(), platform.python_version())'); the video tests skip"
endif

$(VIDEO_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VIDEO_VENV)
	$(VIDEO_VENV)/bin/python -m pip install -q --upgrade pip
	$(VIDEO_VENV)/bin/python -m pip install -q -e '.[video,pdf]' pytest
	touch $@

# The real clip the video tests and bench use (scripts/video_clip.py): Sports2D's demo
# video, from the sports2d 0.8.34 wheel on PyPI (BSD-3-Clause), kept in build/video/.
video-clip: $(VENV)/.installed-dev
	$(BIN)/python scripts/video_clip.py build/video

test: lint typecheck chromium video-env unit

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/pictures.py
	$(BIN)/python bench/plan.py
	$(BIN)/python bench/progression.py
	$(BIN)/python bench/fold.py
	$(BIN)/python bench/web_load.py  # 100 clients for 30 s on PostgreSQL, then on SQLite
	@if [ -x $(VIDEO_VENV)/bin/python ]; then $(BIN)/python scripts/video_clip.py build/video >/dev/null && \
	  $(VIDEO_VENV)/bin/python bench/video.py build/video/demo.mp4; \
	else echo "bench/video.py: skipped: no video extra ($(VIDEO_VENV); make video-env)"; fi

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
	rm -rf mutants $(VENV) $(VIDEO_VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis

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
