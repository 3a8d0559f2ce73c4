# Every target sets up .venv on first use, so a fresh machine with Python 3.11 needs nothing else.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test check bench template screenshots docs regenerate clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m addin.cli run

test: $(VENV)/.installed
	$(PY) -m pytest -q

# Everything but the tests marked slow (LibreOffice, fault injection, fuzzing, …): for the edit-test loop.
# Byte code is cached even where PYTHONDONTWRITEBYTECODE is set: compiling and assert-rewriting every module
# again is a third of a run.
check: $(VENV)/.installed
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -m "not slow"

bench: $(VENV)/.installed
	$(PY) -m bench.run

# The package's template workbooks/znnial.xlsm, from the bundled data (a generated file: commit it).
template: $(VENV)/.installed
	$(PY) -m addin.cli build --template

screenshots: $(VENV)/.installed
	$(PY) -m addin.cli screenshots --out docs/screenshots

docs: $(VENV)/.installed
	$(PY) -m udfs.docs

# Every generated file (template, screenshots and manifest, README pictures, docs/functions.md, the vocabulary
# in docs/data.md, the counts in docs/reliability.md), each when stale; `--all` rewrites every one.
regenerate: $(VENV)/.installed
	$(PY) -m addin.regenerate

clean:
	rm -rf $(VENV) out
