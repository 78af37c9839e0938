# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup demo test test-python bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	PIP_CONSTRAINT=constraints.txt $(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv with postlint, its pinned models and the test tools

demo: setup  ## check the shipped English and Japanese drafts
	$(VENV)/bin/postlint examples/; status=$$?; test $$status -le 1

test: setup  ## the whole test suite, as CI runs it
	$(PY) -m pytest

bench: setup  ## benchmarks, printed as ratios against bare spaCy and vanilla Presidio
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
