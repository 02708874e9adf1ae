# labmetrics: the two commands a new user runs are `make reports` and `make test`.
# Every path below comes from the project layout; settings live in labmetrics/config.py.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# JupyterLab and the [lab] extra live in their own venv, so that no other test pays their
# import time; the browser test of the notebooks starts JupyterLab from it.
LAB_VENV := .venv-lab
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DATA ?= data/raw/sample
PERIOD ?= 2016-01-01:2018-12-31
PROGRESS_PERIOD ?= 2017-01-01:2017-12-31
PLAN ?= data/raw/plan.yaml

.PHONY: reports processed test lint docs bench browser lab clean help bytecode

help:
	@echo "make reports   build each bundled commitment's data and render the plan data/raw/plan.yaml (PLAN=...)"
	@echo "make test      run the whole test suite (lint, types, unit, end-to-end, wheel, browser, JupyterLab)"
	@echo "make lab       open notebooks/explore.ipynb in JupyterLab (its own venv, .venv-lab)"
	@echo "make bench     time the build and the reports against their floors and the stock tools;"
	@echo "               write benchmarks/results/latest.json and docs/performance.md from it"
	@echo "make docs      regenerate docs/data-dictionary.md, docs/assumptions.md, docs/glossary.md and docs/schemas/ from the code,"
	@echo "               and docs/performance.md from benchmarks/results/latest.json"

# The stamp files re-install only when the package metadata changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

$(LAB_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LAB_VENV)/bin/python -m pip install --quiet -e ".[lab]"
	touch $@

# An editable install leaves the package uncompiled, and where PYTHONDONTWRITEBYTECODE is set
# Python compiles every module again in every process (the command and each report's kernel).
# compileall writes what a regular install writes, and skips modules already compiled.
bytecode: $(VENV)/.installed
	$(BIN)/python -m compileall -q labmetrics >/dev/null

lab: $(LAB_VENV)/.installed
	$(LAB_VENV)/bin/jupyter lab notebooks/explore.ipynb

processed: bytecode
	$(BIN)/labmetrics build $(DATA) --out data/processed

# The plan names each commitment's data folder; report all builds each once (SAO0005's
# sample into data/processed) and renders every commitment, period and language it lists.
reports: bytecode
	$(BIN)/labmetrics report all --plan $(PLAN) --out reports --jobs $(JOBS)

# Browser tests drive Debian's Chromium; Playwright's own browser download does not work offline.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install it with 'sudo apt-get install chromium'"; exit 2; fi; }

test: $(VENV)/.installed-test $(LAB_VENV)/.installed browser
	$(BIN)/ruff check labmetrics tests benchmarks notebooks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

lint: $(VENV)/.installed-test
	$(BIN)/ruff check labmetrics tests benchmarks notebooks
	$(BIN)/mypy

docs: $(VENV)/.installed
	$(BIN)/python -m labmetrics.schema > docs/data-dictionary.md
	$(BIN)/python -m labmetrics.assumptions > docs/assumptions.md
	$(BIN)/python -m labmetrics.glossary > docs/glossary.md
	$(BIN)/python -m benchmarks.table > docs/performance.md
	$(BIN)/python -c "from pathlib import Path; from labmetrics.commitment.schema import write_schemas; write_schemas(Path('docs/schemas'))"
	$(BIN)/python -m labmetrics.report.plan docs/schemas

# The full run writes benchmarks/results/latest.json, from which docs/performance.md is made.
bench: $(VENV)/.installed-test bytecode
	$(BIN)/python -m benchmarks.run; status=$$?; \
	  $(BIN)/python -m benchmarks.table > docs/performance.md; exit $$status

clean:
	rm -rf data/processed/* reports/* .pytest_cache
